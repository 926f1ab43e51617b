/**
 * The test clocks in the database (migration 0008, issue 17). A test-mode organization's time is the real time
 * plus its `offset_ms`; live mode, and an organization that never advanced, run on real time. Nothing is cached in
 * memory: every instance reads the offset when it needs the time (in the transaction that writes what the time
 * stamps), so an advance takes effect everywhere at once. Live-mode time costs no query.
 *
 * An advance runs in one write transaction: the organization's row is made (offset 0) if missing and locked, the
 * target is decided from the time it gives, and the offset is raised only if that raises it
 * (`… where offset_ms < :offset`), so that concurrent advances compound or keep the later one, never move it back.
 */
import { sql, type Kysely } from 'kysely'
import { advanceTarget, type AdvanceRequest } from '../domain/clock.js'
import { formatTimestamp } from '../domain/customer.js'
import type { StoreContext } from './context.js'
import type { Database } from './database.js'
import type { StoreDialect } from './dialect.js'
import { idempotentWrite, prepareRecordQueries, replaySnapshot, type RecordQueries } from './idempotent-write.js'
import { prepareQuery, type PreparedQuery } from './prepared.js'
import type { ClockStore, IdempotencyClaim, Tenant, Written } from './store.js'

export interface ClockQueries {
  offset: PreparedQuery<{ organizationId: string }, { offset_ms: number }>
  offsetForUpdate: PreparedQuery<{ organizationId: string }, { offset_ms: number }>
  /** Makes the organization's row (offset 0) unless it exists. */
  ensure: PreparedQuery<{ organizationId: string }, unknown>
  /** Raises the offset to `offsetMs`, never lowers it. */
  raise: PreparedQuery<{ organizationId: string; offsetMs: number }, unknown>
}

export function prepareClockQueries(db: Kysely<Database>, dialect: StoreDialect): ClockQueries {
  const prepare = <Params extends object, Row>(name: string, build: Parameters<typeof prepareQuery<Params, Row>>[3]) =>
    prepareQuery<Params, Row>(db, dialect.driver, name, build)
  const offset = (organizationId: string) => db.selectFrom('test_clocks').select('offset_ms').where('organization_id', '=', organizationId)
  return {
    offset: prepare('test clock offset', (param) => offset(param('organizationId'))),
    offsetForUpdate: prepare('test clock offset for update', (param) =>
      offset(param('organizationId')).$if(dialect.adapter.supportsRowLocks, (query) => query.forUpdate()),
    ),
    ensure: prepare('ensure test clock', (param) =>
      db
        .insertInto('test_clocks')
        .values({ organization_id: param('organizationId'), offset_ms: sql<number>`0` })
        .onConflict((conflict) => conflict.column('organization_id').doNothing()),
    ),
    raise: prepare('raise test clock', (param) =>
      db
        .updateTable('test_clocks')
        .set({ offset_ms: param('offsetMs') })
        .where('organization_id', '=', param('organizationId'))
        .where('offset_ms', '<', param('offsetMs')),
    ),
  }
}

/** The tenant's time (see StoreContext.nowFor): no query in live mode. */
export function tenantClock(queries: ClockQueries, now: () => Date): (tenant: Tenant, trx?: Kysely<Database>) => Promise<Date> {
  return async (tenant, trx) => {
    if (tenant.mode === 'live') return now()
    const params = { organizationId: tenant.organizationId }
    const [row] = trx ? await queries.offset.runIn(trx, params) : await queries.offset.run(params)
    return new Date(now().getTime() + Number(row?.offset_ms ?? 0))
  }
}

export class KyselyClockStore implements ClockStore {
  readonly #context: StoreContext
  readonly #queries: ClockQueries
  readonly #records: RecordQueries

  constructor(context: StoreContext, queries: ClockQueries) {
    this.#context = context
    this.#queries = queries
    this.#records = prepareRecordQueries(context.db, context.dialect)
  }

  now(tenant: Tenant): Promise<Date> {
    return this.#context.nowFor(tenant)
  }

  async advanced(): Promise<Array<{ organizationId: string; now: Date }>> {
    const rows = await this.#context.db
      .selectFrom('test_clocks')
      .select(['organization_id', 'offset_ms'])
      .where('offset_ms', '>', 0)
      .execute()
    const real = this.#context.now().getTime()
    return rows.map((row) => ({ organizationId: row.organization_id, now: new Date(real + Number(row.offset_ms)) }))
  }

  advance(organizationId: string, request: AdvanceRequest, claim?: IdempotencyClaim): Promise<Written<{ now: string }>> {
    return idempotentWrite(this.#context, this.#records, claim, replaySnapshot<{ now: string }>, async (trx) => {
      const params = { organizationId }
      await this.#queries.ensure.runIn(trx, params)
      const [row] = await this.#queries.offsetForUpdate.runIn(trx, params)
      const real = this.#context.now().getTime()
      const offset = Number(row?.offset_ms ?? 0)
      const target = advanceTarget(new Date(real + offset), request)
      const raised = target.getTime() - real
      await this.#queries.raise.runIn(trx, { organizationId, offsetMs: raised })
      const value = { now: formatTimestamp(new Date(real + Math.max(offset, raised))) }
      return { value, status: 200, snapshot: value }
    }) as Promise<Written<{ now: string }>>
  }
}
