/**
 * Subscriptions in the database: the queries are subscription-queries.ts, the row mapping subscription-row.ts, the
 * rules domain/subscription.ts; here are the transaction boundaries, the cascades (a revoked mandate's and a deleted
 * customer's subscriptions are canceled in that transaction), and the scheduler's charges (chargeDue).
 *
 * A charge is claimed in the database: the due rows are selected inside the write transaction that charges them
 * (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite has one writer), and each row is advanced by an UPDATE that applies
 * only while its `next_payment_date` is still the date charged. The payment, its event, its webhook due and the
 * advanced schedule commit together, so a crash loses no charge and doubles none, and two instances never make the
 * same payment.
 */
import type { Kysely } from 'kysely'
import { newSubscriptionId } from '../domain/ids.js'
import { chooseMandate } from '../domain/payment.js'
import { todayInAmsterdam } from '../domain/mandate-schemas.js'
import type { Mode } from '../domain/schemas.js'
import {
  afterCharge,
  ALREADY_CANCELED,
  ALREADY_COMPLETED,
  applySubscriptionChanges,
  cancelSubscription,
  chargeTime,
  checkSubscriptionChanges,
  checkSubscriptionFields,
  DUPLICATE_DESCRIPTION,
  isLive,
  newSubscription,
  subscriptionCanceledEvent,
  subscriptionCreatedEvent,
  subscriptionUpdatedEvent,
  SubscriptionStatusError,
} from '../domain/subscription.js'
import type { Subscription, SubscriptionChanges, SubscriptionFields } from '../domain/subscription-schemas.js'
import { FieldError } from '../domain/validation.js'
import { formatTimestamp } from '../domain/customer.js'
import type { CustomerEvent } from '../domain/schemas.js'
import type { StoreContext } from './context.js'
import type { Database } from './database.js'
import { idempotentWrite, prepareRecordQueries, replaySnapshot, type RecordQueries } from './idempotent-write.js'
import { toMandate } from './mandate-row.js'
import type { RecurringCharge } from './payment-store.js'
import type { NewPayment } from '../domain/payment.js'
import { isQueryable } from './queryable.js'
import { prepareSubscriptionQueries, type SubscriptionQueries } from './subscription-queries.js'
import { subscriptionRow, toSubscription, type SubscriptionRow } from './subscription-row.js'
import type {
  ChargeSummary,
  IdempotencyClaim,
  ListRequest,
  PaymentPolicy,
  SubscriptionPage,
  SubscriptionPolicy,
  SubscriptionStore,
  Tenant,
  Written,
} from './store.js'

/** Makes a scheduled payment in the caller's transaction: the payment store's insertRecurringIn. */
export type RecurringInsert = (trx: Kysely<Database>, tenant: Tenant, charge: RecurringCharge) => Promise<NewPayment>

export const DEFAULT_SUBSCRIPTION_POLICY: SubscriptionPolicy = { recurringStatus: 'pending', testPaymentLimit: 10 }

/** Subscriptions claimed per transaction by chargeDue, unless the caller says otherwise. */
const CHARGE_BATCH = 100
/** How long chargeDue waits before looking again when what is due is claimed by another writer. */
const CLAIMED_ELSEWHERE_WAIT_MS = 20

const replaySubscription = (record: Parameters<typeof replaySnapshot>[0]) => replaySnapshot<Subscription>(record)

export class KyselySubscriptionStore implements SubscriptionStore {
  readonly #context: StoreContext
  readonly #queries: SubscriptionQueries
  readonly #records: RecordQueries
  readonly #insertPayment: RecurringInsert
  readonly #wake: () => void
  readonly #policy: SubscriptionPolicy

  constructor(context: StoreContext, insertPayment: RecurringInsert, wake: () => void, policy: SubscriptionPolicy = DEFAULT_SUBSCRIPTION_POLICY) {
    this.#context = context
    this.#insertPayment = insertPayment
    this.#wake = wake
    this.#policy = policy
    this.#queries = prepareSubscriptionQueries(context.db, context.dialect)
    this.#records = prepareRecordQueries(context.db, context.dialect)
  }

  async get(tenant: Tenant, customerId: string, id: string): Promise<Subscription | undefined> {
    if (!isQueryable(customerId) || !isQueryable(id)) return undefined
    const [row] = await this.#queries.byId.run({ ...tenant, customerId, id })
    return row && toSubscription(row)
  }

  async list(
    tenant: Tenant,
    { from, limit, sort, customerId }: Omit<ListRequest, 'search'> & { customerId?: string },
  ): Promise<SubscriptionPage | undefined> {
    if ((from !== undefined && !isQueryable(from)) || (customerId !== undefined && !isQueryable(customerId))) return undefined
    const params = { ...tenant, customerId, from, limit: limit + 1 }
    const walk = customerId === undefined ? this.#queries.page : this.#queries.customerPage
    const rows = await walk[sort][from === undefined ? 'first' : 'from'].run(params)
    if (from !== undefined && rows.length === 0) {
      const [cursor] = await this.#context.db
        .selectFrom('subscriptions')
        .select(['id', 'customer_id'])
        .where('id', '=', from)
        .where('organization_id', '=', tenant.organizationId)
        .where('mode', '=', tenant.mode)
        .execute()
      if (!cursor || (customerId !== undefined && cursor.customer_id !== customerId)) return undefined
    }
    const page: SubscriptionPage = { subscriptions: rows.slice(0, limit).map(toSubscription) }
    const next = rows[limit]?.id
    if (next !== undefined) page.nextFrom = next
    if (from !== undefined) {
      const before = customerId === undefined ? this.#queries.before : this.#queries.customerBefore
      const previous = (await before[sort].run({ ...params, limit })).at(-1)?.id
      if (previous !== undefined) page.previousFrom = previous
    }
    return page
  }

  async create(
    tenant: Tenant,
    customerId: string,
    fields: SubscriptionFields,
    policy: Pick<PaymentPolicy, 'allowPrivateWebhooks'>,
    claim?: IdempotencyClaim,
  ): Promise<Written<Subscription> | undefined> {
    // The tenant's time: a test clock's, in test mode (startDate "today" is the clock's day).
    const now = await this.#context.nowFor(tenant)
    checkSubscriptionFields(fields, { mode: tenant.mode, allowPrivateWebhooks: policy.allowPrivateWebhooks, now })
    if (!isQueryable(customerId)) return undefined
    return idempotentWrite(this.#context, this.#records, claim, replaySubscription, async (trx) => {
      // Locked until commit: a concurrent deletion of the customer, or a second create, waits for this one.
      const [customer] = await this.#queries.customerForUpdate.runIn(trx, { ...tenant, id: customerId })
      if (!customer) return undefined
      const mandates = (await this.#queries.chargeableMandates.runIn(trx, { customerId })).map(toMandate)
      const mandate = chooseMandate(mandates, fields.mandateId, fields.method ? [fields.method] : null)
      if (mandate instanceof FieldError) throw mandate
      const subscription = newSubscription(fields, { id: newSubscriptionId(), mode: tenant.mode, customerId, mandateId: mandate.id, now })
      await this.#checkDescription(trx, subscription)
      await this.#queries.insertSubscription.runIn(trx, subscriptionRow(tenant.organizationId, subscription))
      await this.#insertEvent(trx, customerId, subscriptionCreatedEvent(subscription.id, subscription.createdAt))
      return { value: subscription, status: 201, snapshot: subscription }
    })
  }

  async update(
    tenant: Tenant,
    customerId: string,
    id: string,
    changes: SubscriptionChanges,
    policy: Pick<PaymentPolicy, 'allowPrivateWebhooks'>,
    claim?: IdempotencyClaim,
  ): Promise<Written<Subscription> | undefined> {
    // The tenant's time: a test clock's, in test mode (startDate "today" is the clock's day).
    const now = await this.#context.nowFor(tenant)
    checkSubscriptionChanges(changes, { mode: tenant.mode, allowPrivateWebhooks: policy.allowPrivateWebhooks, now })
    if (!isQueryable(customerId) || !isQueryable(id)) return undefined
    return idempotentWrite(this.#context, this.#records, claim, replaySubscription, async (trx) => {
      const [customer] = await this.#queries.customerForUpdate.runIn(trx, { ...tenant, id: customerId })
      if (!customer) return undefined
      const [row] = await this.#queries.byIdForUpdate.runIn(trx, { ...tenant, customerId, id })
      if (!row) return undefined
      const current = toSubscription(row)
      const next = applySubscriptionChanges(current, changes)
      if (changes.mandateId !== undefined) {
        const mandates = (await this.#queries.chargeableMandates.runIn(trx, { customerId })).map(toMandate)
        const mandate = chooseMandate(mandates, changes.mandateId, current.method ? [current.method] : null)
        if (mandate instanceof FieldError) throw mandate
      }
      if (next.description !== current.description) await this.#checkDescription(trx, next)
      await this.#queries.updateSubscription.runIn(trx, subscriptionRow(tenant.organizationId, next))
      await this.#insertEvent(trx, customerId, subscriptionUpdatedEvent(id, formatTimestamp(now)))
      return { value: next, status: 200, snapshot: next }
    })
  }

  cancel(tenant: Tenant, customerId: string, id: string, claim?: IdempotencyClaim): Promise<Written<Subscription> | undefined> {
    if (!isQueryable(customerId) || !isQueryable(id)) return Promise.resolve(undefined)
    return idempotentWrite(this.#context, this.#records, claim, replaySubscription, async (trx) => {
      const [row] = await this.#queries.byIdForUpdate.runIn(trx, { ...tenant, customerId, id })
      if (!row) return undefined
      const current = toSubscription(row)
      if (current.status === 'canceled') throw new SubscriptionStatusError(ALREADY_CANCELED)
      if (current.status === 'completed') throw new SubscriptionStatusError(ALREADY_COMPLETED)
      const at = formatTimestamp(await this.#context.nowFor(tenant, trx))
      const canceled = cancelSubscription(current, at)
      await this.#queries.updateSubscription.runIn(trx, subscriptionRow(tenant.organizationId, canceled))
      await this.#insertEvent(trx, customerId, subscriptionCanceledEvent(id, at))
      return { value: canceled, status: 200, snapshot: canceled }
    })
  }

  async customersWithSubscriptions(tenant: Tenant, customerIds: readonly string[]): Promise<Set<string>> {
    const ids = customerIds.filter(isQueryable)
    if (ids.length === 0) return new Set()
    if (ids.length === 1) {
      const rows = await this.#queries.hasSubscriptions.run({ ...tenant, customerId: ids[0]! })
      return new Set(rows.length > 0 ? ids : [])
    }
    // A page of customers (up to 250 ids): built per call, as the number of ids varies.
    const rows = await this.#context.db
      .selectFrom('subscriptions')
      .select('customer_id')
      .distinct()
      .where('customer_id', 'in', ids)
      .where('organization_id', '=', tenant.organizationId)
      .where('mode', '=', tenant.mode)
      .execute()
    return new Set(rows.map((row) => row.customer_id))
  }

  async chargeDue({ upTo, organizationId, mode, limit = CHARGE_BATCH }: { upTo: Date; organizationId?: string; mode?: Mode; limit?: number }): Promise<ChargeSummary> {
    const scope = organizationId === undefined ? 'all' : mode === undefined ? 'organization' : 'tenant'
    const params = { today: todayInAmsterdam(upTo), limit, organizationId, mode }
    const summary: ChargeSummary = { paymentsCreated: 0, webhooksQueued: 0 }
    for (;;) {
      const batch = await this.#context.dialect.driver.writeTransaction(this.#context.db, async (trx) => {
        const rows = await this.#queries.claimDue[scope].runIn(trx, params)
        const done: ChargeSummary = { paymentsCreated: 0, webhooksQueued: 0 }
        for (const row of rows) {
          const made = await this.#charge(trx, row, upTo)
          if (!made) continue
          done.paymentsCreated++
          if (made.webhook) done.webhooksQueued++
        }
        return { claimed: rows.length, done }
      })
      summary.paymentsCreated += batch.done.paymentsCreated
      summary.webhooksQueued += batch.done.webhooksQueued
      if (batch.done.webhooksQueued > 0) this.#wake()
      if (batch.claimed > 0) continue
      // Nothing claimable: done, unless rows are due that another writer holds (it may leave them due, several
      // intervals behind, when it commits).
      if ((await this.#queries.anyDue[scope].run({ ...params, limit: 1 })).length === 0) return summary
      await new Promise((resolve) => setTimeout(resolve, CLAIMED_ELSEWHERE_WAIT_MS))
    }
  }

  /**
   * Cancels the live subscriptions charged on a revoked mandate, each with its event, in the revoking transaction
   * (compat §11: "revoking a mandate cancels its subscriptions").
   */
  readonly cancelOfMandateIn = async (trx: Kysely<Database>, mandateId: string, at: string): Promise<void> => {
    for (const row of await this.#queries.liveOfMandate.runIn(trx, { mandateId })) await this.#cancelRow(trx, row, at)
  }

  /** Cancels the customer's live subscriptions in the deleting transaction (spec `delete-customer`). */
  readonly cancelOfCustomerIn = async (trx: Kysely<Database>, customerId: string, at: string): Promise<void> => {
    for (const row of await this.#queries.liveOfCustomer.runIn(trx, { customerId })) await this.#cancelRow(trx, row, at)
  }

  async #cancelRow(trx: Kysely<Database>, row: SubscriptionRow, at: string): Promise<void> {
    const canceled = cancelSubscription(toSubscription(row), at)
    await this.#queries.updateSubscription.runIn(trx, subscriptionRow(row.organization_id, canceled))
    await this.#insertEvent(trx, row.customer_id, subscriptionCanceledEvent(row.id, at))
  }

  /**
   * One charge of a claimed subscription, in the claiming transaction: its payment (as an API-created recurring
   * payment), and the schedule advanced, only if the row still holds the date charged. Undefined when nothing was
   * charged (another writer advanced it; its mandate or customer is gone, which cancels it).
   */
  async #charge(trx: Kysely<Database>, row: SubscriptionRow, upTo: Date): Promise<NewPayment | undefined> {
    const subscription = toSubscription(row)
    const dueDate = subscription.nextPaymentDate
    if (subscription.status !== 'active' || dueDate === null) return undefined
    const tenant: Tenant = { organizationId: row.organization_id, mode: row.mode as Mode }
    const at = chargeTime(dueDate, upTo, subscription.createdAt)
    const [customer] = await this.#queries.customerById.runIn(trx, { id: subscription.customerId })
    const mandate = (await this.#queries.chargeableMandates.runIn(trx, { customerId: subscription.customerId }))
      .map(toMandate)
      .find((each) => each.id === subscription.mandateId)
    if (!customer || customer.deleted_at !== null || !mandate) {
      // The cascades cancel in the same transaction as the revocation or deletion; this is the safety net.
      await this.#cancelRow(trx, row, formatTimestamp(at))
      return undefined
    }
    const next = afterCharge(subscription, { at, testPaymentLimit: this.#policy.testPaymentLimit })
    const advanced = await this.#queries.advanceSubscription.runIn(trx, { ...subscriptionRow(row.organization_id, next), chargedDate: dueDate })
    if (advanced.length === 0) return undefined
    const made = await this.#insertPayment(trx, tenant, {
      fields: {
        amount: subscription.amount,
        description: subscription.description,
        metadata: subscription.metadata,
        webhookUrl: subscription.webhookUrl,
      },
      customerId: subscription.customerId,
      customerName: customer.name,
      mandate,
      subscriptionId: subscription.id,
      recurringStatus: this.#policy.recurringStatus,
      at,
    })
    if (next.status === 'canceled') await this.#insertEvent(trx, subscription.customerId, subscriptionCanceledEvent(subscription.id, formatTimestamp(at)))
    return made
  }

  async #checkDescription(trx: Kysely<Database>, subscription: Subscription): Promise<void> {
    if (!isLive(subscription)) return
    const same = await this.#queries.activeWithDescription.runIn(trx, { customerId: subscription.customerId, description: subscription.description })
    if (same.some((each) => each.id !== subscription.id)) throw new FieldError('description', DUPLICATE_DESCRIPTION)
  }

  async #insertEvent(trx: Kysely<Database>, customerId: string, event: CustomerEvent): Promise<void> {
    await this.#queries.insertEvent.runIn(trx, { customerId, ...event })
  }
}
