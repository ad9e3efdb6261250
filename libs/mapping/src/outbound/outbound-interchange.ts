import { PartnerProfile } from '@tradewire/partners';
import { generateX12, InterchangeDocument, TransactionSetDocument } from '@tradewire/x12';
import { FUNCTIONAL_GROUP } from './outbound-codes';
import { throwIfProblems } from './outbound-mapping.error';
import { x12Timestamp } from './x12-values';

/** The envelope values that are not in the profile: allocated by the caller, so output is deterministic. */
export interface OutboundEnvelope {
  /** ISA13, from the profile's interchange range. */
  readonly interchangeControl: number;
  /** GS06, from the profile's group range. */
  readonly groupControl: number;
  /** ISA09/ISA10 and GS04/GS05: an ISO date-time, written in UTC. */
  readonly at: string;
  /** ISA14: ask the partner for a TA1. Default false. */
  readonly ackRequested?: boolean;
}

/**
 * Wraps transaction sets of one set for a partner into an interchange with one functional group:
 * our IDs as sender, theirs as receiver (ISA05-08; GS02/GS03 from the application codes), the version
 * the profile names for the set (GS08, and ISA12 as its first five digits: 004010 → 00401), test
 * usage (ISA15 T) until the partner is live. Control numbers outside the profile's ranges, a set the
 * profile does not receive, or a suspended partner are refused.
 */
export function outboundInterchange(profile: PartnerProfile, transactions: readonly TransactionSetDocument[], envelope: OutboundEnvelope): InterchangeDocument {
  const problems: string[] = [];
  const set = transactions[0]?.set ?? '';
  const entry = profile.transactionSets.find((t) => t.set === set && t.direction === 'outbound');
  if (transactions.length === 0) problems.push('no transaction sets to send');
  else if (entry === undefined) problems.push(`${profile.id}'s profile does not receive ${set} from us`);
  if (transactions.some((t) => t.set !== set)) problems.push(`one functional group holds one kind of set; got ${[...new Set(transactions.map((t) => t.set))].join(', ')}`);
  if (FUNCTIONAL_GROUP[set] === undefined && transactions.length > 0) problems.push(`no functional group identifier known for ${set}`);
  // A suspended partnership receives nothing, test or production.
  if (profile.status === 'suspended') problems.push(`${profile.id} is suspended`);
  problems.push(...controlProblems(profile, transactions, envelope));
  const at = x12Timestamp(envelope.at, 'at', problems);
  throwIfProblems(`interchange for ${profile.id}`, problems);
  const { ours, theirs, applicationCodes } = profile.interchange;
  const version = (entry as NonNullable<typeof entry>).version;
  return {
    senderQualifier: ours.qualifier, sender: ours.id, receiverQualifier: theirs.qualifier, receiver: theirs.id,
    // ISA09 is YYMMDD and ISA10 HHMM (X12.5); GS04 is CCYYMMDD and GS05 HHMM[SS].
    date: at.date.slice(2), time: at.time.slice(0, 4),
    version: version.slice(0, 5), control: envelope.interchangeControl, ackRequested: envelope.ackRequested ?? false,
    usage: profile.status === 'live' ? 'P' : 'T',
    groups: [{
      functionalId: FUNCTIONAL_GROUP[set], sender: applicationCodes?.ours ?? ours.id, receiver: applicationCodes?.theirs ?? theirs.id,
      date: at.date, time: at.time, control: envelope.groupControl, version, transactions,
    }],
  };
}

/** Control numbers within the profile's ranges; ST02 unique in the group (X12.6). */
function controlProblems(profile: PartnerProfile, transactions: readonly TransactionSetDocument[], envelope: OutboundEnvelope): string[] {
  const problems: string[] = [];
  const ranges = profile.controlNumbers;
  const check = (what: string, value: string | number, range: { start: number; end: number }) => {
    const n = /^[0-9]+$/.test(String(value)) ? Number(value) : NaN;
    if (!Number.isInteger(n) || n < range.start || n > range.end) problems.push(`${what} ${value} is outside ${profile.id}'s range ${range.start}..${range.end}`);
  };
  check('interchange control number', envelope.interchangeControl, ranges.interchange);
  check('group control number', envelope.groupControl, ranges.group);
  transactions.forEach((t) => check('transaction set control number', t.control, ranges.transaction));
  const controls = transactions.map((t) => t.control);
  const repeated = controls.filter((c, i) => controls.indexOf(c) !== i);
  if (repeated.length > 0) problems.push(`transaction set control numbers repeat within the group: ${[...new Set(repeated)].join(', ')}`);
  return problems;
}

/**
 * Writes an interchange with the partner's delimiters; `trailingNewline` puts a line break after each
 * segment terminator (as our acknowledgments do), unless the terminator is itself a line break.
 */
export function renderX12(doc: InterchangeDocument, profile: PartnerProfile): string {
  const delimiters = profile.interchange.delimiters;
  const lineBreak = profile.interchange.trailingNewline && delimiters.segment !== '\n' ? '\n' : '';
  return generateX12(doc, { delimiters, lineBreak });
}
