/**
 * @tradewire/inventory: the rules that turn canonical events into ledger movements (pure), and the
 * ledger service that applies them exactly once, with balances, in one transaction.
 */
export * from './movements';
export * from './ledger.service';
export * from './commitments';
export * from './goods-received';
export * from './channel-offer';
