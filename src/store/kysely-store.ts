/**
 * The one implementation of Store, on Kysely. Dialect differences stay behind StoreDialect; the parts below hold
 * the queries, the row mapping and the transaction boundaries.
 */
import { sql } from 'kysely'
import type { StoreContext } from './context.js'
import { KyselyCredentialStore, KyselyOrganizationStore } from './credential-store.js'
import { KyselyCustomerStore } from './customer-store.js'
import { KyselySettingStore } from './setting-store.js'
import { KyselyTransferStore } from './transfer-store.js'
import type { StoreDialect } from './dialect.js'
import { migrateToLatest } from './migrations/index.js'
import { SchemaNotReadyError, type Store } from './store.js'

export interface StoreOptions {
  /** The clock; injectable so tests can control `createdAt`. Defaults to the system clock. */
  now?: () => Date
  /** How long an idempotency key is honoured, in ms. Mollie promises an hour; the default keeps a day. */
  idempotencyRetentionMs?: number
}

const DAY_MS = 24 * 60 * 60 * 1000

/** Opens the database, brings its schema up to date and returns the store. */
export async function openStore(dialect: StoreDialect, options: StoreOptions = {}): Promise<Store> {
  const db = dialect.createKysely()
  // ping() reads the newest applied migration (the Migrator's table, named in migrations/index.ts) and expects
  // the one this process migrated to.
  const newestMigration = () =>
    sql<{ name: string | null }>`select max(name) as name from clientele_migrations`.execute(db).then((result) => result.rows[0]?.name)
  let migratedTo: string | null | undefined
  try {
    await migrateToLatest(db, dialect)
    migratedTo = await newestMigration()
  } catch (error) {
    await db.destroy()
    await dialect.close?.()
    throw error
  }
  const context: StoreContext = {
    db,
    dialect,
    now: options.now ?? (() => new Date()),
    idempotencyRetentionMs: options.idempotencyRetentionMs ?? DAY_MS,
  }
  const organizations = new KyselyOrganizationStore(context)
  return {
    customers: new KyselyCustomerStore(context),
    credentials: new KyselyCredentialStore(context, organizations),
    organizations,
    settings: new KyselySettingStore(context),
    transfer: new KyselyTransferStore(context),
    description: dialect.description,
    engine: dialect.engine,
    async ping() {
      if ((await newestMigration()) !== migratedTo) throw new SchemaNotReadyError()
    },
    isUnavailable: (error) => dialect.isUnavailable(error),
    refreshStatistics: () => dialect.refreshStatistics(db),
    async purgeExpired() {
      const result = await db
        .deleteFrom('idempotency_records')
        .where('created_at_ms', '<', context.now().getTime() - context.idempotencyRetentionMs)
        .executeTakeFirst()
      return Number(result.numDeletedRows)
    },
    async close() {
      await db.destroy()
      await dialect.close?.()
    },
  }
}
