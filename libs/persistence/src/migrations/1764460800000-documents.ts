import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Raw documents, their pipeline status and its history, and the audit log. Statuses are checked by
 * the database so that no code path can invent one; the audit log cannot be updated or deleted.
 */
export class Documents1764460800000 implements MigrationInterface {
  name = 'Documents1764460800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE raw_documents (
        id uuid PRIMARY KEY,
        partner_id text,
        transport text NOT NULL CHECK (transport IN ('api', 'sftp', 'as2', 'cli')),
        remote_name text,
        size integer NOT NULL CHECK (size >= 0),
        sha256 char(64) NOT NULL,
        content bytea NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        CHECK (octet_length(content) = size)
      )`);
    await q.query(`CREATE INDEX raw_documents_sha256 ON raw_documents (sha256)`);
    await q.query(`CREATE INDEX raw_documents_partner_received ON raw_documents (partner_id, received_at DESC)`);
    await q.query(`
      CREATE TABLE documents (
        id uuid PRIMARY KEY REFERENCES raw_documents (id),
        partner_id text,
        status text NOT NULL CHECK (status IN ('received', 'parsed', 'validated', 'acknowledged', 'translated', 'applied', 'failed', 'quarantined', 'ignored')),
        reason text,
        diagnostics jsonb NOT NULL DEFAULT '[]'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX documents_status ON documents (status, updated_at DESC)`);
    await q.query(`
      CREATE TABLE document_status_history (
        id bigserial PRIMARY KEY,
        document_id uuid NOT NULL REFERENCES documents (id),
        status text NOT NULL,
        reason text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX document_status_history_document ON document_status_history (document_id, id)`);
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        actor text NOT NULL,
        action text NOT NULL,
        target_type text NOT NULL,
        target_id text NOT NULL,
        before jsonb,
        after jsonb,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX audit_log_target ON audit_log (target_type, target_id, id)`);
    // Append-only: a trigger refuses UPDATE and DELETE, whoever asks.
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`);
    await q.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_append_only`);
    await q.query(`DROP TABLE document_status_history`);
    await q.query(`DROP TABLE documents`);
    await q.query(`DROP TABLE raw_documents`);
  }
}
