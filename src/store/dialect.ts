/**
 * What differs between the databases Clientele runs on, as named capabilities in the manner of Kysely's
 * DialectAdapter. Code above this seam asks what a dialect can do, never which one it is.
 */
import type { ColumnDefinitionBuilder, Kysely } from 'kysely'
import type { Database } from './database.js'

export interface StoreDialect {
  /** For logs and the startup banner, never for branching. */
  readonly description: string
  /** The engine's name, reported by the health endpoint (never for branching). */
  readonly engine: 'sqlite' | 'postgres'
  /** Opens the connection (or pool), tuned for this database. */
  createKysely(): Kysely<Database>
  /**
   * Runs `work` in a transaction that holds write intent from its first statement, so that concurrent writers
   * queue instead of failing halfway (SQLite's BEGIN IMMEDIATE; PostgreSQL row locks do this by themselves).
   */
  writeTransaction<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T>
  /**
   * Runs one read of compiled SQL as directly as the driver allows (see prepared.ts), with the isolation of any
   * other query through `db`.
   */
  executeRead<Row>(db: Kysely<Database>, sql: string, parameters: readonly unknown[]): Promise<Row[]>
  /** Refreshes the query planner's statistics, after a bulk load has changed the tables' shape. */
  refreshStatistics(db: Kysely<Database>): Promise<void>
  /** Releases what the dialect runs beside the connection, once Kysely is destroyed. */
  close?(): Promise<void>
  /** Whether `error` is this driver's unique-constraint violation. */
  isUniqueViolation(error: unknown): boolean
  /** Whether `error` means the database cannot serve right now (down, unreachable, locked): worth a retry. */
  isUnavailable(error: unknown): boolean
  /**
   * Whether `SELECT … FOR UPDATE` exists. Where it does, a write transaction locks the rows it reads before
   * changing them; where it does not (SQLite), the whole database is the lock.
   */
  readonly supportsRowLocks: boolean
  /** Declares an auto-incrementing integer primary key column (migrations only). */
  autoIncrementPrimaryKey(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder
  /** The column type for integers beyond 32 bits. */
  readonly bigIntegerType: 'integer' | 'bigint'
}
