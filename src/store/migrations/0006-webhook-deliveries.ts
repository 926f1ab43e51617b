import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely'
import { engineOf } from './engine.js'

/** Frozen: the DDL of this migration per engine, stated here and never asked of the live StoreDialect. */
const FROZEN = {
  sqlite: {
    bigIntegerType: 'integer',
    // AUTOINCREMENT: a rowid is never reused, so `seq` stays the order deliveries were enqueued in.
    autoIncrementPrimaryKey: (column: ColumnDefinitionBuilder) => column.primaryKey().autoIncrement(),
  },
  postgres: {
    bigIntegerType: 'bigint',
    autoIncrementPrimaryKey: (column: ColumnDefinitionBuilder) => column.generatedByDefaultAsIdentity().primaryKey(),
  },
} as const

/**
 * The webhook outbox (src/webhooks/delivery.ts delivers it) and the log of its attempts. Independent of the
 * resources that enqueue (no foreign key to payments): a delivery names its resource by id only.
 *
 * `webhook_deliveries`: one row per webhook due. `next_attempt_at_ms` (ms since the epoch) is when an attempt is due;
 * NULL once the delivery is finished (delivered, or given up). A claim sets `claimed_by`, `claim_expires_at_ms` and
 * moves `next_attempt_at_ms` to the lease's expiry, so that a lease whose holder died is due again by the same
 * index. `webhook_deliveries_due` holds only unfinished deliveries, in due order: "due now" is a range scan of it.
 *
 * `webhook_attempts`: one row per attempt that reached an outcome, `at_ms` its start, with the HTTP status or the
 * error, and its duration in ms.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const dialect = FROZEN[engineOf(db)]
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('seq', dialect.bigIntegerType, (column) => dialect.autoIncrementPrimaryKey(column))
    .addColumn('id', 'text', (column) => column.notNull().unique())
    .addColumn('organization_id', 'text', (column) => column.notNull().references('organizations.id'))
    .addColumn('mode', 'text', (column) => column.notNull())
    .addColumn('resource_id', 'text', (column) => column.notNull())
    .addColumn('url', 'text', (column) => column.notNull())
    .addColumn('body', 'text', (column) => column.notNull())
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('next_attempt_at_ms', dialect.bigIntegerType)
    .addColumn('claimed_by', 'text')
    .addColumn('claim_expires_at_ms', dialect.bigIntegerType)
    .addColumn('delivered_at', 'text')
    .addColumn('gave_up_at', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute()
  await db.schema
    .createIndex('webhook_deliveries_due')
    .on('webhook_deliveries')
    .columns(['next_attempt_at_ms', 'seq'])
    .where(sql.ref('next_attempt_at_ms'), 'is not', null)
    .execute()
  await db.schema
    .createIndex('webhook_deliveries_resource')
    .on('webhook_deliveries')
    .columns(['resource_id', 'seq'])
    .execute()
  await db.schema
    .createTable('webhook_attempts')
    .addColumn('seq', dialect.bigIntegerType, (column) => dialect.autoIncrementPrimaryKey(column))
    .addColumn('delivery_id', 'text', (column) => column.notNull().references('webhook_deliveries.id'))
    .addColumn('attempt', 'integer', (column) => column.notNull())
    .addColumn('at_ms', dialect.bigIntegerType, (column) => column.notNull())
    .addColumn('url', 'text', (column) => column.notNull())
    .addColumn('status', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (column) => column.notNull())
    .execute()
  await db.schema
    .createIndex('webhook_attempts_delivery')
    .on('webhook_attempts')
    .columns(['delivery_id', 'seq'])
    .execute()
}
