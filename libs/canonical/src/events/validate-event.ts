import { z } from 'zod';
import { ITEM, LOCATION, UNIT_OF_MEASURE } from '../master-data/master-data';
import { CanonicalEvent, EVENT_SCHEMAS, EventType } from './inventory-events';

export type EventCheck = { readonly ok: true; readonly event: CanonicalEvent } | { readonly ok: false; readonly problems: readonly string[] };

/** Checks any value against the schema its `type` names; lists every problem with its path. */
export function validateEvent(value: unknown): EventCheck {
  const type = (value as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !(type in EVENT_SCHEMAS)) return { ok: false, problems: [`type: not one of ${Object.keys(EVENT_SCHEMAS).join(', ')}`] };
  const result = EVENT_SCHEMAS[type as EventType].safeParse(value);
  if (result.success) return { ok: true, event: result.data as CanonicalEvent };
  return { ok: false, problems: result.error.issues.map((i) => `${i.path.map(String).join('.') || '(event)'}: ${i.message}`) };
}

/** Every event contract and the master data, as JSON Schema, for partners' developers and other systems. */
export function eventJsonSchemas(): Record<EventType | 'Item' | 'Location' | 'UnitOfMeasure', Record<string, unknown>> {
  const schemas: Array<[string, z.ZodType]> = [...Object.entries(EVENT_SCHEMAS), ['Item', ITEM], ['Location', LOCATION], ['UnitOfMeasure', UNIT_OF_MEASURE]];
  const out: Record<string, Record<string, unknown>> = {};
  for (const [type, schema] of schemas) {
    out[type] = { ...z.toJSONSchema(schema, { io: 'output' }), $id: `https://tradewire.dev/schema/canonical/${type}.v1.schema.json`, title: `${type} v1` };
  }
  return out as Record<EventType | 'Item' | 'Location' | 'UnitOfMeasure', Record<string, unknown>>;
}
