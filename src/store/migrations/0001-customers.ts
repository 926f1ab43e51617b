import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely'
import { engineOf } from './engine.js'

/**
 * Frozen: the DDL this migration has always run, restated per engine (it once asked the live StoreDialect for
 * the integer type and the auto-increment clause; these are their answers at the time, verbatim).
 */
const FROZEN = {
  sqlite: {
    bigIntegerType: 'integer',
    // AUTOINCREMENT: a rowid is never reused, even after the newest row is deleted; cursors rely on that.
    autoIncrementPrimaryKey: (column: ColumnDefinitionBuilder) => column.primaryKey().autoIncrement(),
  },
  postgres: {
    bigIntegerType: 'bigint',
    autoIncrementPrimaryKey: (column: ColumnDefinitionBuilder) => column.generatedByDefaultAsIdentity().primaryKey(),
  },
} as const

/** Organizations, their credentials, customers with their events, and idempotency records. */
export async function up(db: Kysely<any>): Promise<void> {
  const dialect = FROZEN[engineOf(db)]
  await db.schema
    .createTable('organizations')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('name', 'text', (column) => column.notNull().unique())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute()

  await db.schema
    .createTable('credentials')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('organization_id', 'text', (column) => column.notNull().references('organizations.id'))
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('key_hash', 'text', (column) => column.notNull().unique())
    .addColumn('hint', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('revoked_at', 'text')
    .execute()

  await db.schema
    .createTable('customers')
    .addColumn('seq', dialect.bigIntegerType, (column) => dialect.autoIncrementPrimaryKey(column))
    .addColumn('id', 'text', (column) => column.notNull().unique())
    .addColumn('organization_id', 'text', (column) => column.notNull().references('organizations.id'))
    .addColumn('mode', 'text', (column) => column.notNull())
    .addColumn('name', 'text')
    .addColumn('email', 'text')
    .addColumn('locale', 'text')
    .addColumn('metadata', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .addColumn('deleted_at', 'text')
    .execute()
  // Every page is a range scan of this index, whatever its depth; tombstones are not in it.
  await db.schema
    .createIndex('customers_live_tenant_seq')
    .on('customers')
    .columns(['organization_id', 'mode', 'seq'])
    .where(sql.ref('deleted_at'), 'is', null)
    .execute()

  await db.schema
    .createTable('customer_events')
    .addColumn('seq', dialect.bigIntegerType, (column) => dialect.autoIncrementPrimaryKey(column))
    .addColumn('customer_id', 'text', (column) => column.notNull().references('customers.id'))
    .addColumn('type', 'integer', (column) => column.notNull())
    .addColumn('message', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute()
  await db.schema
    .createIndex('customer_events_customer_seq')
    .on('customer_events')
    .columns(['customer_id', 'seq'])
    .execute()

  await db.schema
    .createTable('idempotency_records')
    .addColumn('scope', 'text', (column) => column.notNull())
    .addColumn('key', 'text', (column) => column.notNull())
    .addColumn('fingerprint', 'text', (column) => column.notNull())
    .addColumn('status', 'integer', (column) => column.notNull())
    .addColumn('customer', 'text')
    .addColumn('created_at_ms', dialect.bigIntegerType, (column) => column.notNull())
    .addPrimaryKeyConstraint('idempotency_records_pk', ['scope', 'key'])
    .execute()
  await db.schema
    .createIndex('idempotency_records_created')
    .on('idempotency_records')
    .column('created_at_ms')
    .execute()
}
