import { MigrationInterface, QueryRunner } from 'typeorm';

/** Every version of every partner profile, from a file or from the API; the newest is in force. */
export class PartnerProfiles1764461200000 implements MigrationInterface {
  name = 'PartnerProfiles1764461200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE partner_profile_versions (
        partner_id text NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        profile jsonb NOT NULL,
        sha256 char(64) NOT NULL,
        source text NOT NULL CHECK (source IN ('file', 'api')),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (partner_id, version)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE partner_profile_versions`);
  }
}
