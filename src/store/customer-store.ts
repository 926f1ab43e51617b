import { sql, type Compilable, type Kysely, type Selectable } from 'kysely'
import { changeCustomer, deletionEvent, newCustomer, type NewCustomer } from '../domain/customer.js'
import { newCustomerId } from '../domain/ids.js'
import type { Customer, CustomerEvent, CustomerFields, Locale, Mode } from '../domain/schemas.js'
import type { StoreContext } from './context.js'
import { prepareQuery, type PreparedQuery } from './prepared.js'
import type { CustomersTable, Database, IdempotencyRecordsTable } from './database.js'
import {
  IdempotencyKeyReusedError,
  type CustomerPage,
  type CustomerStore,
  type IdempotencyClaim,
  type ListRequest,
  type Tenant,
  type Written,
} from './store.js'

const CUSTOMER_COLUMNS = ['id', 'mode', 'name', 'email', 'locale', 'metadata', 'created_at'] as const
type CustomerRow = Pick<Selectable<CustomersTable>, (typeof CUSTOMER_COLUMNS)[number]>

/** A row as the domain's customer: the one place where columns become wire names. */
export function toCustomer(row: CustomerRow): Customer {
  return {
    id: row.id,
    mode: row.mode as Mode,
    name: row.name,
    email: row.email,
    locale: row.locale as Locale | null,
    metadata: row.metadata === null ? null : JSON.parse(row.metadata),
    createdAt: row.created_at,
  }
}

function metadataColumn(metadata: Customer['metadata']): string | null {
  return metadata === null ? null : JSON.stringify(metadata)
}

interface Mutation<T> {
  value: T
  status: number
  /** What a replay gives back: the customer as this response carried it, or null for an empty response. */
  snapshot: Customer | null
}

type IdempotencyRecord = Selectable<IdempotencyRecordsTable>

const replayCustomer = (record: IdempotencyRecord): Customer => JSON.parse(record.customer!) as Customer
const replayNothing = (): null => null

export class KyselyCustomerStore implements CustomerStore {
  readonly #context: StoreContext

  constructor(context: StoreContext) {
    this.#context = context
  }

  /** The prepared reads, by variant; each is built and compiled the first time it is needed. */
  readonly #prepared = new Map<string, PreparedQuery<any>>()

  #prepare<Row>(variant: string, build: (p: (index: number) => any) => Compilable<Row>): PreparedQuery<Row> {
    let query = this.#prepared.get(variant)
    if (!query) {
      query = prepareQuery(this.#context.db, this.#context.dialect, build)
      this.#prepared.set(variant, query)
    }
    return query
  }

  /**
   * A tenant's live customers; placeholders 0 and 1 are the organization and the mode, 4 the search pattern
   * when `search` is set.
   */
  #liveCustomers(db: Kysely<Database>, p: (index: number) => any, search: boolean) {
    const query = db
      .selectFrom('customers')
      .where('organization_id', '=', p(0))
      .where('mode', '=', p(1))
      .where('deleted_at', 'is', null)
    return search
      ? query.where(sql<boolean>`(lower(name) like ${p(4)} escape '\\' or lower(email) like ${p(4)} escape '\\')`)
      : query
  }

  async #find(db: Kysely<Database>, tenant: Tenant, id: string, forUpdate = false): Promise<Customer | undefined> {
    if (!isQueryable(id)) return undefined
    if (!forUpdate) {
      const byId = this.#prepare('customer by id', (p) =>
        this.#liveCustomers(this.#context.db, p, false).select(CUSTOMER_COLUMNS).where('id', '=', p(2)),
      )
      const [row] = await byId.run([tenant.organizationId, tenant.mode, id])
      return row && toCustomer(row)
    }
    // Inside a write transaction: on its connection, locking the row where the database can.
    const row = await this.#liveCustomers(db, (index) => [tenant.organizationId, tenant.mode][index], false)
      .select(CUSTOMER_COLUMNS)
      .where('id', '=', id)
      .$if(this.#context.dialect.supportsRowLocks, (query) => query.forUpdate())
      .executeTakeFirst()
    return row && toCustomer(row)
  }

  #insertCustomer() {
    return this.#prepare('insert customer', (p) =>
      this.#context.db.insertInto('customers').values({
        id: p(0),
        organization_id: p(1),
        mode: p(2),
        name: p(3),
        email: p(4),
        locale: p(5),
        metadata: p(6),
        created_at: p(7),
        updated_at: p(7),
      }),
    )
  }

  async #insertEvent(trx: Kysely<Database>, customerId: string, event: CustomerEvent): Promise<void> {
    const insert = this.#prepare('insert event', (p) =>
      this.#context.db
        .insertInto('customer_events')
        .values({ customer_id: p(0), type: p(1), message: p(2), created_at: p(3) }),
    )
    await insert.runIn(trx, [customerId, event.type, event.message, event.createdAt])
  }

  get(tenant: Tenant, id: string): Promise<Customer | undefined> {
    return this.#find(this.#context.db, tenant, id)
  }

  async list(tenant: Tenant, { from, limit, sort, search }: ListRequest): Promise<CustomerPage | undefined> {
    const { db } = this.#context
    const ascending = sort === 'asc'
    const searching = Boolean(search)
    if (from !== undefined && !isQueryable(from)) return undefined
    const withFrom = from !== undefined
    // Placeholders: 0 organization, 1 mode, 2 the limit (one extra for the page: it tells whether a next page
    // exists), 4 the search pattern, 5 the cursor's id.
    const values = [tenant.organizationId, tenant.mode, limit + 1, undefined, searching ? likePattern(search!) : undefined, from]
    // Where the cursor stands, looked up inside each query rather than in a round trip of its own. Tombstones
    // count: the customer a `next` link starts from may have been deleted since.
    const cursor = (p: (index: number) => any) =>
      db.selectFrom('customers').select('seq').where('id', '=', p(5)).where('organization_id', '=', p(0)).where('mode', '=', p(1))
    const pageQuery = this.#prepare(`page ${sort} ${withFrom} ${searching}`, (p) =>
      this.#liveCustomers(db, p, searching)
        .select(CUSTOMER_COLUMNS)
        .$if(withFrom, (query) => query.where('seq', ascending ? '>=' : '<=', cursor(p)))
        .orderBy('seq', ascending ? 'asc' : 'desc')
        .limit(p(2)),
    )
    const rows = await pageQuery.run(values)
    if (withFrom && rows.length === 0 && !(await this.#isCursor(tenant, from!))) return undefined

    const page: CustomerPage = { customers: rows.slice(0, limit).map(toCustomer) }
    if (rows.length > limit) page.nextFrom = rows[limit]!.id
    if (withFrom) {
      // The page before starts `limit` live customers back from ours, counted walking the other way.
      const before = this.#prepare(`before ${sort} ${searching}`, (p) =>
        this.#liveCustomers(db, p, searching)
          .select('id')
          .where('seq', ascending ? '<' : '>', cursor(p))
          .orderBy('seq', ascending ? 'desc' : 'asc')
          .limit(p(2)),
      )
      values[2] = limit
      page.previousFrom = (await before.run(values)).at(-1)?.id
    }
    return page
  }

  /** Whether `id` is a customer of this tenant, live or deleted: asked only when a page from it came back empty. */
  async #isCursor(tenant: Tenant, id: string): Promise<boolean> {
    const cursor = this.#prepare('cursor', (p) =>
      this.#context.db
        .selectFrom('customers')
        .select('seq')
        .where('id', '=', p(2))
        .where('organization_id', '=', p(0))
        .where('mode', '=', p(1)),
    )
    return (await cursor.run([tenant.organizationId, tenant.mode, id])).length > 0
  }

  async events(tenant: Tenant, id: string): Promise<CustomerEvent[] | undefined> {
    const { db } = this.#context
    if (!(await this.#find(db, tenant, id))) return undefined
    const history = this.#prepare('events', (p) =>
      db
        .selectFrom('customer_events')
        .select(['type', 'message', 'created_at'])
        .where('customer_id', '=', p(0))
        .orderBy('seq', 'asc'),
    )
    const rows = await history.run([id])
    return rows.map((row) => ({ type: Number(row.type), message: row.message, createdAt: row.created_at }))
  }

  async create(tenant: Tenant, fields: CustomerFields, claim?: IdempotencyClaim): Promise<Written<Customer>> {
    const written = await this.#write(claim, replayCustomer, async (trx) => {
      const now = this.#context.now()
      const { customer, event } = newCustomer(newCustomerId(), tenant.mode, fields, now)
      await this.#insertCustomer().runIn(trx, [
        customer.id,
        tenant.organizationId,
        customer.mode,
        customer.name,
        customer.email,
        customer.locale,
        metadataColumn(customer.metadata),
        customer.createdAt,
      ])
      await this.#insertEvent(trx, customer.id, event)
      return { value: customer, status: 201, snapshot: customer }
    })
    return written!
  }

  async insertMany(tenant: Tenant, customers: readonly NewCustomer[]): Promise<void> {
    const { db, dialect } = this.#context
    // Rows per INSERT: well under SQLite's and PostgreSQL's bound-parameter limits.
    const batch = 500
    await dialect.writeTransaction(db, async (trx) => {
      for (let start = 0; start < customers.length; start += batch) {
        const slice = customers.slice(start, start + batch)
        await trx
          .insertInto('customers')
          .values(
            slice.map(({ customer }) => ({
              id: customer.id,
              organization_id: tenant.organizationId,
              mode: tenant.mode,
              name: customer.name,
              email: customer.email,
              locale: customer.locale,
              metadata: metadataColumn(customer.metadata),
              created_at: customer.createdAt,
              updated_at: customer.createdAt,
              deleted_at: null,
            })),
          )
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

  update(
    tenant: Tenant,
    id: string,
    changes: CustomerFields,
    claim?: IdempotencyClaim,
  ): Promise<Written<Customer> | undefined> {
    return this.#write(claim, replayCustomer, async (trx) => {
      // Locked until commit, so that concurrent updates apply one after another and each event names what
      // really changed.
      const current = await this.#find(trx, tenant, id, true)
      if (!current) return undefined
      const now = this.#context.now()
      const { customer, event } = changeCustomer(current, changes, now)
      if (event) {
        const change = this.#prepare('update customer', (p) =>
          this.#context.db
            .updateTable('customers')
            .set({ name: p(1), email: p(2), locale: p(3), metadata: p(4), updated_at: p(5) })
            .where('id', '=', p(0)),
        )
        await change.runIn(trx, [
          id,
          customer.name,
          customer.email,
          customer.locale,
          metadataColumn(customer.metadata),
          event.createdAt,
        ])
        await this.#insertEvent(trx, id, event)
      }
      return { value: customer, status: 200, snapshot: customer }
    })
  }

  delete(tenant: Tenant, id: string, claim?: IdempotencyClaim): Promise<Written<null> | undefined> {
    return this.#write(claim, replayNothing, async (trx) => {
      if (!(await this.#find(trx, tenant, id, true))) return undefined
      const event = deletionEvent(this.#context.now())
      await trx
        .updateTable('customers')
        .set({
          name: null,
          email: null,
          locale: null,
          metadata: null,
          updated_at: event.createdAt,
          deleted_at: event.createdAt,
        })
        .where('id', '=', id)
        .execute()
      await this.#insertEvent(trx, id, event)
      return { value: null, status: 204, snapshot: null }
    })
  }

  /**
   * Runs a mutation in one write transaction together with its idempotency record, so that a response is
   * recorded if and only if its change is. A unique violation means another writer won a race (the same key
   * arriving twice at once on PostgreSQL, or a colliding random id); running the transaction again then
   * replays or succeeds.
   */
  async #write<T>(
    claim: IdempotencyClaim | undefined,
    replay: (record: IdempotencyRecord) => T,
    mutate: (trx: Kysely<Database>) => Promise<Mutation<T> | undefined>,
  ): Promise<Written<T> | undefined> {
    const { db, dialect } = this.#context
    for (let attempt = 1; ; attempt++) {
      try {
        return await dialect.writeTransaction(db, async (trx): Promise<Written<T> | undefined> => {
          if (claim) {
            const record = await this.#findRecord(trx, claim)
            if (record) return { value: replay(record), replayed: true }
          }
          const mutation = await mutate(trx)
          if (!mutation) return undefined
          if (claim) {
            const record = this.#prepare('insert idempotency record', (p) =>
              db.insertInto('idempotency_records').values({
                scope: p(0),
                key: p(1),
                fingerprint: p(2),
                status: p(3),
                customer: p(4),
                created_at_ms: p(5),
              }),
            )
            await record.runIn(trx, [
              claim.scope,
              claim.key,
              claim.fingerprint,
              mutation.status,
              mutation.snapshot && JSON.stringify(mutation.snapshot),
              this.#context.now().getTime(),
            ])
          }
          return { value: mutation.value, replayed: false }
        })
      } catch (error) {
        if (attempt < 3 && dialect.isUniqueViolation(error)) continue
        throw error
      }
    }
  }

  async #findRecord(trx: Kysely<Database>, claim: IdempotencyClaim): Promise<IdempotencyRecord | undefined> {
    const lookup = this.#prepare('idempotency record', (p) =>
      this.#context.db.selectFrom('idempotency_records').selectAll().where('scope', '=', p(0)).where('key', '=', p(1)),
    )
    const [record] = await lookup.runIn(trx, [claim.scope, claim.key])
    if (!record) return undefined
    const { now, idempotencyRetentionMs } = this.#context
    if (Number(record.created_at_ms) < now().getTime() - idempotencyRetentionMs) {
      // Expired: the key is free for a new request.
      await trx.deleteFrom('idempotency_records').where('scope', '=', claim.scope).where('key', '=', claim.key).execute()
      return undefined
    }
    if (record.fingerprint !== claim.fingerprint) throw new IdempotencyKeyReusedError()
    return record
  }
}

/** A LIKE pattern matching `search` anywhere, with LIKE's own wildcards taken literally; ignores case. */
function likePattern(search: string): string {
  return `%${search.replaceAll('\u0000', '').toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`
}

/** Text that can be a key: no stored id holds NUL, and PostgreSQL refuses NUL in text outright. */
function isQueryable(text: string): boolean {
  return !text.includes('\u0000')
}

