import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inventory ledger. Exactly-once is the database's job: an event's idempotency key is a primary
 * key, so a replay, a retried job or a second copy of a file can never apply twice, whatever the code
 * does. Movements are append-only; balances change in the same transaction as the movements.
 */
export class InventoryLedger1764460900000 implements MigrationInterface {
  name = 'InventoryLedger1764460900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE applied_events (
        idempotency_key text PRIMARY KEY,
        type text NOT NULL,
        partner text NOT NULL,
        occurred_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('applying', 'applied', 'held')),
        reason text,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE inventory_balances (
        sku text NOT NULL,
        location text NOT NULL,
        on_hand numeric(20, 6) NOT NULL DEFAULT 0,
        allocated numeric(20, 6) NOT NULL DEFAULT 0,
        in_transit numeric(20, 6) NOT NULL DEFAULT 0,
        on_hold numeric(20, 6) NOT NULL DEFAULT 0,
        last_snapshot_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (sku, location)
      )`);
    await q.query(`
      CREATE TABLE inventory_movements (
        id bigserial PRIMARY KEY,
        idempotency_key text NOT NULL REFERENCES applied_events (idempotency_key),
        line integer NOT NULL,
        sku text NOT NULL,
        location text NOT NULL,
        bucket text NOT NULL CHECK (bucket IN ('onHand', 'allocated', 'inTransit', 'onHold')),
        kind text NOT NULL CHECK (kind IN ('delta', 'set', 'set-available', 'superseded')),
        quantity numeric(20, 6) NOT NULL,
        before numeric(20, 6) NOT NULL,
        after numeric(20, 6) NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (idempotency_key, line, sku, location, bucket)
      )`);
    await q.query(`CREATE INDEX inventory_movements_item ON inventory_movements (sku, location, id)`);
    await q.query(`
      CREATE TABLE reconciliation_variances (
        id bigserial PRIMARY KEY,
        idempotency_key text NOT NULL REFERENCES applied_events (idempotency_key),
        sku text NOT NULL,
        location text NOT NULL,
        bucket text NOT NULL,
        ledger numeric(20, 6) NOT NULL,
        reported numeric(20, 6) NOT NULL,
        variance numeric(20, 6) NOT NULL,
        occurred_at timestamptz NOT NULL,
        resolved boolean NOT NULL DEFAULT false
      )`);
    await q.query(`CREATE INDEX reconciliation_variances_open ON reconciliation_variances (resolved, occurred_at DESC)`);
    await q.query(`
      CREATE FUNCTION inventory_movements_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'inventory_movements is append-only'; END $$`);
    await q.query(`CREATE TRIGGER inventory_movements_append_only BEFORE UPDATE OR DELETE ON inventory_movements FOR EACH ROW EXECUTE FUNCTION inventory_movements_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reconciliation_variances`);
    await q.query(`DROP TABLE inventory_movements`);
    await q.query(`DROP FUNCTION inventory_movements_append_only`);
    await q.query(`DROP TABLE inventory_balances`);
    await q.query(`DROP TABLE applied_events`);
  }
}
