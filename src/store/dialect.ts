/**
 * What differs between the databases Clientele runs on, split along Kysely's own lines (a Dialect is a driver, an
 * adapter of capabilities, and so on): code above this seam asks what a dialect can do, never which one it is.
 *
 *   driver       connection or pool, transactions, how a compiled read runs       (Kysely: Driver)
 *   errors       what a driver's error means: a duplicate, or "try again later"    (→ 409-ish retries, 503)
 *   adapter      capabilities queries are built from: row locks, a search index     (Kysely: DialectAdapter)
 *   maintenance  upkeep after bulk loads
 *
 * DDL is not here: migrations are frozen and state their own (migrations/engine.ts), so that changing a dialect
 * never changes what an old migration did.
 */
import type { Kysely, SelectQueryBuilder } from 'kysely'
import type { Database } from './database.js'

export interface StoreDialect {
  /** For logs and the startup banner, never for branching. */
  readonly description: string
  /** The engine's name, reported by the health endpoint (never for branching). */
  readonly engine: 'sqlite' | 'postgres'
  readonly driver: StoreDriver
  readonly errors: StoreErrors
  readonly adapter: StoreAdapter
  readonly maintenance: StoreMaintenance
}

export interface StoreDriver {
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
  /**
   * Checks compiled SQL against the open database without running it, where the driver can (SQLite prepares the
   * statement): a query that names a missing table or column then fails when the store opens, not on first use.
   */
  check?(sql: string): void
  /** Releases what the driver runs beside the connection, once Kysely is destroyed. */
  close?(): Promise<void>
}

export interface StoreErrors {
  /** Whether `error` is this driver's unique-constraint violation. */
  isUniqueViolation(error: unknown): boolean
  /**
   * Whether `error` means the database cannot serve right now (down, unreachable, locked, no pooled connection
   * free in time, a statement over its time budget): worth a retry, answered 503.
   */
  isUnavailable(error: unknown): boolean
}

export interface StoreAdapter {
  /**
   * Whether `SELECT … FOR UPDATE` exists. Where it does, a write transaction locks the rows it reads before
   * changing them; where it does not (SQLite), the whole database is the lock.
   */
  readonly supportsRowLocks: boolean
  /**
   * The index behind the customer search, asked once when the store opens (on PostgreSQL it exists only where
   * pg_trgm could be installed); undefined when there is none, and every search is then a bounded scan.
   */
  searchIndex(db: Kysely<Database>): Promise<SearchIndex | undefined>
}

/** A substring index over customers' names and emails (SQLite FTS5 trigram, PostgreSQL pg_trgm). */
export interface SearchIndex {
  /** The fewest characters a search needs for the index to find it (trigrams: 3); shorter ones scan. */
  readonly minimumLength: number
  /** The search text as `candidates` takes it (an FTS5 phrase, a LIKE pattern). */
  term(search: string): string
  /**
   * The `seq` of customers, of any tenant, live or not, whose name or email contains the search, ignoring case:
   * `term` is a placeholder for term()'s result.
   */
  candidates(db: Kysely<Database>, term: string): SelectQueryBuilder<any, any, { seq: number }>
}

export interface StoreMaintenance {
  /** Refreshes the query planner's statistics, after a bulk load has changed the tables' shape. */
  refreshStatistics(db: Kysely<Database>): Promise<void>
}
