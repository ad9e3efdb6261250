import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { parseX12, ParseOptions } from '../parser/x12-parser';
import { DIAGNOSTIC_CODES } from './diagnostic-codes';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'diagnostics');

/** `CODE@segment:Lline[:eElement]` for every diagnostic a fixture must give, in order. */
const EXPECTED: Record<keyof typeof DIAGNOSTIC_CODES, string[]> = {
  BOM_SKIPPED: ['BOM_SKIPPED@-:L1'],
  WHITESPACE_OUTSIDE_INTERCHANGE: ['WHITESPACE_OUTSIDE_INTERCHANGE@-:L1'],
  DATA_OUTSIDE_INTERCHANGE: ['DATA_OUTSIDE_INTERCHANGE@-:L1'],
  NO_INTERCHANGE: ['NO_INTERCHANGE@-:L1'],
  ISA_INVALID: ['ISA_INVALID@ISA:L1'],
  ISA_TRUNCATED: ['ISA_TRUNCATED@ISA:L1'],
  ISA_LENGTH: ['ISA_LENGTH@ISA:L1', 'ISA_FIELD_WIDTH@ISA:L1:e6'],
  ISA16_MISSING: ['ISA16_MISSING@ISA:L1', 'ISA_LENGTH@ISA:L1'],
  DELIMITER_INVALID: ['DELIMITER_INVALID@ISA:L1'],
  LINE_BREAKS_IN_SEGMENTS: ['LINE_BREAKS_IN_SEGMENTS@BIA:L4'],
  SEGMENT_TERMINATOR_MISSING: ['SEGMENT_TERMINATOR_MISSING@IEA:L10'],
  EMPTY_SEGMENT: ['EMPTY_SEGMENT@-:L5'],
  SEGMENT_TOO_LONG: ['SEGMENT_TOO_LONG@-:L4', 'SE_SEGMENT_COUNT_MISMATCH@SE:L8:e1'],
  DIAGNOSTICS_TRUNCATED: ['SEGMENT_TAG_INVALID@lin:L5', 'SEGMENT_TAG_INVALID@lin:L6', 'DIAGNOSTICS_TRUNCATED@-:L6'],
  SEGMENT_TAG_INVALID: ['SEGMENT_TAG_INVALID@lin:L5'],
  ISA_FIELD_WIDTH: ['ISA_LENGTH@ISA:L1', 'ISA_FIELD_WIDTH@ISA:L1:e2'],
  ISA_FIELD_INVALID: ['ISA_FIELD_INVALID@ISA:L1:e15'],
  ISA_CONTROL_INVALID: ['ISA_CONTROL_INVALID@ISA:L1:e13'],
  ISA_DATE_INVALID: ['ISA_DATE_INVALID@ISA:L1:e9'],
  ISA11_INVALID: ['ISA11_INVALID@ISA:L1:e11'],
  CONTROL_NUMBER_FORMAT: ['CONTROL_NUMBER_FORMAT@GE:L9:e2'],
  IEA_MISSING: ['IEA_MISSING@ISA:L10'],
  UNEXPECTED_END_OF_FILE: ['UNEXPECTED_END_OF_FILE@GE:L9'],
  IEA_GROUP_COUNT_MISMATCH: ['IEA_GROUP_COUNT_MISMATCH@IEA:L10:e1'],
  IEA_CONTROL_MISMATCH: ['IEA_CONTROL_MISMATCH@IEA:L10:e2'],
  TA1_MISPLACED: ['TA1_MISPLACED@TA1:L3'],
  GS_ELEMENT_MISSING: ['GS_ELEMENT_MISSING@GS:L2:e2'],
  GS_DATE_INVALID: ['GS_DATE_INVALID@GS:L2:e4'],
  GS_TIME_INVALID: ['GS_TIME_INVALID@GS:L2:e5'],
  GS_CONTROL_INVALID: ['GS_CONTROL_INVALID@GS:L2:e6'],
  DUPLICATE_GROUP_CONTROL: ['DUPLICATE_GROUP_CONTROL@GS:L10:e6'],
  VERSION_MISMATCH: ['VERSION_MISMATCH@GS:L2:e8'],
  VERSION_DIFFERS: ['VERSION_DIFFERS@GS:L2:e8'],
  GE_MISSING: ['GE_MISSING@IEA:L9'],
  GE_TRANSACTION_COUNT_MISMATCH: ['GE_TRANSACTION_COUNT_MISMATCH@GE:L9:e1'],
  GE_CONTROL_MISMATCH: ['GE_CONTROL_MISMATCH@GE:L9:e2'],
  UNEXPECTED_GE: ['UNEXPECTED_GE@GE:L10'],
  ST_ELEMENT_MISSING: ['ST_ELEMENT_MISSING@ST:L3:e2'],
  ST_CONTROL_INVALID: ['ST_CONTROL_INVALID@ST:L3:e2'],
  DUPLICATE_TRANSACTION_CONTROL: ['DUPLICATE_TRANSACTION_CONTROL@ST:L9:e2'],
  SE_MISSING: ['SE_MISSING@GE:L8'],
  SE_SEGMENT_COUNT_MISMATCH: ['SE_SEGMENT_COUNT_MISMATCH@SE:L8:e1'],
  SE_CONTROL_MISMATCH: ['SE_CONTROL_MISMATCH@SE:L8:e2'],
  UNEXPECTED_SE: ['UNEXPECTED_SE@SE:L9'],
  ST_OUTSIDE_GROUP: ['ST_OUTSIDE_GROUP@ST:L2'],
  BARE_TRANSACTION_SET: ['BARE_TRANSACTION_SET@ST:L1'],
  SEGMENT_OUTSIDE_TRANSACTION: ['SEGMENT_OUTSIDE_TRANSACTION@BIA:L3'],
};

/** Limits lowered so that a small fixture can cross them. */
const OPTIONS: Record<string, ParseOptions> = { SEGMENT_TOO_LONG: { maxSegmentLength: 64 }, DIAGNOSTICS_TRUNCATED: { maxDiagnostics: 2 } };

function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, `${name}.edi`));
}

describe('diagnostic codes', () => {
  it('parses the base fixture clean', () => {
    expect(parseX12(fixture('valid')).diagnostics).toEqual([]);
  });

  it.each(Object.keys(DIAGNOSTIC_CODES))('%s has a fixture that raises it where expected', (code) => {
    expect(existsSync(join(FIXTURES, `${code}.edi`))).toBe(true);
    const bytes = fixture(code);
    const found = parseX12(bytes, OPTIONS[code] ?? {}).diagnostics;
    const summary = found.map((d) => `${d.code}@${d.segment ?? '-'}:L${d.line}${d.element ? `:e${d.element}` : ''}`);
    expect(summary).toEqual(EXPECTED[code as keyof typeof DIAGNOSTIC_CODES]);
    for (const d of found) {
      expect(d.severity).toBe(DIAGNOSTIC_CODES[d.code].severity);
      expect(d.offset).toBeGreaterThanOrEqual(0);
      expect(d.offset).toBeLessThanOrEqual(bytes.length);
      // A diagnostic about a segment points at the first byte of that segment.
      if (d.segment !== null && d.code !== 'ISA_TRUNCATED') expect(bytes.subarray(d.offset, d.offset + d.segment.length).toString('latin1')).toBe(d.segment);
    }
  });
});
