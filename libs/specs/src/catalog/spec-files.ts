/**
 * Every file in edi-specs/, bundled as data so that the specs library stays pure (no file I/O) and
 * the `edi` CLI carries its specs with it. Add a line here when adding a file to edi-specs/;
 * `spec-files.spec.ts` fails when a file is on disk but not listed.
 */
import { DictionaryFile } from './catalog';
import { TransactionSetFile } from '../model/spec';

/* eslint-disable @typescript-eslint/no-require-imports */
export const DICTIONARY_FILES: readonly DictionaryFile[] = [
  require('../../../../edi-specs/004010/dictionary/envelope.json'),
  require('../../../../edi-specs/004010/dictionary/acknowledgment.json'),
  require('../../../../edi-specs/005010/dictionary/acknowledgment.json'),
  // 004010 dictionary files for 846/856/940/945 go here.
  require('../../../../edi-specs/004010/dictionary/inventory-shipping.json'),
  require('../../../../edi-specs/005010/dictionary/envelope.json'),
  require('../../../../edi-specs/005010/dictionary/inventory-shipping.json'),
];

export const TRANSACTION_SET_FILES: readonly TransactionSetFile[] = [
  require('../../../../edi-specs/004010/sets/997.json'),
  require('../../../../edi-specs/005010/sets/997.json'),
  require('../../../../edi-specs/005010/sets/999.json'),
  // 004010 and 005010 transaction sets go here.
  require('../../../../edi-specs/004010/sets/846.json'),
  require('../../../../edi-specs/004010/sets/856.json'),
  require('../../../../edi-specs/004010/sets/940.json'),
  require('../../../../edi-specs/004010/sets/945.json'),
  require('../../../../edi-specs/005010/sets/846.json'),
  require('../../../../edi-specs/005010/sets/856.json'),
  require('../../../../edi-specs/005010/sets/940.json'),
  require('../../../../edi-specs/005010/sets/945.json'),
];
