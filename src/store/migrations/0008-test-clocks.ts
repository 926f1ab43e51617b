import type { Kysely } from 'kysely'
import { engineOf } from './engine.js'

/** Frozen: the DDL of this migration per engine, stated here and never asked of the live StoreDialect. */
const FROZEN = {
  sqlite: { bigIntegerType: 'integer' },
  postgres: { bigIntegerType: 'bigint' },
} as const

/**
 * The test clocks (issue 17): one row per organization whose test-mode clock was advanced. The clock is the real
 * time plus `offset_ms` (ms, never negative: it only moves forward), so it keeps ticking after an advance; an
 * organization without a row runs on real time, as live mode always does.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const dialect = FROZEN[engineOf(db)]
  await db.schema
    .createTable('test_clocks')
    .addColumn('organization_id', 'text', (column) => column.primaryKey().references('organizations.id'))
    .addColumn('offset_ms', dialect.bigIntegerType, (column) => column.notNull())
    .execute()
}
