import type { Kysely } from 'kysely'
import type { Database } from './database.js'
import type { StoreDialect } from './dialect.js'
import type { Tenant } from './store.js'

/** What the parts of the Kysely store share. */
export interface StoreContext {
  readonly db: Kysely<Database>
  readonly dialect: StoreDialect
  /** The clock; injectable so tests can control timestamps. */
  readonly now: () => Date
  /**
   * The tenant's time, for what a write stamps (createdAt, paidAt, events, expiry) and today's date rules: `now()`
   * in live mode, without a query; in test mode the organization's test clock (clock-store.ts), read with `trx`
   * inside a write so that the time is the transaction's.
   */
  readonly nowFor: (tenant: Tenant, trx?: Kysely<Database>) => Promise<Date>
  /** How long an idempotency key is honoured, in ms. */
  readonly idempotencyRetentionMs: number
}
