/** @tradewire/transport: how documents reach partners and come back (SFTP; AS2 to come). */
export * from './sftp';
export * from './delivery';
