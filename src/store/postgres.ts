/**
 * PostgreSQL through a `pg` pool: what lets several Clientele instances share one database. Everything above
 * this file is the same as on SQLite; here are only the pool, its timeouts and TLS, how PostgreSQL reports a
 * duplicate or an outage (a pool with no connection free in time, a statement over its timeout: 503), and the
 * pg_trgm search index where migration 0003 could create it.
 */
import { CompiledQuery, Kysely, PostgresDialect, sql, type PostgresPool } from 'kysely'
import pg from 'pg'
import type { Database } from './database.js'
import { likePattern } from './search.js'
import type { SearchIndex, StoreAdapter, StoreDialect, StoreDriver, StoreErrors, StoreMaintenance } from './dialect.js'

export interface PostgresOptions {
  /** `postgres://user:password@host:port/database?sslmode=…`; TLS settings (sslmode, sslrootcert) ride on it. */
  connectionString: string
  /** Connections per process. */
  poolSize?: number
  /**
   * Server-side limit for one statement, in ms: a stuck query (or a search over a huge tenant) fails with 503
   * instead of holding a pooled connection, and so other tenants' requests, for longer.
   */
  statementTimeoutMs?: number
  /** How long to wait for a new connection, in ms, before the request fails with 503. */
  connectTimeoutMs?: number
  /** Called with errors of idle connections (the server restarting, say); they are replaced on next use. */
  onIdleError?: (error: Error) => void
}

// int8 columns (seq, created_at_ms) stay far below 2^53; numbers are what the code compares and sorts.
const INT8_OID = 20
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return (value: string) => Number(value)
    return pg.types.getTypeParser(oid, format)
  },
}

/**
 * SQLSTATE classes and driver codes that mean "the database cannot be reached right now": the request may
 * succeed later, so the API answers 503 instead of 500.
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '57014', // query_canceled (statement_timeout)
])
/** pg's own texts: a pool with no connection free in time, a query past query_timeout, a dropped connection. */
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|connection is insecure|Connection ended unexpectedly/i

export function isPostgresUnavailable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true
  const cause = (error as { cause?: unknown } | null)?.cause
  return cause !== undefined && cause !== error && isPostgresUnavailable(cause)
}

export class PostgresStoreDialect implements StoreDialect {
  readonly description: string
  readonly engine = 'postgres' as const
  readonly driver: StoreDriver
  readonly errors: StoreErrors = {
    isUniqueViolation: (error) => (error as { code?: unknown } | null)?.code === '23505',
    isUnavailable: isPostgresUnavailable,
  }
  readonly adapter: StoreAdapter = { supportsRowLocks: true, searchIndex: findTrigramIndex }
  readonly maintenance: StoreMaintenance = {
    async refreshStatistics(db) {
      // Until statistics exist, a lookup by id on a freshly loaded table can be planned as a scan of the tenant.
      await sql`analyze customers, customer_events`.execute(db)
    },
  }

  /** A real server, or (for tests) any pool that speaks pg's client interface, such as PGlite behind an adapter. */
  constructor(options: PostgresOptions | { pool: () => PostgresPool; description: string }) {
    if ('pool' in options) {
      this.driver = new PostgresDriver(options.pool)
      this.description = options.description
      return
    }
    const { connectionString, poolSize = 10, statementTimeoutMs = 10_000, connectTimeoutMs = 5_000 } = options
    this.description = `PostgreSQL (${describeServer(connectionString)})`
    this.driver = new PostgresDriver(() => {
      const pool = new pg.Pool({
        connectionString,
        max: poolSize,
        statement_timeout: statementTimeoutMs,
        // Client side too, so a silently dropped network cannot hold a request beyond the server's limit.
        query_timeout: statementTimeoutMs + 1_000,
        connectionTimeoutMillis: connectTimeoutMs,
        types,
      })
      // Without a listener, an idle connection dropped by the server would crash the process.
      pool.on('error', (error) => options.onIdleError?.(error))
      // A connection dropped while checked out (mid-query) also emits 'error' on its client, where the pool's
      // idle listener is not attached and Kysely attaches none: unheard, it would crash the process. The
      // query itself is rejected with the same error (its caller answers 503), and the pool discards the
      // client on release, so nothing is left to do here.
      pool.on('connect', (client) => client.on('error', () => {}))
      return pool
    })
  }
}

class PostgresDriver implements StoreDriver {
  readonly #createPool: () => PostgresPool

  constructor(createPool: () => PostgresPool) {
    this.#createPool = createPool
  }

  createKysely(): Kysely<Database> {
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool: this.#createPool() }) })
  }

  writeTransaction<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    // READ COMMITTED with row locks (see supportsRowLocks) serializes writers per customer; unique indexes
    // settle the rest (see KyselyCustomerStore's write loop).
    return db.transaction().execute(work)
  }

  async executeRead<Row>(db: Kysely<Database>, sql: string, parameters: readonly unknown[]): Promise<Row[]> {
    return (await db.executeQuery<Row>(CompiledQuery.raw(sql, [...parameters]))).rows
  }
}

/** pg_trgm's GIN indexes on lower(name) and lower(email), matched by the LIKE patterns the scans use too. */
const TRIGRAM_SEARCH_INDEX: SearchIndex = {
  minimumLength: 3,
  term: likePattern,
  candidates: (db, term) =>
    db
      .selectFrom('customers')
      .select('seq')
      .where(sql<boolean>`(lower(name) like ${term} escape '\\' or lower(email) like ${term} escape '\\')`),
}

/** The trigram index when migration 0003 could create both of its indexes in this schema. */
async function findTrigramIndex(db: Kysely<Database>): Promise<SearchIndex | undefined> {
  const { rows } = await sql<{ found: number | string }>`
    select count(*) as found from pg_indexes
    where schemaname = current_schema() and indexname in ('customers_search_name', 'customers_search_email')
  `.execute(db)
  return Number(rows[0]?.found) === 2 ? TRIGRAM_SEARCH_INDEX : undefined
}

/** Host, port and database of a connection string, never its credentials. */
function describeServer(connectionString: string): string {
  try {
    const url = new URL(connectionString)
    return `${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`
  } catch {
    return 'connection string'
  }
}
