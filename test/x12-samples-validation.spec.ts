import { readFileSync } from 'fs';
import { join } from 'path';
import { baseCatalog, DocumentValidator, validationDiagnostics } from '@tradewire/specs';
import { parseX12 } from '@tradewire/x12';

/**
 * The public samples checked against edi-specs/: what each transaction set's content gives. Each
 * finding was read against the bytes and the standard (see SOURCES.tsv for the files' quirks).
 */
const SAMPLES = join(__dirname, 'fixtures', 'samples');

const TABLE: Array<[string, string[]]> = [
  ['846/x12types-846-005010-minimal.edi', []],
  // No functional group, so no version: not validated.
  ['846/x12types-846-005010-st-only-fragment.edi', ['TRANSACTION_SET_NOT_SUPPORTED@ST']],
  // N1 swallows N3/N4/HL*2 ('~' inside a '$'-terminated segment), so PRF lands out of sequence and
  // the hierarchy breaks (HL 1 has no child, HL*3 follows HL*1 and names the lost HL 2). CTT01 says 1;
  // the 856 standard counts HL segments in CTT01, and the file has 3 (2 once HL*2 is lost).
  ['856/stupidedi-856-dollar-terminator.edi', [
    'ELEMENT_INVALID_CODE@HL', 'ELEMENT_TOO_MANY_ELEMENTS@N1', 'ELEMENT_TOO_LONG@N1', 'ELEMENT_TOO_LONG@N1', 'SEGMENT_OUT_OF_SEQUENCE@PRF',
    'ELEMENT_INVALID_CODE@HL', 'ELEMENT_INVALID_CODE@HL', 'ELEMENT_INVALID_CODE@CTT',
  ]],
  // 004060: edi-specs/ has 004010 and 005010 only.
  ['856/x12types-856-004060-newline.edi', ['TRANSACTION_SET_NOT_SUPPORTED@ST']],
  // N402 "020"/"010" are not state codes (ID 2/2); G61 has G6103 without G6104 (P0304).
  ['940/x12types-940-babelway.edi', ['ELEMENT_TOO_LONG@N4', 'ELEMENT_TOO_LONG@N4', 'ELEMENT_TOO_LONG@N4', 'ELEMENT_CONDITIONAL_REQUIRED_MISSING@G61']],
  ['940/x12types-940-generalmills-change-no-isa16.edi', []],
  // N1*SF***CHI breaks R0203 and P0304; W1001 "1" is shorter than element 400's 2.
  ['945/x12types-945-005010.edi', ['ELEMENT_CONDITIONAL_REQUIRED_MISSING@N1', 'ELEMENT_CONDITIONAL_REQUIRED_MISSING@N1', 'ELEMENT_TOO_SHORT@W10']],
  ['997/stupidedi-997-newline-backtick.edi', []],
  ['999/imsweb-999-rejected-pipe-component.edi', []],
  // CTX06-01 "C023" names a composite where element 725 (N0) wants a data element number.
  ['999/staedi-999-partial-ctx.edi', ['ELEMENT_INVALID_CHARACTER@CTX']],
  ['malformed/staedi-997-invalid-values.edi', ['ELEMENT_TOO_LONG@AK1']],
  ['other/node-x12-850-newline-terminated.edi', ['TRANSACTION_SET_NOT_SUPPORTED@ST']],
];

describe('public samples against edi-specs/', () => {
  it.each(TABLE)('%s', (file, expected) => {
    const validator = new DocumentValidator(baseCatalog());
    parseX12(readFileSync(join(SAMPLES, file)), { keepSegments: 'transient', onTransactionSet: validator.onTransactionSet });
    const found = [...validator.results].flatMap(([tx, v]) => validationDiagnostics(tx, v)).map((d) => `${d.code}@${d.segment}`);
    expect(found).toEqual(expected);
  });
});
