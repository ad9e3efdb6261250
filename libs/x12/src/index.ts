/**
 * @tradewire/x12: X12 tokenizer, envelope parser and generator. Pure TypeScript with no runtime
 * dependencies and no I/O: text or bytes in, plain objects out.
 */
export * from './diagnostics/diagnostic-codes';
export * from './diagnostics/diagnostic';
export * from './delimiters/delimiters';
export * from './delimiters/detect-delimiters';
export * from './tokenizer/segment';
export * from './tokenizer/segment-tokenizer';
export * from './envelope/envelope';
export * from './envelope/envelope-parser';
export { isValidCcyymmdd, isValidTime, isValidYymmdd } from './envelope/dates';
export * from './parser/x12-parser';
export * from './generator/document';
export * from './generator/generate';
export * from './generator/to-document';
export * from './acknowledgments/ack-codes';
export * from './acknowledgments/envelope-ack-codes';
export * from './acknowledgments/build-acknowledgment';
export * from './acknowledgments/read-acknowledgment';
