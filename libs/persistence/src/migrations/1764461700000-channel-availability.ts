import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What each sales channel was last offered (the 846 we sent) and when, so changes are coalesced to at
 * most one 846 per channel per interval; and oversell events: a channel had been offered more than
 * was available when stock next changed.
 */
export class ChannelAvailability1764461700000 implements MigrationInterface {
  name = 'ChannelAvailability1764461700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE channel_availability (
        channel text PRIMARY KEY,
        last_sent_at timestamptz,
        last_offer jsonb NOT NULL DEFAULT '[]',
        last_outbound_document_id uuid REFERENCES outbound_documents (id)
      )`);
    await q.query(`
      CREATE TABLE oversell_events (
        id bigserial PRIMARY KEY,
        channel text NOT NULL,
        sku text NOT NULL,
        location text,
        offered numeric(20, 6) NOT NULL,
        available numeric(20, 6) NOT NULL,
        detected_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX oversell_events_channel ON oversell_events (channel, detected_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE oversell_events`);
    await q.query(`DROP TABLE channel_availability`);
  }
}
