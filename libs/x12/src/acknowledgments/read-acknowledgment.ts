import { ParseResult } from '../envelope/envelope';
import { Segment } from '../tokenizer/segment';

export interface ElementNote {
  readonly position: number;
  readonly component?: number;
  readonly repetition?: number;
  readonly ref: string;
  readonly code: string;
  readonly value?: string;
}

export interface SegmentNote {
  readonly tag: string;
  readonly position: number;
  readonly loop?: string;
  readonly code?: string;
  readonly elements: ElementNote[];
  /** CTX context names (999 only). */
  readonly context: string[];
}

/** One AK2..AK5/IK5 loop: the verdict on one transaction set we sent. */
export interface TransactionSetResponse {
  readonly set: string;
  readonly control: string;
  readonly implementationReference?: string;
  /** AK501/IK501: A accepted, E accepted with errors, M/W/X and R rejected. */
  status: string;
  errors: string[];
  readonly segments: SegmentNote[];
}

/** One 997 or 999: the verdict on one functional group we sent. */
export interface FunctionalGroupResponse {
  readonly type: '997' | '999';
  /** The acknowledgment's own envelope. */
  readonly interchangeControl: string;
  readonly groupControl: string;
  readonly transactionControl: string;
  /** AK1: the acknowledged group. */
  readonly functionalId: string;
  readonly control: string;
  readonly version?: string;
  /** AK901: A, E, P (partially accepted) or R. */
  status: string;
  included: number | null;
  received: number | null;
  accepted: number | null;
  errors: string[];
  readonly transactions: TransactionSetResponse[];
}

export interface InterchangeResponse {
  readonly interchangeControl: string;
  /** TA101..TA105. */
  readonly control: string;
  readonly date: string;
  readonly time: string;
  readonly status: string;
  readonly noteCode: string;
}

export interface AcknowledgmentReading {
  readonly interchanges: InterchangeResponse[];
  readonly functionalGroups: FunctionalGroupResponse[];
}

/** Reads every TA1, 997 and 999 in a parse result (parsed with `keepSegments: true`). */
export function readAcknowledgments(result: ParseResult): AcknowledgmentReading {
  const interchanges: InterchangeResponse[] = [];
  const functionalGroups: FunctionalGroupResponse[] = [];
  for (const ic of result.interchanges) {
    for (const ta1 of ic.acknowledgments) interchanges.push({ interchangeControl: ic.control, control: ta1.control, date: ta1.date, time: ta1.time, status: ta1.ackCode, noteCode: ta1.noteCode });
    for (const g of ic.groups) {
      for (const t of g.transactions) {
        if (t.set !== '997' && t.set !== '999') continue;
        if (t.segments === undefined) throw new Error('readAcknowledgments needs a result parsed with keepSegments: true');
        const read = readFunctionalAck(t.set, t.segments);
        if (read !== null) functionalGroups.push({ ...read, interchangeControl: ic.control, groupControl: g.control, transactionControl: t.control });
      }
    }
  }
  return { interchanges, functionalGroups };
}

type Partial997 = Omit<FunctionalGroupResponse, 'interchangeControl' | 'groupControl' | 'transactionControl'>;

function readFunctionalAck(type: '997' | '999', segments: readonly Segment[]): Partial997 | null {
  const ak1 = segments.find((s) => s.tag === 'AK1');
  if (ak1 === undefined) return null;
  const ack: Partial997 = {
    type, functionalId: ak1.element(1), control: ak1.element(2), ...(ak1.element(3) ? { version: ak1.element(3) } : {}),
    status: '', included: null, received: null, accepted: null, errors: [], transactions: [],
  };
  let tx: TransactionSetResponse | null = null;
  let note: SegmentNote | null = null;
  for (const s of segments) {
    switch (s.tag) {
      case 'AK2':
        tx = { set: s.element(1), control: s.element(2), ...(s.element(3) ? { implementationReference: s.element(3) } : {}), status: '', errors: [], segments: [] };
        ack.transactions.push(tx);
        note = null;
        break;
      case 'AK3':
      case 'IK3':
        note = { tag: s.element(1), position: Number(s.element(2)), ...(s.element(3) ? { loop: s.element(3) } : {}), ...(s.element(4) ? { code: s.element(4) } : {}), elements: [], context: [] };
        tx?.segments.push(note);
        break;
      case 'AK4':
      case 'IK4':
        note?.elements.push(elementNote(s));
        break;
      case 'CTX':
        // CTX01 repeats (C998); its first component is the context name.
        for (const r of s.repetitions(1)) note?.context.push(s.delimiters.component === null ? r : r.split(s.delimiters.component)[0]);
        break;
      case 'AK5':
      case 'IK5':
        if (tx !== null) {
          tx.status = s.element(1);
          tx.errors = codes(s, 2, 6);
        }
        break;
      case 'AK9':
        ack.status = s.element(1);
        ack.included = count(s.element(2));
        ack.received = count(s.element(3));
        ack.accepted = count(s.element(4));
        ack.errors = codes(s, 5, 9);
        break;
    }
  }
  return ack;
}

function elementNote(s: Segment): ElementNote {
  const [position, component, repetition] = s.components(1);
  return {
    position: Number(position),
    ...(component ? { component: Number(component) } : {}),
    ...(repetition ? { repetition: Number(repetition) } : {}),
    ref: s.element(2),
    code: s.element(3),
    ...(s.element(4) ? { value: s.element(4) } : {}),
  };
}

function codes(s: Segment, from: number, to: number): string[] {
  const out: string[] = [];
  for (let i = from; i <= to; i++) if (s.element(i) !== '') out.push(s.element(i));
  return out;
}

function count(value: string): number | null {
  return /^[0-9]+$/.test(value) ? Number(value) : null;
}
