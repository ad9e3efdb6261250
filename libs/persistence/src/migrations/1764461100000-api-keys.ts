import { MigrationInterface, QueryRunner } from 'typeorm';

/** API keys, stored only as their SHA-256: a leaked table gives no usable key. */
export class ApiKeys1764461100000 implements MigrationInterface {
  name = 'ApiKeys1764461100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        key_sha256 char(64) NOT NULL UNIQUE,
        role text NOT NULL CHECK (role IN ('admin', 'onboarding', 'ops', 'read-only')),
        partner_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_keys`);
  }
}
