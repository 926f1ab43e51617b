/**
 * Customers in the database: the queries are customer-queries.ts (all compiled when the store opens), the row
 * mapping customer-row.ts; here are the transaction boundaries, idempotency, and how a page is put together.
 */
import type { Kysely } from 'kysely'
import { changeCustomer, deletionEvent, newCustomer, type NewCustomer } from '../domain/customer.js'
import { newCustomerId } from '../domain/ids.js'
import { checkCustomerFieldRules } from '../domain/validation.js'
import type { Customer, CustomerEvent, CustomerFields } from '../domain/schemas.js'
import type { StoreContext } from './context.js'
import { isQueryable } from './queryable.js'
import { prepareCustomerQueries, type CustomerQueries, type PageParams, type SearchVariant } from './customer-queries.js'
import { customerRow, toCustomer } from './customer-row.js'
import type { Database } from './database.js'
import { idempotentWrite, replaySnapshot, type IdempotencyRecord, type Mutation } from './idempotent-write.js'
import type { SearchIndex } from './dialect.js'
import { likePattern, type SearchBounds } from './search.js'
import {
  type CustomerPage,
  type CustomerStore,
  type IdempotencyClaim,
  type ListRequest,
  type SortOrder,
  type Tenant,
  type Written,
} from './store.js'

const replayCustomer = (record: IdempotencyRecord): Customer => replaySnapshot<Customer>(record)
const replayNothing = (): null => null

/**
 * What else a customer's deletion does, in its transaction: the mandate store revokes the customer's mandates
 * (spec `delete-customer`: "All mandates and subscriptions created for this customer will be canceled as well").
 */
export type DeletionCascade = (trx: Kysely<Database>, customerId: string, at: string) => Promise<void>

/** How a search runs: its variant and the parameters that variant takes. */
type SearchPlan = { variant: SearchVariant } & Pick<PageParams, 'term' | 'probe' | 'window'>

export class KyselyCustomerStore implements CustomerStore {
  readonly #context: StoreContext
  readonly #queries: CustomerQueries
  readonly #searchIndex: SearchIndex | undefined
  readonly #searchBounds: SearchBounds
  readonly #cascade: DeletionCascade | undefined

  /** Compiles every query: a broken one throws here, so when the store opens. */
  constructor(
    context: StoreContext,
    searchIndex: SearchIndex | undefined,
    searchBounds: SearchBounds,
    cascade?: DeletionCascade,
  ) {
    this.#context = context
    this.#cascade = cascade
    this.#searchIndex = searchIndex
    this.#searchBounds = searchBounds
    this.#queries = prepareCustomerQueries(context.db, context.dialect, searchIndex)
  }

  async #find(tenant: Tenant, id: string, trx?: Kysely<Database>): Promise<Customer | undefined> {
    if (!isQueryable(id)) return undefined
    const params = { organizationId: tenant.organizationId, mode: tenant.mode, id }
    // Inside a write transaction: on its connection, locking the row where the database can.
    const [row] = trx ? await this.#queries.byIdForUpdate.runIn(trx, params) : await this.#queries.byId.run(params)
    return row && toCustomer(row)
  }

  get(tenant: Tenant, id: string): Promise<Customer | undefined> {
    return this.#find(tenant, id)
  }

  async list(tenant: Tenant, { from, limit, sort, search }: ListRequest): Promise<CustomerPage | undefined> {
    if (from !== undefined && !isQueryable(from)) return undefined
    const { variant, ...searchParams } = await this.#planSearch(search)
    const params: PageParams = { organizationId: tenant.organizationId, mode: tenant.mode, from, ...searchParams, limit }
    const scanning = variant === 'scan'
    const window = this.#searchBounds.scanRows
    // One row more than the page: it tells whether a next page exists, and where it starts.
    const rows = await this.#queries.page[sort][from === undefined ? 'first' : 'from'][variant].run({
      ...params,
      limit: limit + 1,
      window,
    })
    if (from !== undefined && rows.length === 0 && !(await this.#isCursor(tenant, from))) return undefined

    const page: CustomerPage = { customers: rows.slice(0, limit).map(toCustomer) }
    // A scan that ended before the page filled stopped at a row: the next page starts there.
    const nextFrom = rows[limit]?.id ?? (scanning ? (await this.#scanStop(params, sort, 'on', window))[0]?.id : undefined)
    if (nextFrom !== undefined) page.nextFrom = nextFrom
    if (from !== undefined) {
      // The `limit`-th match back; or, when a scan back stopped first, the last row it walked (a page from there
      // walks forward to just before ours).
      const before = await this.#queries.before[sort][variant].run({ ...params, window })
      const stopped = scanning && before.length < limit ? await this.#scanStop(params, sort, 'back', window - 1) : []
      page.previousFrom = stopped.length === 2 ? stopped[0]!.id : before.at(-1)?.id
    }
    return page
  }

  /** The rows `window` and `window + 1` rows into a walk from the cursor (or the start) in list order or back. */
  #scanStop(params: PageParams, sort: SortOrder, way: 'on' | 'back', window: number) {
    if (way === 'on') return this.#queries.scanStop[sort][params.from === undefined ? 'first' : 'from'].run({ ...params, window })
    // Back from the cursor: the walk the other way, starting past the cursor.
    return this.#queries.scanStop[sort === 'asc' ? 'desc' : 'asc'].pastFrom.run({ ...params, window })
  }

  /** Index when there is one, the text is long enough and the index finds few enough candidates; else scan. */
  async #planSearch(search: string | undefined): Promise<SearchPlan> {
    if (!search) return { variant: 'none' }
    const index = this.#searchIndex
    if (index && this.#queries.probe && [...search.replaceAll('\u0000', '')].length >= index.minimumLength) {
      const term = index.term(search)
      const { probeLimit } = this.#searchBounds
      const [counted] = await this.#queries.probe.run({ term, probe: probeLimit + 1 })
      if (Number(counted?.hits) <= probeLimit) return { variant: 'index', term, probe: probeLimit + 1 }
    }
    return { variant: 'scan', term: likePattern(search) }
  }

  /** Whether `id` is a customer of this tenant, live or deleted: asked only when a page from it came back empty. */
  async #isCursor(tenant: Tenant, id: string): Promise<boolean> {
    const rows = await this.#queries.cursor.run({ organizationId: tenant.organizationId, mode: tenant.mode, id })
    return rows.length > 0
  }

  async events(tenant: Tenant, id: string): Promise<CustomerEvent[] | undefined> {
    if (!(await this.#find(tenant, id))) return undefined
    const rows = await this.#queries.events.run({ customerId: id })
    return rows.map((row) => ({ type: Number(row.type) as CustomerEvent['type'], message: row.message, createdAt: row.created_at }))
  }

  #insertEvent(trx: Kysely<Database>, customerId: string, event: CustomerEvent): Promise<unknown> {
    return this.#queries.insertEvent.runIn(trx, { customerId, ...event })
  }

  /** Throws FieldError for invalid `fields`, before any transaction opens. */
  async create(tenant: Tenant, fields: CustomerFields, claim?: IdempotencyClaim): Promise<Written<Customer>> {
    checkCustomerFieldRules(fields)
    const written = await this.#write(claim, replayCustomer, async (trx) => {
      const now = await this.#context.nowFor(tenant, trx)
      const { customer, event } = newCustomer(newCustomerId(), tenant.mode, fields, now)
      await this.#queries.insertCustomer.runIn(trx, customerRow(tenant.organizationId, customer))
      await this.#insertEvent(trx, customer.id, event)
      return { value: customer, status: 201, snapshot: customer }
    })
    return written!
  }

  async insertMany(tenant: Tenant, customers: readonly NewCustomer[]): Promise<void> {
    const { db, dialect } = this.#context
    // Rows per INSERT: well under SQLite's and PostgreSQL's bound-parameter limits.
    const batch = 500
    await dialect.driver.writeTransaction(db, async (trx) => {
      for (let start = 0; start < customers.length; start += batch) {
        const slice = customers.slice(start, start + batch)
        await trx
          .insertInto('customers')
          .values(slice.map(({ customer }) => customerRow(tenant.organizationId, customer)))
          .execute()
        await trx
          .insertInto('customer_events')
          .values(
            slice.map(({ customer, event }) => ({
              customer_id: customer.id,
              type: event.type,
              message: event.message,
              created_at: event.createdAt,
            })),
          )
          .execute()
      }
    })
  }

  /** Throws FieldError for invalid `changes`, before any transaction opens. */
  async update(
    tenant: Tenant,
    id: string,
    changes: CustomerFields,
    claim?: IdempotencyClaim,
  ): Promise<Written<Customer> | undefined> {
    checkCustomerFieldRules(changes)
    return this.#write(claim, replayCustomer, async (trx) => {
      // Locked until commit, so that concurrent updates apply one after another and each event names what
      // really changed.
      const current = await this.#find(tenant, id, trx)
      if (!current) return undefined
      const now = await this.#context.nowFor(tenant, trx)
      const { customer, event } = changeCustomer(current, changes, now)
      if (event) {
        await this.#queries.updateCustomer.runIn(
          trx,
          customerRow(tenant.organizationId, customer, { updatedAt: event.createdAt }),
        )
        await this.#insertEvent(trx, id, event)
      }
      return { value: customer, status: 200, snapshot: customer }
    })
  }

  delete(tenant: Tenant, id: string, claim?: IdempotencyClaim): Promise<Written<null> | undefined> {
    return this.#write(claim, replayNothing, async (trx) => {
      if (!(await this.#find(tenant, id, trx))) return undefined
      const event = deletionEvent(await this.#context.nowFor(tenant, trx))
      await this.#cascade?.(trx, id, event.createdAt)
      await this.#queries.eraseCustomer.runIn(trx, { id, deletedAt: event.createdAt })
      await this.#insertEvent(trx, id, event)
      return { value: null, status: 204, snapshot: null }
    })
  }

  #write<T>(
    claim: IdempotencyClaim | undefined,
    replay: (record: IdempotencyRecord) => T,
    mutate: (trx: Kysely<Database>) => Promise<Mutation<T> | undefined>,
  ): Promise<Written<T> | undefined> {
    return idempotentWrite(this.#context, this.#queries, claim, replay, mutate)
  }
}

