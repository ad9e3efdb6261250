/**
 * @tradewire/mapping: X12 ⇄ canonical events, per transaction set, with the partner's cross-references
 * and options from its profile. Pure.
 */
export * from './context/mapping-context';
export * from './context/translation-input';
export * from './context/x12-dates';
export * from './inbound/inbound-mappers';
export * from './inbound/inventory-advice.mapper';
export * from './inbound/shipping-advice.mapper';
export * from './inbound/ship-notice.mapper';
export * from './inbound/acknowledgment.mapper';
export * from './translate';
// Outbound (canonical → X12) and the readers of our own outbound documents. Named exports: the
// generators share X12 code constants with their readers that are not part of the library's API.
export { OUTBOUND_MAPPING_FAILED, OutboundMappingError } from './outbound/outbound-mapping.error';
export { generateWarehouseOrder } from './outbound/warehouse-order.generator';
export { readWarehouseOrder } from './outbound/warehouse-order.reader';
export { generateShipNotice } from './outbound/ship-notice.generator';
export type { Hierarchy } from './outbound/ship-notice.generator';
export { readShipNotice } from './outbound/ship-notice.reader';
export { generateAvailability } from './outbound/availability.generator';
export type { ChannelAvailability, ChannelAvailabilityLine } from './outbound/availability.generator';
export { readAvailability } from './outbound/availability.reader';
export { outboundInterchange, renderX12 } from './outbound/outbound-interchange';
export type { OutboundEnvelope } from './outbound/outbound-interchange';
