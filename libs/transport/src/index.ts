/** @tradewire/transport: the transports partners reach us by. AS2: the pure core, and its binding to profiles and the message log. */
export * from './as2';
export * from './as2-partners';
