import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Warehouse orders we release to 3PLs, the control numbers of everything we send, and what we expect
 * back for it: the partner's 997/999 within its window, and for a 940 its 945. Acknowledgments we
 * receive are kept whether or not they match something we sent (an unmatched one is for ops to see).
 */
export class OrdersAndExpectations1764461600000 implements MigrationInterface {
  name = 'OrdersAndExpectations1764461600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbound_documents ADD COLUMN interchange_control text, ADD COLUMN group_control text, ADD COLUMN transaction_controls text[] NOT NULL DEFAULT '{}'`);
    await q.query(`CREATE INDEX outbound_documents_group ON outbound_documents (partner_id, group_control)`);
    await q.query(`
      CREATE TABLE warehouse_orders (
        partner_id text NOT NULL,
        order_id text NOT NULL,
        location text NOT NULL,
        status text NOT NULL CHECK (status IN ('released', 'shipped', 'cancelled')),
        request jsonb NOT NULL,
        released jsonb NOT NULL DEFAULT '[]',
        backordered jsonb NOT NULL DEFAULT '[]',
        outbound_document_id uuid REFERENCES outbound_documents (id),
        cancel_document_id uuid REFERENCES outbound_documents (id),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (partner_id, order_id)
      )`);
    await q.query(`
      CREATE TABLE expectations (
        id uuid PRIMARY KEY,
        outbound_document_id uuid NOT NULL REFERENCES outbound_documents (id),
        partner_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('functional-ack', 'shipment')),
        reference text NOT NULL,
        due_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'overdue', 'accepted', 'accepted-with-errors', 'partially-accepted', 'rejected', 'fulfilled', 'cancelled')),
        overdue_at timestamptz,
        settled_at timestamptz,
        settled_by text,
        detail jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX expectations_match ON expectations (partner_id, kind, reference, created_at DESC)`);
    await q.query(`CREATE INDEX expectations_open ON expectations (status, due_at)`);
    await q.query(`
      CREATE TABLE acknowledgments_received (
        idempotency_key text PRIMARY KEY,
        partner_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('TA1', '997', '999')),
        interchange_control text,
        group_control text,
        status text NOT NULL,
        errors jsonb NOT NULL,
        expectation_id uuid REFERENCES expectations (id),
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['acknowledgments_received', 'expectations', 'warehouse_orders']) await q.query(`DROP TABLE ${t}`);
    await q.query(`DROP INDEX outbound_documents_group`);
    await q.query(`ALTER TABLE outbound_documents DROP COLUMN interchange_control, DROP COLUMN group_control, DROP COLUMN transaction_controls`);
  }
}
