import { Usage } from './spec';

/**
 * A partner's implementation guide: narrows a base transaction set (edi-specs/guides/*.json).
 * It may only make things stricter: optional → mandatory, fewer codes, shorter lengths, fewer repeats.
 */
export interface GuideFile {
  readonly id: string;
  readonly name: string;
  readonly base: { readonly set: string; readonly version: string };
  /** By segment ID ("W06") or loop path ("LX/W12"): a new usage or maximum use. */
  readonly segments?: Readonly<Record<string, { readonly usage?: Usage; readonly max?: number }>>;
  /** By loop ID ("LIN", "HL"): a new usage or maximum repeat. */
  readonly loops?: Readonly<Record<string, { readonly usage?: Usage; readonly repeat?: number }>>;
  /** By element reference designator ("W0601", "N102", "C00101"): narrowed usage, codes or lengths. */
  readonly elements?: Readonly<Record<string, { readonly usage?: Usage; readonly codes?: readonly string[]; readonly min?: number; readonly max?: number }>>;
  /**
   * The business unit a 999 names in CTX after each IK3 (005010X231 loop 2100 CTX): the nearest
   * preceding value of this element, e.g. W0602 (order) for a 945 or LIN03 (item) for an 846.
   */
  readonly acknowledgmentContext?: { readonly element: string; readonly name?: string };
}
