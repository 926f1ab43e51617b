/**
 * Every query of the mandate store, named, with named and typed parameters, compiled when the store opens
 * (prepared.ts). A customer's list is in `createdAt` order, ties by `seq`, newest first unless `asc`, as the
 * customers' list is (customer-queries.ts); a `from` cursor is a mandate id, and revoked mandates, not listed,
 * still mark their place.
 */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely'
import type { CustomerEvent } from '../domain/schemas.js'
import type { SortOrder } from './store.js'
import type { Database } from './database.js'
import type { StoreDialect } from './dialect.js'
import { MANDATE_COLUMNS, type MandateInsert, type MandateRow } from './mandate-row.js'
import { prepareQuery, type PreparedQuery } from './prepared.js'

interface OwnerParams {
  organizationId: string
  mode: string
  customerId: string
}

export interface MandateByIdParams extends OwnerParams {
  id: string
}

export interface MandatePageParams extends OwnerParams {
  limit: number
  from?: string
}

export interface MandateQueries {
  /** The customer, live, in this tenant: locked where the database can, inside a write. */
  customerForUpdate: PreparedQuery<{ organizationId: string; mode: string; id: string }, { id: string }>
  byId: PreparedQuery<MandateByIdParams, MandateRow>
  byIdForUpdate: PreparedQuery<MandateByIdParams, MandateRow>
  page: Record<SortOrder, Record<'first' | 'from', PreparedQuery<MandatePageParams, MandateRow>>>
  /** The page before: walking back from the cursor (exclusive), `limit` rows. */
  before: Record<SortOrder, PreparedQuery<MandatePageParams, { id: string }>>
  /** Whether the customer has a mandate that is not revoked. */
  hasLive: PreparedQuery<{ organizationId: string; mode: string; customerId: string }, { id: string }>
  /** The customer's mandates that are not revoked, for the deletion cascade. */
  liveOfCustomer: PreparedQuery<{ customerId: string }, { id: string }>
  insertMandate: PreparedQuery<MandateInsert, unknown>
  revoke: PreparedQuery<{ id: string; revokedAt: string }, unknown>
  revokeAllOfCustomer: PreparedQuery<{ customerId: string; revokedAt: string }, unknown>
  insertEvent: PreparedQuery<{ customerId: string; type: CustomerEvent['type']; message: string; createdAt: string }, unknown>
}

const SORTS: readonly SortOrder[] = ['asc', 'desc']

export function prepareMandateQueries(db: Kysely<Database>, dialect: StoreDialect): MandateQueries {
  const prepare = <Params extends object, Row>(name: string, build: Parameters<typeof prepareQuery<Params, Row>>[3]) =>
    prepareQuery<Params, Row>(db, dialect.driver, name, build)

  type Param<P> = <K extends keyof P & string>(name: K) => P[K]

  const owned = (param: Param<OwnerParams>) =>
    db
      .selectFrom('mandates')
      .where('mandates.customer_id', '=', param('customerId'))
      .where('mandates.organization_id', '=', param('organizationId'))
      .where('mandates.mode', '=', param('mode'))

  const byId = (param: Param<MandateByIdParams>) => owned(param).select(MANDATE_COLUMNS).where('mandates.id', '=', param('id'))

  /** Rows at or past the cursor in list order; the cursor is looked up in the query, within the same customer. */
  const fromCursor =
    (param: Param<MandatePageParams>, operator: '>=' | '<=' | '>' | '<') =>
    ({ eb, refTuple, selectFrom }: ExpressionBuilder<Database, 'mandates'>) =>
      eb(
        refTuple('mandates.created_at', 'mandates.seq'),
        operator,
        selectFrom('mandates as cursor')
          .select(['cursor.created_at', 'cursor.seq'])
          .where('cursor.id', '=', param('from')!)
          .where('cursor.customer_id', '=', param('customerId'))
          .$asTuple('created_at', 'seq'),
      )

  const walk = (param: Param<MandatePageParams>, order: SortOrder, operator?: '>=' | '<=' | '>' | '<') =>
    owned(param)
      .where('mandates.revoked_at', 'is', null)
      .$if(operator !== undefined, (query) => query.where(fromCursor(param, operator!)))
      .orderBy('mandates.created_at', order)
      .orderBy('mandates.seq', order)
      .limit(param('limit'))

  const page = {} as MandateQueries['page']
  const before = {} as MandateQueries['before']
  for (const order of SORTS) {
    const reverse: SortOrder = order === 'asc' ? 'desc' : 'asc'
    page[order] = {
      first: prepare(`mandate page ${order}`, (param) => walk(param, order).select(MANDATE_COLUMNS.map((column) => `mandates.${column}` as const))),
      from: prepare(`mandate page ${order} from`, (param) =>
        walk(param, order, order === 'asc' ? '>=' : '<=').select(MANDATE_COLUMNS.map((column) => `mandates.${column}` as const)),
      ),
    }
    before[order] = prepare(`mandates before ${order}`, (param) =>
      walk(param, reverse, order === 'asc' ? '<' : '>').select('mandates.id'),
    )
  }

  return {
    customerForUpdate: prepare('mandate customer for update', (param) =>
      db
        .selectFrom('customers')
        .select('id')
        .where('id', '=', param('id'))
        .where('organization_id', '=', param('organizationId'))
        .where('mode', '=', param('mode'))
        .where('deleted_at', 'is', null)
        .$if(dialect.adapter.supportsRowLocks, (query) => query.forUpdate()),
    ),
    byId: prepare('mandate by id', (param) => byId(param)),
    byIdForUpdate: prepare('mandate by id for update', (param) =>
      byId(param).$if(dialect.adapter.supportsRowLocks, (query) => query.forUpdate()),
    ),
    page,
    before,
    hasLive: prepare('customer has mandates', (param) =>
      owned(param).select('mandates.id').where('mandates.revoked_at', 'is', null).limit(sql.lit(1)),
    ),
    liveOfCustomer: prepare('live mandates of customer', (param) =>
      db
        .selectFrom('mandates')
        .select('id')
        .where('customer_id', '=', param('customerId'))
        .where('revoked_at', 'is', null)
        .orderBy('created_at')
        .orderBy('seq'),
    ),
    insertMandate: prepare('insert mandate', (param) =>
      db.insertInto('mandates').values({
        id: param('id'),
        organization_id: param('organization_id'),
        mode: param('mode'),
        customer_id: param('customer_id'),
        method: param('method'),
        status: param('status'),
        details: param('details'),
        mandate_reference: param('mandate_reference'),
        signature_date: param('signature_date'),
        created_at: param('created_at'),
        revoked_at: param('revoked_at'),
      }),
    ),
    revoke: prepare('revoke mandate', (param) =>
      db.updateTable('mandates').set({ revoked_at: param('revokedAt') }).where('id', '=', param('id')),
    ),
    revokeAllOfCustomer: prepare('revoke mandates of customer', (param) =>
      db
        .updateTable('mandates')
        .set({ revoked_at: param('revokedAt') })
        .where('customer_id', '=', param('customerId'))
        .where('revoked_at', 'is', null),
    ),
    insertEvent: prepare('insert mandate event', (param) =>
      db.insertInto('customer_events').values({
        customer_id: param('customerId'),
        type: param('type'),
        message: param('message'),
        created_at: param('createdAt'),
      }),
    ),
  }
}
