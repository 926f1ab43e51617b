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
 * Payments (spec 2025-09-05 `entity-payment`). The columns are what queries filter and sort on; the rest of the
 * payment (URLs, metadata, lines, addresses, details, timestamps) is one JSON document, `data`. `expires_at` is set
 * while the payment can still expire and null once it is final, so "due to expire" is a range scan of
 * `payments_expiry`. Lists are range scans of `payments_list` (all of a tenant's) and `payments_customer` (a
 * customer's), in (created_at, seq) order.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const dialect = FROZEN[engineOf(db)]
  await db.schema
    .createTable('payments')
    .addColumn('seq', dialect.bigIntegerType, (column) => dialect.autoIncrementPrimaryKey(column))
    .addColumn('id', 'text', (column) => column.notNull().unique())
    .addColumn('organization_id', 'text', (column) => column.notNull().references('organizations.id'))
    .addColumn('mode', 'text', (column) => column.notNull())
    .addColumn('profile_id', 'text', (column) => column.notNull())
    .addColumn('customer_id', 'text', (column) => column.references('customers.id'))
    .addColumn('mandate_id', 'text')
    .addColumn('subscription_id', 'text')
    .addColumn('sequence_type', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('method', 'text')
    .addColumn('amount_currency', 'text', (column) => column.notNull())
    .addColumn('amount_value', 'text', (column) => column.notNull())
    .addColumn('description', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('data', 'text', (column) => column.notNull())
    .execute()
  await db.schema.createIndex('payments_list').on('payments').columns(['organization_id', 'mode', 'created_at', 'seq']).execute()
  await db.schema.createIndex('payments_customer').on('payments').columns(['customer_id', 'created_at', 'seq']).execute()
  await db.schema.createIndex('payments_expiry').on('payments').columns(['expires_at']).execute()
}
