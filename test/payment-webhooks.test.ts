/**
 * Payments and their webhooks, end to end: a status change Mollie reports (paid, authorized, failed, canceled,
 * expired) POSTs exactly `id=tr_…` to the payment's webhookUrl, and `pending` does not; a receiver that answers 500
 * twice gets a third attempt; a server killed with SIGKILL between the change and the delivery still delivers after
 * a restart; two server processes on one PostgreSQL database deliver each webhook once.
 */
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { join } from 'node:path'
import { describe, test, type TestContext } from 'node:test'
import { createLocalMollieClient } from 'clientele/mollie-api-client'
import { Client } from 'mollie-api-typescript'
import { TEST_DATABASE_URL, freshPostgresSchema } from './helpers/databases.js'
import { spawnServer } from './helpers/process.js'
import { call, startTestServer, temporaryDirectory, type TestServer } from './helpers/server.js'
import { startWebhookReceiver, type WebhookAnswer, type WebhookReceiver } from './helpers/webhook-receiver.js'

const FORM = 'application/x-www-form-urlencoded'
/** Retries 1000× sooner than Mollie's schedule (60 ms, 120 ms …), a short timeout, frequent polls. */
const FAST = { retryScale: 0.001, timeoutMs: 2_000, pollIntervalMs: 100 }
const FAST_ENV = { WEBHOOK_RETRY_SCALE: '0.001', WEBHOOK_TIMEOUT_MS: '1000', WEBHOOK_POLL_INTERVAL_MS: '100' }

async function receiver(t: TestContext, answer?: (attempt: number) => WebhookAnswer): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver(answer ? { answer } : {})
  t.after(() => started.close())
  return started
}

async function setStatus(server: Pick<TestServer, 'baseUrl'>, key: string, id: string, status: string, method?: string) {
  const answer = await call(server, key, 'POST', `/_clientele/payments/${id}/status`, { json: { status, method } })
  assert.equal(answer.status, 200, answer.text)
  return answer.body
}

/** Waits until the store records the payment's delivery as delivered, and returns it. */
async function delivered(server: TestServer, paymentId: string) {
  const tenant = await server.tenantOf(server.keys.test)
  const deadline = Date.now() + 20_000
  for (;;) {
    const [delivery] = await server.store.webhooks.deliveriesOf(tenant, paymentId)
    if (delivery?.status === 'delivered') return delivery
    if (Date.now() > deadline) assert.fail(`not delivered: ${JSON.stringify(delivery)}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

describe('payment webhooks', () => {
  test('a first payment paid, then a recurring one settled, through the official clients: each webhook is exactly id=tr_…', async (t) => {
    const server = await startTestServer(t, { webhooks: FAST })
    const hooks = await receiver(t)
    const mollie = createLocalMollieClient({ apiKey: server.keys.test, apiEndpoint: server.apiUrl })
    const customer = await mollie.customers.create({ name: 'Jane Doe' })
    const first = await mollie.customerPayments.create({
      customerId: customer.id,
      amount: { currency: 'EUR', value: '0.01' },
      description: 'First payment',
      redirectUrl: 'https://example.org/return',
      webhookUrl: hooks.url,
      sequenceType: 'first' as never,
    })
    await setStatus(server, server.keys.test, first.id, 'paid', 'creditcard')
    await hooks.waitFor(1)
    assert.deepEqual(hooks.received.map(({ body, contentType }) => [body, contentType]), [[`id=${first.id}`, FORM]])

    // The receiver does what a shop does: it fetches the payment, which is paid and names the new mandate.
    const paid = await mollie.payments.get(first.id)
    assert.equal(paid.status, 'paid')
    const mandate = await mollie.customerMandates.get(paid.mandateId!, { customerId: customer.id })
    assert.equal(mandate.status, 'valid')

    const client = new Client({ security: { apiKey: server.keys.test }, serverURL: server.baseUrl })
    const recurring = await client.customers.createPayment({
      customerId: customer.id,
      paymentRequest: {
        amount: { currency: 'EUR', value: '9.99' },
        description: 'Monthly',
        sequenceType: 'recurring',
        redirectUrl: null,
        webhookUrl: hooks.url,
      },
    })
    assert.equal(recurring.status, 'pending')
    await setStatus(server, server.keys.test, recurring.id, 'paid')
    await hooks.waitFor(2)
    assert.equal(hooks.received[1]!.body, `id=${recurring.id}`)
    assert.equal((await client.payments.get({ paymentId: recurring.id })).status, 'paid')
    const delivery = await delivered(server, recurring.id)
    assert.deepEqual(delivery.attempts.map((attempt) => attempt.status), [200])
    assert.equal(hooks.received.length, 2, 'pending (the recurring payment’s start) sends nothing')
  })

  test('failed, canceled, expired and authorized each send their webhook; a cancel through the API does too', async (t) => {
    let now = new Date()
    const server = await startTestServer(t, { webhooks: FAST, now: () => now })
    const hooks = await receiver(t)
    const create = async (extra: object = {}) =>
      (await call(server, server.keys.test, 'POST', '/v2/payments', {
        json: { amount: { currency: 'EUR', value: '5.00' }, description: 'x', redirectUrl: 'https://example.org', webhookUrl: hooks.url, ...extra },
      })).body.id as string
    const failed = await create({ method: 'creditcard' })
    await setStatus(server, server.keys.test, failed, 'failed')
    const canceled = await create({ method: 'ideal' })
    await setStatus(server, server.keys.test, canceled, 'canceled')
    const authorized = await create({ method: 'klarna' })
    await setStatus(server, server.keys.test, authorized, 'authorized')
    const transfer = await create({ method: 'banktransfer' })
    assert.equal((await call(server, server.keys.test, 'DELETE', `/v2/payments/${transfer}`)).status, 200)
    const expiring = await create()
    now = new Date(now.getTime() + 16 * 60_000)
    assert.equal(await server.store.payments.expireDue(), 1)
    await hooks.waitFor(5)
    assert.deepEqual(
      hooks.received.map(({ body }) => body).sort(),
      [failed, canceled, authorized, transfer, expiring].map((id) => `id=${id}`).sort(),
    )
    assert.ok(hooks.received.every(({ contentType }) => contentType === FORM))
    const payment = await call(server, server.keys.test, 'GET', `/v2/payments/${failed}`)
    assert.equal(payment.body.details.failureReason, 'card_declined')
  })

  test('a payment without webhookUrl sends nothing; a receiver answering 500 twice gets the third attempt', async (t) => {
    const server = await startTestServer(t, { webhooks: FAST })
    const hooks = await receiver(t, (attempt) => (attempt <= 2 ? 500 : 200))
    const quiet = (await call(server, server.keys.test, 'POST', '/v2/payments', {
      json: { amount: { currency: 'EUR', value: '5.00' }, description: 'no hook', redirectUrl: 'https://example.org' },
    })).body.id
    await setStatus(server, server.keys.test, quiet, 'paid')
    const loud = (await call(server, server.keys.test, 'POST', '/v2/payments', {
      json: { amount: { currency: 'EUR', value: '5.00' }, description: 'hook', redirectUrl: 'https://example.org', webhookUrl: hooks.url },
    })).body.id
    await setStatus(server, server.keys.test, loud, 'paid')
    await hooks.waitFor(3)
    assert.deepEqual(hooks.received.map(({ body }) => body), [`id=${loud}`, `id=${loud}`, `id=${loud}`])
    const delivery = await delivered(server, loud)
    assert.deepEqual(delivery.attempts.map((attempt) => attempt.status), [500, 500, 200])
    assert.deepEqual(await server.store.webhooks.deliveriesOf(await server.tenantOf(server.keys.test), quiet), [])
  })
})

describe('payment webhooks across processes', () => {
  test('kill -9 after the status change, before the delivery: the restarted server delivers', async (t) => {
    const databaseUrl = `sqlite:${join(temporaryDirectory(t), 'clientele.sqlite')}`
    let killed = false
    // Held until the first server is dead: the delivery cannot complete before the kill.
    const hooks = await receiver(t, () => (killed ? 200 : 'hang'))
    const env = { DATABASE_URL: databaseUrl, CLIENTELE_TEST_KEY: 'test_killnineKILLNINEkillnine123456', ...FAST_ENV }
    const key = env.CLIENTELE_TEST_KEY
    const first = await spawnServer(t, env)
    const origin = { baseUrl: first.baseUrl }
    const created = await call(origin, key, 'POST', '/v2/payments', {
      json: { amount: { currency: 'EUR', value: '5.00' }, description: 'x', redirectUrl: 'https://example.org', webhookUrl: hooks.url },
    })
    assert.equal(created.status, 201, created.text)
    await setStatus(origin, key, created.body.id, 'paid')
    await hooks.waitFor(1)
    const exited = once(first.child, 'exit')
    first.child.kill('SIGKILL')
    await exited
    killed = true
    const before = hooks.received.length

    const second = await spawnServer(t, env)
    await hooks.waitFor(before + 1, 30_000)
    assert.equal(hooks.received.at(-1)!.body, `id=${created.body.id}`)
    const payment = await call({ baseUrl: second.baseUrl }, key, 'GET', `/v2/payments/${created.body.id}`)
    assert.equal(payment.body.status, 'paid', 'the change committed with its delivery due')
  })

  test('two server processes on one PostgreSQL database deliver each webhook once', { skip: TEST_DATABASE_URL ? false : 'TEST_DATABASE_URL is not set' }, async (t) => {
    const databaseUrl = await freshPostgresSchema(t)
    const hooks = await receiver(t)
    const key = 'test_twoInstancesTWOINSTANCES123456'
    const origins: Array<{ baseUrl: string }> = []
    for (let index = 0; index < 2; index++) {
      const server = await spawnServer(t, { DATABASE_URL: databaseUrl, CLIENTELE_TEST_KEY: key, ...FAST_ENV })
      origins.push({ baseUrl: server.baseUrl })
    }
    const ids: string[] = []
    for (let index = 0; index < 30; index++) {
      const origin = origins[index % 2]!
      const created = await call(origin, key, 'POST', '/v2/payments', {
        json: { amount: { currency: 'EUR', value: '1.00' }, description: `P${index}`, redirectUrl: 'https://example.org', webhookUrl: hooks.url },
      })
      assert.equal(created.status, 201, created.text)
      ids.push(created.body.id)
      // Settled through the other process: the change and its delivery are recorded there, woken there.
      await setStatus(origins[(index + 1) % 2]!, key, created.body.id, index % 3 === 0 ? 'failed' : 'paid', 'creditcard')
    }
    await hooks.waitFor(ids.length, 30_000)
    const bodies = hooks.received.map(({ body }) => body)
    assert.equal(new Set(bodies).size, bodies.length, 'no webhook twice')
    assert.deepEqual(bodies.sort(), ids.map((id) => `id=${id}`).sort())
  })
})
