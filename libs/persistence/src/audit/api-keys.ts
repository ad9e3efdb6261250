import { createHash, randomBytes, randomUUID } from 'crypto';
import { DataSource } from 'typeorm';

export type Role = 'admin' | 'onboarding' | 'ops' | 'read-only';

export interface ApiPrincipal {
  readonly keyId: string;
  readonly name: string;
  readonly role: Role;
  /** Set when the key may see only this partner's data. */
  readonly partnerId: string | null;
}

/** Creates and checks API keys; the key itself is shown once, at creation, and never stored. */
export class ApiKeys {
  constructor(private readonly dataSource: DataSource) {}

  async create(name: string, role: Role, partnerId: string | null = null): Promise<{ id: string; key: string }> {
    const key = `tw_${randomBytes(24).toString('base64url')}`;
    const id = randomUUID();
    await this.dataSource.query(`INSERT INTO api_keys (id, name, key_sha256, role, partner_id) VALUES ($1, $2, $3, $4, $5)`, [id, name, sha256(key), role, partnerId]);
    return { id, key };
  }

  async verify(key: string): Promise<ApiPrincipal | null> {
    const [row] = await this.dataSource.query(`SELECT id, name, role, partner_id FROM api_keys WHERE key_sha256 = $1 AND revoked_at IS NULL`, [sha256(key)]);
    return row === undefined ? null : { keyId: row.id, name: row.name, role: row.role, partnerId: row.partner_id };
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
