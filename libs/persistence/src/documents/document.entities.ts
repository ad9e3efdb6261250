import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** Every received byte, stored before anything reads it (the gateway never processes from memory alone). */
@Entity('raw_documents')
export class RawDocumentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { name: 'partner_id', nullable: true })
  partnerId!: string | null;

  /** How it arrived: api, sftp, as2, cli. */
  @Column('text')
  transport!: string;

  /** The name the partner gave it (SFTP file name, AS2 filename): data, never a path we use. */
  @Column('text', { name: 'remote_name', nullable: true })
  remoteName!: string | null;

  @Column('integer')
  size!: number;

  @Column('char', { length: 64 })
  sha256!: string;

  @Column('bytea')
  content!: Buffer;

  @Column('timestamptz', { name: 'received_at' })
  receivedAt!: Date;
}

/** Where a document is in the pipeline; one row per raw document. */
@Entity('documents')
export class DocumentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { name: 'partner_id', nullable: true })
  partnerId!: string | null;

  @Column('text')
  status!: string;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('jsonb', { default: () => "'[]'::jsonb" })
  diagnostics!: object[];

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}

/** Every status a document went through, with why. */
@Entity('document_status_history')
export class DocumentStatusHistoryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column('uuid', { name: 'document_id' })
  documentId!: string;

  @Column('text')
  status!: string;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('timestamptz')
  at!: Date;
}
