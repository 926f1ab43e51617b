/**
 * The webhook outbox in the database: the queries are webhook-queries.ts, the row mapping webhook-row.ts; here are
 * the transaction boundaries, the lease check of every outcome, and this process's wake-up signal. The worker that
 * uses it is src/webhooks/delivery.ts.
 */
import type { Kysely } from 'kysely'
import { randomBase62 } from '../domain/ids.js'
import type { StoreContext } from './context.js'
import type { Database } from './database.js'
import type {
  Tenant,
  WebhookAttempt,
  WebhookClaim,
  WebhookDelivery,
  WebhookDeliveryRequest,
  WebhookOutcome,
  WebhookStore,
} from './store.js'
import { prepareWebhookQueries, type WebhookQueries } from './webhook-queries.js'
import { deliveryRow, toAttempt, toClaim, toDelivery } from './webhook-row.js'

/** A delivery's id: `whd_` and 16 random base62 characters (about 95 bits; never shown to API clients). */
function newDeliveryId(): string {
  return `whd_${randomBase62(16)}`
}

export class KyselyWebhookStore implements WebhookStore {
  readonly #context: StoreContext
  readonly #queries: WebhookQueries
  readonly #listeners = new Set<() => void>()

  constructor(context: StoreContext) {
    this.#context = context
    this.#queries = prepareWebhookQueries(context.db, context.dialect)
  }

  readonly enqueueIn = async (trx: Kysely<Database>, delivery: WebhookDeliveryRequest): Promise<void> => {
    await this.#queries.insertDelivery.runIn(trx, deliveryRow(newDeliveryId(), delivery))
  }

  async enqueue(deliveries: readonly WebhookDeliveryRequest[]): Promise<void> {
    const { db, dialect } = this.#context
    await dialect.driver.writeTransaction(db, async (trx) => {
      for (const delivery of deliveries) await this.enqueueIn(trx, delivery)
    })
  }

  wake(): void {
    for (const listener of this.#listeners) listener()
  }

  onWake(listener: () => void): () => void {
    // A wrapper per subscription, so that the same function subscribed twice is two subscriptions.
    const entry = () => listener()
    this.#listeners.add(entry)
    return () => this.#listeners.delete(entry)
  }

  async claim({ instance, limit, nowMs, leaseMs }: { instance: string; limit: number; nowMs: number; leaseMs: number }): Promise<WebhookClaim[]> {
    if (limit < 1) return []
    const { db, dialect } = this.#context
    const rows = await dialect.driver.writeTransaction(db, (trx) =>
      this.#queries.claim.runIn(trx, { instance, nowMs, expiresAtMs: nowMs + leaseMs, limit }),
    )
    // RETURNING gives no order: the order of enqueueing, which within one claim is near enough due order.
    return rows.map(toClaim).sort((a, b) => a.createdAtMs - b.createdAtMs)
  }

  async record(outcomes: readonly WebhookOutcome[]): Promise<boolean[]> {
    if (outcomes.length === 0) return []
    const { db, dialect } = this.#context
    return dialect.driver.writeTransaction(db, async (trx) => {
      const recorded: boolean[] = []
      for (const outcome of outcomes) {
        const { claim, next } = outcome
        const at = new Date(outcome.startedAtMs + outcome.durationMs).toISOString()
        const finished = await this.#queries.finish.runIn(trx, {
          id: claim.id,
          claimedBy: claim.claimedBy,
          claimExpiresAtMs: claim.claimExpiresAtMs,
          attempts: claim.attempts + 1,
          nextAttemptAtMs: next.kind === 'retry' ? next.retryAtMs : null,
          deliveredAt: next.kind === 'delivered' ? at : null,
          gaveUpAt: next.kind === 'gave-up' ? at : null,
        })
        if (finished.length === 0) {
          recorded.push(false)
          continue
        }
        await this.#queries.insertAttempt.runIn(trx, {
          deliveryId: claim.id,
          attempt: claim.attempts + 1,
          atMs: outcome.startedAtMs,
          url: claim.url,
          status: outcome.status ?? null,
          error: outcome.error ?? null,
          durationMs: Math.round(outcome.durationMs),
        })
        recorded.push(true)
      }
      return recorded
    })
  }

  async nextDueAtMs(): Promise<number | undefined> {
    const [row] = await this.#queries.nextDue.run({})
    return row === undefined ? undefined : Number(row.next_attempt_at_ms)
  }

  async deliveriesOf(tenant: Tenant, resourceId: string): Promise<WebhookDelivery[]> {
    if (resourceId.includes('\u0000')) return []
    const params = { organizationId: tenant.organizationId, mode: tenant.mode, resourceId }
    const deliveries = await this.#queries.deliveriesOfResource.run(params)
    if (deliveries.length === 0) return []
    const attempts = new Map<string, WebhookAttempt[]>()
    for (const row of await this.#queries.attemptsOfResource.run(params)) {
      const list = attempts.get(row.delivery_id) ?? []
      list.push(toAttempt(row))
      attempts.set(row.delivery_id, list)
    }
    return deliveries.map((row) => toDelivery(row, attempts.get(row.id) ?? []))
  }
}
