/**
 * Writes under an Idempotency-Key, for every resource's store: the mutation and the record of its outcome commit
 * in one transaction, so that a response is recorded if and only if its change is, and a repeat replays it.
 * The record's `customer` column (named when customers were the only resource) holds the snapshot of whatever
 * the response carried, as JSON: a customer, a mandate, or null for an empty response.
 */
import type { Kysely } from 'kysely'
import type { StoreContext } from './context.js'
import type { Database, IdempotencyRecordsTable } from './database.js'
import type { StoreDialect } from './dialect.js'
import { prepareQuery, type PreparedQuery } from './prepared.js'
import { IdempotencyKeyReusedError, type IdempotencyClaim, type Written } from './store.js'

export type IdempotencyRecord = IdempotencyRecordsTable

export interface Mutation<T> {
  value: T
  status: number
  /** What a replay gives back: the object as this response carried it, or null for an empty response. */
  snapshot: unknown
}

export interface RecordQueries {
  findRecord: PreparedQuery<{ scope: string; key: string }, IdempotencyRecordsTable>
  insertRecord: PreparedQuery<IdempotencyRecordsTable, unknown>
  deleteRecord: PreparedQuery<{ scope: string; key: string }, unknown>
}

export function prepareRecordQueries(db: Kysely<Database>, dialect: StoreDialect): RecordQueries {
  return {
    findRecord: prepareQuery<{ scope: string; key: string }, IdempotencyRecordsTable>(db, dialect.driver, 'idempotency record', (param) =>
      db.selectFrom('idempotency_records').selectAll().where('scope', '=', param('scope')).where('key', '=', param('key')),
    ),
    insertRecord: prepareQuery<IdempotencyRecordsTable, unknown>(db, dialect.driver, 'insert idempotency record', (param) =>
      db.insertInto('idempotency_records').values({
        scope: param('scope'),
        key: param('key'),
        fingerprint: param('fingerprint'),
        status: param('status'),
        customer: param('customer'),
        created_at_ms: param('created_at_ms'),
      }),
    ),
    deleteRecord: prepareQuery<{ scope: string; key: string }, unknown>(db, dialect.driver, 'delete idempotency record', (param) =>
      db.deleteFrom('idempotency_records').where('scope', '=', param('scope')).where('key', '=', param('key')),
    ),
  }
}

/** The snapshot of a replayed record, parsed (null for an empty response). */
export function replaySnapshot<T>(record: IdempotencyRecord): T {
  return (record.customer === null ? null : JSON.parse(record.customer)) as T
}

/**
 * Runs a mutation in one write transaction together with its idempotency record. A unique violation means another
 * writer won a race (the same key arriving twice at once on PostgreSQL, or a colliding random id); running the
 * transaction again then replays or succeeds. Undefined when `mutate` finds nothing to change.
 */
export async function idempotentWrite<T>(
  context: StoreContext,
  queries: RecordQueries,
  claim: IdempotencyClaim | undefined,
  replay: (record: IdempotencyRecord) => T,
  mutate: (trx: Kysely<Database>) => Promise<Mutation<T> | undefined>,
): Promise<Written<T> | undefined> {
  const { db, dialect } = context
  for (let attempt = 1; ; attempt++) {
    try {
      return await dialect.driver.writeTransaction(db, async (trx): Promise<Written<T> | undefined> => {
        if (claim) {
          const record = await findRecord(context, queries, trx, claim)
          if (record) return { value: replay(record), replayed: true }
        }
        const mutation = await mutate(trx)
        if (!mutation) return undefined
        if (claim) {
          await queries.insertRecord.runIn(trx, {
            scope: claim.scope,
            key: claim.key,
            fingerprint: claim.fingerprint,
            status: mutation.status,
            customer: mutation.snapshot === null ? null : JSON.stringify(mutation.snapshot),
            created_at_ms: context.now().getTime(),
          })
        }
        return { value: mutation.value, replayed: false }
      })
    } catch (error) {
      if (attempt < 3 && dialect.errors.isUniqueViolation(error)) continue
      throw error
    }
  }
}

async function findRecord(
  context: StoreContext,
  queries: RecordQueries,
  trx: Kysely<Database>,
  claim: IdempotencyClaim,
): Promise<IdempotencyRecord | undefined> {
  const [record] = await queries.findRecord.runIn(trx, { scope: claim.scope, key: claim.key })
  if (!record) return undefined
  const { now, idempotencyRetentionMs } = context
  if (Number(record.created_at_ms) < now().getTime() - idempotencyRetentionMs) {
    // Expired: the key is free for a new request.
    await queries.deleteRecord.runIn(trx, { scope: claim.scope, key: claim.key })
    return undefined
  }
  if (record.fingerprint !== claim.fingerprint) throw new IdempotencyKeyReusedError()
  return record
}
