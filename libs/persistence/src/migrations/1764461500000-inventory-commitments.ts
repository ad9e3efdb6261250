import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What is allocated and what is in transit, per order and per supplier shipment. The allocated and
 * in-transit buckets of a balance are the sums of max(0, opened − closed) over these rows, so a 945
 * that arrives before its 940 (or a receipt before its ASN) ends in the same figures as the other
 * order: both sides only add to their own column.
 */
export class InventoryCommitments1764461500000 implements MigrationInterface {
  name = 'InventoryCommitments1764461500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE inventory_commitments (
        partner text NOT NULL,
        bucket text NOT NULL CHECK (bucket IN ('allocated', 'inTransit')),
        reference text NOT NULL,
        sku text NOT NULL,
        location text NOT NULL,
        opened numeric(20, 6) NOT NULL DEFAULT 0 CHECK (opened >= 0),
        closed numeric(20, 6) NOT NULL DEFAULT 0 CHECK (closed >= 0),
        revised_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (partner, bucket, reference, sku, location)
      )`);
    await q.query(`CREATE INDEX inventory_commitments_item ON inventory_commitments (sku, location)`);
    await q.query(`ALTER TABLE inventory_movements DROP CONSTRAINT inventory_movements_kind_check`);
    await q.query(`ALTER TABLE inventory_movements ADD CONSTRAINT inventory_movements_kind_check CHECK (kind IN ('delta', 'set', 'set-available', 'open', 'close', 'revise', 'superseded'))`);
    await q.query(`ALTER TABLE inventory_movements ADD COLUMN reference text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE inventory_movements DROP COLUMN reference`);
    await q.query(`ALTER TABLE inventory_movements DROP CONSTRAINT inventory_movements_kind_check`);
    await q.query(`ALTER TABLE inventory_movements ADD CONSTRAINT inventory_movements_kind_check CHECK (kind IN ('delta', 'set', 'set-available', 'superseded'))`);
    await q.query(`DROP TABLE inventory_commitments`);
  }
}
