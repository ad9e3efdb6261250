import { translateDocument, TranslationOutcome } from '@tradewire/mapping';
import { hasErrors, parseX12Stream } from '@tradewire/x12';
import { openInput } from '../input/read-input';
import { EXIT } from '../inspect/inspect.command';
import { loadProfile } from '../profile/load-profile';

export interface TranslateOptions {
  profile?: string;
  json?: boolean;
}

export class TranslateUsageError extends Error {}

/**
 * `edi translate FILE --profile P`: the canonical events of an inbound file. Exit 1 when the file has
 * envelope errors or an event has findings (it would be held for review), 0 otherwise.
 */
export async function translateFile(file: string, options: TranslateOptions, write: (text: string) => void): Promise<number> {
  if (options.profile === undefined) throw new TranslateUsageError('--profile is required: mappings are per partner');
  const profile = loadProfile(options.profile);
  const result = await parseX12Stream(openInput(file), { keepSegments: true });
  const outcomes = translateDocument(result, profile);
  const held = outcomes.some((o) => o.kind === 'event' && o.event.findings.length > 0);
  if (options.json) {
    write(JSON.stringify({ file: file === '-' ? '<stdin>' : file, profile: profile.id, diagnostics: result.diagnostics, outcomes }) + '\n');
  } else {
    write(humanOutcomes(outcomes));
    for (const d of result.diagnostics) write(`${file}:${d.line}: ${d.code}: ${d.message} [${d.severity}]\n`);
  }
  return hasErrors(result.diagnostics) || held ? EXIT.DOCUMENT_ERRORS : EXIT.OK;
}

function humanOutcomes(outcomes: readonly TranslationOutcome[]): string {
  return outcomes
    .map((o) => {
      if (o.kind === 'skipped') return `${o.set} ${o.control}: skipped (${o.reason})\n`;
      const head = `${o.set} ${o.control}: ${o.event.type} ${o.event.idempotencyKey}${o.event.findings.length ? ` HELD (${o.event.findings.length} finding(s))` : ''}\n`;
      const findings = o.event.findings.map((f) => `  ${f.code}: ${f.message}\n`).join('');
      return head + findings + `  ${JSON.stringify(o.event.payload)}\n`;
    })
    .join('');
}
