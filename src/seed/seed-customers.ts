/**
 * Bulk seeding: fills a tenant with realistic customers through the store, for `clientele seed`, demos and the
 * benchmark. Customers are made by the domain (newCustomer) exactly as the API makes them, each with its
 * `created` event, and stored in batches of one transaction each.
 */
import { newCustomer, type NewCustomer } from '../domain/customer.js'
import { newCustomerId } from '../domain/ids.js'
import type { Store, Tenant } from '../store/store.js'
import { randomCustomerFields } from './random-customer-fields.js'
import type { RandomSource } from './seeded-random.js'

export interface SeedProgress {
  /** Customers stored so far, this batch included. */
  inserted: number
  total: number
  elapsedMs: number
  /** The customers just committed, in insertion order: for callers that keep ids or a sample. */
  batch: readonly NewCustomer[]
}

export interface SeedOptions {
  /** Customers per transaction. Default 5,000: larger batches gain little and hold the write lock longer. */
  batchSize?: number
  /**
   * Where names, emails, locales, metadata and timestamps come from. Default Math.random; pass
   * createSeededRandom(seed) for the same customers on every run. Ids always come from newCustomerId(), so seeding
   * the same database twice never collides.
   */
  random?: RandomSource
  /** When the last customer was created. Default: now. */
  until?: Date
  /** How far back the first customer was created. Default: 365 days before `until`. */
  since?: Date
  /** Called after each committed batch. */
  onProgress?: (progress: SeedProgress) => void
}

export interface SeedResult {
  inserted: number
  elapsedMs: number
}

/**
 * When the period of a seeded run (`clientele seed --seed S`) ends: a fixed moment, not now, so that the same
 * seed gives the same customers, `createdAt` included, on every run and every day. Its customers are created in
 * the year before it.
 */
export const SEEDED_PERIOD_END = new Date('2026-01-01T00:00:00Z')

const DEFAULT_BATCH_SIZE = 5000
const DAY_MS = 24 * 60 * 60 * 1000

/**
 * Inserts `count` new customers for `tenant`, in order of `createdAt` (lists are ordered by insertion, so the
 * timestamps rise with it). Sign-ups grow over the period, as a growing shop's do: the rate at the end is about
 * twice the average. A failed batch rejects the promise; the batches committed before it stay.
 */
export async function seedCustomers(
  store: Store,
  tenant: Tenant,
  count: number,
  options: SeedOptions = {},
): Promise<SeedResult> {
  const { batchSize = DEFAULT_BATCH_SIZE, random = Math.random, onProgress } = options
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`count must be a whole number ≥ 0, not ${count}`)
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a whole number ≥ 1, not ${batchSize}`)
  const untilMs = (options.until ?? new Date()).getTime()
  const sinceMs = options.since?.getTime() ?? untilMs - 365 * DAY_MS
  if (!(sinceMs <= untilMs)) throw new RangeError('since must not be later than until')
  const spanMs = untilMs - sinceMs

  const started = performance.now()
  const batchAt = (start: number): NewCustomer[] => {
    const size = Math.min(batchSize, count - start)
    const batch = new Array<NewCustomer>(size)
    for (let offset = 0; offset < size; offset++) {
      // Customer i lands at a random moment of its own slot of the period: later customers are never older.
      // The square root turns evenly spread slots into a linearly rising sign-up rate.
      const position = (start + offset + random()) / count
      const createdAt = new Date(sinceMs + Math.floor(spanMs * Math.sqrt(position)))
      batch[offset] = newCustomer(newCustomerId(), tenant.mode, randomCustomerFields(random), createdAt)
    }
    return batch
  }

  let inserted = 0
  let batch = count > 0 ? batchAt(0) : []
  while (batch.length > 0) {
    // The next batch is generated while this one is written: that overlaps on a networked database, and costs
    // nothing on SQLite, whose driver writes synchronously.
    const writing = store.customers.insertMany(tenant, batch)
    const next = inserted + batch.length < count ? batchAt(inserted + batch.length) : []
    await writing
    inserted += batch.length
    onProgress?.({ inserted, total: count, elapsedMs: performance.now() - started, batch })
    batch = next
  }
  return { inserted, elapsedMs: performance.now() - started }
}
