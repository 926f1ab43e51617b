/** clientele/client's `payments` namespace against a real Clientele server, imported as users import it. */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  ApiError,
  createClient,
  type Payment,
  type PaymentFields,
  type PaymentListItem,
  type PaymentMethod,
  type PaymentPage,
  type PaymentStatus,
} from 'clientele/client'
import { startTestServer } from './helpers/server.js'

const ONEOFF: PaymentFields = {
  amount: { currency: 'EUR', value: '10.00' },
  description: 'Order #12345',
  redirectUrl: 'https://webshop.example.org/order/12345/',
  webhookUrl: 'https://webshop.example.org/payments/webhook/',
  metadata: { order_id: '12345' },
}

/** A fetch that records every request it passes on. */
function recordingFetch() {
  const requests: { method: string; url: URL; body: string | undefined }[] = []
  const recorder: typeof fetch = (input, init) => {
    requests.push({ method: init?.method ?? 'GET', url: new URL(String(input)), body: typeof init?.body === 'string' ? init.body : undefined })
    return fetch(input, init)
  }
  return { requests, fetch: recorder }
}

function isApiError(status: number, field?: string) {
  return (error: unknown) => {
    assert.ok(error instanceof ApiError, String(error))
    assert.equal(error.status, status, error.detail)
    if (field !== undefined) assert.equal(error.field, field)
    return true
  }
}

describe('clientele/client payments', () => {
  test('create, get, update, cancel and setStatus answer the validated wire object', async (t) => {
    const server = await startTestServer(t)
    const client = createClient({ apiKey: server.keys.test, baseUrl: server.apiUrl })

    const created: Payment = await client.payments.create(ONEOFF)
    assert.match(created.id, /^tr_[0-9A-Za-z]{10}$/)
    assert.equal(created.resource, 'payment')
    assert.equal(created.status, 'open')
    assert.equal(created.method, null)
    assert.deepEqual(created.amount, { currency: 'EUR', value: '10.00' })
    assert.equal(created._links.checkout?.href, `${server.baseUrl}/checkout/${created.id}`)
    // Exactly what the API answers to a plain GET, key order included.
    const raw = await (await fetch(`${server.apiUrl}/payments/${created.id}`, { headers: { authorization: `Bearer ${server.keys.test}` } })).json()
    const fetched = await client.payments.get(created.id)
    assert.deepEqual(JSON.stringify(fetched), JSON.stringify(raw))
    assert.equal((await client.payments.get(created.id, { include: 'details.qrCode', embed: 'refunds' })).id, created.id)

    const updated = await client.payments.update(created.id, { method: 'banktransfer', locale: 'nl_NL', description: 'Order #12346' })
    assert.equal(updated.method, 'banktransfer')
    assert.equal(updated.locale, 'nl_NL')
    assert.equal(updated.description, 'Order #12346')
    assert.equal(updated.isCancelable, true, 'an open bank transfer can be canceled')
    const canceled = await client.payments.cancel(created.id)
    assert.equal(canceled.status, 'canceled')
    assert.ok(canceled.canceledAt)
    await assert.rejects(client.payments.cancel(created.id), isApiError(422))
    await assert.rejects(client.payments.update(created.id, { redirectUrl: 'https://example.org/late' }), isApiError(422, 'redirectUrl'))

    // The status helper lives beside /v2 and answers in Mollie's format.
    const other = await client.payments.create({ ...ONEOFF, method: ['ideal', 'creditcard'] })
    assert.equal(other.method, null)
    const paid = await client.payments.setStatus(other.id, { status: 'paid', method: 'creditcard' })
    assert.equal(paid.status, 'paid')
    assert.equal(paid.method, 'creditcard')
    assert.equal(paid._links.documentation.href, `${server.baseUrl}/docs#change-payment-status`)
    await assert.rejects(client.payments.setStatus(other.id, { status: 'failed' }), isApiError(422, 'status'))
    await assert.rejects(client.payments.get('tr_0000000000'), isApiError(404))
    await assert.rejects(client.payments.setStatus('tr_0000000000', { status: 'paid' }), isApiError(404))
    await assert.rejects(client.payments.create({ ...ONEOFF, amount: { currency: 'EUR', value: '10' } }), isApiError(422, 'amount.value'))

    // A live payment's outcome is the checkout's: the helper answers 404, as for another tenant's.
    const live = createClient({ apiKey: server.keys.live, baseUrl: server.apiUrl })
    const livePayment = await live.payments.create(ONEOFF)
    assert.equal(livePayment.mode, 'live')
    await assert.rejects(live.payments.setStatus(livePayment.id, { status: 'paid' }), isApiError(404))
    await assert.rejects(client.payments.get(livePayment.id), isApiError(404))
  })

  test('a customer’s payments: a paid first payment makes a mandate, a recurring one is charged on it', async (t) => {
    const server = await startTestServer(t)
    const client = createClient({ apiKey: server.keys.test, baseUrl: server.apiUrl })
    const customer = await client.customers.create({ name: 'Jane Doe' })

    const first = await client.payments.createForCustomer(customer.id, { ...ONEOFF, sequenceType: 'first', method: 'creditcard' })
    assert.equal(first.customerId, customer.id)
    assert.equal(first.sequenceType, 'first')
    assert.equal(first._links.customer?.href, `${server.apiUrl}/customers/${customer.id}`)
    const paid = await client.payments.setStatus(first.id, { status: 'paid' })
    assert.ok(paid.mandateId)
    const mandate = await client.mandates.get(customer.id, paid.mandateId)
    assert.equal(mandate.method, 'creditcard')
    assert.equal(mandate.status, 'valid')

    const recurring = await client.payments.createForCustomer(customer.id, {
      amount: { currency: 'EUR', value: '25.00' },
      description: 'Monthly',
      sequenceType: 'recurring',
    })
    assert.equal(recurring.status, 'pending')
    assert.equal(recurring.mandateId, mandate.id)
    assert.equal(recurring.redirectUrl, null)
    assert.equal((await client.payments.setStatus(recurring.id, { status: 'paid' })).status, 'paid')
    assert.equal((await client.customers.get(customer.id))._links.payments?.href, `${server.apiUrl}/customers/${customer.id}/payments`)

    const page = await client.payments.listForCustomer(customer.id, { sort: 'asc' })
    assert.deepEqual(page.payments.map((each) => each.id), [first.id, recurring.id])
    await assert.rejects(client.payments.listForCustomer('cst_0000000000'), isApiError(404))
    await assert.rejects(client.payments.createForCustomer('cst_0000000000', ONEOFF), isApiError(404))
    // A recurring payment needs a mandate: another customer has none.
    const other = await client.customers.create({})
    await assert.rejects(
      client.payments.createForCustomer(other.id, { ...ONEOFF, sequenceType: 'recurring' }),
      isApiError(422, 'customerId'),
    )
  })

  test('list and iterate walk the pages both ways, all payments or one customer’s, following only the links’ queries', async (t) => {
    const server = await startTestServer(t)
    const client = createClient({ apiKey: server.keys.test, baseUrl: server.apiUrl })
    const customer = await client.customers.create({ name: 'Walker' })
    const ids: string[] = []
    for (let i = 0; i < 7; i++) {
      const data = { ...ONEOFF, description: `Order ${i}` }
      const payment = i % 2 === 0 ? await client.payments.createForCustomer(customer.id, data) : await client.payments.create(data)
      ids.push(payment.id)
    }
    const newestFirst = [...ids].reverse()

    const first: PaymentPage = await client.payments.list({ limit: 3 })
    assert.equal(first.count, 3)
    assert.deepEqual(first.payments.map((each) => each.id), newestFirst.slice(0, 3))
    assert.deepEqual(Object.keys(first), ['count', '_embedded', '_links'], 'a page serializes as what the API sent')
    const second = await first.next()
    assert.deepEqual(second?.payments.map((each) => each.id), newestFirst.slice(3, 6))
    assert.deepEqual((await second!.previous())?.payments.map((each) => each.id), newestFirst.slice(0, 3))
    const last = await (await second!.next())!
    assert.deepEqual(last.payments.map((each) => each.id), newestFirst.slice(6))
    assert.equal(await last.next(), undefined)
    assert.equal(await first.previous(), undefined)

    const all: PaymentListItem[] = []
    for await (const each of client.payments.iterate({ limit: 2, sort: 'asc' })) all.push(each)
    assert.deepEqual(all.map((each) => each.id), ids)
    const fromThird: string[] = []
    for await (const each of client.payments.iterate({ from: ids[2], sort: 'asc' })) fromThird.push(each.id)
    assert.deepEqual(fromThird, ids.slice(2))

    const theCustomers: string[] = []
    for await (const each of client.payments.iterateForCustomer(customer.id, { limit: 1 })) theCustomers.push(each.id)
    assert.deepEqual(theCustomers, newestFirst.filter((_, index) => index % 2 === 0))

    // One profile per organization: the own profile lists all, another profile nothing.
    const profileId = all[0]!.profileId
    assert.equal((await client.payments.list({ profileId })).count, 7)
    assert.equal((await client.payments.list({ profileId: 'pfl_0000000000' })).count, 0)
    await assert.rejects(client.payments.list({ from: 'tr_0000000000' }), isApiError(400))
  })

  test('with an access token, testmode travels in the query of reads and the body of writes, the helper’s included', async (t) => {
    const server = await startTestServer(t)
    const recorder = recordingFetch()
    const client = createClient({ accessToken: server.keys.access, baseUrl: server.apiUrl, testmode: true, fetch: recorder.fetch })
    const customer = await client.customers.create({})
    const payment = await client.payments.createForCustomer(customer.id, ONEOFF)
    assert.equal(payment.mode, 'test')
    await client.payments.get(payment.id)
    const page = await client.payments.list({ limit: 1 })
    assert.equal(page.count, 1)
    await client.payments.listForCustomer(customer.id)
    await client.payments.update(payment.id, { method: 'banktransfer' })
    await client.payments.setStatus(payment.id, { status: 'pending' })
    assert.equal((await client.payments.cancel(payment.id)).status, 'canceled')

    const seen = recorder.requests.slice(1).map(({ method, url, body }) => [method, url.pathname, url.search, body && JSON.parse(body).testmode])
    assert.deepEqual(seen, [
      ['POST', `/v2/customers/${customer.id}/payments`, '', true],
      ['GET', `/v2/payments/${payment.id}`, '?testmode=true', undefined],
      ['GET', '/v2/payments', '?limit=1&testmode=true', undefined],
      ['GET', `/v2/customers/${customer.id}/payments`, '?testmode=true', undefined],
      ['PATCH', `/v2/payments/${payment.id}`, '', true],
      ['POST', `/_clientele/payments/${payment.id}/status`, '', true],
      ['DELETE', `/v2/payments/${payment.id}`, '', true],
    ])
    // Without testmode the token acts in live mode, where there is no payment.
    assert.equal((await createClient({ accessToken: server.keys.access, baseUrl: server.apiUrl }).payments.list()).count, 0)
  })

  test('the helper goes beside the base URL’s version: behind a proxy’s path too', async () => {
    const requests: string[] = []
    const notFound: typeof fetch = async (input) => {
      requests.push(String(input))
      return new Response(JSON.stringify({ status: 404, title: 'Not Found', detail: 'No payment exists with token tr_x.' }), {
        status: 404,
        headers: { 'content-type': 'application/hal+json' },
      })
    }
    const proxied = createClient({ apiKey: 'test_x', baseUrl: 'https://proxy.example/clientele/v2/', fetch: notFound })
    await assert.rejects(proxied.payments.setStatus('tr_x', { status: 'paid' }), isApiError(404))
    await assert.rejects(proxied.payments.get('tr_x'), isApiError(404))
    assert.deepEqual(requests, [
      'https://proxy.example/clientele/_clientele/payments/tr_x/status',
      'https://proxy.example/clientele/v2/payments/tr_x',
    ])
    await assert.rejects(proxied.payments.setStatus('', { status: 'paid' }), /payment id is required/)
    assert.equal(requests.length, 2)
  })

  test('the types are the wire objects: open methods and statuses, optional fields omitted', async (t) => {
    const server = await startTestServer(t)
    const client = createClient({ apiKey: server.keys.test, baseUrl: server.apiUrl })
    // Checked by `tsc`: known values and ones Mollie may add later are both accepted.
    const methods: PaymentMethod[] = ['ideal', 'somethingnew']
    const statuses: PaymentStatus[] = ['paid', 'somethingnew']
    assert.equal(methods.length + statuses.length, 4)
    // @ts-expect-error amount is required
    const noAmount: PaymentFields = { description: 'x', redirectUrl: 'https://example.org' }
    assert.ok(noAmount)
    // @ts-expect-error setStatus takes no `open`
    await assert.rejects(client.payments.setStatus('tr_0000000000', { status: 'open' }), isApiError(422, 'status'))

    const payment = await client.payments.create(ONEOFF)
    // Fields that are unset are omitted, as Mollie sends them.
    assert.equal(payment.customerId, undefined)
    assert.equal(payment.paidAt, undefined)
    // Every Payment is a PaymentListItem.
    const asListItem: PaymentListItem = payment
    assert.equal(asListItem.id, payment.id)
  })
})
