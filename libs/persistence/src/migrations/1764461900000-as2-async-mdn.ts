import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Asynchronous MDNs we send (RFC 4130 §7.2) become durable: where the MDN goes (the partner's
 * Receipt-Delivery-Option URL and the headers to POST it with) is kept beside the MDN on the inbound
 * message, with its state (`pending` until a job POSTs it, `sent`, `failed` when the job's retries ran
 * out, `refused` when the URL is one we will not POST to), attempts, last error and sent time.
 */
export class As2AsyncMdn1764461900000 implements MigrationInterface {
  name = 'As2AsyncMdn1764461900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE as2_messages
        ADD COLUMN async_mdn_url text,
        ADD COLUMN async_mdn_headers jsonb,
        ADD COLUMN async_mdn_status text CHECK (async_mdn_status IN ('pending', 'sent', 'failed', 'refused')),
        ADD COLUMN async_mdn_attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN async_mdn_last_error text,
        ADD COLUMN async_mdn_last_attempt_at timestamptz,
        ADD COLUMN async_mdn_sent_at timestamptz,
        ADD CONSTRAINT as2_messages_async_mdn_complete CHECK (async_mdn_status IS NULL OR (async_mdn_url IS NOT NULL AND async_mdn_headers IS NOT NULL AND mdn IS NOT NULL))`);
    // What the worker start-up sweep and ops look for: a small set, never the sent ones.
    await q.query(`CREATE INDEX as2_messages_async_mdn_open ON as2_messages (async_mdn_status) WHERE async_mdn_status IN ('pending', 'failed', 'refused')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX as2_messages_async_mdn_open`);
    await q.query(`
      ALTER TABLE as2_messages
        DROP CONSTRAINT as2_messages_async_mdn_complete,
        DROP COLUMN async_mdn_url, DROP COLUMN async_mdn_headers, DROP COLUMN async_mdn_status, DROP COLUMN async_mdn_attempts,
        DROP COLUMN async_mdn_last_error, DROP COLUMN async_mdn_last_attempt_at, DROP COLUMN async_mdn_sent_at`);
  }
}
