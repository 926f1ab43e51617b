/**
 * Request budgets, per process and in memory (with WORKERS or several instances the effective limits are the sums of
 * theirs):
 *
 * - **One budget per credential**, shared by the API (`/v2`, `/_clientele` helpers) and the dashboard pages of a
 *   session signed in with that credential, counted in **cost units**, not requests. `RATE_LIMIT_PER_SECOND` units
 *   flow in per second, and at most one second's worth is kept (a burst of one second). A request is charged in the
 *   `onRequest` hook right after authentication, before its body is read, so a throttled client's body is never
 *   parsed; a request that does not fit gets 429 with `Retry-After` (Mollie's body on the API, a page on the
 *   dashboard).
 * - **One budget per client address for refused keys** (`ADDRESS_LIMIT_PER_SECOND`): every 401 costs its address one
 *   unit; while an address has none left, its requests get 429 before any key lookup (each unknown key is a database
 *   query), except with a key that authenticated in this process lately, so that one bad client behind a shared
 *   address does not lock out the working ones. Each such 429 costs a unit too (down to one second's worth of
 *   debt): an address that keeps flooding stays refused until it pauses.
 *
 * The costs (`COSTS`), relative to a read of one resource. `npm run bench -- --abuse` measures the server's CPU per
 * answer: a page of 250 customers takes about 10 reads' worth (≈ 6 ms against ≈ 0.6 ms on the 2-core VM here,
 * busy), most of it serializing the items. A page is charged more than that, about 50 reads, because it holds the one
 * event loop for its whole 6 ms at a stretch: at 10 reads a page, one key's default budget buys ~100 pages a second,
 * the loop busy with them most of the time and every other tenant's p99 as long as a page; at 51, ~20.
 * - **read** (`GET` of one customer, mandate or payment; a dashboard page of one): 1. One indexed lookup, one small
 *   serialization.
 * - **list page**: 1 up front, like a read, and 1 per 5 items it returned once it is answered (`chargeListed`), so
 *   a page of 250 costs 51, Mollie's default page of 50 costs 11, and a `limit=250` that finds 3 costs 1.6. The
 *   items are charged after the answer, into debt (of at most one second's worth), so the next request waits.
 * - **write** (`POST`, `PATCH`, `DELETE`; a dashboard form): 3. One write transaction with the row, its event and
 *   the idempotency record, and a commit (on SQLite, the one writer every tenant shares).
 *
 * A request that costs more than the whole budget (a write under a budget of 2) is let through when the budget is
 * full and leaves it in debt, so that a small budget slows a client down rather than refusing an operation forever.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { LruMap } from 'toad-cache'

declare module 'fastify' {
  interface FastifyRequest {
    /** How many items the request's answer lists (a list page's `count`), charged once it is answered. */
    listedItems: number
  }
}

export const COSTS = {
  read: 1,
  write: 3,
  /** A list page costs, beyond its read, one unit per this many items it returned. */
  itemsPerUnit: 5,
} as const

/** What a request costs up front, from its method alone: known before the route runs or the body arrives. */
export function costOf(method: string): number {
  return method === 'GET' || method === 'HEAD' ? COSTS.read : COSTS.write
}

/** What listing `items` items costs beyond the request's own cost. */
export function listedCost(items: number): number {
  return items / COSTS.itemsPerUnit
}

/**
 * Charges every answered request of the scope that listed items (`request.listedItems`, set by the route or, for a
 * HAL list, from its `count`) to the budget of `keyOf(request)`, after the answer: a page of 250 leaves the budget
 * 50 units lower, into debt if need be. Nothing when `budget` is off.
 */
export function chargeListed(app: FastifyInstance, budget: Budget | undefined, keyOf: (request: FastifyRequest) => string | undefined): void {
  app.decorateRequest('listedItems', 0)
  if (!budget) return
  app.addHook('preSerialization', async (request, _reply, payload) => {
    const list = payload as { count?: unknown; _embedded?: unknown } | null
    if (request.method === 'GET' && typeof list?.count === 'number' && list._embedded !== undefined) request.listedItems = list.count
    return payload
  })
  app.addHook('onResponse', async (request) => {
    const key = request.listedItems > 0 ? keyOf(request) : undefined
    if (key !== undefined) budget.charge(key, listedCost(request.listedItems))
  })
}

/** A token bucket per key: `perSecond` units flow in per second, at most `perSecond` are kept. */
export class Budget {
  readonly perSecond: number
  /** Least recently used keys go first when full: a flood of new keys cannot grow it without bound. */
  readonly #buckets = new LruMap<{ units: number; at: number }>(100_000)
  readonly #now: () => number

  constructor(perSecond: number, now: () => number = () => performance.now()) {
    this.perSecond = perSecond
    this.#now = now
  }

  #bucket(key: string): { units: number; at: number } {
    const now = this.#now()
    const bucket = this.#buckets.get(key)
    if (!bucket) {
      const fresh = { units: this.perSecond, at: now }
      this.#buckets.set(key, fresh)
      return fresh
    }
    bucket.units = Math.min(this.perSecond, bucket.units + ((now - bucket.at) * this.perSecond) / 1000)
    bucket.at = now
    return bucket
  }

  /**
   * Takes `cost` units from `key`'s budget: undefined when they were taken, else the whole seconds to wait before
   * the request would fit (nothing is taken then).
   */
  take(key: string, cost: number): number | undefined {
    const bucket = this.#bucket(key)
    const needed = Math.min(cost, this.perSecond)
    if (bucket.units + 1e-9 < needed) return this.#secondsUntil(bucket.units, needed)
    bucket.units -= cost
    return undefined
  }

  /** Charges `cost` units whatever is left: the budget goes into debt, of at most one second's worth. */
  charge(key: string, cost: number): void {
    const bucket = this.#bucket(key)
    bucket.units = Math.max(-this.perSecond, bucket.units - cost)
  }

  /** undefined while `key` has at least one unit left, else the whole seconds until it has. */
  waitFor(key: string): number | undefined {
    const bucket = this.#bucket(key)
    return bucket.units >= 1 ? undefined : this.#secondsUntil(bucket.units, 1)
  }

  #secondsUntil(units: number, needed: number): number {
    return Math.max(1, Math.ceil((needed - units) / this.perSecond))
  }
}

/** The budgets of one application; either may be off (undefined). */
export interface RequestLimits {
  /** Cost units per credential, API and dashboard together. */
  budget: Budget | undefined
  /** Refused keys per client address. */
  addresses: Budget | undefined
}

/** `perSecond` and `addressPerSecond` 0 switch their limit off. */
export function createRequestLimits(perSecond: number, addressPerSecond: number): RequestLimits {
  return {
    budget: perSecond > 0 ? new Budget(perSecond) : undefined,
    addresses: addressPerSecond > 0 ? new Budget(addressPerSecond) : undefined,
  }
}
