import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the pipeline records about each received document: its interchanges (the duplicate policy is
 * an exclusion constraint: the same sender, receiver and ISA13 cannot be accepted twice within the
 * window), its transaction sets with their verdicts, the canonical events they became, the
 * acknowledgments we owe, and outbound control numbers allocated atomically.
 */
export class Pipeline1764461000000 implements MigrationInterface {
  name = 'Pipeline1764461000000';

  async up(q: QueryRunner): Promise<void> {
    // btree_gist lets the exclusion constraint compare text with =; it lives in public, for every schema.
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public`);
    await q.query(`
      CREATE TABLE interchanges (
        id uuid PRIMARY KEY,
        document_id uuid NOT NULL REFERENCES documents (id),
        partner_id text,
        sender_qualifier text NOT NULL,
        sender_id text NOT NULL,
        receiver_qualifier text NOT NULL,
        receiver_id text NOT NULL,
        control text NOT NULL,
        interchange_date text NOT NULL,
        received_at timestamptz NOT NULL,
        -- received_at + the partner's duplicate window, written by the code: timestamptz + interval is
        -- not immutable, so the constraint cannot compute it.
        duplicate_until timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('accepted', 'rejected', 'duplicate')),
        EXCLUDE USING gist (
          sender_qualifier WITH =, sender_id WITH =, receiver_qualifier WITH =, receiver_id WITH =, control WITH =,
          tstzrange(received_at, duplicate_until) WITH &&
        ) WHERE (status = 'accepted')
      )`);
    await q.query(`CREATE INDEX interchanges_document ON interchanges (document_id)`);
    await q.query(`
      CREATE TABLE transaction_sets (
        id uuid PRIMARY KEY,
        document_id uuid NOT NULL REFERENCES documents (id),
        interchange_id uuid REFERENCES interchanges (id),
        position integer NOT NULL,
        set_id text NOT NULL,
        control text NOT NULL,
        group_control text,
        status text NOT NULL CHECK (status IN ('accepted', 'rejected', 'translated', 'held', 'applied', 'failed', 'skipped')),
        findings jsonb NOT NULL DEFAULT '[]'::jsonb,
        event_key text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (document_id, position)
      )`);
    await q.query(`
      CREATE TABLE canonical_events (
        idempotency_key text PRIMARY KEY,
        transaction_set_id uuid NOT NULL REFERENCES transaction_sets (id),
        type text NOT NULL,
        body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE outbound_documents (
        id uuid PRIMARY KEY,
        partner_id text NOT NULL,
        kind text NOT NULL,
        in_reply_to uuid REFERENCES documents (id),
        content bytea NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE control_numbers (
        partner_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('interchange', 'group', 'transaction')),
        next bigint NOT NULL,
        range_start bigint NOT NULL,
        range_end bigint NOT NULL,
        PRIMARY KEY (partner_id, kind),
        CHECK (next BETWEEN range_start AND range_end)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['control_numbers', 'outbound_documents', 'canonical_events', 'transaction_sets', 'interchanges']) await q.query(`DROP TABLE ${t}`);
  }
}
