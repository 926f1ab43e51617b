/**
 * Every query of the customer store, each named, with named and typed parameters, built and compiled once when
 * the store opens (prepared.ts): a query that does not compile fails the start, never a request.
 *
 * List order is `createdAt`, newest first (`desc`) or oldest first (`asc`), with `seq` (insertion order) breaking
 * ties; a `from` cursor is the id of a page's first customer, and a page starts where that customer stands in
 * the order: `(created_at, seq)` compared as one value, a range scan of customers_live_tenant_created however
 * deep the page. Tombstones still stand somewhere, so a deleted customer stays a valid cursor.
 *
 * A search page is one of three variants (search.ts): `none` (no search), `index` (the search index's
 * candidates, looked up by seq) or `scan` (a walk of at most a window of rows in list order, keeping those that
 * match; `scanStop` then says where the walk stopped, so that the next page can start there).
 */
import { sql, type ExpressionBuilder, type Kysely, type SelectQueryBuilder } from 'kysely'
import type { SortOrder } from './store.js'
import type { CustomerEvent } from '../domain/schemas.js'
import { CUSTOMER_COLUMNS, type CustomerInsert, type CustomerRow } from './customer-row.js'
import type { Database, IdempotencyRecordsTable } from './database.js'
import type { SearchIndex, StoreDialect } from './dialect.js'
import { prepareQuery, type PreparedQuery } from './prepared.js'

interface TenantParams {
  organizationId: string
  mode: string
}

export interface ByIdParams extends TenantParams {
  id: string
}

export interface PageParams extends TenantParams {
  /** Rows to return at most. */
  limit: number
  /** The cursor's customer id (variants with a cursor only). */
  from?: string
  /** search: the index's term (index variant) or a LIKE pattern (scan variant). */
  term?: string
  /** index variant: candidates taken from the search index at most. */
  probe?: number
  /** scan variant: rows walked at most (scanStop: rows skipped before the ones it returns). */
  window?: number
}

export type SearchVariant = 'none' | 'index' | 'scan'

type Page = PreparedQuery<PageParams, CustomerRow>

/** Every page query, by sort order, whether it has a cursor, and search variant. */
type PageQueries = Record<SortOrder, Record<'first' | 'from', Record<SearchVariant, Page>>>

/** Where the previous page starts: walking back from the cursor, by sort order (of the list) and search variant. */
type BeforeQueries = Record<SortOrder, Record<SearchVariant, PreparedQuery<PageParams, { id: string }>>>

/** The ids `window` and `window + 1` rows into a walk in `order`, from the cursor or the start (`first`). */
type ScanStopQueries = Record<SortOrder, Record<'first' | 'from' | 'pastFrom', PreparedQuery<PageParams, { id: string }>>>

export interface CustomerQueries {
  byId: PreparedQuery<ByIdParams, CustomerRow>
  /** The same inside a write transaction, locking the row where the database can. */
  byIdForUpdate: PreparedQuery<ByIdParams, CustomerRow>
  /** Any customer of the tenant, live or deleted: whether `id` is a cursor. */
  cursor: PreparedQuery<ByIdParams, { seq: number }>
  page: PageQueries
  before: BeforeQueries
  scanStop: ScanStopQueries
  /** How many candidates the search index finds, counting no further than `probe`. */
  probe?: PreparedQuery<{ term: string; probe: number }, { hits: number | string }>
  events: PreparedQuery<{ customerId: string }, { type: number; message: string; created_at: string }>
  insertCustomer: PreparedQuery<CustomerInsert, unknown>
  updateCustomer: PreparedQuery<Pick<CustomerInsert, 'id' | 'name' | 'email' | 'locale' | 'metadata' | 'updated_at'>, unknown>
  /** Makes the row a tombstone: personal fields erased, `deleted_at` set. */
  eraseCustomer: PreparedQuery<{ id: string; deletedAt: string }, unknown>
  insertEvent: PreparedQuery<{ customerId: string; type: CustomerEvent['type']; message: string; createdAt: string }, unknown>
  findRecord: PreparedQuery<{ scope: string; key: string }, IdempotencyRecordsTable>
  insertRecord: PreparedQuery<IdempotencyRecordsTable, unknown>
  deleteRecord: PreparedQuery<{ scope: string; key: string }, unknown>
}

const SORTS: readonly SortOrder[] = ['asc', 'desc']
const VARIANTS: readonly SearchVariant[] = ['none', 'index', 'scan']

/** The name or email contains the LIKE pattern `term`, ignoring case (ASCII case on SQLite). */
const matchesPattern = (term: string) =>
  sql<boolean>`(lower(name) like ${term} escape '\\' or lower(email) like ${term} escape '\\')`

export function prepareCustomerQueries(
  db: Kysely<Database>,
  dialect: StoreDialect,
  searchIndex: SearchIndex | undefined,
): CustomerQueries {
  const prepare = <Params extends object, Row>(
    name: string,
    build: Parameters<typeof prepareQuery<Params, Row>>[3],
  ) => prepareQuery<Params, Row>(db, dialect.driver, name, build)

  type Param = <K extends keyof PageParams & string>(name: K) => PageParams[K]
  type TenantParam = <K extends keyof TenantParams & string>(name: K) => TenantParams[K]

  /** The tenant's live customers, optionally driven by (joined to) the search index's candidates. */
  const live = (param: TenantParam, candidates?: string) => {
    const customers = candidates
      ? db
          // CROSS JOIN: the candidates drive (SQLite keeps that order), each looked up by seq, whatever the
          // tenant's size; never the tenant's rows each checked against the candidates.
          .selectFrom(searchIndex!.candidates(db, candidates).limit(param('probe' as never)).as('hits'))
          .crossJoin('customers')
          .whereRef('customers.seq', '=', 'hits.seq')
      : db.selectFrom('customers')
    return (customers as SelectQueryBuilder<Database, 'customers', object>)
      .where('customers.organization_id', '=', param('organizationId'))
      .where('customers.mode', '=', param('mode'))
      .where('customers.deleted_at', 'is', null)
  }

  const byId = (param: TenantParam) =>
    db
      .selectFrom('customers')
      .where('organization_id', '=', param('organizationId'))
      .where('mode', '=', param('mode'))
      .where('deleted_at', 'is', null)

  /** Rows at (`>=`, `<=`) or past (`>`, `<`) the cursor in list order; the cursor is looked up in the query. */
  const fromCursor =
    (param: Param, operator: '>=' | '<=' | '>' | '<') =>
    ({ eb, refTuple, selectFrom }: ExpressionBuilder<Database, 'customers'>) =>
      eb(
        refTuple('customers.created_at', 'customers.seq'),
        operator,
        selectFrom('customers as cursor')
          .select(['cursor.created_at', 'cursor.seq'])
          .where('cursor.id', '=', param('from')!)
          .where('cursor.organization_id', '=', param('organizationId'))
          .where('cursor.mode', '=', param('mode'))
          .$asTuple('created_at', 'seq'),
      )

  /** The tenant's live customers from the cursor (if `operator`), driven by the index's candidates (if `term`). */
  const walkFrom = (param: Param, operator: '>=' | '<=' | '>' | '<' | undefined, term?: string) =>
    live(param, term).$if(operator !== undefined, (query) => query.where(fromCursor(param, operator!)))

  /**
   * The tenant's live customers in `order` from the cursor (if `operator`), restricted by the search `variant`,
   * `columns` are what comes back.
   */
  function walk<C extends (typeof CUSTOMER_COLUMNS)[number]>(
    param: Param,
    order: SortOrder,
    operator: '>=' | '<=' | '>' | '<' | undefined,
    variant: SearchVariant,
    columns: readonly C[],
  ) {
    const start = walkFrom(param, operator, variant === 'index' ? param('term') : undefined)
    const inOrder = <Q extends typeof start>(query: Q) =>
      query.orderBy('customers.created_at', order).orderBy('customers.seq', order) as Q
    if (variant === 'scan') {
      // The walk ends before the row `window` rows in (scanStop's first row), or at the tenant's end: a range
      // bound of the index, so the walk stops there or as soon as the page is full, whichever comes first.
      const stop = inOrder(walkFrom(param, operator)).limit(sql.lit(1)).offset(param('window')!)
      const [past, beyondText, beyondSeq] = order === 'desc' ? ['>', "''", '-1'] : ['<', "'~'", '9007199254740991']
      return inOrder(start)
        .select(columns.map((column) => `customers.${column}` as const))
        .where(matchesPattern(param('term')!))
        .where(
          sql<boolean>`(customers.created_at, customers.seq) ${sql.raw(past)} (
            coalesce((${stop.select('customers.created_at')}), ${sql.raw(beyondText)}),
            coalesce((${stop.select('customers.seq')}), ${sql.raw(beyondSeq)})
          )`,
        )
        .limit(param('limit'))
    }
    return inOrder(start)
      .select(columns.map((column) => `customers.${column}` as const))
      .limit(param('limit'))
  }

  const variants = VARIANTS.filter((variant) => variant !== 'index' || searchIndex !== undefined)
  const reverse = (order: SortOrder): SortOrder => (order === 'asc' ? 'desc' : 'asc')
  const page = {} as PageQueries
  const before = {} as BeforeQueries
  const scanStop = {} as ScanStopQueries
  for (const order of SORTS) {
    const stopAt = (param: Param, operator?: '>=' | '<=' | '>' | '<') =>
      walkFrom(param, operator)
        .select('customers.id')
        .orderBy('customers.created_at', order)
        .orderBy('customers.seq', order)
        .limit(sql.lit(2))
        .offset(param('window')!)
    scanStop[order] = {
      first: prepare(`scan stop ${order}`, (param) => stopAt(param)),
      from: prepare(`scan stop ${order} from`, (param) => stopAt(param, order === 'asc' ? '>=' : '<=')),
      // Walking back to the page before: from just past the cursor.
      pastFrom: prepare(`scan stop ${order} past from`, (param) => stopAt(param, order === 'asc' ? '>' : '<')),
    }
    page[order] = { first: {}, from: {} } as PageQueries[SortOrder]
    before[order] = {} as BeforeQueries[SortOrder]
    for (const variant of variants) {
      page[order].first[variant] = prepare(`page ${order} ${variant}`, (param) =>
        walk(param, order, undefined, variant, CUSTOMER_COLUMNS),
      ) as Page
      page[order].from[variant] = prepare(`page ${order} from ${variant}`, (param) =>
        walk(param, order, order === 'asc' ? '>=' : '<=', variant, CUSTOMER_COLUMNS),
      ) as Page
      // The page before starts `limit` customers back from ours, counted walking the other way.
      before[order][variant] = prepare(`before ${order} ${variant}`, (param) =>
        walk(param, reverse(order), order === 'asc' ? '<' : '>', variant, ['id'] as const),
      ) as BeforeQueries[SortOrder][SearchVariant]
    }
  }

  return {
    byId: prepare('customer by id', (param) =>
      byId(param).select(CUSTOMER_COLUMNS).where('id', '=', param('id')),
    ),
    byIdForUpdate: prepare('customer by id for update', (param) =>
      byId(param)
        .select(CUSTOMER_COLUMNS)
        .where('id', '=', param('id'))
        .$if(dialect.adapter.supportsRowLocks, (query) => query.forUpdate()),
    ),
    cursor: prepare('cursor', (param) =>
      db
        .selectFrom('customers')
        .select('seq')
        .where('id', '=', param('id'))
        .where('organization_id', '=', param('organizationId'))
        .where('mode', '=', param('mode')),
    ),
    page,
    before,
    scanStop,
    probe:
      searchIndex &&
      prepare('search probe', (param) =>
        db
          .selectFrom(searchIndex.candidates(db, param('term')).limit(param('probe')).as('hits'))
          .select((eb) => eb.fn.countAll<number | string>().as('hits')),
      ),
    events: prepare('events', (param) =>
      db
        .selectFrom('customer_events')
        .select(['type', 'message', 'created_at'])
        .where('customer_id', '=', param('customerId'))
        .orderBy('seq', 'asc'),
    ),
    insertCustomer: prepare('insert customer', (param) =>
      db.insertInto('customers').values({
        id: param('id'),
        organization_id: param('organization_id'),
        mode: param('mode'),
        name: param('name'),
        email: param('email'),
        locale: param('locale'),
        metadata: param('metadata'),
        created_at: param('created_at'),
        updated_at: param('updated_at'),
        deleted_at: param('deleted_at'),
      }),
    ),
    updateCustomer: prepare('update customer', (param) =>
      db
        .updateTable('customers')
        .set({
          name: param('name'),
          email: param('email'),
          locale: param('locale'),
          metadata: param('metadata'),
          updated_at: param('updated_at'),
        })
        .where('id', '=', param('id')),
    ),
    eraseCustomer: prepare('erase customer', (param) =>
      db
        .updateTable('customers')
        .set({
          name: sql.lit(null),
          email: sql.lit(null),
          locale: sql.lit(null),
          metadata: sql.lit(null),
          updated_at: param('deletedAt'),
          deleted_at: param('deletedAt'),
        })
        .where('id', '=', param('id')),
    ),
    insertEvent: prepare('insert event', (param) =>
      db.insertInto('customer_events').values({
        customer_id: param('customerId'),
        type: param('type'),
        message: param('message'),
        created_at: param('createdAt'),
      }),
    ),
    findRecord: prepare('idempotency record', (param) =>
      db.selectFrom('idempotency_records').selectAll().where('scope', '=', param('scope')).where('key', '=', param('key')),
    ),
    insertRecord: prepare('insert idempotency record', (param) =>
      db.insertInto('idempotency_records').values({
        scope: param('scope'),
        key: param('key'),
        fingerprint: param('fingerprint'),
        status: param('status'),
        customer: param('customer'),
        created_at_ms: param('created_at_ms'),
      }),
    ),
    deleteRecord: prepare('delete idempotency record', (param) =>
      db.deleteFrom('idempotency_records').where('scope', '=', param('scope')).where('key', '=', param('key')),
    ),
  }
}
