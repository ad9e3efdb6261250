import { baseCatalog, DocumentValidator, validationDiagnostics, ValidationDiagnostic } from '@tradewire/specs';
import { parseX12Stream, ParseResult } from '@tradewire/x12';
import { readGuides } from '../input/read-guides';
import { loadProfile, profileGuides } from '../profile/load-profile';
import { openInput } from '../input/read-input';
import { humanReport } from './human-report';
import { jsonReport } from './json-report';

export interface InspectOptions {
  json?: boolean;
  /** Partner guides (edi-specs/guides/*.json) that narrow the base specs. */
  guide?: string[];
  /** A partner profile: its guides apply. */
  profile?: string;
}

/** Exit codes of the CLI: 0 no errors, 1 the document has errors, 2 usage error or unreadable file. */
export const EXIT = { OK: 0, DOCUMENT_ERRORS: 1, USAGE: 2 } as const;

/** `edi parse`: the envelope (ISA/GS/ST) and every structural problem. */
export async function parseFile(file: string, options: InspectOptions, write: (text: string) => void): Promise<number> {
  const result = await parseX12Stream(openInput(file));
  return report(file, result, [], options, write);
}

/** `edi validate`: the envelope checks plus each transaction set against its spec in edi-specs/. */
export async function validateFile(file: string, options: InspectOptions, write: (text: string) => void): Promise<number> {
  const guides = options.profile === undefined ? readGuides(options.guide ?? []) : profileGuides(loadProfile(options.profile));
  const validator = new DocumentValidator(baseCatalog(), guides);
  const result = await parseX12Stream(openInput(file), { keepSegments: 'transient', onTransactionSet: validator.onTransactionSet });
  const found = [...validator.results].flatMap(([tx, v]) => validationDiagnostics(tx, v));
  return report(file, result, found, options, write);
}

function report(file: string, result: ParseResult, extra: ValidationDiagnostic[], options: InspectOptions, write: (text: string) => void): number {
  const label = file === '-' ? '<stdin>' : file;
  const all = [...result.diagnostics, ...extra].sort((a, b) => a.offset - b.offset);
  const merged = { ...result, diagnostics: all };
  write(options.json ? JSON.stringify(jsonReport(label, merged)) + '\n' : humanReport(label, merged));
  return all.some((d) => d.severity === 'error') ? EXIT.DOCUMENT_ERRORS : EXIT.OK;
}
