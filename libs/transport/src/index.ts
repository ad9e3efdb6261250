/** @tradewire/transport: the transports partners reach us by (AS2; SFTP alongside). */
export * from './as2';
