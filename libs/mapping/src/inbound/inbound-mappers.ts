import { CanonicalEvent } from '@tradewire/canonical';
import { TranslationInput } from '../context/translation-input';
import { readShipNotice } from '../outbound/ship-notice.reader';
import { readWarehouseOrder } from '../outbound/warehouse-order.reader';
import { mapFunctionalAcknowledgment } from './acknowledgment.mapper';
import { mapInventoryAdvice } from './inventory-advice.mapper';
import { mapShipNotice } from './ship-notice.mapper';
import { mapShippingAdvice } from './shipping-advice.mapper';

export type Direction = 'inbound' | 'outbound';

/**
 * Transaction set and direction → the mapper that reads it into one event per transaction set.
 * `inbound` reads what partners send us; `outbound` reads back what we sent them (replay, round trips).
 * Keys are `set:direction`.
 */
export const DOCUMENT_MAPPERS: Readonly<Record<string, (input: TranslationInput) => CanonicalEvent>> = {
  '846:inbound': mapInventoryAdvice,
  '945:inbound': mapShippingAdvice,
  '856:inbound': mapShipNotice,
  '997:inbound': mapFunctionalAcknowledgment,
  '999:inbound': mapFunctionalAcknowledgment,
  '940:outbound': readWarehouseOrder,
  '856:outbound': readShipNotice,
};

export function mapperFor(set: string, direction: Direction): ((input: TranslationInput) => CanonicalEvent) | undefined {
  return DOCUMENT_MAPPERS[`${set}:${direction}`];
}
