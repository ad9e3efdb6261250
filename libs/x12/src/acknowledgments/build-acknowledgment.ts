import { Diagnostic } from '../diagnostics/diagnostic';
import { FunctionalGroupEnvelope, InterchangeEnvelope, TransactionSetEnvelope } from '../envelope/envelope';
import { InterchangeDocument, SegmentData } from '../generator/document';
import { ElementFinding, SEGMENT_ERROR, TRANSACTION_ERROR, TransactionErrorCode, TransactionValidation } from './ack-codes';
import { groupErrorCodes, interchangeNoteCode, transactionErrorCodes } from './envelope-ack-codes';

/** Who we are and the numbers and time to write with; everything explicit, so output is deterministic. */
export interface AckEnvelopeOptions {
  /** ISA13 and GS06 of the acknowledgment. */
  readonly interchangeControl: number | string;
  readonly groupControl?: number | string;
  /** ST02 of the acknowledgment, default "0001". */
  readonly transactionControl?: string;
  /** When the acknowledgment is made. */
  readonly at: Date;
  /** Our ISA05/06 and GS02; default: the inbound receiver's (sender and receiver swapped). */
  readonly sender?: { readonly qualifier: string; readonly id: string; readonly applicationCode?: string };
  /** Their ISA07/08 and GS03; default: the inbound sender's. */
  readonly receiver?: { readonly qualifier: string; readonly id: string; readonly applicationCode?: string };
}

export interface FunctionalAckOptions extends AckEnvelopeOptions {
  readonly type: '997' | '999';
  /** GS08 of the acknowledgment; default: the inbound group's version for a 997, 005010X231A1 for a 999. */
  readonly version?: string;
  /** Write AK2/IK5 loops for accepted transaction sets too (default true). */
  readonly includeAcceptedSets?: boolean;
}

/** The verdict on one transaction set: the validator's findings (if it ran) and envelope diagnostics within it. */
export interface TransactionVerdictInput {
  readonly transaction: TransactionSetEnvelope;
  readonly validation?: TransactionValidation;
  readonly diagnostics: readonly Diagnostic[];
}

const MAX_AK4_PER_AK3 = 99;
const MAX_CODES = 5;

/**
 * Builds the 997 or 999 for one inbound functional group. Returns null for a group of
 * acknowledgments (GS01 FA): acknowledgments are never acknowledged.
 */
export function buildFunctionalAck(
  interchange: InterchangeEnvelope,
  group: FunctionalGroupEnvelope,
  verdicts: readonly TransactionVerdictInput[],
  groupDiagnostics: readonly Diagnostic[],
  options: FunctionalAckOptions,
): InterchangeDocument | null {
  if (group.functionalId === 'FA') return null;
  const is999 = options.type === '999';
  const version = options.version ?? (is999 ? '005010X231A1' : group.version);
  const body: SegmentData[] = [is999 || version >= '005010' ? ['AK1', group.functionalId, group.control, group.version] : ['AK1', group.functionalId, group.control]];
  let accepted = 0;
  for (const v of verdicts) {
    const errors = transactionCodes(v);
    const status = errors.length === 0 ? 'A' : 'R';
    if (status === 'A') accepted++;
    if (status === 'A' && options.includeAcceptedSets === false) continue;
    body.push(v.transaction.implementationReference && (is999 || version >= '005010') ? ['AK2', v.transaction.set, v.transaction.control, v.transaction.implementationReference] : ['AK2', v.transaction.set, v.transaction.control]);
    body.push(...segmentNotes(v, is999, version >= '005010'));
    body.push([is999 ? 'IK5' : 'AK5', status, ...errors.slice(0, MAX_CODES)]);
  }
  const groupErrors = groupErrorCodes(groupDiagnostics).slice(0, MAX_CODES);
  const received = group.transactions.length;
  const included = group.declaredTransactionCount ?? received;
  body.push(['AK9', groupVerdict(groupErrors.length, received, accepted), String(included), String(received), String(accepted), ...groupErrors]);
  return envelope(interchange, group, options, version, [{ set: options.type, control: options.transactionControl ?? '0001', ...(is999 ? { implementationReference: version } : {}), segments: body }]);
}

/** AK901: R on group-level errors or when nothing was accepted, P when some sets were, A when all were. */
function groupVerdict(groupErrors: number, received: number, accepted: number): 'A' | 'P' | 'R' {
  if (groupErrors > 0) return 'R';
  if (accepted === received) return 'A';
  return accepted === 0 ? 'R' : 'P';
}

/** AK5/IK5 codes for one set: 5 when segments are in error, plus what the envelope found. */
function transactionCodes(v: TransactionVerdictInput): TransactionErrorCode[] {
  const codes: TransactionErrorCode[] = [];
  if ((v.validation?.segments.length ?? 0) > 0) codes.push(TRANSACTION_ERROR.SEGMENTS_IN_ERROR);
  for (const c of [...(v.validation?.transactionErrors ?? []), ...transactionErrorCodes(v.diagnostics)]) if (!codes.includes(c)) codes.push(c);
  return codes;
}

function segmentNotes(v: TransactionVerdictInput, is999: boolean, repetitions: boolean): SegmentData[] {
  const out: SegmentData[] = [];
  for (const s of v.validation?.segments ?? []) {
    out.push([is999 ? 'IK3' : 'AK3', s.tag, String(s.position), s.loop ?? '', s.code ?? SEGMENT_ERROR.SEGMENT_HAS_ELEMENT_ERRORS]);
    // 005010X231 2100 CTX: the business unit (order, item) the segment belongs to, when the guide names one.
    if (is999 && s.context !== undefined) out.push(['CTX', [[clean(s.context.name, 35), clean(s.context.value, 35)]]]);
    for (const e of s.elements.slice(0, MAX_AK4_PER_AK3)) out.push([is999 ? 'IK4' : 'AK4', position(e, repetitions), e.ref, e.code, badValue(e)]);
  }
  return out;
}

/** C030: element position, component position, repetition position (005010). */
function position(e: ElementFinding, repetitions: boolean): string[] {
  const parts = [String(e.position), e.component === undefined ? '' : String(e.component)];
  if (repetitions && e.repetition !== undefined) parts.push(String(e.repetition));
  return parts;
}

/** AK404: a copy of the bad value, without anything that could read as a delimiter in the acknowledgment. */
function badValue(e: ElementFinding): string {
  return e.value === undefined ? '' : clean(e.value, 99);
}

function clean(value: string, max: number): string {
  return value.replace(/[^A-Za-z0-9 .,\-/()#&'@!?+=%$]/g, '').slice(0, max);
}

/** Builds the TA1 answer to one interchange: TA104 A when nothing is wrong at interchange level, R otherwise. */
export function buildInterchangeAck(interchange: InterchangeEnvelope, interchangeDiagnostics: readonly Diagnostic[], options: AckEnvelopeOptions): InterchangeDocument {
  const note = interchangeNoteCode(interchangeDiagnostics);
  const ta1: SegmentData = ['TA1', interchange.control, interchange.date, interchange.time, note === null ? 'A' : 'R', note ?? '000'];
  return { ...isaOf(interchange, options, interchange.version), interchangeAcknowledgments: [ta1], groups: [] };
}

/** A TA1 is owed when the sender asked (ISA14 = 1) or the policy says always; never to an interchange that carries only TA1s. */
export function shouldSendTa1(interchange: InterchangeEnvelope, policy: 'never' | 'when-requested' | 'always'): boolean {
  if (policy === 'never' || (interchange.groups.length === 0 && interchange.acknowledgments.length > 0)) return false;
  return policy === 'always' || interchange.ackRequested === '1';
}

function envelope(interchange: InterchangeEnvelope, group: FunctionalGroupEnvelope, options: FunctionalAckOptions, version: string, transactions: InterchangeDocument['groups'][number]['transactions']): InterchangeDocument {
  const { date, time } = stamp(options.at);
  return {
    ...isaOf(interchange, options, version.slice(0, 5)),
    groups: [
      {
        functionalId: 'FA',
        sender: options.sender?.applicationCode ?? group.receiver,
        receiver: options.receiver?.applicationCode ?? group.sender,
        date,
        time,
        control: options.groupControl ?? options.interchangeControl,
        version,
        transactions,
      },
    ],
  };
}

function isaOf(interchange: InterchangeEnvelope, options: AckEnvelopeOptions, version: string): Omit<InterchangeDocument, 'groups'> {
  const { date, time } = stamp(options.at);
  return {
    senderQualifier: options.sender?.qualifier ?? interchange.receiverQualifier,
    sender: options.sender?.id ?? interchange.receiver,
    receiverQualifier: options.receiver?.qualifier ?? interchange.senderQualifier,
    receiver: options.receiver?.id ?? interchange.sender,
    date: date.slice(2),
    time: time.slice(0, 4),
    version: /^[0-9]{5}$/.test(version) ? version : '00401',
    control: options.interchangeControl,
    usage: interchange.usage === 'T' ? 'T' : 'P',
  };
}

/** CCYYMMDD and HHMM in UTC. */
function stamp(at: Date): { date: string; time: string } {
  const iso = at.toISOString();
  return { date: iso.slice(0, 10).replace(/-/g, ''), time: iso.slice(11, 16).replace(':', '') };
}
