import type { ColumnDefinitionBuilder, Kysely } from 'kysely'
import { engineOf } from './engine.js'

/** Frozen: the DDL of this migration per engine, stated here and never asked of the live StoreDialect. */
const FROZEN = {
  sqlite: {
    bigIntegerType: 'integer',
    // AUTOINCREMENT: a rowid is never reused, so insertion order stays a tie-breaker of list order.
    autoIncrementPrimaryKey: (column: ColumnDefinitionBuilder) => column.primaryKey().autoIncrement(),
  },
  postgres: {
    bigIntegerType: 'bigint',
    autoIncrementPrimaryKey: (column: ColumnDefinitionBuilder) => column.generatedByDefaultAsIdentity().primaryKey(),
  },
} as const

/**
 * Subscriptions (spec 2025-09-05 `entity-subscription`). The columns are what queries filter and sort on; the rest
 * (amount, times, interval, dates, method, metadata, webhook URL, the schedule's anchor) is one JSON document,
 * `data`. `next_payment_date` (`YYYY-MM-DD`) is set only while the subscription is active, so "due" is a range scan of
 * `subscriptions_due`. Lists are range scans of `subscriptions_list` (a tenant's) and `subscriptions_customer` (a
 * customer's) in (created_at, seq) order; `subscriptions_mandate` finds what a revoked mandate cancels. Payments get
 * `payments_subscription` for list-subscription-payments.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const dialect = FROZEN[engineOf(db)]
  await db.schema
    .createTable('subscriptions')
    .addColumn('seq', dialect.bigIntegerType, (column) => dialect.autoIncrementPrimaryKey(column))
    .addColumn('id', 'text', (column) => column.notNull().unique())
    .addColumn('organization_id', 'text', (column) => column.notNull().references('organizations.id'))
    .addColumn('mode', 'text', (column) => column.notNull())
    .addColumn('customer_id', 'text', (column) => column.notNull().references('customers.id'))
    .addColumn('mandate_id', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('description', 'text', (column) => column.notNull())
    .addColumn('next_payment_date', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('data', 'text', (column) => column.notNull())
    .execute()
  await db.schema.createIndex('subscriptions_list').on('subscriptions').columns(['organization_id', 'mode', 'created_at', 'seq']).execute()
  await db.schema.createIndex('subscriptions_customer').on('subscriptions').columns(['customer_id', 'created_at', 'seq']).execute()
  await db.schema.createIndex('subscriptions_due').on('subscriptions').columns(['next_payment_date', 'seq']).execute()
  await db.schema.createIndex('subscriptions_mandate').on('subscriptions').columns(['mandate_id']).execute()
  await db.schema.createIndex('payments_subscription').on('payments').columns(['subscription_id', 'created_at', 'seq']).execute()
}
