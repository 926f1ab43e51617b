/**
 * Payments through Mollie's own clients, unmodified: `@mollie/api-client` (payments.*, customerPayments.*) through
 * this package's adapter, and `mollie-api-typescript` (payments.*, customers.createPayment/listPayments), whose zod
 * schemas, generated from Mollie's OpenAPI document, validate every response. Outcomes are set as a tester would,
 * through `POST /_clientele/payments/{id}/status`.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { MollieApiError as ApiError, PaymentStatus, SequenceType } from '@mollie/api-client'
import { createLocalMollieClient } from 'clientele/mollie-api-client'
import { Client } from 'mollie-api-typescript'
import { ErrorResponse } from 'mollie-api-typescript/models/errors'
import { call, startTestServer, type TestServer } from './helpers/server.js'

async function settle(server: TestServer, paymentId: string, status: string, method?: string) {
  const answer = await call(server, server.keys.test, 'POST', `/_clientele/payments/${paymentId}/status`, { json: { status, method } })
  assert.equal(answer.status, 200, answer.text)
  return answer.body
}

describe('@mollie/api-client payments', () => {
  test('a first payment, its mandate, a recurring payment; get, update, page, cancel', async (t) => {
    const server = await startTestServer(t)
    const mollie = createLocalMollieClient({ apiKey: server.keys.test, apiEndpoint: server.apiUrl })
    const customer = await mollie.customers.create({ name: 'Jane Doe', email: 'jane@example.org' })

    const first = await mollie.customerPayments.create({
      customerId: customer.id,
      amount: { currency: 'EUR', value: '0.01' },
      description: 'First payment',
      redirectUrl: 'https://example.org/return',
      webhookUrl: 'https://example.org/webhook',
      sequenceType: SequenceType.first,
    })
    assert.equal(first.status, PaymentStatus.open)
    assert.equal(first.getCheckoutUrl(), `${server.baseUrl}/checkout/${first.id}`)
    assert.equal(first.customerId, customer.id)

    await settle(server, first.id, 'paid', 'creditcard')
    const paid = await mollie.payments.get(first.id)
    assert.equal(paid.status, PaymentStatus.paid)
    assert.equal(paid.method, 'creditcard')
    assert.match(paid.mandateId!, /^mdt_/)
    // The helpers follow `_links` as given.
    const mandate = await paid.getMandate()
    assert.equal(mandate!.id, paid.mandateId)
    assert.equal(mandate!.status, 'valid')
    assert.equal((await paid.getCustomer())!.id, customer.id)
    assert.equal(paid.getDashboardUrl(), `${server.baseUrl}/dashboard/payments/${first.id}`)

    const recurring = await mollie.customerPayments.create({
      customerId: customer.id,
      amount: { currency: 'EUR', value: '25.00' },
      description: 'Monthly',
      sequenceType: SequenceType.recurring,
    })
    assert.equal(recurring.status, PaymentStatus.pending)
    assert.equal(recurring.mandateId, paid.mandateId)
    assert.equal(recurring.getChangePaymentStateUrl(), `${server.baseUrl}/checkout/${recurring.id}`)
    await settle(server, recurring.id, 'paid')
    assert.equal((await mollie.payments.get(recurring.id)).status, PaymentStatus.paid)

    const updated = await mollie.payments.update(first.id, { description: 'First payment (updated)' })
    assert.equal(updated.description, 'First payment (updated)')

    const page = await mollie.customerPayments.page({ customerId: customer.id, limit: 1 })
    assert.equal(page.length, 1)
    assert.equal(page[0]!.id, recurring.id)
    const all = await mollie.payments.page()
    assert.deepEqual(all.map((payment) => payment.id), [recurring.id, first.id])

    const transfer = await mollie.payments.create({
      amount: { currency: 'EUR', value: '100.00' },
      description: 'By bank transfer',
      redirectUrl: 'https://example.org/return',
      method: 'banktransfer' as never,
    })
    assert.equal(transfer.isCancelable, true)
    const canceled = await mollie.payments.cancel(transfer.id)
    assert.equal(canceled.status, PaymentStatus.canceled)

    await assert.rejects(mollie.payments.cancel(first.id), (error: unknown) => {
      assert.ok(error instanceof ApiError)
      assert.equal(error.statusCode, 422)
      return true
    })
    await assert.rejects(
      mollie.payments.create({ amount: { currency: 'EUR', value: '16.1' }, description: 'x', redirectUrl: 'https://example.org' }),
      (error: unknown) => {
        assert.ok(error instanceof ApiError)
        assert.equal(error.statusCode, 422)
        assert.equal(error.field, 'amount.value')
        return true
      },
    )
  })
})

describe('mollie-api-typescript payments', () => {
  test('create, get, update, list, cancel and the customer’s payments, every response valid for the client’s schemas', async (t) => {
    const server = await startTestServer(t)
    const client = new Client({ security: { apiKey: server.keys.test }, serverURL: server.baseUrl })
    const customer = await client.customers.create({ entityCustomer: { name: 'Jane Doe' } })

    const payment = await client.payments.create({
      paymentRequest: {
        amount: { currency: 'EUR', value: '10.00' },
        description: 'Order #12345',
        redirectUrl: 'https://example.org/redirect',
        webhookUrl: 'https://example.org/webhooks',
        metadata: { order_id: '12345' },
        locale: 'nl_NL',
        billingAddress: { givenName: 'Jane', familyName: 'Doe', email: 'jane@example.org', country: 'NL' },
      },
    })
    assert.equal(payment.resource, 'payment')
    assert.equal(payment.status, 'open')
    assert.equal(payment.links.checkout?.href, `${server.baseUrl}/checkout/${payment.id}`)
    assert.deepEqual(payment.billingAddress, { givenName: 'Jane', familyName: 'Doe', email: 'jane@example.org', country: 'NL' })

    const fetched = await client.payments.get({ paymentId: payment.id })
    assert.equal(fetched.id, payment.id)
    assert.equal(fetched.profileId, payment.profileId)
    const updated = await client.payments.update({ paymentId: payment.id, requestBody: { method: 'banktransfer' } })
    assert.equal(updated.method, 'banktransfer')
    const canceled = await client.payments.cancel({ paymentId: payment.id })
    assert.equal(canceled.status, 'canceled')

    const first = await client.customers.createPayment({
      customerId: customer.id,
      paymentRequest: {
        amount: { currency: 'EUR', value: '1.00' },
        description: 'First',
        redirectUrl: 'https://example.org/redirect',
        sequenceType: 'first',
        method: 'ideal',
      },
    })
    assert.equal(first.customerId, customer.id)
    const paid = await settle(server, first.id, 'paid')
    const recurring = await client.customers.createPayment({
      customerId: customer.id,
      paymentRequest: { amount: { currency: 'EUR', value: '2.00' }, description: 'Next', sequenceType: 'recurring', redirectUrl: null },
    })
    assert.equal(recurring.status, 'pending')
    assert.equal(recurring.mandateId, paid.mandateId)
    assert.equal(recurring.method, 'directdebit')
    assert.ok(recurring.links.changePaymentState)

    const ids: string[] = []
    for await (const page of await client.customers.listPayments({ customerId: customer.id, limit: 1 })) {
      ids.push(...(page.result.embedded.payments ?? []).map((each) => each.id))
    }
    assert.deepEqual(ids, [recurring.id, first.id])
    const listed = await client.payments.list({ limit: 10 })
    assert.equal(listed.result.count, 3)

    await assert.rejects(client.payments.get({ paymentId: 'tr_nothing123' }), (error: unknown) => {
      assert.ok(error instanceof ErrorResponse)
      assert.equal(error.status, 404)
      assert.equal(error.detail, 'No payment exists with token tr_nothing123.')
      return true
    })
  })
})
