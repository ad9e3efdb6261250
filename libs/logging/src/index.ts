/** @tradewire/logging: structured JSON logs (pino) with the correlation id that follows a document. */
export * from './logger';
