import { hasErrors, parseX12Stream } from '@tradewire/x12';
import { openInput } from '../input/read-input';
import { humanReport } from './human-report';
import { jsonReport } from './json-report';

export interface InspectOptions {
  json?: boolean;
}

/** Exit codes of the CLI: 0 no errors, 1 the document has errors, 2 usage error or unreadable file. */
export const EXIT = { OK: 0, DOCUMENT_ERRORS: 1, USAGE: 2 } as const;

/**
 * `edi parse` and `edi validate`: envelope structure and diagnostics. `validate` will add
 * transaction-set checks once specs exist; today both report the envelope checks.
 */
export async function inspectFile(file: string, options: InspectOptions, write: (text: string) => void): Promise<number> {
  const result = await parseX12Stream(openInput(file));
  const label = file === '-' ? '<stdin>' : file;
  write(options.json ? JSON.stringify(jsonReport(label, result)) + '\n' : humanReport(label, result));
  return hasErrors(result.diagnostics) ? EXIT.DOCUMENT_ERRORS : EXIT.OK;
}
