/**
 * Every query of the webhook outbox, named, with named and typed parameters, compiled when the store opens
 * (prepared.ts). Due order is `next_attempt_at_ms`, ties by `seq`, a range scan of the partial index
 * `webhook_deliveries_due` (migration 0006), which holds unfinished deliveries only.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from './database.js'
import type { StoreDialect } from './dialect.js'
import { prepareQuery, type PreparedQuery } from './prepared.js'
import {
  ATTEMPT_COLUMNS,
  CLAIM_COLUMNS,
  DELIVERY_COLUMNS,
  type AttemptRow,
  type ClaimRow,
  type DeliveryInsert,
  type DeliveryRow,
} from './webhook-row.js'

export interface ClaimParams {
  instance: string
  /** ms since the epoch: deliveries due at or before it are claimed. */
  nowMs: number
  /** ms since the epoch: the lease's end, and the claimed deliveries' next due time. */
  expiresAtMs: number
  limit: number
}

export interface FinishParams {
  id: string
  /** The lease the outcome was reached under: the update applies only while it is still the delivery's. */
  claimedBy: string
  claimExpiresAtMs: number
  attempts: number
  /** null once delivered or given up. */
  nextAttemptAtMs: number | null
  deliveredAt: string | null
  gaveUpAt: string | null
}

export interface AttemptInsert {
  deliveryId: string
  attempt: number
  atMs: number
  url: string
  status: number | null
  error: string | null
  durationMs: number
}

interface ResourceParams {
  organizationId: string
  mode: string
  resourceId: string
}

export interface WebhookQueries {
  insertDelivery: PreparedQuery<DeliveryInsert, unknown>
  /** Claims in one statement: the due rows (locked, skipping rows another claim holds, where rows lock) take the lease. */
  claim: PreparedQuery<ClaimParams, ClaimRow>
  /** Releases the lease with the outcome; returns the row only when the lease was still the caller's. */
  finish: PreparedQuery<FinishParams, { seq: number }>
  insertAttempt: PreparedQuery<AttemptInsert, unknown>
  nextDue: PreparedQuery<object, { next_attempt_at_ms: number | null }>
  deliveriesOfResource: PreparedQuery<ResourceParams, DeliveryRow>
  attemptsOfResource: PreparedQuery<ResourceParams, AttemptRow>
}

export function prepareWebhookQueries(db: Kysely<Database>, dialect: StoreDialect): WebhookQueries {
  const prepare = <Params extends object, Row>(name: string, build: Parameters<typeof prepareQuery<Params, Row>>[3]) =>
    prepareQuery<Params, Row>(db, dialect.driver, name, build)

  return {
    insertDelivery: prepare('insert webhook delivery', (param) =>
      db.insertInto('webhook_deliveries').values({
        id: param('id'),
        organization_id: param('organization_id'),
        mode: param('mode'),
        resource_id: param('resource_id'),
        url: param('url'),
        body: param('body'),
        next_attempt_at_ms: param('next_attempt_at_ms'),
        created_at: param('created_at'),
      }),
    ),
    claim: prepare('claim webhook deliveries', (param) =>
      db
        .updateTable('webhook_deliveries')
        .set({
          claimed_by: param('instance'),
          claim_expires_at_ms: param('expiresAtMs'),
          next_attempt_at_ms: param('expiresAtMs'),
        })
        .where('seq', 'in', (eb) =>
          eb
            .selectFrom('webhook_deliveries as due')
            .select('due.seq')
            .where('due.next_attempt_at_ms', '<=', param('nowMs'))
            .orderBy('due.next_attempt_at_ms')
            .orderBy('due.seq')
            .limit(param('limit'))
            .$if(dialect.adapter.supportsRowLocks, (query) => query.forUpdate().skipLocked()),
        )
        .returning(CLAIM_COLUMNS),
    ),
    finish: prepare('finish webhook attempt', (param) =>
      db
        .updateTable('webhook_deliveries')
        .set({
          attempts: param('attempts'),
          next_attempt_at_ms: param('nextAttemptAtMs'),
          claimed_by: sql<null>`null`,
          claim_expires_at_ms: sql<null>`null`,
          delivered_at: param('deliveredAt'),
          gave_up_at: param('gaveUpAt'),
        })
        .where('id', '=', param('id'))
        .where('claimed_by', '=', param('claimedBy'))
        .where('claim_expires_at_ms', '=', param('claimExpiresAtMs'))
        .returning('seq'),
    ),
    insertAttempt: prepare('insert webhook attempt', (param) =>
      db.insertInto('webhook_attempts').values({
        delivery_id: param('deliveryId'),
        attempt: param('attempt'),
        at_ms: param('atMs'),
        url: param('url'),
        status: param('status'),
        error: param('error'),
        duration_ms: param('durationMs'),
      }),
    ),
    nextDue: prepare('next webhook due', () =>
      db
        .selectFrom('webhook_deliveries')
        .select('next_attempt_at_ms')
        .where('next_attempt_at_ms', 'is not', null)
        .orderBy('next_attempt_at_ms')
        .limit(sql.lit(1)),
    ),
    deliveriesOfResource: prepare('webhook deliveries of resource', (param) =>
      db
        .selectFrom('webhook_deliveries')
        .select(DELIVERY_COLUMNS)
        .where('resource_id', '=', param('resourceId'))
        .where('organization_id', '=', param('organizationId'))
        .where('mode', '=', param('mode'))
        .orderBy('seq'),
    ),
    attemptsOfResource: prepare('webhook attempts of resource', (param) =>
      db
        .selectFrom('webhook_attempts')
        .select(ATTEMPT_COLUMNS)
        .where('delivery_id', 'in', (eb) =>
          eb
            .selectFrom('webhook_deliveries')
            .select('id')
            .where('resource_id', '=', param('resourceId'))
            .where('organization_id', '=', param('organizationId'))
            .where('mode', '=', param('mode')),
        )
        .orderBy('seq'),
    ),
  }
}
