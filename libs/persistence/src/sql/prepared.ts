import { createHash } from 'crypto';
import type { Pool, PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';

const names = new Map<string, string>();

/**
 * Runs one of the statements the pipeline sends for every document, set or batch as a named prepared
 * statement. PostgreSQL parses a named statement once per connection (and may keep its plan), where
 * TypeORM's `query()` sends an unnamed one that it parses, analyses and plans every time: about 0.4 ms
 * of PostgreSQL's CPU per transaction set in the pipeline benchmark (log_parser_stats and
 * log_planner_stats, bench/README.md). The pg driver is used directly, which also skips TypeORM's
 * query runner for each call. Inside a transaction (`on` is its EntityManager) the statement runs on
 * the transaction's connection. Returns the rows, for an UPDATE … RETURNING too (TypeORM answers
 * those with [rows, count]). Errors are pg's own (`code` is the SQLSTATE).
 */
export async function prepared<R = Record<string, unknown>>(on: DataSource | EntityManager, text: string, values: readonly unknown[]): Promise<R[]> {
  const query = { name: nameOf(text), text, values: [...values] };
  const runner = on instanceof DataSource ? undefined : (on.queryRunner as PostgresQueryRunner | undefined);
  if (runner !== undefined) {
    const client = (await runner.connect()) as PoolClient;
    return (await client.query(query)).rows as R[];
  }
  const dataSource = on instanceof DataSource ? on : on.connection;
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  return (await pool.query(query)).rows as R[];
}

/** A statement's name: a hash of its text, so one name never stands for two texts on a connection. */
function nameOf(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `tw_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    names.set(text, name);
  }
  return name;
}
