export * from './partner-settings';
export * from './as2-outbox';
export * from './as2-deliverer';
export * from './async-mdn-sender';
