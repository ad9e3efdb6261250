import { CanonicalEvent } from '@tradewire/canonical';
import { TranslationInput } from '../context/translation-input';
import { mapInventoryAdvice } from './inventory-advice.mapper';

export type Direction = 'inbound' | 'outbound';

/**
 * Transaction set and direction → the mapper that reads it into one event per transaction set.
 * `inbound` reads what partners send us; `outbound` reads back what we sent them (replay, round trips).
 * Keys are `set:direction`.
 */
export const DOCUMENT_MAPPERS: Readonly<Record<string, (input: TranslationInput) => CanonicalEvent>> = {
  '846:inbound': mapInventoryAdvice,
};

export function mapperFor(set: string, direction: Direction): ((input: TranslationInput) => CanonicalEvent) | undefined {
  return DOCUMENT_MAPPERS[`${set}:${direction}`];
}
