import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ASNs to customers: the order says which customer its shipment is for; the 856 sent when the 3PL's
 * 945 confirms it is linked to the order (one per order), or the reason it could not be written.
 * SSCC serial references come from a sequence: never reused, whatever runs at once.
 */
export class ShipmentNotices1764461800000 implements MigrationInterface {
  name = 'ShipmentNotices1764461800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE warehouse_orders ADD COLUMN asn_document_id uuid REFERENCES outbound_documents (id), ADD COLUMN asn_error text`);
    await q.query(`CREATE SEQUENCE sscc_serials MINVALUE 1 NO CYCLE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SEQUENCE sscc_serials`);
    await q.query(`ALTER TABLE warehouse_orders DROP COLUMN asn_document_id, DROP COLUMN asn_error`);
  }
}
