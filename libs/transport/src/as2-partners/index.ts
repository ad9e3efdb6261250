export * from './partner-settings';
export * from './as2-outbox';
