/**
 * @tradewire/mapping: X12 ⇄ canonical events, per transaction set, with the partner's cross-references
 * and options from its profile. Pure.
 */
export * from './context/mapping-context';
export * from './context/translation-input';
export * from './context/x12-dates';
export * from './inbound/inbound-mappers';
export * from './inbound/inventory-advice.mapper';
export * from './translate';
