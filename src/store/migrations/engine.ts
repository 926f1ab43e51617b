/**
 * Which database a migration runs on, read from Kysely's own adapter and never from the live StoreDialect: a
 * shipped migration states its DDL for each engine in its own text, so that it does the same thing forever,
 * whatever later changes to the dialects.
 */
import { PostgresAdapter, SqliteAdapter, type Kysely } from 'kysely'

export type Engine = 'sqlite' | 'postgres'

export function engineOf(db: Kysely<any>): Engine {
  const adapter = db.getExecutor().adapter
  if (adapter instanceof SqliteAdapter) return 'sqlite'
  if (adapter instanceof PostgresAdapter) return 'postgres'
  throw new Error(`Migrations support SQLite and PostgreSQL, not ${adapter.constructor.name}.`)
}
