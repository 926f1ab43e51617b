/**
 * The databases the suites run on, in the manner of Kysely's DIALECTS list: SQLite always; PGlite (PostgreSQL
 * compiled to WebAssembly, in-process) always, so a machine without a server still tests the PostgreSQL SQL;
 * a real PostgreSQL server when TEST_DATABASE_URL is set. TEST_DIALECTS=sqlite,pglite narrows the list.
 *
 * Every test gets a database of its own: a temporary SQLite file, a fresh PGlite, or a fresh schema on the
 * server, dropped afterwards.
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import type { TestContext } from 'node:test'
import { PGlite } from '@electric-sql/pglite'
import Database from 'better-sqlite3'
import type { PostgresPool } from 'kysely'
import pg from 'pg'
import { prepareClockQueries, tenantClock } from '../../src/store/clock-store.js'
import type { StoreContext } from '../../src/store/context.js'
import type { StoreDialect } from '../../src/store/dialect.js'
import { openStore, type StoreOptions } from '../../src/store/kysely-store.js'
import { migrateToLatest } from '../../src/store/migrations/index.js'
import { PostgresStoreDialect } from '../../src/store/postgres.js'
import { SqliteStoreDialect } from '../../src/store/sqlite.js'
import type { Store } from '../../src/store/store.js'
import { temporaryDirectory } from './temporary.js'

export type DialectName = 'sqlite' | 'pglite' | 'postgres'

export interface TestDatabase {
  store: Store
  /** A DATABASE_URL for a server process on this same database (not for PGlite, which lives in-process). */
  databaseUrl?: string
  /** Reads rows with plain SQL, past the store: for checking what is really stored. */
  rows(sql: string, parameters?: unknown[]): Promise<Record<string, unknown>[]>
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined

export function availableDialects(): DialectName[] {
  const all: DialectName[] = TEST_DATABASE_URL ? ['sqlite', 'pglite', 'postgres'] : ['sqlite', 'pglite']
  const wanted = process.env.TEST_DIALECTS?.split(',').map((name) => name.trim())
  return wanted ? all.filter((name) => wanted.includes(name)) : all
}

/**
 * One PGlite per test file: starting one costs seconds, so tests share it and each gets a schema of its own.
 * PGlite has a single session, so connections take turns, each (re)selecting its schema when it gets the turn.
 */
let sharedPglite: Promise<{ database: PGlite; turn: Promise<void> }> | undefined

async function pgliteSchema(t: TestContext): Promise<{ database: PGlite; pool: () => PostgresPool }> {
  sharedPglite ??= PGlite.create().then((database) => ({ database, turn: Promise.resolve() }))
  const shared = await sharedPglite
  const schema = `clientele_test_${randomBytes(6).toString('hex')}`
  await shared.database.exec(`create schema ${schema}`)
  t.after(() => shared.database.exec(`drop schema ${schema} cascade`))
  const pool = (): PostgresPool => ({
    async connect() {
      let release!: () => void
      const previous = shared.turn
      shared.turn = new Promise<void>((resolve) => (release = resolve))
      await previous
      await shared.database.exec(`set search_path to ${schema}`)
      return {
        async query(text: string, parameters: readonly unknown[]) {
          const result = await shared.database.query<Record<string, unknown>>(text, parameters as unknown[])
          const command = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase()
          return { command, rowCount: result.affectedRows ?? result.rows.length, rows: result.rows }
        },
        release: () => release(),
      }
    },
    // The database outlives this store; it ends with the test process.
    end: async () => {},
  }) as unknown as PostgresPool
  return { database: shared.database, pool }
}

/** A fresh schema on the TEST_DATABASE_URL server, dropped when the test ends; its URL selects it. */
export async function freshPostgresSchema(t: TestContext): Promise<string> {
  const schema = `clientele_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  await admin.end()
  t.after(async () => {
    const cleanup = new pg.Client({ connectionString: TEST_DATABASE_URL })
    await cleanup.connect()
    await cleanup.query(`drop schema if exists ${schema} cascade`)
    await cleanup.end()
  })
  const url = new URL(TEST_DATABASE_URL!)
  url.searchParams.set('options', `-c search_path=${schema}`)
  return url.toString()
}

export async function openTestDatabase(
  t: TestContext,
  dialect: DialectName,
  options: StoreOptions & { sqliteFile?: string } = {},
): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const filename = options.sqliteFile ?? join(temporaryDirectory(t), 'clientele.sqlite')
    const store = await openStore(new SqliteStoreDialect({ filename }), options)
    let reader: Database.Database | undefined
    t.after(() => reader?.close())
    return {
      store,
      databaseUrl: `sqlite:${filename}`,
      async rows(sql, parameters = []) {
        reader ??= new Database(filename, { readonly: true })
        return reader.prepare(sql).all(...parameters) as Record<string, unknown>[]
      },
    }
  }
  if (dialect === 'pglite') {
    const { pool } = await pgliteSchema(t)
    const store = await openStore(new PostgresStoreDialect({ pool, description: 'PGlite (in-process)' }), options)
    // Reads go through the store's own turn-taking pool, so they see this test's schema.
    const reader = pool()
    return {
      store,
      async rows(sql, parameters = []) {
        const client = await reader.connect()
        try {
          return (await client.query(numberedPlaceholders(sql), parameters)).rows as Record<string, unknown>[]
        } finally {
          client.release()
        }
      },
    }
  }
  const databaseUrl = await freshPostgresSchema(t)
  const store = await openStore(new PostgresStoreDialect({ connectionString: databaseUrl, poolSize: 5 }), options)
  const reader = new pg.Client({ connectionString: databaseUrl })
  await reader.connect()
  t.after(() => reader.end())
  return {
    store,
    databaseUrl,
    async rows(sql, parameters = []) {
      return (await reader.query(numberedPlaceholders(sql), parameters)).rows
    },
  }
}

/** SQLite's `?` placeholders as PostgreSQL's `$1, $2, …`, so tests write one query for both. */
function numberedPlaceholders(sql: string): string {
  let index = 0
  return sql.replace(/\?/g, () => `$${++index}`)
}

/**
 * The parts a store is built from (a dialect, its Kysely, the schema migrated) on a fresh database of `dialect`,
 * closed when the test ends: for tests of what one store does inside another's write transaction, as the payment
 * store does with `webhooks.enqueueIn` in `dialect.driver.writeTransaction(db, …)`.
 */
export async function openTestContext(t: TestContext, dialect: DialectName): Promise<StoreContext> {
  let storeDialect: StoreDialect
  if (dialect === 'sqlite') {
    storeDialect = new SqliteStoreDialect({ filename: join(temporaryDirectory(t), 'clientele.sqlite') })
  } else if (dialect === 'pglite') {
    const { pool } = await pgliteSchema(t)
    storeDialect = new PostgresStoreDialect({ pool, description: 'PGlite (in-process)' })
  } else {
    storeDialect = new PostgresStoreDialect({ connectionString: await freshPostgresSchema(t), poolSize: 5 })
  }
  const db = storeDialect.driver.createKysely()
  t.after(async () => {
    await db.destroy()
    await storeDialect.driver.close?.()
  })
  await migrateToLatest(db)
  const now = () => new Date()
  const nowFor = tenantClock(prepareClockQueries(db, storeDialect), now)
  return { db, dialect: storeDialect, now, nowFor, idempotencyRetentionMs: 24 * 60 * 60 * 1000 }
}
