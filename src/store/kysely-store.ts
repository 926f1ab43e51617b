/**
 * The one implementation of Store, on Kysely. Dialect differences stay behind StoreDialect; the parts below hold
 * the queries, the row mapping and the transaction boundaries.
 */
import { sql } from 'kysely'
import type { StoreContext } from './context.js'
import { KyselyClockStore, prepareClockQueries, tenantClock } from './clock-store.js'
import { KyselyCredentialStore, KyselyOrganizationStore } from './credential-store.js'
import { KyselyCustomerStore } from './customer-store.js'
import { KyselyMandateStore } from './mandate-store.js'
import { KyselyPaymentStore } from './payment-store.js'
import { KyselySettingStore } from './setting-store.js'
import { DEFAULT_SUBSCRIPTION_POLICY, KyselySubscriptionStore } from './subscription-store.js'
import { KyselyTransferStore } from './transfer-store.js'
import { KyselyWebhookStore } from './webhook-store.js'
import type { StoreDialect } from './dialect.js'
import { migrateToLatest } from './migrations/index.js'
import { DEFAULT_SEARCH_BOUNDS, type SearchBounds } from './search.js'
import { SchemaNotReadyError, type Store, type SubscriptionPolicy } from './store.js'

export interface StoreOptions {
  /** The clock; injectable so tests can control `createdAt`. Defaults to the system clock. */
  now?: () => Date
  /** How long an idempotency key is honoured, in ms. Mollie promises an hour; the default keeps a day. */
  idempotencyRetentionMs?: number
  /** The customer search's bounds (search.ts); the defaults suit production, tests make them small. */
  searchBounds?: Partial<SearchBounds>
  /** How scheduled payments begin in test mode and the test-mode payment limit (RECURRING_PAYMENT_STATUS, TEST_SUBSCRIPTION_PAYMENT_LIMIT). */
  subscriptionPolicy?: Partial<SubscriptionPolicy>
}

const DAY_MS = 24 * 60 * 60 * 1000

/** Opens the database, brings its schema up to date and returns the store. */
export async function openStore(dialect: StoreDialect, options: StoreOptions = {}): Promise<Store> {
  const db = dialect.driver.createKysely()
  // ping() reads the newest applied migration (the Migrator's table, named in migrations/index.ts) and expects
  // the one this process migrated to.
  const newestMigration = () =>
    sql<{ name: string | null }>`select max(name) as name from clientele_migrations`.execute(db).then((result) => result.rows[0]?.name)
  let migratedTo: string | null | undefined
  let context: StoreContext
  let customers: KyselyCustomerStore
  let mandates: KyselyMandateStore
  let payments: KyselyPaymentStore
  let subscriptions: KyselySubscriptionStore
  let webhooks: KyselyWebhookStore
  let credentials: KyselyCredentialStore
  let organizations: KyselyOrganizationStore
  let clocks: KyselyClockStore
  try {
    await migrateToLatest(db)
    migratedTo = await newestMigration()
    const now = options.now ?? (() => new Date())
    const clockQueries = prepareClockQueries(db, dialect)
    context = {
      db,
      dialect,
      now,
      nowFor: tenantClock(clockQueries, now),
      idempotencyRetentionMs: options.idempotencyRetentionMs ?? DAY_MS,
    }
    clocks = new KyselyClockStore(context, clockQueries)
    // The stores compile their queries here: one that does not compile fails the start.
    organizations = new KyselyOrganizationStore(context)
    credentials = new KyselyCredentialStore(context, organizations)
    // A revoked mandate's subscriptions are canceled in the revoking transaction.
    mandates = new KyselyMandateStore(context, (trx, mandateId, at) => subscriptions.cancelOfMandateIn(trx, mandateId, at))
    webhooks = new KyselyWebhookStore(context)
    payments = new KyselyPaymentStore(context, webhooks, mandates.insertIn)
    subscriptions = new KyselySubscriptionStore(context, payments.insertRecurringIn, () => webhooks.wake(), {
      ...DEFAULT_SUBSCRIPTION_POLICY,
      ...options.subscriptionPolicy,
    })
    customers = new KyselyCustomerStore(
      context,
      await dialect.adapter.searchIndex(db),
      { ...DEFAULT_SEARCH_BOUNDS, ...options.searchBounds },
      // Spec `delete-customer`: its subscriptions and mandates are canceled with it.
      async (trx, customerId, at) => {
        await subscriptions.cancelOfCustomerIn(trx, customerId, at)
        await mandates.cascade(trx, customerId, at)
      },
    )
  } catch (error) {
    await db.destroy()
    await dialect.driver.close?.()
    throw error
  }
  return {
    customers,
    mandates,
    payments,
    subscriptions,
    webhooks,
    credentials,
    organizations,
    settings: new KyselySettingStore(context),
    transfer: new KyselyTransferStore(context),
    clocks,
    description: dialect.description,
    engine: dialect.engine,
    async ping() {
      if ((await newestMigration()) !== migratedTo) throw new SchemaNotReadyError()
    },
    isUnavailable: (error) => dialect.errors.isUnavailable(error),
    refreshStatistics: () => dialect.maintenance.refreshStatistics(db),
    async purgeExpired() {
      const result = await db
        .deleteFrom('idempotency_records')
        .where('created_at_ms', '<', context.now().getTime() - context.idempotencyRetentionMs)
        .executeTakeFirst()
      return Number(result.numDeletedRows)
    },
    async close() {
      await db.destroy()
      await dialect.driver.close?.()
    },
  }
}
