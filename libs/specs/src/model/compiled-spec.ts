import { ElementType, TransactionCheck, Usage } from './spec';

/** X12 syntax note, parsed: `P0405` → { type: 'P', positions: [4, 5] }. */
export interface SyntaxRule {
  readonly type: 'P' | 'R' | 'E' | 'C' | 'L';
  readonly positions: readonly number[];
  /** The note as written in the spec, for messages. */
  readonly text: string;
}

/** An element at its position in a segment (or a component in a composite), dictionary and guide merged. */
export interface CompiledElement {
  /** 1-based position in the segment or composite. */
  readonly position: number;
  /** Data element reference number; for composites the composite ID (C001). */
  readonly ref: string;
  readonly name: string;
  readonly usage: Usage;
  readonly repeat: number;
  /** Simple elements only. */
  readonly type?: ElementType;
  readonly min?: number;
  readonly max?: number;
  readonly codes?: ReadonlySet<string>;
  /** Composites only. */
  readonly components?: readonly CompiledElement[];
  readonly syntax?: readonly SyntaxRule[];
}

export interface CompiledSegment {
  readonly id: string;
  readonly name: string;
  readonly elements: readonly CompiledElement[];
  readonly syntax: readonly SyntaxRule[];
}

export interface CompiledSegmentPlacement {
  readonly kind: 'segment';
  readonly segment: CompiledSegment;
  readonly usage: Usage;
  readonly max: number;
}

export interface CompiledLoopPlacement {
  readonly kind: 'loop';
  readonly id: string;
  readonly usage: Usage;
  readonly repeat: number;
  readonly children: readonly CompiledPlacement[];
}

export type CompiledPlacement = CompiledSegmentPlacement | CompiledLoopPlacement;

/** A transaction set spec ready for validation: base set, dictionary and (optionally) a partner guide merged. */
export interface CompiledSpec {
  /** "846-004010", or the guide's ID when a guide narrowed it. */
  readonly id: string;
  readonly set: string;
  readonly version: string;
  readonly name: string;
  readonly functionalGroup: string;
  readonly structure: readonly CompiledPlacement[];
  /** Every segment ID the set uses, for AK304 code 1 vs 2. */
  readonly segmentIds: ReadonlySet<string>;
  readonly checks: readonly TransactionCheck[];
  /** From the guide: which element identifies the business unit of a finding (999 CTX). */
  readonly context?: { readonly segment: string; readonly position: number; readonly name: string };
}
