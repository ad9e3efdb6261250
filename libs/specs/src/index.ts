/**
 * @tradewire/specs: transaction-set specs as data (edi-specs/) and the validator that checks parsed
 * transaction sets against them. Pure: no I/O, no framework.
 */
export * from './model/spec';
export * from './model/guide';
export * from './model/compiled-spec';
export * from './catalog/compile-spec';
export * from './catalog/catalog';
export * from './validation/validate-elements';
export * from './validation/validate-transaction';
export { baseCatalog } from './catalog/base-catalog';
export * from './validation/document-validator';
export * from './validation/validation-diagnostics';
export * from './examples/example-document';
export { DICTIONARY_FILES, TRANSACTION_SET_FILES } from './catalog/spec-files';
