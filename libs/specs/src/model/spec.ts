/**
 * Transaction-set specifications as data (edi-specs/). The files follow the X12 dictionary's own
 * layering: data elements, composites and segments per version, then transaction sets that place
 * segments and loops in order. See edi-specs/README.md for the file format.
 */

/** M mandatory, O optional, C conditional (required by a syntax note or a situation). */
export type Usage = 'M' | 'O' | 'C';

/** X12 data element types. Nn is numeric with n implied decimals. */
export type ElementType = 'AN' | 'ID' | 'DT' | 'TM' | 'R' | 'B' | 'N' | 'N0' | 'N1' | 'N2' | 'N3' | 'N4' | 'N5' | 'N6' | 'N7' | 'N8' | 'N9';

/** One data element of the dictionary (elements.json), keyed by its reference number. */
export interface ElementDefinition {
  readonly name: string;
  readonly type: ElementType;
  readonly min: number;
  readonly max: number;
  /** Allowed values, where the set of values matters to us. Absent: any value of the right form. */
  readonly codes?: readonly string[];
}

/** A simple element or a composite, placed in a segment or composite. */
export interface ElementUse {
  /** Data element reference number ("353"); absent for composites. */
  readonly ref?: string;
  /** Composite reference ("C001"); absent for simple elements. */
  readonly composite?: string;
  readonly usage: Usage;
  /** Repetitions allowed (005010 repeating elements); default 1. */
  readonly repeat?: number;
}

/** X12 syntax note in the standard's notation: P0405 paired, R0203 required, E0102 exclusion, C0403 conditional, L040506 list conditional. */
export type SyntaxNote = string;

export interface CompositeDefinition {
  readonly name: string;
  readonly components: readonly ElementUse[];
  readonly syntax?: readonly SyntaxNote[];
}

export interface SegmentDefinition {
  readonly name: string;
  readonly elements: readonly ElementUse[];
  readonly syntax?: readonly SyntaxNote[];
}

/** A segment's place in a transaction set. `max` is its maximum use at that place. */
export interface SegmentPlacement {
  readonly segment: string;
  readonly usage: Usage;
  readonly max: number;
}

/** A loop: its first segment triggers it; `repeat` is its maximum number of iterations. */
export interface LoopPlacement {
  /** Loop identifier for AK303/IK303: by the standard's diagrams, the ID of its first segment unless named. */
  readonly loop: string;
  readonly usage: Usage;
  readonly repeat: number;
  readonly structure: readonly Placement[];
}

export type Placement = SegmentPlacement | LoopPlacement;

export function isLoop(p: Placement): p is LoopPlacement {
  return (p as LoopPlacement).loop !== undefined;
}

/** A transaction set file (edi-specs/<version>/<set>.json). */
export interface TransactionSetFile {
  readonly set: string;
  readonly version: string;
  readonly name: string;
  /** GS01 that carries this set. */
  readonly functionalGroup: string;
  readonly structure: readonly Placement[];
  /** Checks beyond segment/element rules that apply to this set. */
  readonly checks?: readonly TransactionCheck[];
}

/** Set-specific consistency checks, run after the structural ones. */
export type TransactionCheck = 'CTT_LINE_COUNT' | 'CTT_HASH_TOTAL' | 'HL_HIERARCHY' | 'W76_TOTALS' | 'W03_TOTALS';

/** The dictionary files of one version. */
export interface VersionDictionary {
  readonly version: string;
  readonly elements: Readonly<Record<string, ElementDefinition>>;
  readonly composites: Readonly<Record<string, CompositeDefinition>>;
  readonly segments: Readonly<Record<string, SegmentDefinition>>;
}
