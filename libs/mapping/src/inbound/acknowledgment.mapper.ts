import { AcknowledgmentReceived, EventSource, idempotencyKey, MappingFinding } from '@tradewire/canonical';
import { PartnerProfile } from '@tradewire/partners';
import { FunctionalGroupResponse, InterchangeEnvelope, ParseResult, readAcknowledgments, SegmentNote } from '@tradewire/x12';
import { documentTime, sourceOf, TranslationInput } from '../context/translation-input';
import { isoDateTime } from '../context/x12-dates';
import { missingValue } from './partner-values';

type Status = AcknowledgmentReceived['payload']['status'];
type TransactionStatus = AcknowledgmentReceived['payload']['transactions'][number]['status'];

/** AK901/IK9 (997/999 element 715): M, W and X are rejections for a reason (MAC, assurance, decryption). */
const GROUP_STATUS: Readonly<Record<string, Status>> = { A: 'accepted', E: 'accepted-with-errors', P: 'partially-accepted', R: 'rejected', M: 'rejected', W: 'rejected', X: 'rejected' };
/** AK501/IK501 (element 717): no P, a transaction set is accepted or not. */
const TRANSACTION_STATUS: Readonly<Record<string, TransactionStatus>> = { A: 'accepted', E: 'accepted-with-errors', R: 'rejected', M: 'rejected', W: 'rejected', X: 'rejected' };
/** TA104 (I17). */
const INTERCHANGE_STATUS: Readonly<Record<string, Status>> = { A: 'accepted', E: 'accepted-with-errors', R: 'rejected' };
/** TA105 000: no error. */
const NO_ERROR = '000';

/**
 * A status code the standard does not define, or none, reads as rejected beside a finding: the event
 * is held either way, and if someone acts on it regardless, "rejected" makes them resend rather than
 * believe a document arrived.
 */
const UNKNOWN_STATUS = 'rejected';

/**
 * 997 Functional Acknowledgment or 999 Implementation Acknowledgment → AcknowledgmentReceived: the
 * partner's verdict on one functional group we sent (AK102), per transaction set (AK2..AK5/IK5).
 */
export function mapFunctionalAcknowledgment(input: TranslationInput): AcknowledgmentReceived {
  const findings: MappingFinding[] = [];
  const kind = input.transaction.set === '999' ? '999' : '997';
  const ack = readOne(input);
  // A 999 says IK5 where a 997 says AK5; the codes are the same.
  const ak5 = kind === '999' ? { segment: 'IK5', element: 'IK501' } : { segment: 'AK5', element: 'AK501' };
  if (ack === undefined) findings.push(missingValue(`the ${kind} has no AK1, so the acknowledged group is unknown`, { segment: 'AK1' }));
  const source = sourceOf(input);
  return {
    type: 'AcknowledgmentReceived', version: 1, idempotencyKey: idempotencyKey('AcknowledgmentReceived', source), source,
    // A 997/999 carries no date of its own: the interchange's (ISA09/ISA10) is when the partner wrote it.
    occurredAt: documentTime(input, null), findings,
    payload: {
      kind,
      ...(ack?.control ? { acknowledgedGroup: ack.control } : {}),
      status: statusOf(ack?.status ?? '', GROUP_STATUS, { segment: 'AK9', element: 'AK901' }, findings),
      errors: ack?.errors ?? [],
      transactions: (ack?.transactions ?? []).map((t) => ({
        set: t.set, control: t.control,
        status: statusOf(t.status, TRANSACTION_STATUS, { ...ak5, about: `for ${t.set} ${t.control}` }, findings),
        errors: [...t.errors, ...t.segments.flatMap(describeNote)],
      })),
    },
  };
}

/**
 * Every TA1 in a parse result → AcknowledgmentReceived, the verdict on an interchange we sent
 * (TA101). A TA1 is not a transaction set: it sits between ISA and the first GS, so source.group and
 * source.transaction are '0' (there is none), source.set is 'TA1' (the contract allows it for this
 * case), and source.line is the TA1's place in its interchange, which keeps
 * the idempotency keys of two TA1s in one interchange apart.
 */
export function mapInterchangeAcknowledgments(result: ParseResult, profile: PartnerProfile): AcknowledgmentReceived[] {
  return result.interchanges.flatMap((interchange) =>
    interchange.acknowledgments.map((ta1, i): AcknowledgmentReceived => {
      const findings: MappingFinding[] = [];
      const source: EventSource = { partner: profile.id, interchangeDate: interchange.date, interchange: interchange.control, group: '0', transaction: '0', set: 'TA1', line: i + 1 };
      return {
        type: 'AcknowledgmentReceived', version: 1, idempotencyKey: idempotencyKey('AcknowledgmentReceived', source), source,
        // TA102/TA103 date the interchange being acknowledged; the TA1 itself was written at ISA09/ISA10.
        occurredAt: interchangeTime(interchange), findings,
        payload: {
          kind: 'TA1',
          ...(ta1.control === '' ? {} : { acknowledgedInterchange: ta1.control }),
          status: statusOf(ta1.ackCode, INTERCHANGE_STATUS, { segment: 'TA1', element: 'TA104' }, findings),
          errors: ta1.noteCode === '' || ta1.noteCode === NO_ERROR ? [] : [ta1.noteCode],
          transactions: [],
        },
      };
    }),
  );
}

/** readAcknowledgments over a parse result holding just this transaction set, so the 997/999 reading lives in one place. */
function readOne(input: TranslationInput): FunctionalGroupResponse | undefined {
  const transaction = { ...input.transaction, segments: [...input.segments] };
  const group = { ...input.group, transactions: [transaction] };
  const interchange: InterchangeEnvelope = { ...input.interchange, groups: [group], acknowledgments: [] };
  return readAcknowledgments({ bytes: 0, segmentCount: input.segments.length, interchanges: [interchange], fragments: [], diagnostics: [] }).functionalGroups[0];
}

/** The status a code means, or UNKNOWN_STATUS with a finding; `about` names the transaction set for people. */
function statusOf<S extends string>(code: string, statuses: Readonly<Record<string, S>>, at: { segment: string; element: string; about?: string }, findings: MappingFinding[]): S | typeof UNKNOWN_STATUS {
  const status = statuses[code];
  if (status !== undefined) return status;
  const about = at.about === undefined ? '' : ` ${at.about}`;
  const message = code === '' ? `no status (${at.element})${about}` : `${at.element} ${code}${about} is not a status ${at.segment} can give`;
  findings.push({ code: code === '' ? 'MISSING_VALUE' : 'INVALID_VALUE', message, segment: at.segment, element: at.element, ...(code === '' ? {} : { value: code }) });
  return UNKNOWN_STATUS;
}

/** AK3/IK3 and their AK4/IK4 as text for people: "segment NM at 17: 1", "element CLM02 at 22 (782): 1". */
function describeNote(note: SegmentNote): string[] {
  const segment = `segment ${note.tag} at ${note.position}${note.loop === undefined ? '' : ` in loop ${note.loop}`}${note.code === undefined ? '' : `: ${note.code}`}`;
  const elements = note.elements.map((e) => {
    const where = `${note.tag}${String(e.position).padStart(2, '0')}${e.component === undefined ? '' : `-${e.component}`}`;
    return `element ${where} at ${note.position} (${e.ref}): ${e.code}${e.value === undefined ? '' : ` "${e.value}"`}`;
  });
  return [segment, ...elements];
}

function interchangeTime(interchange: InterchangeEnvelope): string {
  return isoDateTime(interchange.date, interchange.time) ?? '1970-01-01T00:00:00Z';
}
