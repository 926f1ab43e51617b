/**
 * SQLite through better-sqlite3: one connection, WAL journal, a busy timeout so that the CLI and the server can
 * share a file, a cache of prepared statements (Kysely prepares on every query otherwise), and write transactions
 * grouped into shared commits (sqlite-group-commit.ts). The customer search is an FTS5 trigram index (migration
 * 0003), which better-sqlite3's bundled SQLite has.
 */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { CompiledQuery, Kysely, SqliteDialect, sql } from 'kysely'
import type { Database } from './database.js'
import type { SearchIndex, StoreAdapter, StoreDialect, StoreDriver, StoreErrors, StoreMaintenance } from './dialect.js'
import { SqliteCheckpointer } from './sqlite-checkpointer.js'
import { SqliteGroupCommit } from './sqlite-group-commit.js'

export interface SqliteOptions {
  /** A file path, or `:memory:`. */
  filename: string
  /**
   * `NORMAL` (default) keeps every committed transaction through a crash of the process (kill -9): in WAL mode a
   * commit is in the OS's hands when it returns. `FULL` also survives power loss, at one fsync per commit.
   */
  synchronous?: 'NORMAL' | 'FULL'
  /** How long a writer waits for another process's lock before failing, in ms. */
  busyTimeoutMs?: number
}

const STATEMENT_CACHE_LIMIT = 500

export class SqliteStoreDialect implements StoreDialect {
  readonly description: string
  readonly engine = 'sqlite' as const
  readonly driver: SqliteDriver
  readonly errors: StoreErrors = { isUniqueViolation, isUnavailable: isSqliteUnavailable }
  readonly adapter: StoreAdapter = { supportsRowLocks: false, searchIndex: async () => SQLITE_SEARCH_INDEX }
  readonly maintenance: StoreMaintenance = {
    async refreshStatistics(db) {
      await sql`pragma optimize`.execute(db)
    },
  }

  constructor(options: SqliteOptions) {
    this.description = `SQLite (${options.filename})`
    this.driver = new SqliteDriver(options)
  }
}

class SqliteDriver implements StoreDriver {
  readonly #options: SqliteOptions
  #database: BetterSqlite3.Database | undefined
  readonly #statements = new Map<string, BetterSqlite3.Statement>()
  #checkpointer: SqliteCheckpointer | undefined
  #groupCommit: SqliteGroupCommit | undefined

  constructor(options: SqliteOptions) {
    this.#options = options
  }

  createKysely(): Kysely<Database> {
    const { filename, synchronous = 'NORMAL', busyTimeoutMs = 5000 } = this.#options
    if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true })
    const database = new BetterSqlite3(filename, { timeout: busyTimeoutMs })
    database.pragma('journal_mode = WAL')
    database.pragma(`synchronous = ${synchronous}`)
    database.pragma('foreign_keys = ON')
    this.#database = database
    this.#groupCommit = new SqliteGroupCommit(database, (text) => this.#statement(database, text))
    if (filename !== ':memory:') {
      database.pragma('wal_autocheckpoint = 0')
      this.#checkpointer = new SqliteCheckpointer(filename, busyTimeoutMs)
    }
    return new Kysely<Database>({
      dialect: new SqliteDialect({
        database: {
          close: () => database.close(),
          prepare: (text) => this.#statement(database, text),
        },
      }),
    })
  }

  async close(): Promise<void> {
    await this.#checkpointer?.close()
    this.#checkpointer = undefined
  }

  #statement(database: BetterSqlite3.Database, text: string): BetterSqlite3.Statement {
    let statement = this.#statements.get(text)
    if (!statement) {
      if (this.#statements.size >= STATEMENT_CACHE_LIMIT) this.#statements.clear()
      statement = database.prepare(text)
      this.#statements.set(text, statement)
    }
    return statement
  }

  check(text: string): void {
    // Preparing is SQLite's compile step: an unknown table or column, or a syntax error, throws here.
    if (this.#database) this.#statement(this.#database, text)
  }

  executeRead<Row>(db: Kysely<Database>, sql: string, parameters: readonly unknown[]): Promise<Row[]> {
    const database = this.#database
    // Straight to the statement, past Kysely's connection lock: safe whenever no transaction is open, since
    // better-sqlite3 runs it to completion synchronously. While a write transaction is open (it holds the lock
    // across awaits) the read waits its turn through Kysely, so it never sees uncommitted rows.
    if (!database || database.inTransaction) {
      return db.executeQuery<Row>(CompiledQuery.raw(sql, [...parameters])).then((result) => result.rows)
    }
    return Promise.resolve(this.#statement(database, sql).all(parameters) as Row[])
  }

  writeTransaction<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    if (!this.#groupCommit) throw new Error('The SQLite store is not open.')
    return this.#groupCommit.run(db, work)
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
}

function isSqliteUnavailable(error: unknown): boolean {
  // Still locked by another process (the CLI, another worker) once the busy timeout ran out.
  const code = (error as { code?: unknown } | null)?.code
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED'
}

/**
 * FTS5 with the trigram tokenizer (migration 0003): a phrase of three or more characters matches wherever it
 * occurs in a name or an email, case folded; inside double quotes only `"` is special (doubled).
 */
const SQLITE_SEARCH_INDEX: SearchIndex = {
  minimumLength: 3,
  term: (search) => `"${search.replaceAll('\u0000', '').replaceAll('"', '""')}"`,
  candidates: (db, term) =>
    db.selectFrom('customers_search').select('rowid as seq').where(sql<boolean>`customers_search match ${term}`),
}
