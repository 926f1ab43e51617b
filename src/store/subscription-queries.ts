/**
 * Every query of the subscription store, named, with named and typed parameters, compiled when the store opens
 * (prepared.ts). Lists are in `createdAt` order, ties by `seq`, newest first unless `asc`, as the other lists are; a
 * `from` cursor is a subscription id of the same list (a customer's list takes only that customer's).
 */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely'
import type { CustomerEvent } from '../domain/schemas.js'
import type { SortOrder } from './store.js'
import type { Database } from './database.js'
import type { StoreDialect } from './dialect.js'
import { MANDATE_COLUMNS, type MandateRow } from './mandate-row.js'
import { prepareQuery, type PreparedQuery } from './prepared.js'
import { SUBSCRIPTION_COLUMNS, type SubscriptionInsert, type SubscriptionRow } from './subscription-row.js'

interface TenantParams {
  organizationId: string
  mode: string
}

export interface SubscriptionByIdParams extends TenantParams {
  customerId: string
  id: string
}

export interface SubscriptionPageParams extends TenantParams {
  limit: number
  from?: string
  /** Only for a customer's list. */
  customerId?: string
}

/** Due subscriptions: active, `next_payment_date <= today`, optionally of one organization and mode. */
export interface DueParams {
  today: string
  limit: number
  organizationId?: string
  mode?: string
}

type Walk = Record<SortOrder, Record<'first' | 'from', PreparedQuery<SubscriptionPageParams, SubscriptionRow>>>
type Before = Record<SortOrder, PreparedQuery<SubscriptionPageParams, { id: string }>>
type Scope = 'all' | 'organization' | 'tenant'

export interface SubscriptionQueries {
  byId: PreparedQuery<SubscriptionByIdParams, SubscriptionRow>
  byIdForUpdate: PreparedQuery<SubscriptionByIdParams, SubscriptionRow>
  page: Walk
  before: Before
  customerPage: Walk
  customerBefore: Before
  insertSubscription: PreparedQuery<SubscriptionInsert, unknown>
  /** Rewrites the row (every column but id, organization and createdAt). */
  updateSubscription: PreparedQuery<SubscriptionInsert, unknown>
  /**
   * The scheduler's claim: rewrites the row only while its `next_payment_date` is still the one charged, so that a
   * charge applies once even where rows cannot be locked. Returns the id when it applied.
   */
  advanceSubscription: PreparedQuery<SubscriptionInsert & { chargedDate: string }, { id: string }>
  /** The customer, live, in this tenant: locked where the database can, inside a write. */
  customerForUpdate: PreparedQuery<{ organizationId: string; mode: string; id: string }, { id: string; name: string | null }>
  /** The customer, live or not (the scheduler reads its name; it does not lock it). */
  customerById: PreparedQuery<{ id: string }, { id: string; name: string | null; deleted_at: string | null }>
  /** The customer's mandates that can be charged, oldest first. */
  chargeableMandates: PreparedQuery<{ customerId: string }, MandateRow>
  /** The customer's active subscriptions with this description (the uniqueness rule). */
  activeWithDescription: PreparedQuery<{ customerId: string; description: string }, { id: string }>
  /** The live subscriptions charged on a mandate, or of a customer: what a revocation or a deletion cancels. */
  liveOfMandate: PreparedQuery<{ mandateId: string }, SubscriptionRow>
  liveOfCustomer: PreparedQuery<{ customerId: string }, SubscriptionRow>
  hasSubscriptions: PreparedQuery<TenantParams & { customerId: string }, { id: string }>
  insertEvent: PreparedQuery<{ customerId: string; type: CustomerEvent['type']; message: string; createdAt: string }, unknown>
  /** Due subscriptions, soonest first, claimed (locked, skipping rows other writers hold) where the database can. */
  claimDue: Record<Scope, PreparedQuery<DueParams, SubscriptionRow>>
  /** Whether any is due, without locking: whether a claim that found nothing should wait for other writers. */
  anyDue: Record<Scope, PreparedQuery<DueParams, { id: string }>>
}

const SORTS: readonly SortOrder[] = ['asc', 'desc']
type Operator = '>=' | '<=' | '>' | '<'
const LIVE = ['active', 'pending', 'suspended'] as const

export function prepareSubscriptionQueries(db: Kysely<Database>, dialect: StoreDialect): SubscriptionQueries {
  const prepare = <Params extends object, Row>(name: string, build: Parameters<typeof prepareQuery<Params, Row>>[3]) =>
    prepareQuery<Params, Row>(db, dialect.driver, name, build)
  const lock = dialect.adapter.supportsRowLocks
  type Param<P> = <K extends keyof P & string>(name: K) => P[K]

  const owned = (param: Param<TenantParams>) =>
    db
      .selectFrom('subscriptions')
      .where('subscriptions.organization_id', '=', param('organizationId'))
      .where('subscriptions.mode', '=', param('mode'))

  const byId = (param: Param<SubscriptionByIdParams>) =>
    owned(param)
      .select(SUBSCRIPTION_COLUMNS)
      .where('subscriptions.id', '=', param('id'))
      .where('subscriptions.customer_id', '=', param('customerId'))

  const fromCursor =
    (param: Param<SubscriptionPageParams>, operator: Operator, ofCustomer: boolean) =>
    ({ eb, refTuple, selectFrom }: ExpressionBuilder<Database, 'subscriptions'>) =>
      eb(
        refTuple('subscriptions.created_at', 'subscriptions.seq'),
        operator,
        selectFrom('subscriptions as cursor')
          .select(['cursor.created_at', 'cursor.seq'])
          .where('cursor.id', '=', param('from')!)
          .where('cursor.organization_id', '=', param('organizationId'))
          .where('cursor.mode', '=', param('mode'))
          .$if(ofCustomer, (query) => query.where('cursor.customer_id', '=', param('customerId')!))
          .$asTuple('created_at', 'seq'),
      )

  const walks = (ofCustomer: boolean): { page: Walk; before: Before } => {
    const walk = (param: Param<SubscriptionPageParams>, order: SortOrder, operator?: Operator) =>
      owned(param)
        .$if(ofCustomer, (query) => query.where('subscriptions.customer_id', '=', param('customerId')!))
        .$if(operator !== undefined, (query) => query.where(fromCursor(param, operator!, ofCustomer)))
        .orderBy('subscriptions.created_at', order)
        .orderBy('subscriptions.seq', order)
        .limit(param('limit'))
    const label = ofCustomer ? 'customer subscriptions' : 'subscriptions'
    const page = {} as Walk
    const before = {} as Before
    const columns = SUBSCRIPTION_COLUMNS.map((column) => `subscriptions.${column}` as const)
    for (const order of SORTS) {
      const reverse: SortOrder = order === 'asc' ? 'desc' : 'asc'
      page[order] = {
        first: prepare(`${label} page ${order}`, (param) => walk(param, order).select(columns)),
        from: prepare(`${label} page ${order} from`, (param) => walk(param, order, order === 'asc' ? '>=' : '<=').select(columns)),
      }
      before[order] = prepare(`${label} before ${order}`, (param) => walk(param, reverse, order === 'asc' ? '<' : '>').select('subscriptions.id'))
    }
    return { page, before }
  }
  const all = walks(false)
  const ofCustomer = walks(true)

  const values = (param: Param<SubscriptionInsert>) => ({
    id: param('id'),
    organization_id: param('organization_id'),
    mode: param('mode'),
    customer_id: param('customer_id'),
    mandate_id: param('mandate_id'),
    status: param('status'),
    description: param('description'),
    next_payment_date: param('next_payment_date'),
    created_at: param('created_at'),
    data: param('data'),
  })
  const changes = (param: Param<SubscriptionInsert>) => {
    const { id: _id, organization_id: _organization, created_at: _created, mode: _mode, customer_id: _customer, ...rest } = values(param)
    return rest
  }

  const due = (param: Param<DueParams>, scope: Scope) =>
    db
      .selectFrom('subscriptions')
      .where('subscriptions.next_payment_date', '<=', param('today'))
      .where('subscriptions.status', '=', sql.lit('active'))
      .$if(scope !== 'all', (query) => query.where('subscriptions.organization_id', '=', param('organizationId')!))
      .$if(scope === 'tenant', (query) => query.where('subscriptions.mode', '=', param('mode')!))
      .orderBy('subscriptions.next_payment_date')
      .orderBy('subscriptions.seq')
      .limit(param('limit'))
  const scopes: readonly Scope[] = ['all', 'organization', 'tenant']
  const claimDue = {} as SubscriptionQueries['claimDue']
  const anyDue = {} as SubscriptionQueries['anyDue']
  for (const scope of scopes) {
    claimDue[scope] = prepare(`subscriptions due (${scope})`, (param) =>
      due(param, scope)
        .select(SUBSCRIPTION_COLUMNS.map((column) => `subscriptions.${column}` as const))
        .$if(lock, (query) => query.forUpdate().skipLocked()),
    )
    anyDue[scope] = prepare(`any subscription due (${scope})`, (param) => due(param, scope).select('subscriptions.id'))
  }

  const live = (query: ReturnType<typeof db.selectFrom<'subscriptions'>>) =>
    query.select(SUBSCRIPTION_COLUMNS).where('status', 'in', LIVE.map((status) => sql.lit(status))).orderBy('created_at').orderBy('seq')

  return {
    byId: prepare('subscription by id', (param) => byId(param)),
    byIdForUpdate: prepare('subscription by id for update', (param) => byId(param).$if(lock, (query) => query.forUpdate())),
    page: all.page,
    before: all.before,
    customerPage: ofCustomer.page,
    customerBefore: ofCustomer.before,
    insertSubscription: prepare('insert subscription', (param) => db.insertInto('subscriptions').values(values(param))),
    updateSubscription: prepare('update subscription', (param) =>
      db.updateTable('subscriptions').set(changes(param)).where('id', '=', param('id')),
    ),
    advanceSubscription: prepare('advance subscription', (param) =>
      db
        .updateTable('subscriptions')
        .set(changes(param))
        .where('id', '=', param('id'))
        .where('next_payment_date', '=', param('chargedDate'))
        .where('status', '=', sql.lit('active'))
        .returning('id'),
    ),
    customerForUpdate: prepare('subscription customer for update', (param) =>
      db
        .selectFrom('customers')
        .select(['id', 'name'])
        .where('id', '=', param('id'))
        .where('organization_id', '=', param('organizationId'))
        .where('mode', '=', param('mode'))
        .where('deleted_at', 'is', null)
        .$if(lock, (query) => query.forUpdate()),
    ),
    customerById: prepare('subscription customer by id', (param) =>
      db.selectFrom('customers').select(['id', 'name', 'deleted_at']).where('id', '=', param('id')),
    ),
    chargeableMandates: prepare('chargeable mandates for subscription', (param) =>
      db
        .selectFrom('mandates')
        .select(MANDATE_COLUMNS)
        .where('customer_id', '=', param('customerId'))
        .where('revoked_at', 'is', null)
        .where('status', '=', sql.lit('valid'))
        .orderBy('created_at')
        .orderBy('seq'),
    ),
    activeWithDescription: prepare('active subscriptions with description', (param) =>
      db
        .selectFrom('subscriptions')
        .select('id')
        .where('customer_id', '=', param('customerId'))
        .where('description', '=', param('description'))
        .where('status', 'in', LIVE.map((status) => sql.lit(status))),
    ),
    liveOfMandate: prepare('live subscriptions of mandate', (param) =>
      live(db.selectFrom('subscriptions').where('mandate_id', '=', param('mandateId'))).$if(lock, (query) => query.forUpdate()),
    ),
    liveOfCustomer: prepare('live subscriptions of customer', (param) =>
      live(db.selectFrom('subscriptions').where('customer_id', '=', param('customerId'))).$if(lock, (query) => query.forUpdate()),
    ),
    hasSubscriptions: prepare('customer has subscriptions', (param) =>
      owned(param).select('subscriptions.id').where('subscriptions.customer_id', '=', param('customerId')).limit(sql.lit(1)),
    ),
    insertEvent: prepare('insert subscription event', (param) =>
      db.insertInto('customer_events').values({
        customer_id: param('customerId'),
        type: param('type'),
        message: param('message'),
        created_at: param('createdAt'),
      }),
    ),
    claimDue,
    anyDue,
  }
}
