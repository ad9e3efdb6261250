import { DataSource, EntityManager } from 'typeorm';
import { AuditLogEntity } from './audit-log.entity';

export interface AuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string;
  readonly before?: object;
  readonly after?: object;
}

/** Writes the append-only audit log; pass the transaction's manager so the entry commits with the action. */
export class AuditLog {
  constructor(private readonly dataSource: DataSource) {}

  async record(entry: AuditEntry, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.insert(AuditLogEntity, { ...entry, before: entry.before ?? null, after: entry.after ?? null, at: new Date() });
  }

  async forTarget(targetType: string, targetId: string): Promise<AuditLogEntity[]> {
    return this.dataSource.getRepository(AuditLogEntity).find({ where: { targetType, targetId }, order: { id: 'ASC' } });
  }
}
