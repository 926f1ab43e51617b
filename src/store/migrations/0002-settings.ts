import type { Kysely } from 'kysely'

/** Named values shared by all instances on one database (the dashboard's session secret, say). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('settings')
    .addColumn('name', 'text', (column) => column.primaryKey())
    .addColumn('value', 'text', (column) => column.notNull())
    .execute()
}
