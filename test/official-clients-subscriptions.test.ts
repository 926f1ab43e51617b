/**
 * Subscriptions through Mollie's own clients, unmodified: `@mollie/api-client` (customerSubscriptions.*,
 * subscriptionPayments.*) through this package's adapter, and `mollie-api-typescript` (subscriptions.*), whose zod
 * schemas, generated from Mollie's OpenAPI document, validate every response. Time passes through the store's
 * chargeDue, as the scheduler (and a test clock) calls it: a subscription of `times: 3`, `interval: "1 month"`, four
 * months on, has made exactly three paid recurring payments, each of which sent its webhook, and is `completed`.
 */
import assert from 'node:assert/strict'
import { describe, test, type TestContext } from 'node:test'
import { MollieApiError as ApiError, PaymentStatus, SequenceType, SubscriptionStatus } from '@mollie/api-client'
import { createLocalMollieClient } from 'clientele/mollie-api-client'
import { Client } from 'mollie-api-typescript'
import { ErrorResponse } from 'mollie-api-typescript/models/errors'
import { startTestServer } from './helpers/server.js'
import { startWebhookReceiver } from './helpers/webhook-receiver.js'

const FAST = { retryScale: 0.001, timeoutMs: 2_000, pollIntervalMs: 100 }

async function receiver(t: TestContext) {
  const started = await startWebhookReceiver({})
  t.after(() => started.close())
  return started
}

describe('@mollie/api-client subscriptions', () => {
  test('create, get, page, update, cancel; four months on, three paid payments, each webhooked; subscriptionPayments', async (t) => {
    const server = await startTestServer(t, { webhooks: FAST, subscriptionPolicy: { recurringStatus: 'paid' } })
    const hooks = await receiver(t)
    const mollie = createLocalMollieClient({ apiKey: server.keys.test, apiEndpoint: server.apiUrl })
    const customer = await mollie.customers.create({ name: 'Jane Doe', email: 'jane@example.org' })
    const first = await mollie.customerPayments.create({
      customerId: customer.id,
      amount: { currency: 'EUR', value: '0.01' },
      description: 'First payment',
      redirectUrl: 'https://example.org/return',
      sequenceType: SequenceType.first,
    })
    await server.app.inject({
      method: 'POST',
      url: `/_clientele/payments/${first.id}/status`,
      headers: { authorization: `Bearer ${server.keys.test}` },
      payload: { status: 'paid', method: 'creditcard' },
    })
    const mandateId = (await mollie.payments.get(first.id)).mandateId!

    const subscription = await mollie.customerSubscriptions.create({
      customerId: customer.id,
      amount: { currency: 'EUR', value: '25.00' },
      times: 3,
      interval: '1 month',
      description: 'Monthly plan',
      webhookUrl: hooks.url,
      metadata: { plan: 'gold' },
    } as Parameters<typeof mollie.customerSubscriptions.create>[0])
    assert.equal(subscription.status, SubscriptionStatus.active)
    assert.equal(subscription.mandateId, mandateId)
    assert.equal(subscription.timesRemaining, 3)
    assert.equal((await subscription.getCustomer()).id, customer.id)
    assert.equal((await subscription.getMandate())!.id, mandateId)

    const got = await mollie.customerSubscriptions.get(subscription.id, { customerId: customer.id })
    assert.equal(got.description, 'Monthly plan')
    const updated = await mollie.customerSubscriptions.update(subscription.id, {
      customerId: customer.id,
      description: 'Monthly plan (gold)',
    } as Parameters<typeof mollie.customerSubscriptions.update>[1])
    assert.equal(updated.description, 'Monthly plan (gold)')

    const spare = await mollie.customerSubscriptions.create({
      customerId: customer.id,
      amount: { currency: 'EUR', value: '5.00' },
      interval: '2 weeks',
      description: 'Spare',
    } as Parameters<typeof mollie.customerSubscriptions.create>[0])
    const page = await mollie.customerSubscriptions.page({ customerId: customer.id, limit: 1 })
    assert.equal(page.length, 1)
    assert.equal(page[0]!.id, spare.id)
    const canceled = await mollie.customerSubscriptions.cancel(spare.id, { customerId: customer.id })
    assert.equal(canceled.status, SubscriptionStatus.canceled)
    await assert.rejects(
      mollie.customerSubscriptions.update(spare.id, { customerId: customer.id, description: 'Again' } as Parameters<typeof mollie.customerSubscriptions.update>[1]),
      (error: unknown) => error instanceof ApiError && error.statusCode === 422,
    )

    // Four months pass, on the organization's test clock: the answer comes once the charges are made.
    const advanced = await fetch(`${server.baseUrl}/_clientele/clock/advance`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.keys.test}`, 'content-type': 'application/json' },
      body: JSON.stringify({ by: 'P4M' }),
    })
    assert.equal(advanced.status, 200)
    const summary = (await advanced.json()) as { now: string; paymentsCreated: number; webhooksQueued: number }
    assert.deepEqual({ ...summary, now: undefined }, { now: undefined, paymentsCreated: 3, webhooksQueued: 3 })
    await hooks.waitFor(3)
    const payments = await mollie.subscriptionPayments.page({ customerId: customer.id, subscriptionId: subscription.id })
    assert.equal(payments.length, 3)
    for (const payment of payments) {
      assert.equal(payment.status, PaymentStatus.paid)
      assert.equal(payment.sequenceType, SequenceType.recurring)
      assert.equal(payment.subscriptionId, subscription.id)
      assert.equal(payment.mandateId, mandateId)
    }
    assert.deepEqual(new Set(hooks.received.map(({ body }) => body)), new Set(payments.map((payment) => `id=${payment.id}`)))
    const done = await mollie.customerSubscriptions.get(subscription.id, { customerId: customer.id })
    assert.equal(done.status, SubscriptionStatus.completed)
    assert.equal(done.timesRemaining, 0)
    const viaHelper: string[] = []
    for await (const payment of done.getPayments()) viaHelper.push(payment.id)
    assert.deepEqual(viaHelper.sort(), payments.map((payment) => payment.id).sort())
  })
})

describe('mollie-api-typescript subscriptions', () => {
  test('create, get, list, all, update, cancel and listPayments, every response valid for the client’s schemas', async (t) => {
    const server = await startTestServer(t)
    const client = new Client({ security: { apiKey: server.keys.test }, serverURL: server.baseUrl })
    const customer = await client.customers.create({ entityCustomer: { name: 'Jane Doe' } })
    const mandate = await client.mandates.create({
      customerId: customer.id,
      mandateRequest: { method: 'directdebit', consumerName: 'Jane Doe', consumerAccount: 'NL55INGB0000000000' },
    })

    const created = await client.subscriptions.create({
      customerId: customer.id,
      subscriptionRequest: { amount: { currency: 'EUR', value: '10.00' }, interval: '14 days', description: 'Fortnightly', times: 2 },
    })
    assert.equal(created.resource, 'subscription')
    assert.equal(created.status, 'active')
    assert.equal(created.mandateId, mandate.id)
    assert.equal(created.webhookUrl, null)
    assert.equal(created.links.profile.href.includes('/profiles/pfl_'), true)

    const fetched = await client.subscriptions.get({ customerId: customer.id, subscriptionId: created.id })
    assert.equal(fetched.id, created.id)
    const updated = await client.subscriptions.update({
      customerId: customer.id,
      subscriptionId: created.id,
      requestBody: { amount: { currency: 'EUR', value: '12.00' }, webhookUrl: 'https://example.org/hook' },
    })
    assert.equal(updated.amount.value, '12.00')
    assert.equal(updated.webhookUrl, 'https://example.org/hook')

    await server.store.subscriptions.chargeDue({ upTo: new Date(Date.now() + 40 * 24 * 60 * 60 * 1000) })
    const paymentIds: string[] = []
    for await (const page of await client.subscriptions.listPayments({ customerId: customer.id, subscriptionId: created.id, limit: 1 })) {
      paymentIds.push(...(page.result.embedded.payments ?? []).map((each) => each.id))
    }
    assert.equal(paymentIds.length, 2)
    const completed = await client.subscriptions.get({ customerId: customer.id, subscriptionId: created.id })
    assert.equal(completed.status, 'completed')
    assert.equal(completed.nextPaymentDate, undefined)
    assert.ok(completed.links.payments)

    const second = await client.subscriptions.create({
      customerId: customer.id,
      subscriptionRequest: { amount: { currency: 'EUR', value: '3.00' }, interval: '1 week', description: 'Weekly', method: 'directdebit' },
    })
    const listed: string[] = []
    for await (const page of await client.subscriptions.list({ customerId: customer.id, limit: 1 })) {
      listed.push(...(page.result.embedded.subscriptions ?? []).map((each) => each.id))
    }
    assert.deepEqual(listed, [second.id, created.id])
    const all = await client.subscriptions.all({ limit: 10 })
    assert.equal(all.result.count, 2)
    const canceled = await client.subscriptions.cancel({ customerId: customer.id, subscriptionId: second.id })
    assert.equal(canceled.status, 'canceled')
    assert.ok(canceled.canceledAt)

    await assert.rejects(client.subscriptions.get({ customerId: customer.id, subscriptionId: 'sub_nothing123' }), (error: unknown) => {
      assert.ok(error instanceof ErrorResponse)
      assert.equal(error.status, 404)
      assert.equal(error.detail, 'No subscription exists with token sub_nothing123.')
      return true
    })
  })
})
