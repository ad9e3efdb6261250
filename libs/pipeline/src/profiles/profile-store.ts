import { createHash } from 'crypto';
import { DataSource } from 'typeorm';
import { PartnerProfile, ProfileProblem, validateProfile } from '@tradewire/partners';

export interface ProfileVersion {
  readonly partnerId: string;
  readonly version: number;
  readonly profile: PartnerProfile;
  readonly source: 'file' | 'api';
  readonly createdBy: string;
  readonly createdAt: Date;
}

/**
 * Partner profiles in PostgreSQL, every version kept. A profile that changed (by its content's
 * SHA-256) becomes a new version; the same content again changes nothing. Profiles are checked
 * against the schema before they are stored: a bad one is refused with every problem listed.
 */
export class ProfileStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a new version if the content differs from the newest; returns the version in force. */
  async save(data: unknown, source: 'file' | 'api', createdBy: string): Promise<{ version: ProfileVersion } | { problems: readonly ProfileProblem[] }> {
    const checked = validateProfile(data, source === 'api' ? 'request body' : 'file');
    if (checked.profile === null) return { problems: checked.problems };
    const profile = checked.profile;
    const sha256 = createHash('sha256').update(JSON.stringify(profile)).digest('hex');
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [profile.id]);
      const [latest] = await m.query(`SELECT version, sha256 FROM partner_profile_versions WHERE partner_id = $1 ORDER BY version DESC LIMIT 1`, [profile.id]);
      // A file is compared with the last version that came from a file: an unchanged file at start-up
      // does not undo an edit made through the API since.
      const [lastOfSource] = await m.query(`SELECT sha256 FROM partner_profile_versions WHERE partner_id = $1 AND source = $2 ORDER BY version DESC LIMIT 1`, [profile.id, source]);
      const unchanged = source === 'file' ? lastOfSource?.sha256 === sha256 : latest?.sha256 === sha256;
      if (unchanged) return { version: (await this.latest(profile.id)) as ProfileVersion };
      const version = (latest?.version ?? 0) + 1;
      await m.query(`INSERT INTO partner_profile_versions (partner_id, version, profile, sha256, source, created_by) VALUES ($1, $2, $3, $4, $5, $6)`, [
        profile.id, version, JSON.stringify(profile), sha256, source, createdBy,
      ]);
      const [row] = await m.query(`SELECT created_at FROM partner_profile_versions WHERE partner_id = $1 AND version = $2`, [profile.id, version]);
      return { version: { partnerId: profile.id, version, profile, source, createdBy, createdAt: row.created_at } };
    });
  }

  async latest(partnerId: string): Promise<ProfileVersion | null> {
    const [row] = await this.dataSource.query(`SELECT * FROM partner_profile_versions WHERE partner_id = $1 ORDER BY version DESC LIMIT 1`, [partnerId]);
    return row === undefined ? null : toVersion(row);
  }

  async versions(partnerId: string): Promise<ProfileVersion[]> {
    const rows = await this.dataSource.query(`SELECT * FROM partner_profile_versions WHERE partner_id = $1 ORDER BY version DESC`, [partnerId]);
    return rows.map(toVersion);
  }

  /** The newest version of every partner. */
  async all(): Promise<ProfileVersion[]> {
    const rows = await this.dataSource.query(`SELECT DISTINCT ON (partner_id) * FROM partner_profile_versions ORDER BY partner_id, version DESC`);
    return rows.map(toVersion);
  }
}

function toVersion(row: Record<string, unknown>): ProfileVersion {
  return {
    partnerId: row.partner_id as string, version: row.version as number, profile: row.profile as PartnerProfile,
    source: row.source as 'file' | 'api', createdBy: row.created_by as string, createdAt: row.created_at as Date,
  };
}
