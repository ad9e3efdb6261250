import { baseCatalog, DocumentValidator } from '@tradewire/specs';
import { buildFunctionalAck, buildInterchangeAck, generateX12, InterchangeDocument, parseX12Stream, readAcknowledgments } from '@tradewire/x12';
import { readGuides } from '../input/read-guides';
import { openInput } from '../input/read-input';
import { EXIT } from '../inspect/inspect.command';
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
}

export class AckUsageError extends Error {}

/** `edi ack FILE --type 997|999|ta1` prints the acknowledgments we would send; `--read` reads inbound ones. */
export async function ackFile(file: string, options: AckOptions, write: (text: string) => void): Promise<number> {
  if (options.read) return readAckFile(file, options, write);
  const type = options.type;
  if (type !== '997' && type !== '999' && type !== 'ta1') throw new AckUsageError('--type must be 997, 999 or ta1 (or use --read)');
  const at = options.date === undefined ? new Date() : new Date(options.date);
  if (Number.isNaN(at.getTime())) throw new AckUsageError(`--date "${options.date}" is not a date`);
  const first = Number(options.control ?? '1');
  if (!Number.isInteger(first) || first < 1 || first > 999999999) throw new AckUsageError('--control must be a number from 1 to 999999999');

  const validator = new DocumentValidator(baseCatalog(), readGuides(options.guide ?? []));
  const result = await parseX12Stream(openInput(file), { keepSegments: type === 'ta1' ? false : 'transient', onTransactionSet: validator.onTransactionSet });
  const docs: InterchangeDocument[] = [];
  const next = (): number => first + docs.length;
  for (const ic of result.interchanges) {
    if (type === 'ta1') {
      docs.push(buildInterchangeAck(ic, ic.diagnostics, { interchangeControl: next(), at }));
      continue;
    }
    for (const group of ic.groups) {
      const verdicts = group.transactions.map((t) => ({ transaction: t, validation: validator.results.get(t), diagnostics: t.diagnostics }));
      const doc = buildFunctionalAck(ic, group, verdicts, group.diagnostics, { type, interchangeControl: next(), at, includeAcceptedSets: options.accepted !== false });
      if (doc !== null) docs.push(doc);
    }
  }
  if (docs.length === 0) {
    process.stderr.write(`edi: nothing to acknowledge in ${file} (no interchange, or only acknowledgments)\n`);
    return EXIT.DOCUMENT_ERRORS;
  }
  write(generateX12(docs, { lineBreak: '\n' }));
  return EXIT.OK;
}

async function readAckFile(file: string, options: AckOptions, write: (text: string) => void): Promise<number> {
  const result = await parseX12Stream(openInput(file), { keepSegments: true });
  const reading = readAcknowledgments(result);
  write(options.json ? JSON.stringify(reading) + '\n' : humanAckReading(reading));
  return reading.interchanges.length + reading.functionalGroups.length === 0 ? EXIT.DOCUMENT_ERRORS : EXIT.OK;
}
