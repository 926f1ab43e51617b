/**
 * Several instances, one database: two delivery workers, each with a store of its own (as two processes or
 * machines have), deliver N webhooks between them, and the receiver gets each exactly once: claims are taken in
 * the database, never in memory. On PostgreSQL (TEST_DATABASE_URL; FOR UPDATE SKIP LOCKED) and on SQLite (one
 * file, two connections; its single writer).
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { describe, test, type TestContext } from 'node:test'
import { openStoreFromUrl } from '../src/store/open.js'
import type { Tenant } from '../src/store/store.js'
import { startWebhookDelivery } from '../src/webhooks/delivery.js'
import { TEST_DATABASE_URL, freshPostgresSchema } from './helpers/databases.js'
import { temporaryDirectory } from './helpers/server.js'
import { startWebhookReceiver } from './helpers/webhook-receiver.js'

const N = 400
const silent = { warn: () => {}, error: () => {} }

async function twoWorkers(t: TestContext, databaseUrl: string) {
  const stores = [await openStoreFromUrl(databaseUrl, { poolSize: 4 }), await openStoreFromUrl(databaseUrl, { poolSize: 4 })]
  t.after(() => Promise.all(stores.map((store) => store.close())))
  const organization = await stores[0]!.organizations.ensure('acme')
  const tenant: Tenant = { organizationId: organization.id, mode: 'test' }
  const receiver = await startWebhookReceiver()
  t.after(() => receiver.close())
  const errors: unknown[] = []
  const logger = { ...silent, error: (object: object) => void errors.push(object) }
  // Small batches, so that the two workers interleave their claims.
  const workers = stores.map((store) =>
    startWebhookDelivery({ store, logger, settings: { retryScale: 1, pollIntervalMs: 20, batchSize: 8, concurrency: 16 } }),
  )
  t.after(() => Promise.all(workers.map((worker) => worker.stop())))

  // Enqueued through both stores in turns, each waking its own worker: both find work at once.
  const ids = Array.from({ length: N }, (_, index) => `tr_instance${index}`)
  for (let start = 0; start < N; start += 20) {
    const store = stores[(start / 20) % 2]!
    await store.webhooks.enqueue(ids.slice(start, start + 20).map((resourceId) => ({ ...tenant, resourceId, url: receiver.url, at: new Date() })))
    store.webhooks.wake()
  }
  await receiver.waitFor(N, 60_000)
  // Anything more would have arrived by now; give a straggler a moment to show itself.
  await new Promise((resolve) => setTimeout(resolve, 300))
  const counts = new Map<string, number>()
  for (const { body } of receiver.received) counts.set(body, (counts.get(body) ?? 0) + 1)
  assert.equal(counts.size, N)
  assert.deepEqual([...counts.values()].filter((count) => count !== 1), [], 'every webhook arrives exactly once')
  assert.equal(receiver.received.length, N)
  assert.deepEqual(errors, [])
  // Each recorded as delivered once, with one attempt.
  for (const id of [ids[0]!, ids[N - 1]!]) {
    const [delivery] = await stores[1]!.webhooks.deliveriesOf(tenant, id)
    if (delivery?.status === 'delivered') assert.equal(delivery.attempts.length, 1)
  }
}

describe('two delivery workers on one database', () => {
  test('PostgreSQL: each webhook is delivered exactly once', { skip: TEST_DATABASE_URL ? false : 'TEST_DATABASE_URL is not set' }, async (t) => {
    await twoWorkers(t, await freshPostgresSchema(t))
  })

  test('SQLite: each webhook is delivered exactly once', async (t) => {
    await twoWorkers(t, `sqlite:${join(temporaryDirectory(t), 'clientele.sqlite')}`)
  })
})
