import { sql, type Kysely, type Selectable } from 'kysely'
import { changeCustomer, deletionEvent, newCustomer, type NewCustomer } from '../domain/customer.js'
import { newCustomerId } from '../domain/ids.js'
import type { Customer, CustomerEvent, CustomerFields, Locale, Mode } from '../domain/schemas.js'
import type { StoreContext } from './context.js'
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

function toCustomer(row: CustomerRow): Customer {
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

  #liveCustomers(db: Kysely<Database>, tenant: Tenant, search?: string) {
    let query = db
      .selectFrom('customers')
      .where('organization_id', '=', tenant.organizationId)
      .where('mode', '=', tenant.mode)
      .where('deleted_at', 'is', null)
    if (search) {
      const pattern = `%${search.replaceAll('\u0000', '').toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`
      query = query.where(
        sql<boolean>`(lower(name) like ${pattern} escape '\\' or lower(email) like ${pattern} escape '\\')`,
      )
    }
    return query
  }

  async #find(db: Kysely<Database>, tenant: Tenant, id: string, forUpdate = false): Promise<Customer | undefined> {
    if (!isQueryable(id)) return undefined
    const row = await this.#liveCustomers(db, tenant)
      .select(CUSTOMER_COLUMNS)
      .where('id', '=', id)
      .$if(forUpdate && this.#context.dialect.supportsRowLocks, (query) => query.forUpdate())
      .executeTakeFirst()
    return row && toCustomer(row)
  }

  get(tenant: Tenant, id: string): Promise<Customer | undefined> {
    return this.#find(this.#context.db, tenant, id)
  }

  async list(tenant: Tenant, { from, limit, sort, search }: ListRequest): Promise<CustomerPage | undefined> {
    const { db } = this.#context
    const ascending = sort === 'asc'
    let fromSeq: number | undefined
    if (from !== undefined) {
      if (!isQueryable(from)) return undefined
      // Tombstones count: the customer a `next` link starts from may have been deleted since.
      const cursor = await db
        .selectFrom('customers')
        .select('seq')
        .where('id', '=', from)
        .where('organization_id', '=', tenant.organizationId)
        .where('mode', '=', tenant.mode)
        .executeTakeFirst()
      if (!cursor) return undefined
      fromSeq = Number(cursor.seq)
    }

    let pageQuery = this.#liveCustomers(db, tenant, search).select(CUSTOMER_COLUMNS)
    if (fromSeq !== undefined) pageQuery = pageQuery.where('seq', ascending ? '>=' : '<=', fromSeq)
    const rows = await pageQuery
      .orderBy('seq', ascending ? 'asc' : 'desc')
      .limit(limit + 1)
      .execute()

    const page: CustomerPage = { customers: rows.slice(0, limit).map(toCustomer) }
    if (rows.length > limit) page.nextFrom = rows[limit]!.id
    if (fromSeq !== undefined) {
      // The page before starts `limit` live customers back from ours, counted walking the other way.
      const before = await this.#liveCustomers(db, tenant, search)
        .select('id')
        .where('seq', ascending ? '<' : '>', fromSeq)
        .orderBy('seq', ascending ? 'desc' : 'asc')
        .limit(limit)
        .execute()
      page.previousFrom = before.at(-1)?.id
    }
    return page
  }

  async events(tenant: Tenant, id: string): Promise<CustomerEvent[] | undefined> {
    const { db } = this.#context
    if (!(await this.#find(db, tenant, id))) return undefined
    const rows = await db
      .selectFrom('customer_events')
      .select(['type', 'message', 'created_at'])
      .where('customer_id', '=', id)
      .orderBy('seq', 'asc')
      .execute()
    return rows.map((row) => ({ type: Number(row.type), message: row.message, createdAt: row.created_at }))
  }

  async create(tenant: Tenant, fields: CustomerFields, claim?: IdempotencyClaim): Promise<Written<Customer>> {
    const written = await this.#write(claim, replayCustomer, async (trx) => {
      const now = this.#context.now()
      const { customer, event } = newCustomer(newCustomerId(), tenant.mode, fields, now)
      await trx
        .insertInto('customers')
        .values({
          id: customer.id,
          organization_id: tenant.organizationId,
          mode: customer.mode,
          name: customer.name,
          email: customer.email,
          locale: customer.locale,
          metadata: metadataColumn(customer.metadata),
          created_at: customer.createdAt,
          updated_at: customer.createdAt,
          deleted_at: null,
        })
        .execute()
      await insertEvent(trx, customer.id, event)
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
        await trx
          .updateTable('customers')
          .set({
            name: customer.name,
            email: customer.email,
            locale: customer.locale,
            metadata: metadataColumn(customer.metadata),
            updated_at: event.createdAt,
          })
          .where('id', '=', id)
          .execute()
        await insertEvent(trx, id, event)
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
      await insertEvent(trx, id, event)
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
            await trx
              .insertInto('idempotency_records')
              .values({
                scope: claim.scope,
                key: claim.key,
                fingerprint: claim.fingerprint,
                status: mutation.status,
                customer: mutation.snapshot && JSON.stringify(mutation.snapshot),
                created_at_ms: this.#context.now().getTime(),
              })
              .execute()
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
    const record = await trx
      .selectFrom('idempotency_records')
      .selectAll()
      .where('scope', '=', claim.scope)
      .where('key', '=', claim.key)
      .executeTakeFirst()
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

/** Text that can be a key: no stored id holds NUL, and PostgreSQL refuses NUL in text outright. */
function isQueryable(text: string): boolean {
  return !text.includes('\u0000')
}

async function insertEvent(trx: Kysely<Database>, customerId: string, event: CustomerEvent): Promise<void> {
  await trx
    .insertInto('customer_events')
    .values({ customer_id: customerId, type: event.type, message: event.message, created_at: event.createdAt })
    .execute()
}
