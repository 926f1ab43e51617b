import type { Kysely } from 'kysely'
import type { Database } from './database.js'
import type { StoreDialect } from './dialect.js'

/** What the parts of the Kysely store share. */
export interface StoreContext {
  readonly db: Kysely<Database>
  readonly dialect: StoreDialect
  /** The clock; injectable so tests can control timestamps. */
  readonly now: () => Date
  /** How long an idempotency key is honoured, in ms. */
  readonly idempotencyRetentionMs: number
}
