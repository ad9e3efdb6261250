import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * AS2 messages in both directions, kept for non-repudiation: the message as it was on the wire and the
 * MDN we sent or received. A Message-ID is processed once per partner (RFC 4130 §9: resent messages
 * carry the same Message-ID): a partial unique index, so refused and duplicate attempts are recorded
 * without claiming the ID.
 */
export class As21764461400000 implements MigrationInterface {
  name = 'As21764461400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE as2_messages (
        id uuid PRIMARY KEY,
        partner_id text NOT NULL,
        direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
        message_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('processed', 'refused', 'duplicate', 'awaiting-mdn', 'delivered', 'failed')),
        failure text,
        document_id uuid REFERENCES documents (id),
        headers jsonb NOT NULL,
        body bytea NOT NULL,
        mic text,
        mic_algorithm text,
        mdn_content_type text,
        mdn bytea,
        mdn_due_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX as2_messages_inbound_once ON as2_messages (partner_id, message_id) WHERE direction = 'inbound' AND status = 'processed'`);
    await q.query(`CREATE UNIQUE INDEX as2_messages_outbound_once ON as2_messages (partner_id, message_id) WHERE direction = 'outbound'`);
    await q.query(`CREATE INDEX as2_messages_awaiting_mdn ON as2_messages (mdn_due_at) WHERE status = 'awaiting-mdn'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE as2_messages`);
  }
}
