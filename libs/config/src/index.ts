/** @tradewire/config: typed, validated configuration; the only reader of process.env. */
export * from './config';
export * from './secrets';
