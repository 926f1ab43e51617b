/**
 * Webhook delivery survives a crash: a server process (`node dist/main.js`, as users run it) has a delivery's
 * attempt in flight (the receiver holds the request) when it is killed with SIGKILL; a server started again on the
 * same database delivers it once the dead process's lease expires. On SQLite always, on PostgreSQL when
 * TEST_DATABASE_URL is set. The delivery is enqueued by a store of this test process on the same database, so
 * the servers find it by polling, as another instance's would be found.
 */
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { join } from 'node:path'
import { describe, test, type TestContext } from 'node:test'
import { openStoreFromUrl } from '../src/store/open.js'
import type { Store, Tenant } from '../src/store/store.js'
import { TEST_DATABASE_URL, freshPostgresSchema } from './helpers/databases.js'
import { spawnServer } from './helpers/process.js'
import { temporaryDirectory } from './helpers/server.js'
import { startWebhookReceiver } from './helpers/webhook-receiver.js'

const SETTINGS = {
  // A 1 s timeout makes the dead process's lease 3 s (twice the timeout and a second).
  WEBHOOK_TIMEOUT_MS: '1000',
  WEBHOOK_POLL_INTERVAL_MS: '100',
  WEBHOOK_RETRY_SCALE: '0.001',
}

async function crashAndDeliver(t: TestContext, databaseUrl: string) {
  const store: Store = await openStoreFromUrl(databaseUrl)
  t.after(() => store.close())
  const organization = await store.organizations.ensure('acme')
  const tenant: Tenant = { organizationId: organization.id, mode: 'test' }

  // Every request is held until the first server is dead: nothing can be delivered before the kill, whatever
  // the first server's timeouts do meanwhile.
  let killed = false
  const receiver = await startWebhookReceiver({ answer: () => (killed ? 200 : 'hang') })
  t.after(() => receiver.close())

  const first = await spawnServer(t, { DATABASE_URL: databaseUrl, ...SETTINGS })
  await store.webhooks.enqueue([{ ...tenant, resourceId: 'tr_survivesKill9', url: receiver.url, at: new Date() }])
  await receiver.waitFor(1)
  const exited = once(first.child, 'exit')
  first.child.kill('SIGKILL')
  const [, signal] = await exited
  assert.equal(signal, 'SIGKILL')
  killed = true
  const before = receiver.received.length

  await spawnServer(t, { DATABASE_URL: databaseUrl, ...SETTINGS })
  await receiver.waitFor(before + 1, 30_000)
  assert.equal(receiver.received.at(-1)!.body, 'id=tr_survivesKill9')

  const deadline = Date.now() + 20_000
  for (;;) {
    const [delivery] = await store.webhooks.deliveriesOf(tenant, 'tr_survivesKill9')
    if (delivery?.status === 'delivered') {
      assert.equal(delivery.attempts.at(-1)!.status, 200)
      break
    }
    if (Date.now() > deadline) assert.fail(`not recorded as delivered: ${JSON.stringify(delivery)}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('webhook delivery through kill -9', () => {
  test('SQLite: an attempt in flight when the process dies is made again after a restart', async (t) => {
    await crashAndDeliver(t, `sqlite:${join(temporaryDirectory(t), 'clientele.sqlite')}`)
  })

  test('PostgreSQL: likewise', { skip: TEST_DATABASE_URL ? false : 'TEST_DATABASE_URL is not set' }, async (t) => {
    await crashAndDeliver(t, await freshPostgresSchema(t))
  })
})
