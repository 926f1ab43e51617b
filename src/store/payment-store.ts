/**
 * Payments in the database: the queries are payment-queries.ts, the row mapping payment-row.ts, the rules
 * domain/payment.ts; here are the transaction boundaries. A status change commits in one transaction with what it
 * causes: the customer's event, the mandate a paid first payment makes, and the webhook delivery due (an outbox,
 * WebhookOutbox), so that a delivery is due if and only if the change happened.
 */
import type { Kysely } from 'kysely'
import { newMandateId, newPaymentId, profileIdOf } from '../domain/ids.js'
import type { Mandate } from '../domain/mandate-schemas.js'
import {
  applyChanges,
  changeStatus,
  checkPaymentFields,
  chooseMandate,
  isCancelable,
  isOverdue,
  mandateFromFirstPayment,
  methodList,
  newPayment,
  PaymentStatusError,
  type NewPayment,
  type StatusChange,
} from '../domain/payment.js'
import type { Payment, PaymentChanges, PaymentFields } from '../domain/payment-schemas.js'
import type { CustomerEvent, Mode } from '../domain/schemas.js'
import { FieldError } from '../domain/validation.js'
import { formatTimestamp } from '../domain/customer.js'
import type { StoreContext } from './context.js'
import { isQueryable } from './queryable.js'
import type { Database } from './database.js'
import { idempotentWrite, prepareRecordQueries, replaySnapshot, type RecordQueries } from './idempotent-write.js'
import { toMandate } from './mandate-row.js'
import { preparePaymentQueries, type PaymentQueries } from './payment-queries.js'
import { paymentRow, toPayment, type PaymentRow } from './payment-row.js'
import type {
  IdempotencyClaim,
  ListRequest,
  PaymentPage,
  PaymentPolicy,
  PaymentStore,
  StatusRequest,
  Tenant,
  Written,
} from './store.js'

/** A webhook delivery due: recorded in the caller's transaction, delivered after it commits. */
export interface WebhookDue {
  organizationId: string
  mode: Mode
  /** The payment id the webhook names (`id=tr_…`). */
  resourceId: string
  url: string
  at: Date
}

/** Where deliveries due are recorded (the webhook store), and how the local worker is told to look. */
export interface WebhookOutbox {
  enqueueIn(trx: Kysely<Database>, delivery: WebhookDue): Promise<void>
  /** After a commit that enqueued: the worker of this process claims at once. */
  wake(): void
}

/** What a subscription's scheduled charge needs (PaymentStore's insertRecurringIn). */
export interface RecurringCharge {
  /** The payment's fields: amount, description, metadata, webhookUrl. */
  fields: Pick<PaymentFields, 'amount' | 'description' | 'metadata' | 'webhookUrl'>
  customerId: string
  customerName: string | null
  mandate: Mandate
  subscriptionId: string
  /** Test mode: how the payment begins (RECURRING_PAYMENT_STATUS); live payments are paid at once. */
  recurringStatus: 'pending' | 'paid'
  at: Date
}

/** Stores a mandate made by a paid first payment, with its event, in the caller's transaction (mandate-store.ts). */
export type MandateInsert = (trx: Kysely<Database>, organizationId: string, mandate: Mandate) => Promise<void>

const replayPayment = (record: Parameters<typeof replaySnapshot>[0]) => replaySnapshot<Payment>(record)

export class KyselyPaymentStore implements PaymentStore {
  readonly #context: StoreContext
  readonly #queries: PaymentQueries
  readonly #records: RecordQueries
  readonly #outbox: WebhookOutbox
  readonly #insertMandate: MandateInsert

  constructor(context: StoreContext, outbox: WebhookOutbox, insertMandate: MandateInsert) {
    this.#context = context
    this.#outbox = outbox
    this.#insertMandate = insertMandate
    this.#queries = preparePaymentQueries(context.db, context.dialect)
    this.#records = prepareRecordQueries(context.db, context.dialect)
  }

  async get(tenant: Tenant, id: string): Promise<Payment | undefined> {
    if (!isQueryable(id)) return undefined
    const [row] = await this.#queries.byId.run({ ...tenant, id })
    return row && toPayment(row)
  }

  async locate(id: string): Promise<{ tenant: Tenant; payment: Payment } | undefined> {
    if (!isQueryable(id)) return undefined
    const [row] = await this.#queries.anyById.run({ id })
    return row && { tenant: tenantOf(row), payment: toPayment(row) }
  }

  async list(
    tenant: Tenant,
    { from, limit, sort, customerId, subscriptionId }: Omit<ListRequest, 'search'> & { customerId?: string; subscriptionId?: string },
  ): Promise<PaymentPage | undefined> {
    const ids = [from, customerId, subscriptionId].filter((id) => id !== undefined)
    if (!ids.every(isQueryable)) return undefined
    const params = { ...tenant, customerId, subscriptionId, from, limit: limit + 1 }
    const of = subscriptionId !== undefined ? 'subscription' : customerId !== undefined ? 'customer' : 'all'
    const walk = { all: this.#queries.page, customer: this.#queries.customerPage, subscription: this.#queries.subscriptionPage }[of]
    const rows = await walk[sort][from === undefined ? 'first' : 'from'].run(params)
    if (from !== undefined && rows.length === 0) {
      const cursor = await this.get(tenant, from)
      if (!cursor || (customerId !== undefined && cursor.customerId !== customerId)) return undefined
      if (subscriptionId !== undefined && cursor.subscriptionId !== subscriptionId) return undefined
    }
    const page: PaymentPage = { payments: rows.slice(0, limit).map(toPayment) }
    const next = rows[limit]?.id
    if (next !== undefined) page.nextFrom = next
    if (from !== undefined) {
      const before = { all: this.#queries.before, customer: this.#queries.customerBefore, subscription: this.#queries.subscriptionBefore }[of]
      const previous = (await before[sort].run({ ...params, limit })).at(-1)?.id
      if (previous !== undefined) page.previousFrom = previous
    }
    return page
  }

  async create(
    tenant: Tenant,
    fields: PaymentFields,
    { customerId, fromPath, policy }: { customerId: string | null; fromPath: boolean; policy: PaymentPolicy },
    claim?: IdempotencyClaim,
  ): Promise<Written<Payment> | undefined> {
    const profileId = profileIdOf(tenant.organizationId)
    checkPaymentFields(fields, {
      mode: tenant.mode,
      customerId,
      profileId,
      allowPrivateWebhooks: policy.allowPrivateWebhooks,
      // Only `dueDate` needs today: the tenant's (in test mode its test clock, one query, read again in the transaction
      // below); without one, no query.
      now: fields.dueDate === undefined ? this.#context.now() : await this.#context.nowFor(tenant),
    })
    if (customerId !== null && !isQueryable(customerId)) {
      if (fromPath) return undefined
      throw unknownCustomer(customerId)
    }
    let webhook = false
    const written = await idempotentWrite(this.#context, this.#records, claim, replayPayment, async (trx) => {
      const now = await this.#context.nowFor(tenant, trx)
      let customerName: string | null = null
      let mandate: Mandate | null = null
      if (customerId !== null) {
        const [customer] = await this.#queries.customerForUpdate.runIn(trx, { ...tenant, id: customerId })
        if (!customer) {
          if (fromPath) return undefined
          throw unknownCustomer(customerId)
        }
        customerName = customer.name
        if (fields.sequenceType === 'recurring') {
          const mandates = (await this.#queries.chargeableMandates.runIn(trx, { customerId })).map(toMandate)
          const chosen = chooseMandate(mandates, fields.mandateId, methodList(fields.method))
          if (chosen instanceof FieldError) throw chosen
          mandate = chosen
        }
      }
      const made = newPayment(fields, {
        id: newPaymentId(),
        mode: tenant.mode,
        profileId,
        customerId,
        mandate,
        // Live recurring payments have no tester to settle them: they are charged at once.
        recurringStatus: tenant.mode === 'live' ? 'paid' : policy.recurringStatus,
        customerName,
        now,
      })
      await this.#insertNew(trx, tenant, made, this.#context.now())
      webhook = made.webhook
      return { value: made.payment, status: 201, snapshot: made.payment }
    })
    if (webhook && written && !written.replayed) this.#outbox.wake()
    return written
  }

  /**
   * Makes a subscription's scheduled payment in the caller's transaction (subscription-store.ts), exactly as
   * create() makes an API-created recurring payment: the row, the customer's events, and the webhook due when it
   * settles at once. `at` is the payment's time (a due date's, in a catch-up); its webhook is due then, or now if
   * `at` is ahead of the process's clock (a test clock moved forward).
   */
  readonly insertRecurringIn = async (trx: Kysely<Database>, tenant: Tenant, input: RecurringCharge): Promise<NewPayment> => {
    const made = newPayment(
      { ...input.fields, sequenceType: 'recurring', mandateId: input.mandate.id },
      {
        id: newPaymentId(),
        mode: tenant.mode,
        profileId: profileIdOf(tenant.organizationId),
        customerId: input.customerId,
        mandate: input.mandate,
        recurringStatus: tenant.mode === 'live' ? 'paid' : input.recurringStatus,
        customerName: input.customerName,
        now: input.at,
      },
    )
    made.payment.subscriptionId = input.subscriptionId
    const now = this.#context.now()
    await this.#insertNew(trx, tenant, made, input.at < now ? input.at : now)
    return made
  }

  update(
    tenant: Tenant,
    id: string,
    changes: PaymentChanges,
    policy: PaymentPolicy,
    claim?: IdempotencyClaim,
  ): Promise<Written<Payment> | undefined> {
    if (!isQueryable(id)) return Promise.resolve(undefined)
    return idempotentWrite(this.#context, this.#records, claim, replayPayment, async (trx) => {
      const [row] = await this.#queries.byIdForUpdate.runIn(trx, { ...tenant, id })
      if (!row) return undefined
      const now = await this.#context.nowFor(tenant, trx)
      const payment = applyChanges(toPayment(row), changes, tenant.mode, policy.allowPrivateWebhooks, now)
      await this.#queries.updatePayment.runIn(trx, paymentRow(tenant.organizationId, payment))
      return { value: payment, status: 200, snapshot: payment }
    })
  }

  async cancel(tenant: Tenant, id: string, claim?: IdempotencyClaim): Promise<Written<Payment> | undefined> {
    if (!isQueryable(id)) return undefined
    let webhook = false
    const written = await idempotentWrite(this.#context, this.#records, claim, replayPayment, async (trx) => {
      const [row] = await this.#queries.byIdForUpdate.runIn(trx, { ...tenant, id })
      if (!row) return undefined
      const payment = toPayment(row)
      if (!isCancelable(payment) || isOverdue(payment, await this.#context.nowFor(tenant, trx))) throw new PaymentStatusError('The payment cannot be cancelled.')
      const change = await this.#apply(trx, row, payment, { status: 'canceled' })
      webhook = change.webhook
      return { value: change.payment, status: 200, snapshot: change.payment }
    })
    if (webhook && written && !written.replayed) this.#outbox.wake()
    return written
  }

  async changeStatus(tenant: Tenant, id: string, request: StatusRequest, claim?: IdempotencyClaim): Promise<Written<Payment> | undefined> {
    if (!isQueryable(id)) return undefined
    let webhook = false
    const written = await idempotentWrite(this.#context, this.#records, claim, replayPayment, async (trx) => {
      const [row] = await this.#queries.byIdForUpdate.runIn(trx, { ...tenant, id })
      if (!row) return undefined
      const payment = toPayment(row)
      if (request.status !== 'expired' && isOverdue(payment, await this.#context.nowFor(tenant, trx))) {
        throw new PaymentStatusError(`The payment expired at ${payment.expiresAt}: its status can only become expired.`, 'status')
      }
      const change = await this.#apply(trx, row, payment, request)
      webhook = change.webhook
      return { value: change.payment, status: 200, snapshot: change.payment }
    })
    if (webhook && written && !written.replayed) this.#outbox.wake()
    return written
  }

  async expireDue(limit = 100, tenant?: Tenant): Promise<number> {
    const due = tenant ? await this.#dueOf(tenant, limit) : await this.#due(limit)
    let expired = 0
    let webhook = false
    for (const { id } of due) {
      // One transaction each, re-read under lock: on several instances, each payment expires once. Overdue by the
      // payment's tenant's time: a test-mode payment by its organization's test clock.
      const change = await this.#context.dialect.driver.writeTransaction(this.#context.db, async (trx) => {
        const [row] = await this.#queries.anyByIdForUpdate.runIn(trx, { id })
        if (!row) return undefined
        const payment = toPayment(row)
        if (!isOverdue(payment, await this.#context.nowFor(tenantOf(row), trx))) return undefined
        return this.#apply(trx, row, payment, { status: 'expired' })
      })
      if (change) {
        expired++
        webhook ||= change.webhook
      }
    }
    if (webhook) this.#outbox.wake()
    return expired
  }

  /**
   * Payments due by real time (every test clock is at or past it: it only moves forward), then, while the batch has
   * room, the test-mode payments due by each advanced test clock.
   */
  async #due(limit: number): Promise<Array<{ id: string }>> {
    const due = await this.#queries.dueToExpire.run({ now: formatTimestamp(this.#context.now()), limit })
    if (due.length >= limit) return due
    const seen = new Set(due.map(({ id }) => id))
    for (const { organization_id: organizationId } of await this.#queries.advancedClocks.run({})) {
      for (const row of await this.#dueOf({ organizationId, mode: 'test' }, limit - due.length)) {
        if (!seen.has(row.id)) due.push(row)
      }
      if (due.length >= limit) break
    }
    return due
  }

  /** The tenant's payments due by its time. */
  async #dueOf(tenant: Tenant, limit: number): Promise<Array<{ id: string }>> {
    const now = await this.#context.nowFor(tenant)
    return this.#queries.tenantDueToExpire.run({ ...tenant, now: formatTimestamp(now), limit })
  }

  async customersWithPayments(tenant: Tenant, customerIds: readonly string[]): Promise<Set<string>> {
    const ids = customerIds.filter(isQueryable)
    if (ids.length === 0) return new Set()
    if (ids.length === 1) {
      const rows = await this.#queries.hasPayments.run({ ...tenant, customerId: ids[0]! })
      return new Set(rows.length > 0 ? ids : [])
    }
    // A page of customers (up to 250 ids): built per call, as the number of ids varies.
    const rows = await this.#context.db
      .selectFrom('payments')
      .select('customer_id')
      .distinct()
      .where('customer_id', 'in', ids)
      .where('organization_id', '=', tenant.organizationId)
      .where('mode', '=', tenant.mode)
      .execute()
    return new Set(rows.map((row) => row.customer_id!))
  }

  /** Applies a status change in `trx` with all it causes: the row, the event, the mandate, the webhook due. */
  async #apply(trx: Kysely<Database>, row: PaymentRow, payment: Payment, request: StatusRequest): Promise<StatusChange> {
    const tenant = tenantOf(row)
    const now = await this.#context.nowFor(tenant, trx)
    // The customer, unless deleted since: a deleted customer's payment still settles, but gets no mandate (its
    // mandates were revoked with it) and no events.
    const [customer] =
      payment.customerId === null ? [] : await this.#queries.customerForUpdate.runIn(trx, { ...tenant, id: payment.customerId })
    const customerName = customer?.name ?? null
    const change = changeStatus(payment, request.status, { now, method: request.method, customerName })
    if (change.payment.status === 'paid' && change.payment.sequenceType === 'first' && customer) {
      const mandate = mandateFromFirstPayment(change.payment, newMandateId(), customerName, now)
      await this.#insertMandate(trx, row.organization_id, mandate)
      change.payment.mandateId = mandate.id
    }
    await this.#queries.updatePayment.runIn(trx, paymentRow(row.organization_id, change.payment))
    if (change.event && customer) await this.#insertEvents(trx, customer.id, [change.event])
    if (change.webhook) await this.#enqueue(trx, tenant, change.payment)
    return change
  }

  /** A new payment's row, its customer's events and (when it settled at once) its webhook due at `webhookAt`. */
  async #insertNew(trx: Kysely<Database>, tenant: Tenant, made: NewPayment, webhookAt: Date): Promise<void> {
    await this.#queries.insertPayment.runIn(trx, paymentRow(tenant.organizationId, made.payment))
    await this.#insertEvents(trx, made.payment.customerId, made.events)
    if (made.webhook) await this.#enqueue(trx, tenant, made.payment, webhookAt)
  }

  async #insertEvents(trx: Kysely<Database>, customerId: string | null, events: readonly CustomerEvent[]): Promise<void> {
    if (customerId === null) return
    for (const event of events) await this.#queries.insertEvent.runIn(trx, { customerId, ...event })
  }

  #enqueue(trx: Kysely<Database>, tenant: Tenant, payment: Payment, at = this.#context.now()): Promise<void> {
    return this.#outbox.enqueueIn(trx, {
      organizationId: tenant.organizationId,
      mode: tenant.mode,
      resourceId: payment.id,
      url: payment.webhookUrl!,
      // Real time at the latest, also under a test clock: the delivery worker runs on real time.
      at,
    })
  }
}

function tenantOf(row: PaymentRow): Tenant {
  return { organizationId: row.organization_id, mode: row.mode as Mode }
}

function unknownCustomer(customerId: string): FieldError {
  return new FieldError('customerId', `The customer '${customerId.slice(0, 40)}' does not exist.`)
}
