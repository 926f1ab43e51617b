/**
 * Migrations are code, provided in-process (a fresh clone or an installed package has no migration folder to
 * scan). Names sort in the order they run; a shipped migration is never edited, only followed by a new one, and
 * none depends on the live StoreDialect (see engine.ts).
 */
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely'
import { engineOf } from './engine.js'
import type { Database } from '../database.js'
import * as customers from './0001-customers.js'
import * as settings from './0002-settings.js'
import * as listOrderAndSearch from './0003-list-order-and-search.js'
import * as mandates from './0004-mandates.js'
import * as payments from './0005-payments.js'
import * as webhookDeliveries from './0006-webhook-deliveries.js'
import * as subscriptions from './0007-subscriptions.js'
import * as testClocks from './0008-test-clocks.js'

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-customers': { up: customers.up },
  '0002-settings': { up: settings.up },
  '0003-list-order-and-search': { up: listOrderAndSearch.up },
  '0004-mandates': { up: mandates.up },
  '0005-payments': { up: payments.up },
  '0006-webhook-deliveries': { up: webhookDeliveries.up },
  '0007-subscriptions': { up: subscriptions.up },
  '0008-test-clocks': { up: testClocks.up },
}

/**
 * Brings the schema up to date. Kysely's migrator takes the dialect's migration lock (an advisory lock on
 * PostgreSQL), so instances starting together migrate once.
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS }
  // On PostgreSQL the migrator is told its schema: without it, Kysely takes a migration table of the same name in
  // any other schema of the database for its own, and never creates the one of this schema.
  const migrationTableSchema =
    engineOf(db) === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'clientele_migrations',
    migrationLockTableName: 'clientele_migrations_lock',
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((result) => result.status === 'Error')
  if (error) {
    const name = failed ? ` (${failed.migrationName})` : ''
    throw new Error(`Database migration failed${name}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    })
  }
}
