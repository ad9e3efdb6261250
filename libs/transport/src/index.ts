/** @tradewire/transport: how documents reach partners and come back: SFTP, AS2 (the pure core, and its binding to profiles and the message log), and delivery records. */
export * from './sftp';
export * from './delivery';
export * from './as2';
export * from './as2-partners';
