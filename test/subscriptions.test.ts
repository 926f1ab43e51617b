/**
 * The Subscriptions API over HTTP: the lifecycle (create, get, lists, update, cancel) in Mollie's shape and key order,
 * form and JSON bodies, every refusal with its whole error body (and nothing stored), isolation across organizations
 * and modes, the cascades (revoked mandate, deleted customer), the customer's `_links.subscriptions`, Idempotency-Key
 * replays, and the scheduler's payments as list-subscription-payments answers them.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { todayInAmsterdam } from '../src/domain/mandate-schemas.js'
import { startSubscriptionScheduler } from '../src/subscriptions/scheduler.js'
import { assertErrorBody } from './helpers/mollie-error.js'
import { call, startTestServer, type TestServer } from './helpers/server.js'

const DIRECT_DEBIT = { method: 'directdebit', consumerName: 'Jane Doe', consumerAccount: 'NL55INGB0000000000' }
const MONTHLY = {
  amount: { currency: 'EUR', value: '25.00' },
  times: 4,
  interval: '1 month',
  description: 'Quarterly payment',
  webhookUrl: 'https://webshop.example.org/subscriptions/webhook/',
}

async function customerWithMandate(server: TestServer, key = server.keys.test) {
  const customer = await call(server, key, 'POST', '/v2/customers', { json: { name: 'Jane Doe' } })
  assert.equal(customer.status, 201, customer.text)
  const mandate = await call(server, key, 'POST', `/v2/customers/${customer.body.id}/mandates`, { json: DIRECT_DEBIT })
  assert.equal(mandate.status, 201, mandate.text)
  return { customerId: customer.body.id as string, mandateId: mandate.body.id as string }
}

async function subscriptionCount(server: TestServer): Promise<number> {
  const [row] = await server.rows('select count(*) as n from subscriptions')
  return Number(row?.n)
}

const unprocessable = (detail: string | RegExp, field?: string) => ({ status: 422, title: 'Unprocessable Entity', detail, field })

describe('subscriptions over HTTP', () => {
  test('create (form-encoded, as Mollie’s curl example) answers 201 in the spec’s key order; get, lists and the customer link', async (t) => {
    const server = await startTestServer(t)
    const { customerId, mandateId } = await customerWithMandate(server)
    const today = todayInAmsterdam()
    const created = await call(server, server.keys.test, 'POST', `/v2/customers/${customerId}/subscriptions`, {
      form: 'amount[currency]=EUR&amount[value]=25.00&times=4&interval=3 months&description=Quarterly payment&webhookUrl=https://webshop.example.org/subscriptions/webhook/',
    })
    assert.equal(created.status, 201, created.text)
    const subscription = created.body
    assert.match(subscription.id, /^sub_[0-9A-Za-z]{10}$/)
    assert.deepEqual(Object.keys(subscription), [
      'resource', 'id', 'mode', 'amount', 'times', 'timesRemaining', 'interval', 'startDate', 'nextPaymentDate',
      'description', 'metadata', 'method', 'status', 'webhookUrl', 'customerId', 'mandateId', 'createdAt', '_links',
    ])
    const self = `${server.apiUrl}/customers/${customerId}/subscriptions/${subscription.id}`
    assert.deepEqual(subscription, {
      resource: 'subscription',
      id: subscription.id,
      mode: 'test',
      amount: { currency: 'EUR', value: '25.00' },
      times: 4,
      timesRemaining: 4,
      interval: '3 months',
      startDate: today,
      nextPaymentDate: today,
      description: 'Quarterly payment',
      metadata: null,
      method: null,
      status: 'active',
      webhookUrl: 'https://webshop.example.org/subscriptions/webhook/',
      customerId,
      mandateId,
      createdAt: subscription.createdAt,
      _links: {
        self: { href: self, type: 'application/hal+json' },
        customer: { href: `${server.apiUrl}/customers/${customerId}`, type: 'application/hal+json' },
        mandate: { href: `${server.apiUrl}/customers/${customerId}/mandates/${mandateId}`, type: 'application/hal+json' },
        profile: { href: subscription._links.profile.href, type: 'application/hal+json' },
        documentation: { href: `${server.baseUrl}/docs#create-subscription`, type: 'text/html' },
      },
    })
    assert.match(subscription._links.profile.href, /\/v2\/profiles\/pfl_[0-9A-Za-z]{10}$/)
    const got = await call(server, server.keys.test, 'GET', `/v2/customers/${customerId}/subscriptions/${subscription.id}`)
    assert.equal(got.status, 200)
    assert.deepEqual({ ...got.body, _links: undefined }, { ...subscription, _links: undefined })
    const list = await call(server, server.keys.test, 'GET', `/v2/customers/${customerId}/subscriptions?limit=1`)
    assert.equal(list.body.count, 1)
    assert.equal(list.body._embedded.subscriptions[0].id, subscription.id)
    assert.equal(list.body._links.self.href, `${server.apiUrl}/customers/${customerId}/subscriptions?limit=1`)
    const all = await call(server, server.keys.test, 'GET', '/v2/subscriptions')
    assert.deepEqual(all.body._embedded.subscriptions.map((each: { id: string }) => each.id), [subscription.id])
    const customer = await call(server, server.keys.test, 'GET', `/v2/customers/${customerId}`)
    assert.deepEqual(customer.body._links.subscriptions, { href: `${server.apiUrl}/customers/${customerId}/subscriptions`, type: 'application/hal+json' })
    // Other organizations and modes see nothing.
    for (const key of [server.keys.otherTest, server.keys.live]) {
      const other = await call(server, key, 'GET', `/v2/customers/${customerId}/subscriptions/${subscription.id}`)
      assert.equal(other.status, 404)
      assert.equal((await call(server, key, 'GET', '/v2/subscriptions')).body.count, 0)
    }
  })

  test('update and cancel; a canceled subscription cannot be updated or canceled again', async (t) => {
    const server = await startTestServer(t)
    const { customerId } = await customerWithMandate(server)
    const path = `/v2/customers/${customerId}/subscriptions`
    const created = (await call(server, server.keys.test, 'POST', path, { json: { ...MONTHLY, metadata: { plan: 'basic' } } })).body
    const updated = await call(server, server.keys.test, 'PATCH', `${path}/${created.id}`, {
      json: { amount: { currency: 'EUR', value: '30.00' }, times: 6, metadata: { plan: 'gold' }, description: 'Gold plan' },
    })
    assert.equal(updated.status, 200, updated.text)
    assert.equal(updated.body.amount.value, '30.00')
    assert.equal(updated.body.timesRemaining, 6)
    assert.deepEqual(updated.body.metadata, { plan: 'gold' })
    assert.equal(updated.body._links.documentation.href, `${server.baseUrl}/docs#update-subscription`)
    const canceled = await call(server, server.keys.test, 'DELETE', `${path}/${created.id}`)
    assert.equal(canceled.status, 200, canceled.text)
    assert.equal(canceled.body.status, 'canceled')
    assert.equal('nextPaymentDate' in canceled.body, false)
    assert.match(canceled.body.canceledAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/)
    const again = await call(server, server.keys.test, 'PATCH', `${path}/${created.id}`, { json: { description: 'Again' } })
    assertErrorBody(server.baseUrl, again.body, again.headers.get('content-type'), unprocessable('The subscription has been canceled and cannot be updated.'))
    const twice = await call(server, server.keys.test, 'DELETE', `${path}/${created.id}`)
    assertErrorBody(server.baseUrl, twice.body, twice.headers.get('content-type'), unprocessable('The subscription has already been canceled.'))
    // Its description is free again.
    assert.equal((await call(server, server.keys.test, 'POST', path, { json: { ...MONTHLY, description: 'Gold plan' } })).status, 201)
  })

  test('refusals: every one in Mollie’s format, nothing stored', async (t) => {
    const server = await startTestServer(t)
    const bare = (await call(server, server.keys.test, 'POST', '/v2/customers', { json: { name: 'No mandate' } })).body.id
    const { customerId } = await customerWithMandate(server)
    const path = `/v2/customers/${customerId}/subscriptions`
    const cases: [string, object, ReturnType<typeof unprocessable>][] = [
      [`/v2/customers/${bare}/subscriptions`, MONTHLY, unprocessable('No suitable mandates found for customer.', 'customerId')],
      [path, { ...MONTHLY, method: 'paypal' }, unprocessable('No suitable mandates found for customer.', 'customerId')],
      [path, { ...MONTHLY, interval: '13 months' }, unprocessable(/'interval' field must be such as "1 month"/, 'interval')],
      [path, { ...MONTHLY, interval: '2 month' }, unprocessable(/interval/, 'interval')],
      [path, { ...MONTHLY, startDate: '2020-01-01' }, unprocessable(/^The start date must be today/, 'startDate')],
      [path, { ...MONTHLY, startDate: '2030-02-30' }, unprocessable(/is not a calendar date/, 'startDate')],
      [path, { ...MONTHLY, amount: { currency: 'EUR', value: '10' } }, unprocessable(/invalid value/, 'amount.value')],
      [path, { ...MONTHLY, color: 'red' }, unprocessable(/color/, 'color')],
      [path, { ...MONTHLY, method: 'ideal' }, unprocessable(/method/, 'method')],
      [path, { ...MONTHLY, webhookUrl: 'ftp://example.org/hook' }, unprocessable(/webhookUrl/, 'webhookUrl')],
      [path, { ...MONTHLY, applicationFee: { amount: { currency: 'EUR', value: '1.00' }, description: 'Fee' } }, unprocessable(/Mollie Connect/, 'applicationFee')],
      [path, { amount: MONTHLY.amount, description: 'No interval' }, unprocessable(/interval/, 'interval')],
    ]
    for (const [at, body, expected] of cases) {
      const answer = await call(server, server.keys.test, 'POST', at, { json: body })
      assertErrorBody(server.baseUrl, answer.body, answer.headers.get('content-type'), expected)
    }
    assert.equal(await subscriptionCount(server), 0)
    assert.equal((await call(server, server.keys.test, 'POST', path, { json: MONTHLY })).status, 201)
    const duplicate = await call(server, server.keys.test, 'POST', path, { json: MONTHLY })
    assertErrorBody(server.baseUrl, duplicate.body, duplicate.headers.get('content-type'), unprocessable(/^A subscription with the same description already exists/, 'description'))
    const missing = await call(server, server.keys.test, 'GET', `${path}/sub_doesnotexis`)
    assertErrorBody(server.baseUrl, missing.body, missing.headers.get('content-type'), { status: 404, title: 'Not Found', detail: 'No subscription exists with token sub_doesnotexis.' })
    const noCustomer = await call(server, server.keys.test, 'POST', '/v2/customers/cst_doesnotexis/subscriptions', { json: MONTHLY })
    assert.equal(noCustomer.status, 404)
    const query = await call(server, server.keys.test, 'GET', `${path}?color=red`)
    assert.equal(query.status, 422)
    assert.equal(await subscriptionCount(server), 1)
  })

  test('Idempotency-Key replays the creation; testmode with an access token', async (t) => {
    const server = await startTestServer(t)
    const { customerId } = await customerWithMandate(server)
    const path = `/v2/customers/${customerId}/subscriptions`
    const headers = { 'idempotency-key': 'sub-once' }
    const first = await call(server, server.keys.test, 'POST', path, { json: MONTHLY, headers })
    const second = await call(server, server.keys.test, 'POST', path, { json: MONTHLY, headers })
    assert.equal(first.status, 201)
    assert.equal(second.status, 201)
    assert.equal(second.body.id, first.body.id)
    assert.equal(await subscriptionCount(server), 1)
    const viaToken = await call(server, server.keys.access, 'GET', `${path}/${first.body.id}?testmode=true`)
    assert.equal(viaToken.status, 200, viaToken.text)
  })

  test('revoking the mandate cancels it; deleting the customer cancels the others', async (t) => {
    const server = await startTestServer(t)
    const { customerId, mandateId } = await customerWithMandate(server)
    const path = `/v2/customers/${customerId}/subscriptions`
    const first = (await call(server, server.keys.test, 'POST', path, { json: MONTHLY })).body
    assert.equal((await call(server, server.keys.test, 'DELETE', `/v2/customers/${customerId}/mandates/${mandateId}`)).status, 204)
    assert.equal((await call(server, server.keys.test, 'GET', `${path}/${first.id}`)).body.status, 'canceled')
    await call(server, server.keys.test, 'POST', `/v2/customers/${customerId}/mandates`, { json: DIRECT_DEBIT })
    const second = (await call(server, server.keys.test, 'POST', path, { json: MONTHLY })).body
    assert.equal(second.status, 'active')
    assert.equal((await call(server, server.keys.test, 'DELETE', `/v2/customers/${customerId}`)).status, 204)
    const [row] = await server.rows('select status from subscriptions where id = ?', [second.id])
    assert.equal(row?.status, 'canceled')
  })

  test('the scheduler’s payments: recurring, on the subscription’s mandate, listed by list-subscription-payments', async (t) => {
    const server = await startTestServer(t, { subscriptionPolicy: { recurringStatus: 'paid' } })
    const { customerId, mandateId } = await customerWithMandate(server)
    const path = `/v2/customers/${customerId}/subscriptions`
    const created = (await call(server, server.keys.test, 'POST', path, { json: { ...MONTHLY, times: 3, metadata: { plan: 'gold' } } })).body
    const upTo = new Date(Date.now() + 100 * 24 * 60 * 60 * 1000)
    const summary = await server.store.subscriptions.chargeDue({ upTo })
    assert.deepEqual(summary, { paymentsCreated: 3, webhooksQueued: 3 })
    const got = (await call(server, server.keys.test, 'GET', `${path}/${created.id}`)).body
    assert.equal(got.status, 'completed')
    assert.equal(got.timesRemaining, 0)
    assert.equal('nextPaymentDate' in got, false)
    const paymentsUrl = `${server.apiUrl}/customers/${customerId}/subscriptions/${created.id}/payments`
    assert.deepEqual(got._links.payments, { href: paymentsUrl, type: 'application/hal+json' })
    const page = await call(server, server.keys.test, 'GET', `${path}/${created.id}/payments?sort=asc&limit=2`)
    assert.equal(page.status, 200, page.text)
    assert.equal(page.body.count, 2)
    assert.ok(page.body._links.next)
    const rest = await call(server, server.keys.test, 'GET', page.body._links.next.href.slice(server.baseUrl.length))
    const payments = [...page.body._embedded.payments, ...rest.body._embedded.payments]
    assert.equal(payments.length, 3)
    for (const payment of payments) {
      assert.equal(payment.sequenceType, 'recurring')
      assert.equal(payment.status, 'paid')
      assert.equal(payment.subscriptionId, created.id)
      assert.equal(payment.mandateId, mandateId)
      assert.equal(payment.customerId, customerId)
      assert.deepEqual(payment.amount, MONTHLY.amount)
      assert.deepEqual(payment.metadata, { plan: 'gold' })
      assert.equal(payment.webhookUrl, MONTHLY.webhookUrl)
      assert.deepEqual(payment._links.subscription, { href: `${server.apiUrl}/customers/${customerId}/subscriptions/${created.id}`, type: 'application/hal+json' })
    }
    const other = await call(server, server.keys.otherTest, 'GET', `${path}/${created.id}/payments`)
    assert.equal(other.status, 404)
    const [deliveries] = await server.rows('select count(*) as n from webhook_deliveries')
    assert.equal(Number(deliveries?.n), 3)
  })

  test('the scheduler sweeps with its clock: what is due is charged once, however often it sweeps', async (t) => {
    const server = await startTestServer(t)
    const { customerId } = await customerWithMandate(server)
    const path = `/v2/customers/${customerId}/subscriptions`
    const created = (await call(server, server.keys.test, 'POST', path, { json: { ...MONTHLY, interval: '1 week', times: 10 } })).body
    let now = new Date()
    const errors: unknown[] = []
    const scheduler = startSubscriptionScheduler({ store: server.store, logger: { error: (error: unknown) => errors.push(error) }, intervalMs: 60_000, now: () => now })
    t.after(() => scheduler.stop())
    await scheduler.sweep()
    await scheduler.sweep()
    const count = async () => (await call(server, server.keys.test, 'GET', `${path}/${created.id}/payments`)).body.count
    assert.equal(await count(), 1)
    now = new Date(now.getTime() + 15 * 24 * 60 * 60 * 1000)
    await scheduler.sweep()
    assert.equal(await count(), 3)
    assert.deepEqual(errors, [])
  })
})
