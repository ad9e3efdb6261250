import { z } from 'zod';
import { PARTNER_PROFILE } from './partner-profile.schema';

/** The profile schema as JSON Schema, for editors and partners' tools (partner-profiles/schema/). */
export function profileJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(PARTNER_PROFILE, { io: 'input', target: 'draft-2020-12' }),
    $id: 'https://tradewire.dev/schema/partner-profile.schema.json',
    title: 'Tradewire partner profile',
  };
}
