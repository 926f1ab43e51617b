import { sql, type Kysely } from 'kysely'
import { engineOf } from './engine.js'

/**
 * Lists follow `createdAt` (ties by `seq`), and the customer search has an index.
 *
 * - `customers_live_tenant_created` (organization, mode, created_at, seq), live rows only: every page, whatever
 *   its depth and direction, is a range scan of it; it replaces `customers_live_tenant_seq` (insertion order).
 * - SQLite: `customers_search`, an FTS5 table with the trigram tokenizer over name and email (case folded), its
 *   content read from `customers` (rowid = seq) and kept up to date by triggers.
 * - PostgreSQL: GIN trigram indexes on lower(name) and lower(email), where the pg_trgm extension exists or can be
 *   created (PGlite, or a role without the right, cannot): without them the store searches by bounded scans.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('customers_live_tenant_created')
    .on('customers')
    .columns(['organization_id', 'mode', 'created_at', 'seq'])
    .where(sql.ref('deleted_at'), 'is', null)
    .execute()
  await db.schema.dropIndex('customers_live_tenant_seq').execute()

  if (engineOf(db) === 'sqlite') {
    await sql`create virtual table customers_search using fts5(
      name, email, content = 'customers', content_rowid = 'seq', tokenize = 'trigram case_sensitive 0'
    )`.execute(db)
    await sql`create trigger customers_search_insert after insert on customers begin
      insert into customers_search (rowid, name, email) values (new.seq, new.name, new.email);
    end`.execute(db)
    await sql`create trigger customers_search_delete after delete on customers begin
      insert into customers_search (customers_search, rowid, name, email) values ('delete', old.seq, old.name, old.email);
    end`.execute(db)
    await sql`create trigger customers_search_update after update of name, email on customers begin
      insert into customers_search (customers_search, rowid, name, email) values ('delete', old.seq, old.name, old.email);
      insert into customers_search (rowid, name, email) values (new.seq, new.name, new.email);
    end`.execute(db)
    await sql`insert into customers_search (customers_search) values ('rebuild')`.execute(db)
    return
  }

  const schema = (await trigramSchema(db)) ?? (await createTrigramExtension(db))
  if (schema === undefined) return
  const operatorClass = sql.raw(`${quoteIdentifier(schema)}.gin_trgm_ops`)
  await sql`create index customers_search_name on customers using gin (lower(name) ${operatorClass})`.execute(db)
  await sql`create index customers_search_email on customers using gin (lower(email) ${operatorClass})`.execute(db)
}

/** The schema pg_trgm is installed in, if it is. */
async function trigramSchema(db: Kysely<any>): Promise<string | undefined> {
  const { rows } = await sql<{ schema: string }>`
    select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'
  `.execute(db)
  return rows[0]?.schema
}

/**
 * Installs pg_trgm in `public` (shared by every schema of the database, so that no schema's drop takes it away
 * from another's indexes), else in the current schema; undefined when neither works. Each attempt runs in a
 * savepoint: the migration's transaction survives a refusal.
 */
async function createTrigramExtension(db: Kysely<any>): Promise<string | undefined> {
  for (const target of [sql`with schema public`, sql``]) {
    await sql`savepoint clientele_pg_trgm`.execute(db)
    try {
      await sql`create extension if not exists pg_trgm ${target}`.execute(db)
      await sql`release savepoint clientele_pg_trgm`.execute(db)
      return trigramSchema(db)
    } catch {
      await sql`rollback to savepoint clientele_pg_trgm`.execute(db)
      await sql`release savepoint clientele_pg_trgm`.execute(db)
    }
  }
  return undefined
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}
