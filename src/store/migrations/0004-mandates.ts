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
 * Customers' mandates (spec 2025-09-05 `entity-mandate`). A revoked mandate keeps its row with `revoked_at` set: its
 * id answers 410 and stays a valid list cursor. A customer's list is a range scan of `mandates_customer_created`
 * in (created_at, seq) order.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const dialect = FROZEN[engineOf(db)]
  await db.schema
    .createTable('mandates')
    .addColumn('seq', dialect.bigIntegerType, (column) => dialect.autoIncrementPrimaryKey(column))
    .addColumn('id', 'text', (column) => column.notNull().unique())
    .addColumn('organization_id', 'text', (column) => column.notNull().references('organizations.id'))
    .addColumn('mode', 'text', (column) => column.notNull())
    .addColumn('customer_id', 'text', (column) => column.notNull().references('customers.id'))
    .addColumn('method', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('details', 'text', (column) => column.notNull())
    .addColumn('mandate_reference', 'text')
    .addColumn('signature_date', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('revoked_at', 'text')
    .execute()
  await db.schema
    .createIndex('mandates_customer_created')
    .on('mandates')
    .columns(['customer_id', 'created_at', 'seq'])
    .execute()
}
