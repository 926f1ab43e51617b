/**
 * The delivery worker (src/webhooks/delivery.ts) against a real receiver on loopback, on SQLite: what is POSTed,
 * retries on Mollie's schedule scaled down (WEBHOOK_RETRY_SCALE), timeouts and refused connections logged as
 * attempts, giving up after Mollie's 10 attempts, metrics, and a clean stop. No assertion is about speed: tests
 * wait for what must happen, with generous bounds.
 */
import assert from 'node:assert/strict'
import { describe, test, type TestContext } from 'node:test'
import { createMetrics } from '../src/operations/metrics.js'
import type { Store, Tenant, WebhookDelivery as StoredDelivery } from '../src/store/store.js'
import { startWebhookDelivery, type WebhookDeliverySettings } from '../src/webhooks/delivery.js'
import { MOLLIE_ATTEMPTS, MOLLIE_RETRY_INTERVALS_MS, retryDelayMs } from '../src/webhooks/schedule.js'
import { openTestDatabase } from './helpers/databases.js'
import { freePort } from './helpers/server.js'
import { startWebhookReceiver, type WebhookAnswer } from './helpers/webhook-receiver.js'

interface LogLine {
  level: 'warn' | 'error'
  object: Record<string, unknown>
  message: string
}

async function setUp(t: TestContext, settings: Partial<WebhookDeliverySettings> = {}, answer?: (attempt: number) => WebhookAnswer) {
  const { store, rows } = await openTestDatabase(t, 'sqlite')
  t.after(() => store.close())
  const organization = await store.organizations.ensure('acme')
  const tenant: Tenant = { organizationId: organization.id, mode: 'test' }
  const receiver = await startWebhookReceiver({ answer })
  t.after(() => receiver.close())
  const lines: LogLine[] = []
  const logger = {
    warn: (object: object, message: string) => void lines.push({ level: 'warn', object: object as Record<string, unknown>, message }),
    error: (object: object, message: string) => void lines.push({ level: 'error', object: object as Record<string, unknown>, message }),
  }
  const metrics = createMetrics({ processMetrics: false })
  const worker = startWebhookDelivery({ store, logger, metrics, settings: { retryScale: 1, pollIntervalMs: 50, ...settings } })
  t.after(() => worker.stop())
  /** Enqueues in a write transaction of its own, then wakes the worker, as the payment store does after its commit. */
  const enqueue = async (resourceId: string, url = receiver.url) => {
    await store.webhooks.enqueue([{ ...tenant, resourceId, url, at: new Date() }])
    store.webhooks.wake()
  }
  return { store, rows, tenant, receiver, lines, metrics, worker, enqueue }
}

/** Resolves with the delivery once `done` holds for it; fails after 20 s with what there was. */
async function eventually(store: Store, tenant: Tenant, resourceId: string, done: (delivery: StoredDelivery) => boolean) {
  const deadline = Date.now() + 20_000
  for (;;) {
    const [delivery] = await store.webhooks.deliveriesOf(tenant, resourceId)
    if (delivery && done(delivery)) return delivery
    if (Date.now() > deadline) assert.fail(`delivery of ${resourceId} not as expected in time: ${JSON.stringify(delivery)}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('Mollie’s retry schedule (schedule.ts)', () => {
  test('10 attempts, 1 min … 22 h apart, the last 26 h after the change; scaled by the setting', () => {
    assert.equal(MOLLIE_ATTEMPTS, 10)
    const minutes = MOLLIE_RETRY_INTERVALS_MS.map((ms) => ms / 60_000)
    assert.deepEqual(minutes, [1, 2, 4, 8, 16, 29, 60, 120, 1320])
    assert.equal(minutes.reduce((sum, value) => sum + value, 0), 26 * 60)
    assert.equal(retryDelayMs(1, 1), 60_000)
    assert.equal(retryDelayMs(9, 1), 22 * 3_600_000)
    assert.equal(retryDelayMs(10, 1), undefined)
    assert.equal(retryDelayMs(2, 0.001), 120)
    assert.throws(() => retryDelayMs(1, 0))
    assert.throws(() => retryDelayMs(0, 1))
  })
})

describe('Webhook delivery', () => {
  test('POSTs exactly id=tr_… as a form, at once when woken, and records the delivery', async (t) => {
    // A poll interval far beyond the test's bounds: only wake() can make this delivery happen in time.
    const { store, tenant, receiver, metrics, enqueue } = await setUp(t, { pollIntervalMs: 3_600_000 })
    await enqueue('tr_WDqYK6vllg')
    await receiver.waitFor(1)
    assert.equal(receiver.received[0]!.body, 'id=tr_WDqYK6vllg')
    assert.equal(receiver.received[0]!.contentType, 'application/x-www-form-urlencoded')
    const delivery = await eventually(store, tenant, 'tr_WDqYK6vllg', (candidate) => candidate.status === 'delivered')
    assert.equal(delivery.attempts.length, 1)
    assert.equal(delivery.attempts[0]!.status, 200)
    assert.equal(delivery.attempts[0]!.error, null)
    assert.equal(delivery.attempts[0]!.url, receiver.url)
    assert.ok(delivery.attempts[0]!.durationMs >= 0)
    const text = await metrics.registry.metrics()
    assert.match(text, /clientele_webhook_deliveries_total\{outcome="delivered"\} 1/)
    assert.match(text, /clientele_webhook_delivery_lag_seconds_count 1/)
  })

  test('a receiver answering 500 twice gets the third attempt; each failure is an attempt and a warn line', async (t) => {
    const { store, tenant, receiver, lines, metrics, enqueue } = await setUp(t, { retryScale: 0.0001 }, (attempt) => (attempt <= 2 ? 500 : 200))
    await enqueue('tr_retried')
    await receiver.waitFor(3)
    const delivery = await eventually(store, tenant, 'tr_retried', (candidate) => candidate.status === 'delivered')
    assert.deepEqual(delivery.attempts.map((attempt) => [attempt.attempt, attempt.status, attempt.error]), [
      [1, 500, null],
      [2, 500, null],
      [3, 200, null],
    ])
    assert.equal(receiver.received.length, 3)
    for (const received of receiver.received) assert.equal(received.body, 'id=tr_retried')
    const warnings = lines.filter((line) => line.message === 'webhook attempt failed')
    assert.equal(warnings.length, 2)
    assert.deepEqual(warnings.map((line) => [line.level, line.object.attempt, line.object.status]), [
      ['warn', 1, 500],
      ['warn', 2, 500],
    ])
    const text = await metrics.registry.metrics()
    assert.match(text, /clientele_webhook_deliveries_total\{outcome="retry"\} 2/)
    assert.match(text, /clientele_webhook_deliveries_total\{outcome="delivered"\} 1/)
  })

  test('a receiver that does not answer in time is retried; the timeout is logged as the attempt’s error', async (t) => {
    const { store, tenant, receiver, enqueue } = await setUp(t, { retryScale: 0.0001, timeoutMs: 300 }, (attempt) => (attempt === 1 ? 'hang' : 200))
    await enqueue('tr_timedOut')
    await receiver.waitFor(2)
    const delivery = await eventually(store, tenant, 'tr_timedOut', (candidate) => candidate.status === 'delivered')
    assert.equal(delivery.attempts.length, 2)
    assert.equal(delivery.attempts[0]!.status, null)
    assert.match(delivery.attempts[0]!.error!, /^ETIMEDOUT: no answer within 300 ms/)
    assert.ok(delivery.attempts[0]!.durationMs >= 250, `a timed-out attempt lasts about the timeout: ${delivery.attempts[0]!.durationMs} ms`)
    assert.equal(delivery.attempts[1]!.status, 200)
  })

  test('a connection reset without an answer is retried', async (t) => {
    const { store, tenant, receiver, enqueue } = await setUp(t, { retryScale: 0.0001 }, (attempt) => (attempt === 1 ? 'reset' : 200))
    await enqueue('tr_reset')
    await receiver.waitFor(2)
    const delivery = await eventually(store, tenant, 'tr_reset', (candidate) => candidate.status === 'delivered')
    assert.equal(delivery.attempts[0]!.status, null)
    assert.match(delivery.attempts[0]!.error!, /^(ECONNRESET|EPIPE)/)
  })

  test('a refused connection is retried on the schedule and given up after Mollie’s 10 attempts', async (t) => {
    const { store, tenant, lines, metrics, enqueue } = await setUp(t, { retryScale: 0.00001 })
    // A port nobody listens on.
    const url = `http://127.0.0.1:${await freePort()}/webhook`
    await enqueue('tr_refused', url)
    const delivery = await eventually(store, tenant, 'tr_refused', (candidate) => candidate.status === 'failed')
    assert.equal(delivery.attempts.length, MOLLIE_ATTEMPTS)
    assert.deepEqual(delivery.attempts.map((attempt) => attempt.attempt), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    for (const attempt of delivery.attempts) {
      assert.equal(attempt.status, null)
      assert.match(attempt.error!, /^ECONNREFUSED: /)
      assert.equal(attempt.url, url)
    }
    assert.ok(delivery.gaveUpAt)
    assert.equal(delivery.nextAttemptAt, null)
    assert.equal(lines.filter((line) => line.message === 'webhook attempt failed').length, MOLLIE_ATTEMPTS)
    assert.equal(lines.filter((line) => line.level === 'error').length, 0)
    assert.equal(await store.webhooks.nextDueAtMs(), undefined)
    const text = await metrics.registry.metrics()
    assert.match(text, /clientele_webhook_deliveries_total\{outcome="retry"\} 9/)
    assert.match(text, /clientele_webhook_deliveries_total\{outcome="gave_up"\} 1/)
  })

  test('many deliveries at once each arrive once', async (t) => {
    const { store, tenant, receiver } = await setUp(t, { batchSize: 16, concurrency: 32 })
    const ids = Array.from({ length: 300 }, (_, index) => `tr_many${index}`)
    await store.webhooks.enqueue(ids.map((resourceId) => ({ ...tenant, resourceId, url: receiver.url, at: new Date() })))
    store.webhooks.wake()
    await receiver.waitFor(ids.length)
    await eventually(store, tenant, ids.at(-1)!, (candidate) => candidate.status === 'delivered')
    assert.deepEqual(receiver.received.map((received) => received.body).sort(), ids.map((id) => `id=${id}`).sort())
  })

  test('stop() waits for attempts in flight, within its bound; an unfinished lease is left to expire; nothing is claimed after', async (t) => {
    const { store, tenant, receiver, rows, worker, enqueue } = await setUp(t, { timeoutMs: 60_000, stopWaitMs: 200 }, () => 'hang')
    await enqueue('tr_stopped')
    await receiver.waitFor(1)
    await worker.stop()
    const [delivery] = await store.webhooks.deliveriesOf(tenant, 'tr_stopped')
    assert.equal(delivery!.status, 'pending')
    assert.deepEqual(delivery!.attempts, [])
    const [row] = await rows('select claimed_by from webhook_deliveries')
    assert.equal(row!.claimed_by, worker.instance, 'the lease is kept, to expire')

    await enqueue('tr_afterStop')
    await new Promise((resolve) => setTimeout(resolve, 200))
    assert.equal(receiver.received.length, 1)
    await worker.stop() // a second stop is a no-op
  })

  test('stop() of an idle worker resolves, and records what finished', async (t) => {
    const { store, tenant, receiver, worker, enqueue } = await setUp(t)
    await enqueue('tr_beforeStop')
    await receiver.waitFor(1)
    await eventually(store, tenant, 'tr_beforeStop', (candidate) => candidate.status === 'delivered')
    await worker.stop()
  })
})
