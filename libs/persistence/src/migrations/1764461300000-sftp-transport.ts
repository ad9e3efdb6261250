import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Transports. `deliveries` records each outbound document's delivery by one transport (SFTP now, AS2
 * to plug in): where, how many attempts, the last error. The SFTP tables hold each partner mailbox's
 * poll state (pause, last result, back-off and circuit breaker), what the last listing saw (the
 * size-and-mtime stability rule compares two listings), and every remote file received: its unique key
 * (partner, name, size, mtime, sha256) is what keeps a file whose archive move failed from being
 * processed twice.
 */
export class SftpTransport1764461300000 implements MigrationInterface {
  name = 'SftpTransport1764461300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE deliveries (
        id uuid PRIMARY KEY,
        outbound_document_id uuid NOT NULL REFERENCES outbound_documents (id),
        transport text NOT NULL CHECK (transport IN ('sftp', 'as2')),
        -- Where it went (or is going): for SFTP sftp://host:port/directory/name. Never a credential.
        destination text,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_error text,
        last_attempt_at timestamptz,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (outbound_document_id, transport)
      )`);
    await q.query(`CREATE INDEX deliveries_status ON deliveries (status, updated_at DESC)`);
    await q.query(`
      CREATE TABLE sftp_mailboxes (
        partner_id text PRIMARY KEY,
        paused boolean NOT NULL DEFAULT false,
        last_poll_at timestamptz,
        last_result text CHECK (last_result IN ('ok', 'failed', 'locked', 'backing-off', 'circuit-open', 'paused')),
        last_error text,
        last_received integer NOT NULL DEFAULT 0,
        consecutive_failures integer NOT NULL DEFAULT 0,
        retry_after timestamptz,
        circuit_open_until timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE sftp_observed_files (
        partner_id text NOT NULL,
        remote_name text NOT NULL,
        size bigint NOT NULL,
        mtime bigint NOT NULL,
        seen_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (partner_id, remote_name)
      )`);
    await q.query(`
      CREATE TABLE sftp_received_files (
        partner_id text NOT NULL,
        -- The partner's name for the file: data only, never a local path.
        remote_name text NOT NULL,
        size bigint NOT NULL,
        mtime bigint NOT NULL,
        sha256 char(64) NOT NULL,
        document_id uuid NOT NULL REFERENCES documents (id),
        received_at timestamptz NOT NULL DEFAULT now(),
        -- When the remote file was archived or deleted; null while that is still to do.
        cleared_at timestamptz,
        PRIMARY KEY (partner_id, remote_name, size, mtime, sha256)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['sftp_received_files', 'sftp_observed_files', 'sftp_mailboxes', 'deliveries']) await q.query(`DROP TABLE ${t}`);
  }
}
