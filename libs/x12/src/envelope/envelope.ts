import { Delimiters } from '../delimiters/delimiters';
import { Diagnostic } from '../diagnostics/diagnostic';
import { Segment } from '../tokenizer/segment';

/** Where an envelope segment stands in the input. */
export interface Located {
  /** 0-based position of the header segment in the whole input. */
  readonly segmentIndex: number;
  readonly offset: number;
  readonly line: number;
}

/** ST..SE. `segmentCount` is the number of segments actually found from ST to SE inclusive. */
export interface TransactionSetEnvelope extends Located {
  readonly set: string;
  readonly control: string;
  /** ST03 (implementation convention reference, 005010 on); null when absent. */
  readonly implementationReference: string | null;
  segmentCount: number;
  /** SE01 as sent; null when the SE is missing or SE01 is not a number. */
  declaredSegmentCount: number | null;
  /** False when the transaction set ended without its SE. */
  closed: boolean;
  /** Envelope diagnostics about this transaction set (also in the result's flat list). */
  readonly diagnostics: Diagnostic[];
  /** The segments from ST to SE, only when the parser was asked to keep them. */
  segments?: Segment[];
}

/** GS..GE. */
export interface FunctionalGroupEnvelope extends Located {
  readonly functionalId: string;
  readonly sender: string;
  readonly receiver: string;
  readonly date: string;
  readonly time: string;
  readonly control: string;
  readonly agency: string;
  readonly version: string;
  readonly transactions: TransactionSetEnvelope[];
  declaredTransactionCount: number | null;
  closed: boolean;
  /** Envelope diagnostics about the group itself (GS/GE), not its transaction sets. */
  readonly diagnostics: Diagnostic[];
}

/** A TA1 interchange acknowledgment found between ISA and the first GS. */
export interface InterchangeAcknowledgment extends Located {
  /** TA101: the acknowledged interchange's ISA13. */
  readonly control: string;
  readonly date: string;
  readonly time: string;
  /** TA104: A accepted, E accepted with errors, R rejected. */
  readonly ackCode: string;
  /** TA105 note code (000 = no error). */
  readonly noteCode: string;
}

/** ISA..IEA. ID fields are given without their fixed-width padding. */
export interface InterchangeEnvelope extends Located {
  readonly authorizationQualifier: string;
  readonly authorization: string;
  readonly securityQualifier: string;
  readonly security: string;
  readonly senderQualifier: string;
  readonly sender: string;
  readonly receiverQualifier: string;
  readonly receiver: string;
  readonly date: string;
  readonly time: string;
  /** ISA12: interchange control version number. */
  readonly version: string;
  readonly control: string;
  /** ISA14: '1' when the sender asks for a TA1. */
  readonly ackRequested: string;
  /** ISA15: P production, T test. */
  readonly usage: string;
  readonly delimiters: Delimiters;
  readonly groups: FunctionalGroupEnvelope[];
  readonly acknowledgments: InterchangeAcknowledgment[];
  declaredGroupCount: number | null;
  closed: boolean;
  /** Diagnostics about the interchange itself (ISA/IEA, delimiters, stray segments), not its groups. */
  readonly diagnostics: Diagnostic[];
}

/** Everything the envelope parser learned from one input. */
export interface ParseResult {
  readonly bytes: number;
  readonly segmentCount: number;
  /** Every interchange, in order; none when parsed with `keepEnvelopes: false` (they went to `onInterchange`). */
  readonly interchanges: InterchangeEnvelope[];
  /** Transaction sets found outside a functional group (bare ST..SE fragments); none with `keepEnvelopes: false`. */
  readonly fragments: TransactionSetEnvelope[];
  readonly diagnostics: Diagnostic[];
}
