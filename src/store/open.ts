/**
 * DATABASE_URL → a Store. The URL's scheme is the one place where a dialect is chosen by name.
 */
import { openStore, type StoreOptions } from './kysely-store.js'
import { PostgresStoreDialect, type PostgresOptions } from './postgres.js'
import { SqliteStoreDialect } from './sqlite.js'
import type { Store } from './store.js'

export class DatabaseUrlError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DatabaseUrlError'
  }
}

export interface OpenOptions extends StoreOptions, Omit<PostgresOptions, 'connectionString'> {}

/**
 * `sqlite:<path>` (relative to the working directory; `sqlite:///abs/path` also works) or `sqlite::memory:`.
 */
export function sqliteFilename(databaseUrl: string): string | undefined {
  if (!databaseUrl.startsWith('sqlite:')) return undefined
  let path = databaseUrl.slice('sqlite:'.length)
  if (path.startsWith('//')) path = path.slice(2)
  if (path === '') throw new DatabaseUrlError("DATABASE_URL 'sqlite:' needs a file, e.g. sqlite:./data/clientele.sqlite")
  return path
}

export function isPostgresUrl(databaseUrl: string): boolean {
  return /^postgres(ql)?:\/\//.test(databaseUrl)
}

export async function openStoreFromUrl(databaseUrl: string, options: OpenOptions = {}): Promise<Store> {
  const filename = sqliteFilename(databaseUrl)
  if (filename !== undefined) return openStore(new SqliteStoreDialect({ filename }), options)
  if (isPostgresUrl(databaseUrl)) {
    return openStore(new PostgresStoreDialect({ ...options, connectionString: databaseUrl }), options)
  }
  throw new DatabaseUrlError(
    `DATABASE_URL '${redact(databaseUrl)}' is not supported: use sqlite:<file>, sqlite::memory: or postgres://….`,
  )
}

/** The URL without its password, for messages. */
export function redact(databaseUrl: string): string {
  return databaseUrl.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@')
}
