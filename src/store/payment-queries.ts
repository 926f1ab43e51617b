/**
 * Every query of the payment store, named, with named and typed parameters, compiled when the store opens
 * (prepared.ts). Lists are in `createdAt` order, ties by `seq`, newest first unless `asc`, as the other lists are; a
 * `from` cursor is a payment id of the same list (a customer's list takes only that customer's payments).
 */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely'
import type { CustomerEvent } from '../domain/schemas.js'
import type { SortOrder } from './store.js'
import type { Database } from './database.js'
import type { StoreDialect } from './dialect.js'
import { MANDATE_COLUMNS, type MandateRow } from './mandate-row.js'
import { PAYMENT_COLUMNS, type PaymentInsert, type PaymentRow } from './payment-row.js'
import { prepareQuery, type PreparedQuery } from './prepared.js'

interface TenantParams {
  organizationId: string
  mode: string
}

export interface PaymentByIdParams extends TenantParams {
  id: string
}

export interface PaymentPageParams extends TenantParams {
  limit: number
  from?: string
  /** Only for a customer's list. */
  customerId?: string
  /** Only for a subscription's list. */
  subscriptionId?: string
}

type Walk = Record<SortOrder, Record<'first' | 'from', PreparedQuery<PaymentPageParams, PaymentRow>>>
type Before = Record<SortOrder, PreparedQuery<PaymentPageParams, { id: string }>>

export interface PaymentQueries {
  byId: PreparedQuery<PaymentByIdParams, PaymentRow>
  byIdForUpdate: PreparedQuery<PaymentByIdParams, PaymentRow>
  /** By id alone, in any tenant: for the checkout page, which the payment's id is the key to. */
  anyById: PreparedQuery<{ id: string }, PaymentRow>
  anyByIdForUpdate: PreparedQuery<{ id: string }, PaymentRow>
  page: Walk
  before: Before
  customerPage: Walk
  customerBefore: Before
  subscriptionPage: Walk
  subscriptionBefore: Before
  insertPayment: PreparedQuery<PaymentInsert, unknown>
  updatePayment: PreparedQuery<PaymentInsert, unknown>
  /** The customer, live, in this tenant: locked where the database can, inside a write. */
  customerForUpdate: PreparedQuery<{ organizationId: string; mode: string; id: string }, { id: string; name: string | null }>
  /** The customer's mandates that can be charged, oldest first. */
  chargeableMandates: PreparedQuery<{ customerId: string }, MandateRow>
  /** Whether the customer has a payment. */
  hasPayments: PreparedQuery<TenantParams & { customerId: string }, { id: string }>
  insertEvent: PreparedQuery<{ customerId: string; type: CustomerEvent['type']; message: string; createdAt: string }, unknown>
  /** Payments whose expiry has passed, soonest first. */
  dueToExpire: PreparedQuery<{ now: string; limit: number }, { id: string }>
  /** One tenant's payments whose expiry has passed by `now` (its time), soonest first. */
  tenantDueToExpire: PreparedQuery<TenantParams & { now: string; limit: number }, { id: string }>
  /** The organizations whose test clock was advanced (migration 0008). */
  advancedClocks: PreparedQuery<object, { organization_id: string }>
}

const SORTS: readonly SortOrder[] = ['asc', 'desc']
type Operator = '>=' | '<=' | '>' | '<'
/** Which list: a tenant's payments, a customer's, or a subscription's. */
type Of = 'all' | 'customer' | 'subscription'

export function preparePaymentQueries(db: Kysely<Database>, dialect: StoreDialect): PaymentQueries {
  const prepare = <Params extends object, Row>(name: string, build: Parameters<typeof prepareQuery<Params, Row>>[3]) =>
    prepareQuery<Params, Row>(db, dialect.driver, name, build)
  const lock = dialect.adapter.supportsRowLocks
  type Param<P> = <K extends keyof P & string>(name: K) => P[K]

  const owned = (param: Param<TenantParams>) =>
    db
      .selectFrom('payments')
      .where('payments.organization_id', '=', param('organizationId'))
      .where('payments.mode', '=', param('mode'))

  const byId = (param: Param<PaymentByIdParams>) => owned(param).select(PAYMENT_COLUMNS).where('payments.id', '=', param('id'))

  /** Rows at or past the cursor in list order; the cursor is looked up in the query, within the same tenant. */
  const fromCursor =
    (param: Param<PaymentPageParams>, operator: Operator, of: Of) =>
    ({ eb, refTuple, selectFrom }: ExpressionBuilder<Database, 'payments'>) =>
      eb(
        refTuple('payments.created_at', 'payments.seq'),
        operator,
        selectFrom('payments as cursor')
          .select(['cursor.created_at', 'cursor.seq'])
          .where('cursor.id', '=', param('from')!)
          .where('cursor.organization_id', '=', param('organizationId'))
          .where('cursor.mode', '=', param('mode'))
          .$if(of === 'customer', (query) => query.where('cursor.customer_id', '=', param('customerId')!))
          .$if(of === 'subscription', (query) => query.where('cursor.subscription_id', '=', param('subscriptionId')!))
          .$asTuple('created_at', 'seq'),
      )

  const walks = (of: Of): { page: Walk; before: Before } => {
    const walk = (param: Param<PaymentPageParams>, order: SortOrder, operator?: Operator) =>
      owned(param)
        .$if(of === 'customer', (query) => query.where('payments.customer_id', '=', param('customerId')!))
        .$if(of === 'subscription', (query) => query.where('payments.subscription_id', '=', param('subscriptionId')!))
        .$if(operator !== undefined, (query) => query.where(fromCursor(param, operator!, of)))
        .orderBy('payments.created_at', order)
        .orderBy('payments.seq', order)
        .limit(param('limit'))
    const label = of === 'all' ? 'payments' : `${of} payments`
    const page = {} as Walk
    const before = {} as Before
    for (const order of SORTS) {
      const reverse: SortOrder = order === 'asc' ? 'desc' : 'asc'
      const columns = PAYMENT_COLUMNS.map((column) => `payments.${column}` as const)
      page[order] = {
        first: prepare(`${label} page ${order}`, (param) => walk(param, order).select(columns)),
        from: prepare(`${label} page ${order} from`, (param) => walk(param, order, order === 'asc' ? '>=' : '<=').select(columns)),
      }
      before[order] = prepare(`${label} before ${order}`, (param) => walk(param, reverse, order === 'asc' ? '<' : '>').select('payments.id'))
    }
    return { page, before }
  }
  const all = walks('all')
  const ofCustomer = walks('customer')
  const ofSubscription = walks('subscription')

  const values = (param: Param<PaymentInsert>) => ({
    id: param('id'),
    organization_id: param('organization_id'),
    mode: param('mode'),
    profile_id: param('profile_id'),
    customer_id: param('customer_id'),
    mandate_id: param('mandate_id'),
    subscription_id: param('subscription_id'),
    sequence_type: param('sequence_type'),
    status: param('status'),
    method: param('method'),
    amount_currency: param('amount_currency'),
    amount_value: param('amount_value'),
    description: param('description'),
    created_at: param('created_at'),
    expires_at: param('expires_at'),
    data: param('data'),
  })

  return {
    byId: prepare('payment by id', (param) => byId(param)),
    byIdForUpdate: prepare('payment by id for update', (param) => byId(param).$if(lock, (query) => query.forUpdate())),
    anyById: prepare('payment by id in any tenant', (param) => db.selectFrom('payments').select(PAYMENT_COLUMNS).where('id', '=', param('id'))),
    anyByIdForUpdate: prepare('payment by id in any tenant for update', (param) =>
      db.selectFrom('payments').select(PAYMENT_COLUMNS).where('id', '=', param('id')).$if(lock, (query) => query.forUpdate()),
    ),
    page: all.page,
    before: all.before,
    customerPage: ofCustomer.page,
    customerBefore: ofCustomer.before,
    subscriptionPage: ofSubscription.page,
    subscriptionBefore: ofSubscription.before,
    insertPayment: prepare('insert payment', (param) => db.insertInto('payments').values(values(param))),
    updatePayment: prepare('update payment', (param) => {
      const { id: _id, organization_id: _organization, created_at: _created, ...changes } = values(param)
      return db.updateTable('payments').set(changes).where('id', '=', param('id'))
    }),
    customerForUpdate: prepare('payment customer for update', (param) =>
      db
        .selectFrom('customers')
        .select(['id', 'name'])
        .where('id', '=', param('id'))
        .where('organization_id', '=', param('organizationId'))
        .where('mode', '=', param('mode'))
        .where('deleted_at', 'is', null)
        .$if(lock, (query) => query.forUpdate()),
    ),
    chargeableMandates: prepare('chargeable mandates of customer', (param) =>
      db
        .selectFrom('mandates')
        .select(MANDATE_COLUMNS)
        .where('customer_id', '=', param('customerId'))
        .where('revoked_at', 'is', null)
        .where('status', '=', sql.lit('valid'))
        .orderBy('created_at')
        .orderBy('seq'),
    ),
    hasPayments: prepare('customer has payments', (param) =>
      owned(param).select('payments.id').where('payments.customer_id', '=', param('customerId')).limit(sql.lit(1)),
    ),
    insertEvent: prepare('insert payment event', (param) =>
      db.insertInto('customer_events').values({
        customer_id: param('customerId'),
        type: param('type'),
        message: param('message'),
        created_at: param('createdAt'),
      }),
    ),
    dueToExpire: prepare('payments due to expire', (param) =>
      db
        .selectFrom('payments')
        .select('id')
        .where('expires_at', '<=', param('now'))
        .orderBy('expires_at')
        .limit(param('limit')),
    ),
    tenantDueToExpire: prepare('tenant payments due to expire', (param) =>
      db
        .selectFrom('payments')
        .select('id')
        .where('expires_at', '<=', param('now'))
        .where('organization_id', '=', param('organizationId'))
        .where('mode', '=', param('mode'))
        .orderBy('expires_at')
        .limit(param('limit')),
    ),
    advancedClocks: prepare('advanced test clocks', () =>
      db.selectFrom('test_clocks').select('organization_id').where('offset_ms', '>', sql.lit(0)).orderBy('organization_id'),
    ),
  }
}
