import { PartnerProfile } from '@tradewire/partners';
import { baseCatalog, DocumentValidator, GuideChooser } from '@tradewire/specs';
import {
  AckEnvelopeOptions, buildFunctionalAck, buildInterchangeAck, generateX12, GenerateOptions, InterchangeDocument, InterchangeEnvelope, parseX12Stream,
  ParseResult, readAcknowledgments, shouldSendTa1,
} from '@tradewire/x12';
import { readGuides } from '../input/read-guides';
import { openInput } from '../input/read-input';
import { EXIT } from '../inspect/inspect.command';
import { loadProfile, profileGuides } from '../profile/load-profile';
import { humanAckReading } from './ack-reading.report';

export interface AckOptions {
  type?: string;
  read?: boolean;
  json?: boolean;
  /** First ISA13/GS06 to use; each acknowledgment interchange takes the next. */
  control?: string;
  /** ISO date-time the acknowledgment is made at (default now). */
  date?: string;
  /** Leave out AK2 loops for accepted transaction sets. */
  accepted?: boolean;
  /** Partner guides that narrow the base specs (and may name the 999 CTX business unit). */
  guide?: string[];
  /** A partner profile: ack type, TA1 policy, accepted sets, our IDs and delimiters come from it. */
  profile?: string;
}

export class AckUsageError extends Error {}

/** What to answer with, from the options and (when given) the partner's profile. */
interface AckPlan {
  readonly functional: '997' | '999' | null;
  readonly ta1: 'never' | 'when-requested' | 'always';
  readonly includeAcceptedSets: boolean;
  readonly guides: GuideChooser;
  readonly profile: PartnerProfile | null;
}

/** `edi ack FILE --type 997|999|ta1` prints the acknowledgments we would send; `--read` reads inbound ones. */
export async function ackFile(file: string, options: AckOptions, write: (text: string) => void): Promise<number> {
  if (options.read) return readAckFile(file, options, write);
  const plan = planOf(options);
  const at = options.date === undefined ? new Date() : new Date(options.date);
  if (Number.isNaN(at.getTime())) throw new AckUsageError(`--date "${options.date}" is not a date`);
  const first = Number(options.control ?? '1');
  if (!Number.isInteger(first) || first < 1 || first > 999999999) throw new AckUsageError('--control must be a number from 1 to 999999999');

  const validator = new DocumentValidator(baseCatalog(), plan.guides);
  const result = await parseX12Stream(openInput(file), { keepSegments: plan.functional === null ? false : 'transient', onTransactionSet: validator.onTransactionSet });
  const docs = acknowledgmentsFor(result, validator, plan, (n) => ({ interchangeControl: first + n, at, ...envelopeIds(plan.profile) }));
  if (docs.length === 0) {
    process.stderr.write(`edi: nothing to acknowledge in ${file} (no interchange, only acknowledgments, or the policy asks for none)\n`);
    return EXIT.DOCUMENT_ERRORS;
  }
  write(generateX12(docs, writeOptions(plan.profile)));
  return EXIT.OK;
}

function planOf(options: AckOptions): AckPlan {
  const profile = options.profile === undefined ? null : loadProfile(options.profile);
  const type = options.type ?? (profile === null ? undefined : profile.acknowledgments.functional);
  if (type !== '997' && type !== '999' && type !== 'ta1' && type !== 'none') throw new AckUsageError('--type must be 997, 999 or ta1 (or use --read, or --profile)');
  const ta1Policy = type === 'ta1' ? 'always' : options.type === undefined && profile !== null ? profile.acknowledgments.ta1 : 'never';
  return {
    functional: type === '997' || type === '999' ? type : null,
    ta1: ta1Policy,
    includeAcceptedSets: options.accepted !== false && (profile?.acknowledgments.includeAcceptedSets ?? true),
    guides: profile === null ? readGuides(options.guide ?? []) : profileGuides(profile),
    profile,
  };
}

function acknowledgmentsFor(result: ParseResult, validator: DocumentValidator, plan: AckPlan, envelopeFor: (n: number) => AckEnvelopeOptions): InterchangeDocument[] {
  const docs: InterchangeDocument[] = [];
  for (const ic of result.interchanges) {
    if (shouldSendTa1(ic, plan.ta1)) docs.push(buildInterchangeAck(ic, ic.diagnostics, envelopeFor(docs.length)));
    if (plan.functional === null) continue;
    for (const group of ic.groups) {
      const verdicts = group.transactions.map((t) => ({ transaction: t, validation: validator.results.get(t), diagnostics: t.diagnostics }));
      const version = plan.profile?.acknowledgments.version;
      const doc = buildFunctionalAck(ic, group, verdicts, group.diagnostics, {
        ...envelopeFor(docs.length), type: plan.functional, includeAcceptedSets: plan.includeAcceptedSets, ...(version === undefined ? {} : { version }),
      });
      if (doc !== null) docs.push(doc);
    }
    warnIfNotFromPartner(ic, plan.profile);
  }
  return docs;
}

/** Our identity from the profile; without one, the inbound receiver's (sender and receiver swapped). */
function envelopeIds(profile: PartnerProfile | null): Pick<AckEnvelopeOptions, 'sender' | 'receiver'> {
  if (profile === null) return {};
  const codes = profile.interchange.applicationCodes;
  return {
    sender: { ...profile.interchange.ours, ...(codes ? { applicationCode: codes.ours } : {}) },
    receiver: { ...profile.interchange.theirs, ...(codes ? { applicationCode: codes.theirs } : {}) },
  };
}

function writeOptions(profile: PartnerProfile | null): GenerateOptions {
  if (profile === null) return { lineBreak: '\n' };
  return { delimiters: profile.interchange.delimiters, lineBreak: profile.interchange.trailingNewline ? '\n' : '' };
}

function warnIfNotFromPartner(ic: InterchangeEnvelope, profile: PartnerProfile | null): void {
  const theirs = profile?.interchange.theirs;
  if (theirs === undefined || (ic.senderQualifier === theirs.qualifier && ic.sender === theirs.id)) return;
  process.stderr.write(`edi: warning: interchange ${ic.control} is from ${ic.senderQualifier}/${ic.sender}, not ${theirs.qualifier}/${theirs.id} of profile ${profile?.id}\n`);
}

async function readAckFile(file: string, options: AckOptions, write: (text: string) => void): Promise<number> {
  const result = await parseX12Stream(openInput(file), { keepSegments: true });
  const reading = readAcknowledgments(result);
  write(options.json ? JSON.stringify(reading) + '\n' : humanAckReading(reading));
  return reading.interchanges.length + reading.functionalGroups.length === 0 ? EXIT.DOCUMENT_ERRORS : EXIT.OK;
}
