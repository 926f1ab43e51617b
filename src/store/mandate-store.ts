/**
 * Mandates in the database: the queries are mandate-queries.ts, the row mapping mandate-row.ts; here are the
 * transaction boundaries, idempotency (idempotent-write.ts, as for customers), and the cascade a customer's
 * deletion runs.
 */
import type { Kysely } from 'kysely'
import { formatTimestamp } from '../domain/customer.js'
import { newMandateId } from '../domain/ids.js'
import { mandateCreatedEvent } from '../domain/events.js'
import { checkMandateFields, checkSignatureDate, newMandate, revocationEvent } from '../domain/mandate.js'
import type { Mandate, MandateFields } from '../domain/mandate-schemas.js'
import type { StoreContext } from './context.js'
import { isQueryable } from './queryable.js'
import type { Database } from './database.js'
import { idempotentWrite, prepareRecordQueries, replaySnapshot, type RecordQueries } from './idempotent-write.js'
import { prepareMandateQueries, type MandateQueries } from './mandate-queries.js'
import { mandateRow, toMandate } from './mandate-row.js'
import {
  MandateRevokedError,
  type IdempotencyClaim,
  type ListRequest,
  type MandatePage,
  type MandateStore,
  type Tenant,
  type Written,
} from './store.js'

/** What else a mandate's revocation does, in its transaction. */
export type RevocationCascade = (trx: Kysely<Database>, mandateId: string, at: string) => Promise<void>

export class KyselyMandateStore implements MandateStore {
  readonly #context: StoreContext
  readonly #queries: MandateQueries
  readonly #records: RecordQueries
  readonly #onRevoke: RevocationCascade | undefined

  /** `onRevoke`: what else a revocation does in its transaction (the subscription store cancels its subscriptions). */
  constructor(context: StoreContext, onRevoke?: RevocationCascade) {
    this.#context = context
    this.#onRevoke = onRevoke
    this.#queries = prepareMandateQueries(context.db, context.dialect)
    this.#records = prepareRecordQueries(context.db, context.dialect)
  }

  #owner(tenant: Tenant, customerId: string) {
    return { organizationId: tenant.organizationId, mode: tenant.mode, customerId }
  }

  async get(tenant: Tenant, customerId: string, id: string): Promise<Mandate | undefined> {
    if (!isQueryable(customerId) || !isQueryable(id)) return undefined
    const [row] = await this.#queries.byId.run({ ...this.#owner(tenant, customerId), id })
    return row && toMandate(row)
  }

  async list(
    tenant: Tenant,
    customerId: string,
    { from, limit, sort }: Omit<ListRequest, 'search'>,
  ): Promise<MandatePage | undefined> {
    if (!isQueryable(customerId) || (from !== undefined && !isQueryable(from))) return undefined
    const params = { ...this.#owner(tenant, customerId), from, limit: limit + 1 }
    const rows = await this.#queries.page[sort][from === undefined ? 'first' : 'from'].run(params)
    if (from !== undefined && rows.length === 0 && !(await this.get(tenant, customerId, from))) return undefined
    const page: MandatePage = { mandates: rows.slice(0, limit).map(toMandate) }
    const next = rows[limit]?.id
    if (next !== undefined) page.nextFrom = next
    if (from !== undefined) {
      const before = await this.#queries.before[sort].run({ ...params, limit })
      const previous = before.at(-1)?.id
      if (previous !== undefined) page.previousFrom = previous
    }
    return page
  }

  /** Throws FieldError for invalid `fields`, before any transaction opens. */
  async create(
    tenant: Tenant,
    customerId: string,
    fields: MandateFields,
    claim?: IdempotencyClaim,
  ): Promise<Written<Mandate> | undefined> {
    // The signature date is checked in the transaction, by the tenant's clock.
    checkMandateFields(fields, null)
    if (!isQueryable(customerId)) return undefined
    return idempotentWrite(this.#context, this.#records, claim, replaySnapshot<Mandate>, async (trx) => {
      // Locked until commit: a concurrent deletion of the customer cannot miss this mandate in its cascade.
      const [customer] = await this.#queries.customerForUpdate.runIn(trx, { ...tenant, id: customerId })
      if (!customer) return undefined
      // A signature date is "not in the future" by the tenant's clock (the test clock in test mode).
      const now = await this.#context.nowFor(tenant, trx)
      checkSignatureDate(fields.signatureDate, now)
      const { mandate, event } = newMandate(newMandateId(), customerId, tenant.mode, fields, now)
      await this.#queries.insertMandate.runIn(trx, mandateRow(tenant.organizationId, mandate))
      await this.#queries.insertEvent.runIn(trx, { customerId, ...event })
      return { value: mandate, status: 201, snapshot: mandate }
    })
  }

  revoke(tenant: Tenant, customerId: string, id: string, claim?: IdempotencyClaim): Promise<Written<null> | undefined> {
    if (!isQueryable(customerId) || !isQueryable(id)) return Promise.resolve(undefined)
    return idempotentWrite(this.#context, this.#records, claim, () => null, async (trx) => {
      const [row] = await this.#queries.byIdForUpdate.runIn(trx, { ...this.#owner(tenant, customerId), id })
      if (!row) return undefined
      if (row.revoked_at !== null) throw new MandateRevokedError(id)
      const event = revocationEvent(id, formatTimestamp(await this.#context.nowFor(tenant, trx)))
      await this.#onRevoke?.(trx, id, event.createdAt)
      await this.#queries.revoke.runIn(trx, { id, revokedAt: event.createdAt })
      await this.#queries.insertEvent.runIn(trx, { customerId, ...event })
      return { value: null, status: 204, snapshot: null }
    })
  }

  async customersWithMandates(tenant: Tenant, customerIds: readonly string[]): Promise<Set<string>> {
    const ids = customerIds.filter(isQueryable)
    if (ids.length === 0) return new Set()
    if (ids.length === 1) {
      const rows = await this.#queries.hasLive.run(this.#owner(tenant, ids[0]!))
      return new Set(rows.length > 0 ? ids : [])
    }
    // A page of customers (up to 250 ids): built per call, as the number of ids varies.
    const rows = await this.#context.db
      .selectFrom('mandates')
      .select('customer_id')
      .distinct()
      .where('customer_id', 'in', ids)
      .where('organization_id', '=', tenant.organizationId)
      .where('mode', '=', tenant.mode)
      .where('revoked_at', 'is', null)
      .execute()
    return new Set(rows.map((row) => row.customer_id))
  }

  /**
   * Stores a mandate made elsewhere (a paid first payment) with its customer's `mandate created` event, in the
   * caller's transaction.
   */
  readonly insertIn = async (trx: Kysely<Database>, organizationId: string, mandate: Mandate): Promise<void> => {
    await this.#queries.insertMandate.runIn(trx, mandateRow(organizationId, mandate))
    await this.#queries.insertEvent.runIn(trx, { customerId: mandate.customerId, ...mandateCreatedEvent(mandate.id, mandate.createdAt) })
  }

  /**
   * Revokes the customer's mandates in the deleting transaction, each with its event before the customer's
   * `deleted` one (spec `delete-customer`).
   */
  readonly cascade = async (trx: Kysely<Database>, customerId: string, at: string): Promise<void> => {
    const live = await this.#queries.liveOfCustomer.runIn(trx, { customerId })
    if (live.length === 0) return
    await this.#queries.revokeAllOfCustomer.runIn(trx, { customerId, revokedAt: at })
    for (const { id } of live) await this.#queries.insertEvent.runIn(trx, { customerId, ...revocationEvent(id, at) })
  }
}
