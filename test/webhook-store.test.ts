/**
 * The webhook outbox part of the Store contract, once per database (SQLite, PGlite, and PostgreSQL when
 * TEST_DATABASE_URL is set): enqueue inside another write's transaction, exclusive claims with leases, outcomes
 * recorded only by the lease's holder, due order, and per-tenant reads. Times are explicit (`nowMs`), so nothing
 * here waits.
 */
import assert from 'node:assert/strict'
import { describe, test, type TestContext } from 'node:test'
import type { Tenant, WebhookClaim, WebhookDeliveryRequest, WebhookOutcome } from '../src/store/store.js'
import { KyselyOrganizationStore } from '../src/store/credential-store.js'
import { KyselyWebhookStore } from '../src/store/webhook-store.js'
import { availableDialects, openTestContext, openTestDatabase, type DialectName } from './helpers/databases.js'

const T0 = Date.parse('2026-01-01T00:00:00Z')
const URL_A = 'http://127.0.0.1:9/webhook'

async function setUp(t: TestContext, dialect: DialectName) {
  const database = await openTestDatabase(t, dialect)
  t.after(() => database.store.close())
  const acme = await database.store.organizations.ensure('acme')
  const other = await database.store.organizations.ensure('other')
  const tenant: Tenant = { organizationId: acme.id, mode: 'test' }
  const request = (resourceId: string, atMs = T0, url = URL_A, owner: Tenant = tenant): WebhookDeliveryRequest => ({
    ...owner,
    resourceId,
    url,
    at: new Date(atMs),
  })
  return { ...database, tenant, other: { organizationId: other.id, mode: 'test' } as Tenant, request }
}

function outcome(claim: WebhookClaim, next: WebhookOutcome['next'], status?: number, error?: string): WebhookOutcome {
  return { claim, startedAtMs: T0 + 10, durationMs: 12, status, error, next }
}

for (const dialect of availableDialects()) {
  describe(`Webhook store contract on ${dialect}`, () => {
    test('enqueueIn inside a write transaction that rolls back leaves nothing; one that commits leaves the delivery', async (t) => {
      // As the payment store does it: its own write transaction on the same database, with the enqueue inside.
      const context = await openTestContext(t, dialect)
      const { db, dialect: storeDialect } = context
      const webhooks = new KyselyWebhookStore(context)
      const organization = await new KyselyOrganizationStore(context).ensure('acme')
      const tenant: Tenant = { organizationId: organization.id, mode: 'test' }
      const request = (resourceId: string): WebhookDeliveryRequest => ({ ...tenant, resourceId, url: URL_A, at: new Date(T0) })
      await assert.rejects(
        storeDialect.driver.writeTransaction(db, async (trx) => {
          await webhooks.enqueueIn(trx, request('tr_rolledBack'))
          throw new Error('the status change failed')
        }),
        /the status change failed/,
      )
      assert.deepEqual(await webhooks.deliveriesOf(tenant, 'tr_rolledBack'), [])
      assert.deepEqual(await db.selectFrom('webhook_deliveries').select('id').execute(), [])
      assert.deepEqual(await webhooks.claim({ instance: 'a', limit: 10, nowMs: T0 + 1, leaseMs: 1000 }), [])

      await storeDialect.driver.writeTransaction(db, (trx) => webhooks.enqueueIn(trx, request('tr_committed')))
      const [delivery] = await webhooks.deliveriesOf(tenant, 'tr_committed')
      assert.ok(delivery)
      assert.equal(delivery.body, 'id=tr_committed')
      assert.equal(delivery.url, URL_A)
      assert.equal(delivery.mode, 'test')
      assert.equal(delivery.status, 'pending')
      assert.equal(delivery.createdAt, '2026-01-01T00:00:00.000Z')
      assert.equal(delivery.nextAttemptAt, '2026-01-01T00:00:00.000Z')
      assert.deepEqual(delivery.attempts, [])
    })

    test('enqueue() writes all of its deliveries or none', async (t) => {
      const { store, tenant, request } = await setUp(t, dialect)
      const unknownOrganization: Tenant = { organizationId: 'org_doesNotExist', mode: 'test' }
      await assert.rejects(store.webhooks.enqueue([request('tr_one'), request('tr_two', T0, URL_A, unknownOrganization)]))
      assert.deepEqual(await store.webhooks.deliveriesOf(tenant, 'tr_one'), [])
    })

    test('claims are exclusive: two claimers at once never get the same delivery', async (t) => {
      const { store, request } = await setUp(t, dialect)
      await store.webhooks.enqueue(Array.from({ length: 30 }, (_, index) => request(`tr_${index}`, T0 + index)))
      const [a, b] = await Promise.all([
        store.webhooks.claim({ instance: 'a', limit: 20, nowMs: T0 + 100, leaseMs: 1000 }),
        store.webhooks.claim({ instance: 'b', limit: 20, nowMs: T0 + 100, leaseMs: 1000 }),
      ])
      const ids = [...a, ...b].map((claim) => claim.resourceId)
      assert.equal(ids.length, 30)
      assert.equal(new Set(ids).size, 30)
      for (const claim of a) assert.equal(claim.claimedBy, 'a')
      for (const claim of b) assert.equal(claim.claimedBy, 'b')
      assert.deepEqual(await store.webhooks.claim({ instance: 'c', limit: 20, nowMs: T0 + 100, leaseMs: 1000 }), [])
    })

    test('due order, and nothing before it is due', async (t) => {
      const { store, request } = await setUp(t, dialect)
      await store.webhooks.enqueue([request('tr_third', T0 + 30), request('tr_first', T0 + 10), request('tr_second', T0 + 20)])
      assert.deepEqual(await store.webhooks.claim({ instance: 'a', limit: 5, nowMs: T0 + 9, leaseMs: 1000 }), [])
      assert.equal(await store.webhooks.nextDueAtMs(), T0 + 10)
      const claimed: string[] = []
      for (let index = 0; index < 3; index++) {
        const [claim] = await store.webhooks.claim({ instance: 'a', limit: 1, nowMs: T0 + 30, leaseMs: 1000 })
        claimed.push(claim!.resourceId)
      }
      assert.deepEqual(claimed, ['tr_first', 'tr_second', 'tr_third'])
      // Claimed: due again when the leases end.
      assert.equal(await store.webhooks.nextDueAtMs(), T0 + 30 + 1000)
    })

    test('an expired lease is claimable again, and only its new holder can record', async (t) => {
      const { store, tenant, request } = await setUp(t, dialect)
      await store.webhooks.enqueue([request('tr_lease')])
      const [first] = await store.webhooks.claim({ instance: 'a', limit: 1, nowMs: T0, leaseMs: 1000 })
      assert.ok(first)
      assert.equal(first.claimExpiresAtMs, T0 + 1000)
      assert.deepEqual(await store.webhooks.claim({ instance: 'b', limit: 1, nowMs: T0 + 999, leaseMs: 1000 }), [])
      const [second] = await store.webhooks.claim({ instance: 'b', limit: 1, nowMs: T0 + 1000, leaseMs: 1000 })
      assert.ok(second)
      assert.equal(second.id, first.id)
      assert.equal(second.claimedBy, 'b')

      assert.deepEqual(await store.webhooks.record([outcome(first, { kind: 'delivered' }, 200)]), [false])
      let [delivery] = await store.webhooks.deliveriesOf(tenant, 'tr_lease')
      assert.equal(delivery!.status, 'pending')
      assert.deepEqual(delivery!.attempts, [])

      assert.deepEqual(await store.webhooks.record([outcome(second, { kind: 'delivered' }, 204)]), [true])
      ;[delivery] = await store.webhooks.deliveriesOf(tenant, 'tr_lease')
      assert.equal(delivery!.status, 'delivered')
      assert.equal(delivery!.deliveredAt, new Date(T0 + 22).toISOString())
      assert.equal(delivery!.nextAttemptAt, null)
      assert.deepEqual(delivery!.attempts, [
        { attempt: 1, at: new Date(T0 + 10).toISOString(), url: URL_A, status: 204, error: null, durationMs: 12 },
      ])
      // Recorded once: a second record of the same claim finds the lease gone.
      assert.deepEqual(await store.webhooks.record([outcome(second, { kind: 'delivered' }, 200)]), [false])
      assert.equal(await store.webhooks.nextDueAtMs(), undefined)
    })

    test('a failed attempt is logged and due again at its retry time; a given-up delivery is never due again', async (t) => {
      const { store, tenant, request } = await setUp(t, dialect)
      await store.webhooks.enqueue([request('tr_retry')])
      const [first] = await store.webhooks.claim({ instance: 'a', limit: 1, nowMs: T0, leaseMs: 1000 })
      const recorded = await store.webhooks.record([outcome(first!, { kind: 'retry', retryAtMs: T0 + 60_000 }, undefined, 'ECONNREFUSED: connect ECONNREFUSED')])
      assert.deepEqual(recorded, [true])
      assert.equal(await store.webhooks.nextDueAtMs(), T0 + 60_000)
      assert.deepEqual(await store.webhooks.claim({ instance: 'a', limit: 1, nowMs: T0 + 59_999, leaseMs: 1000 }), [])
      const [second] = await store.webhooks.claim({ instance: 'a', limit: 1, nowMs: T0 + 60_000, leaseMs: 1000 })
      assert.equal(second!.attempts, 1)
      await store.webhooks.record([outcome(second!, { kind: 'gave-up' }, 500)])
      const [delivery] = await store.webhooks.deliveriesOf(tenant, 'tr_retry')
      assert.equal(delivery!.status, 'failed')
      assert.ok(delivery!.gaveUpAt)
      assert.deepEqual(
        delivery!.attempts.map(({ attempt, status, error }) => ({ attempt, status, error })),
        [
          { attempt: 1, status: null, error: 'ECONNREFUSED: connect ECONNREFUSED' },
          { attempt: 2, status: 500, error: null },
        ],
      )
      assert.equal(await store.webhooks.nextDueAtMs(), undefined)
      assert.deepEqual(await store.webhooks.claim({ instance: 'a', limit: 1, nowMs: T0 + 10 ** 10, leaseMs: 1000 }), [])
    })

    test('deliveriesOf is per tenant (organization and mode), oldest first, each with its own attempts', async (t) => {
      const { store, tenant, other, request } = await setUp(t, dialect)
      const live: Tenant = { ...tenant, mode: 'live' }
      await store.webhooks.enqueue([
        request('tr_shared', T0),
        request('tr_shared', T0 + 5, 'http://127.0.0.1:9/second'),
        request('tr_shared', T0, URL_A, other),
        request('tr_shared', T0, URL_A, live),
      ])
      const claims = await store.webhooks.claim({ instance: 'a', limit: 10, nowMs: T0 + 5, leaseMs: 1000 })
      assert.equal(claims.length, 4)
      await store.webhooks.record(claims.map((claim) => outcome(claim, { kind: 'delivered' }, 200)))
      const mine = await store.webhooks.deliveriesOf(tenant, 'tr_shared')
      assert.deepEqual(mine.map((delivery) => delivery.url), [URL_A, 'http://127.0.0.1:9/second'])
      for (const delivery of mine) assert.equal(delivery.attempts.length, 1)
      assert.equal((await store.webhooks.deliveriesOf(other, 'tr_shared')).length, 1)
      assert.equal((await store.webhooks.deliveriesOf(live, 'tr_shared')).length, 1)
      assert.deepEqual(await store.webhooks.deliveriesOf(tenant, 'tr_unknown'), [])
      assert.deepEqual(await store.webhooks.deliveriesOf(tenant, 'tr_\u0000'), [])
    })

    test('wake() calls every subscriber until it unsubscribes', async (t) => {
      const { store } = await setUp(t, dialect)
      let calls = 0
      const unsubscribe = store.webhooks.onWake(() => calls++)
      store.webhooks.wake()
      store.webhooks.wake()
      unsubscribe()
      store.webhooks.wake()
      assert.equal(calls, 2)
    })
  })
}
