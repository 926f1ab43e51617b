/**
 * The Payments API over HTTP: the lifecycle of each sequence type, the status machine through
 * `/_clientele/payments/{id}/status`, first payments that make mandates, recurring payments on them, every refusal
 * with its whole error body (and nothing stored), cancel and update rules, expiry, isolation across organizations
 * and modes, and list walks.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { assertErrorBody } from './helpers/mollie-error.js'
import { call, startTestServer, type TestServer, type TestServerOptions } from './helpers/server.js'

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/
const ONEOFF = {
  amount: { currency: 'EUR', value: '10.00' },
  description: 'Order #12345',
  redirectUrl: 'https://webshop.example.org/order/12345/',
  webhookUrl: 'https://webshop.example.org/payments/webhook/',
  metadata: { order_id: '12345' },
}
const DIRECT_DEBIT = { method: 'directdebit', consumerName: 'Jane Doe', consumerAccount: 'NL55INGB0000000000' }

async function newCustomer(server: TestServer, key = server.keys.test): Promise<string> {
  const created = await call(server, key, 'POST', '/v2/customers', { json: { name: 'Jane Doe' } })
  assert.equal(created.status, 201, created.text)
  return created.body.id
}

async function createPayment(server: TestServer, body: object, key = server.keys.test, path = '/v2/payments') {
  const created = await call(server, key, 'POST', path, { json: body })
  assert.equal(created.status, 201, created.text)
  return created.body
}

async function setStatus(server: TestServer, id: string, body: object, key = server.keys.test) {
  return call(server, key, 'POST', `/_clientele/payments/${id}/status`, { json: body })
}

async function paymentCount(server: TestServer): Promise<number> {
  const [row] = await server.rows('select count(*) as n from payments')
  return Number(row?.n)
}

async function start(t: Parameters<typeof startTestServer>[0], options?: TestServerOptions) {
  return startTestServer(t, options)
}

describe('payment lifecycle over HTTP', () => {
  test('create answers 201 with the payment object in Mollie’s key order; get answers it too', async (t) => {
    const server = await start(t)
    const created = await call(server, server.keys.test, 'POST', '/v2/payments', { json: ONEOFF })
    assert.equal(created.status, 201, created.text)
    assert.equal(created.headers.get('content-type'), 'application/hal+json; charset=utf-8')
    const payment = created.body
    assert.match(payment.id, /^tr_[0-9A-Za-z]{10}$/)
    assert.match(payment.profileId, /^pfl_[0-9A-Za-z]{10}$/)
    assert.match(payment.createdAt, TIMESTAMP)
    assert.match(payment.expiresAt, TIMESTAMP)
    assert.equal(Date.parse(payment.expiresAt) - Date.parse(payment.createdAt), 15 * 60_000)
    assert.deepEqual(Object.keys(payment), [
      'resource', 'id', 'mode', 'amount', 'description', 'method', 'metadata', 'status', 'isCancelable', 'createdAt',
      'expiresAt', 'profileId', 'sequenceType', 'redirectUrl', 'webhookUrl', '_links',
    ])
    assert.deepEqual(payment, {
      resource: 'payment',
      id: payment.id,
      mode: 'test',
      amount: { currency: 'EUR', value: '10.00' },
      description: 'Order #12345',
      method: null,
      metadata: { order_id: '12345' },
      status: 'open',
      isCancelable: false,
      createdAt: payment.createdAt,
      expiresAt: payment.expiresAt,
      profileId: payment.profileId,
      sequenceType: 'oneoff',
      redirectUrl: ONEOFF.redirectUrl,
      webhookUrl: ONEOFF.webhookUrl,
      _links: {
        self: { href: `${server.apiUrl}/payments/${payment.id}`, type: 'application/hal+json' },
        checkout: { href: `${server.baseUrl}/checkout/${payment.id}`, type: 'text/html' },
        dashboard: { href: `${server.baseUrl}/dashboard/payments/${payment.id}`, type: 'text/html' },
        documentation: { href: `${server.baseUrl}/docs#create-payment`, type: 'text/html' },
      },
    })
    const fetched = await call(server, server.keys.test, 'GET', `/v2/payments/${payment.id}`)
    assert.equal(fetched.status, 200)
    assert.deepEqual(fetched.body, {
      ...payment,
      _links: { ...payment._links, documentation: { href: `${server.baseUrl}/docs#get-payment`, type: 'text/html' } },
    })
  })

  test('a form-encoded create (Mollie’s curl examples) makes the same payment; a long description is truncated', async (t) => {
    const server = await start(t)
    const long = 'x'.repeat(300)
    const created = await call(server, server.keys.test, 'POST', '/v2/payments', {
      form: `amount[currency]=JPY&amount[value]=1000&description=${long}&redirectUrl=myapp%3A%2F%2Freturn&method=ideal`,
    })
    assert.equal(created.status, 201, created.text)
    assert.deepEqual(created.body.amount, { currency: 'JPY', value: '1000' })
    assert.equal(created.body.description, 'x'.repeat(255))
    assert.equal(created.body.method, 'ideal')
    assert.equal(created.body.redirectUrl, 'myapp://return')
  })

  test('a paid oneoff payment: timestamps, details, no checkout, final; only description, metadata and webhookUrl still change', async (t) => {
    const server = await start(t)
    const payment = await createPayment(server, ONEOFF)
    const paid = await setStatus(server, payment.id, { status: 'paid' })
    assert.equal(paid.status, 200, paid.text)
    assert.equal(paid.body.status, 'paid')
    assert.equal(paid.body.method, 'ideal', 'a payment without a method gets one that fits')
    assert.match(paid.body.paidAt, TIMESTAMP)
    assert.equal(paid.body.expiresAt, undefined, 'omitted once it can no longer expire')
    assert.equal(paid.body.isCancelable, undefined, 'omitted once final')
    assert.equal(paid.body._links.checkout, undefined)
    assert.equal(paid.body.details.consumerName, 'T. TEST')
    assert.match(paid.body.details.consumerAccount, /^NL\d{2}TEST\d{10}$/)
    assert.equal(paid.body._links.documentation.href, `${server.baseUrl}/docs#change-payment-status`)

    const redirect = await call(server, server.keys.test, 'PATCH', `/v2/payments/${payment.id}`, { json: { redirectUrl: 'https://example.org/other' } })
    assertErrorBody(server.baseUrl, redirect.body, redirect.headers.get('content-type'), {
      status: 422,
      title: 'Unprocessable Entity',
      detail: 'The redirect URL cannot be updated when the payment is finalized.',
      field: 'redirectUrl',
    })
    const updated = await call(server, server.keys.test, 'PATCH', `/v2/payments/${payment.id}`, {
      json: { description: 'Order #12345 (paid)', metadata: null },
    })
    assert.equal(updated.status, 200, updated.text)
    assert.equal(updated.body.description, 'Order #12345 (paid)')
    assert.equal(updated.body.metadata, null)
    assert.equal(updated.body._links.documentation.href, `${server.baseUrl}/docs#update-payment`)
    const again = await setStatus(server, payment.id, { status: 'failed' })
    assertErrorBody(server.baseUrl, again.body, again.headers.get('content-type'), {
      status: 422,
      title: 'Unprocessable Entity',
      detail: 'The payment is paid, which is final: its status cannot change any more.',
      field: 'status',
    })
  })

  test('update while open changes the checkout’s fields; PATCH of another tenant’s payment is 404', async (t) => {
    const server = await start(t)
    const payment = await createPayment(server, ONEOFF)
    const updated = await call(server, server.keys.test, 'PATCH', `/v2/payments/${payment.id}`, {
      json: { method: 'banktransfer', locale: 'nl_NL', cancelUrl: 'https://example.org/cancel' },
    })
    assert.equal(updated.status, 200, updated.text)
    assert.equal(updated.body.method, 'banktransfer')
    assert.equal(updated.body.locale, 'nl_NL')
    assert.equal(updated.body.cancelUrl, 'https://example.org/cancel')
    assert.equal(updated.body.isCancelable, true, 'an open bank transfer can be canceled')
    assert.equal(updated.body.details.bankName, 'Stichting Mollie Payments')
    const other = await call(server, server.keys.otherTest, 'PATCH', `/v2/payments/${payment.id}`, { json: { description: 'x' } })
    assertErrorBody(server.baseUrl, other.body, other.headers.get('content-type'), {
      status: 404,
      title: 'Not Found',
      detail: `No payment exists with token ${payment.id}.`,
    })
  })
})

describe('first and recurring payments', () => {
  test('a paid first payment gives the customer a valid mandate; a recurring payment is charged on it', async (t) => {
    const server = await start(t)
    const customerId = await newCustomer(server)
    const first = await createPayment(
      server,
      { ...ONEOFF, sequenceType: 'first', method: 'creditcard' },
      server.keys.test,
      `/v2/customers/${customerId}/payments`,
    )
    assert.equal(first.customerId, customerId)
    assert.equal(first.sequenceType, 'first')
    assert.equal(first._links.customer.href, `${server.apiUrl}/customers/${customerId}`)
    assert.equal(first._links.documentation.href, `${server.baseUrl}/docs#create-customer-payment`)

    const customer = await call(server, server.keys.test, 'GET', `/v2/customers/${customerId}`)
    assert.deepEqual(customer.body._links.payments, { href: `${server.apiUrl}/customers/${customerId}/payments`, type: 'application/hal+json' })
    assert.equal(customer.body._links.mandates, undefined, 'no mandate before the first payment is paid')

    const paid = await setStatus(server, first.id, { status: 'paid' })
    assert.equal(paid.status, 200, paid.text)
    assert.match(paid.body.mandateId, /^mdt_[0-9A-Za-z]{10}$/)
    assert.equal(paid.body._links.mandate.href, `${server.apiUrl}/customers/${customerId}/mandates/${paid.body.mandateId}`)
    const mandate = await call(server, server.keys.test, 'GET', `/v2/customers/${customerId}/mandates/${paid.body.mandateId}`)
    assert.equal(mandate.status, 200, mandate.text)
    assert.equal(mandate.body.status, 'valid')
    assert.equal(mandate.body.method, 'creditcard')
    assert.equal(mandate.body.details.cardHolder, 'Jane Doe')
    assert.equal(mandate.body.details.cardNumber, paid.body.details.cardNumber)
    assert.match(mandate.body.details.cardExpiryDate, /^\d{4}-\d{2}-\d{2}$/)

    const recurring = await createPayment(server, {
      amount: { currency: 'EUR', value: '25.00' },
      description: 'Monthly',
      sequenceType: 'recurring',
      customerId,
      webhookUrl: 'https://example.org/hook',
    })
    assert.equal(recurring.status, 'pending', 'Mollie’s test mode leaves recurring payments pending')
    assert.equal(recurring.method, 'creditcard')
    assert.equal(recurring.mandateId, paid.body.mandateId)
    assert.equal(recurring.redirectUrl, null)
    assert.equal(recurring._links.checkout, undefined)
    assert.equal(recurring._links.changePaymentState.href, `${server.baseUrl}/checkout/${recurring.id}`)
    const settled = await setStatus(server, recurring.id, { status: 'paid' })
    assert.equal(settled.body.status, 'paid')
    assert.equal(settled.body._links.changePaymentState, undefined)

    const events = await call(server, server.keys.test, 'GET', `/v2/customers/${customerId}?include=events`)
    assert.deepEqual(
      events.body.events.map((event: { type: number; message: string }) => [event.type, event.message]),
      [
        [200, 'Customer created'],
        [230, `Payment ${first.id} created`],
        [210, `Mandate ${paid.body.mandateId} created`],
        [231, `Payment ${first.id} paid`],
        [230, `Payment ${recurring.id} created`],
        [231, `Payment ${recurring.id} pending`],
        [231, `Payment ${recurring.id} paid`],
      ],
    )
  })

  test('first payments by bank methods make direct debit mandates; failed and canceled ones make none', async (t) => {
    const server = await start(t)
    const customerId = await newCustomer(server)
    const path = `/v2/customers/${customerId}/payments`
    for (const status of ['failed', 'canceled', 'expired']) {
      const payment = await createPayment(server, { ...ONEOFF, sequenceType: 'first', method: 'ideal' }, server.keys.test, path)
      const changed = await setStatus(server, payment.id, { status })
      assert.equal(changed.status, 200, changed.text)
      assert.equal(changed.body.mandateId, undefined)
    }
    const none = await call(server, server.keys.test, 'GET', `/v2/customers/${customerId}/mandates`)
    assert.equal(none.body.count, 0)
    const ideal = await createPayment(server, { ...ONEOFF, sequenceType: 'first' }, server.keys.test, path)
    const paid = await setStatus(server, ideal.id, { status: 'paid', method: 'ideal' })
    const mandate = await call(server, server.keys.test, 'GET', `/v2/customers/${customerId}/mandates/${paid.body.mandateId}`)
    assert.equal(mandate.body.method, 'directdebit')
    assert.equal(mandate.body.details.consumerName, 'Jane Doe')
    assert.equal(mandate.body.details.consumerAccount, paid.body.details.consumerAccount)
  })

  test('RECURRING_PAYMENT_STATUS=paid settles recurring payments at once', async (t) => {
    const server = await start(t, { paymentPolicy: { recurringStatus: 'paid', allowPrivateWebhooks: false } })
    const customerId = await newCustomer(server)
    const created = await call(server, server.keys.test, 'POST', `/v2/customers/${customerId}/mandates`, { json: DIRECT_DEBIT })
    const recurring = await createPayment(server, {
      amount: { currency: 'EUR', value: '9.99' },
      description: 'Monthly',
      sequenceType: 'recurring',
      customerId,
    })
    assert.equal(recurring.status, 'paid')
    assert.equal(recurring.method, 'directdebit')
    assert.equal(recurring.mandateId, created.body.id)
    assert.match(recurring.paidAt, TIMESTAMP)
    assert.equal(recurring.details.creditorIdentifier, 'NL08ZZZ502057730000')
  })

  test('recurring payments need a valid mandate of that customer: 422 naming the field, nothing stored', async (t) => {
    const server = await start(t)
    const customerId = await newCustomer(server)
    const otherCustomer = await newCustomer(server)
    const otherMandate = await call(server, server.keys.test, 'POST', `/v2/customers/${otherCustomer}/mandates`, { json: DIRECT_DEBIT })
    const recurring = { amount: { currency: 'EUR', value: '5.00' }, description: 'Monthly', sequenceType: 'recurring' }
    const cases = [
      { body: { ...recurring, customerId }, field: 'customerId', detail: 'No suitable mandates found for customer.' },
      {
        body: { ...recurring, customerId, mandateId: otherMandate.body.id },
        field: 'mandateId',
        detail: `The mandate '${otherMandate.body.id}' is not a valid mandate of this customer.`,
      },
      { body: recurring, field: 'customerId', detail: "The 'customerId' field is required for recurring payments." },
      { body: { ...recurring, customerId: 'cst_doesnotexi' }, field: 'customerId', detail: "The customer 'cst_doesnotexi' does not exist." },
    ]
    const before = await paymentCount(server)
    for (const { body, field, detail } of cases) {
      const refused = await call(server, server.keys.test, 'POST', '/v2/payments', { json: body })
      assertErrorBody(server.baseUrl, refused.body, refused.headers.get('content-type'), { status: 422, title: 'Unprocessable Entity', detail, field })
    }
    assert.equal(await paymentCount(server), before)
    const revoked = await call(server, server.keys.test, 'POST', `/v2/customers/${customerId}/mandates`, { json: DIRECT_DEBIT })
    await call(server, server.keys.test, 'DELETE', `/v2/customers/${customerId}/mandates/${revoked.body.id}`)
    const afterRevoke = await call(server, server.keys.test, 'POST', '/v2/payments', { json: { ...recurring, customerId } })
    assert.equal(afterRevoke.status, 422, 'a revoked mandate cannot be charged')
  })
})

describe('refusals', () => {
  const cases: Array<{ name: string; body: object; status?: number; field?: string; detail: string | RegExp; key?: 'live' }> = [
    { name: 'no amount', body: { description: 'x', redirectUrl: 'https://e.org' }, field: 'amount', detail: "The 'amount' field is required." },
    { name: 'no description', body: { amount: ONEOFF.amount, redirectUrl: 'https://e.org' }, field: 'description', detail: "The 'description' field is required." },
    { name: 'no currency', body: { ...ONEOFF, amount: { value: '10.00' } }, field: 'amount.currency', detail: "The 'amount.currency' field is required." },
    { name: 'one decimal', body: { ...ONEOFF, amount: { currency: 'EUR', value: '16.1' } }, field: 'amount.value', detail: /^The amount contains an invalid value/ },
    { name: 'a number', body: { ...ONEOFF, amount: { currency: 'EUR', value: 10 } }, field: 'amount.value', detail: "The 'amount.value' field must be a string." },
    { name: 'decimals on JPY', body: { ...ONEOFF, amount: { currency: 'JPY', value: '10.00' } }, field: 'amount.value', detail: /^The amount contains an invalid value: JPY amounts have no decimals/ },
    { name: 'unknown currency', body: { ...ONEOFF, amount: { currency: 'XYZ', value: '10.00' } }, field: 'amount.currency', detail: /^The currency 'XYZ' is not supported/ },
    { name: 'zero', body: { ...ONEOFF, amount: { currency: 'EUR', value: '0.00' } }, field: 'amount.value', detail: 'The amount is lower than the minimum of 0.01 EUR.' },
    { name: 'under a method’s minimum', body: { ...ONEOFF, method: 'bancontact', amount: { currency: 'EUR', value: '0.01' } }, field: 'amount.value', detail: 'The amount is lower than the minimum of 0.02 EUR for bancontact.' },
    { name: 'no redirectUrl', body: { amount: ONEOFF.amount, description: 'x' }, field: 'redirectUrl', detail: "The 'redirectUrl' field is missing: it is required, except for recurring payments." },
    { name: 'relative redirectUrl', body: { ...ONEOFF, redirectUrl: '/thanks' }, field: 'redirectUrl', detail: "The 'redirectUrl' field must be an absolute URL, such as https://example.org/return (not javascript:, data:, file: …)." },
    { name: 'ftp webhook', body: { ...ONEOFF, webhookUrl: 'ftp://example.org/hook' }, field: 'webhookUrl', detail: "The 'webhookUrl' field must be an http:// or https:// URL." },
    { name: 'a live webhook on loopback', key: 'live', body: { ...ONEOFF, webhookUrl: 'http://127.0.0.1:8000/hook' }, field: 'webhookUrl', detail: /^The webhook URL is invalid because it is unreachable/ },
    { name: 'a live webhook on localhost', key: 'live', body: { ...ONEOFF, webhookUrl: 'http://localhost/hook' }, field: 'webhookUrl', detail: /^The webhook URL is invalid because it is unreachable/ },
    { name: 'an unknown field', body: { ...ONEOFF, amout: 1 }, field: 'amout', detail: 'Non-existent body parameter "amout" for this API call. Did you mean: "amount"?' },
    { name: 'an unknown amount field', body: { ...ONEOFF, amount: { currency: 'EUR', value: '1.00', valeu: 1 } }, field: 'amount.valeu', detail: 'Non-existent body parameter "amount.valeu" for this API call. Did you mean: "value"?' },
    { name: 'a card token', body: { ...ONEOFF, cardToken: 'tkn_123' }, field: 'cardToken', detail: /^The 'cardToken' field is not supported by Clientele: it comes from Mollie Components/ },
    { name: 'routing', body: { ...ONEOFF, routing: [] }, field: 'routing', detail: /^The 'routing' field is not supported by Clientele: it is Mollie Connect/ },
    { name: 'a first payment without customer', body: { ...ONEOFF, sequenceType: 'first' }, field: 'customerId', detail: "The 'customerId' field is required for first payments." },
    { name: 'a mandate on a oneoff payment', body: { ...ONEOFF, mandateId: 'mdt_5B8cwPMGnU' }, field: 'mandateId', detail: "The 'mandateId' field is only for recurring payments (sequenceType 'recurring')." },
    { name: 'a first payment by banktransfer', body: { ...ONEOFF, sequenceType: 'first', customerId: 'cst_5B8cwPMGnU', method: 'banktransfer' }, field: 'method', detail: /^The method 'banktransfer' cannot be used for a first payment/ },
    { name: 'another profile', body: { ...ONEOFF, profileId: 'pfl_5B8cwPMGnU' }, field: 'profileId', detail: /^The profile 'pfl_5B8cwPMGnU' is not this organization's/ },
    { name: 'an unknown method', body: { ...ONEOFF, method: 'cash' }, field: 'method', detail: /^The 'method' field must be/ },
    { name: 'manual capture of iDEAL', body: { ...ONEOFF, method: 'ideal', captureMode: 'manual' }, field: 'captureMode', detail: /^The method 'ideal' does not support manual capture/ },
    { name: 'a leading zero', body: { ...ONEOFF, amount: { currency: 'EUR', value: '01.00' } }, field: 'amount.value', detail: /^The 'amount.value' field must be a string such as "10.00", without leading zeros/ },
    { name: 'a blank description', body: { ...ONEOFF, description: '   ' }, field: 'description', detail: "The 'description' field must be plain text that is not empty, without control characters or invalid Unicode." },
    { name: 'a javascript: redirectUrl', body: { ...ONEOFF, redirectUrl: 'javascript:alert(1)' }, field: 'redirectUrl', detail: /^The 'redirectUrl' field must be an absolute URL/ },
    { name: 'a dueDate that is no date', body: { ...ONEOFF, method: 'banktransfer', dueDate: '2030-02-30' }, field: 'dueDate', detail: "The due date '2030-02-30' is not a calendar date (YYYY-MM-DD)." },
    { name: 'a past dueDate', body: { ...ONEOFF, method: 'banktransfer', dueDate: '2000-01-01' }, field: 'dueDate', detail: /^The due date must be from today/ },
    { name: 'a first payment by direct debit', body: { ...ONEOFF, sequenceType: 'first', customerId: 'cst_5B8cwPMGnU', method: 'directdebit' }, field: 'method', detail: /^The method 'directdebit' cannot be used for a first payment/ },
    {
      name: 'lines that do not add up',
      body: { ...ONEOFF, lines: [{ description: 'A', quantity: 1, unitPrice: { currency: 'EUR', value: '2.00' }, totalAmount: { currency: 'EUR', value: '2.00' } }] },
      field: 'amount',
      detail: "The amount of the payment does not match the sum of the lines' totalAmount: 10.00 is not 2.00.",
    },
    {
      name: 'a line with a fractional quantity',
      body: { ...ONEOFF, lines: [{ description: 'A', quantity: 1.5, unitPrice: ONEOFF.amount, totalAmount: ONEOFF.amount }] },
      field: 'lines.0.quantity',
      detail: "The 'lines.0.quantity' field must be a whole number from 1 to 1000000.",
    },
    {
      name: 'an unknown line field',
      body: { ...ONEOFF, lines: [{ description: 'A', quantity: 1, unitPrice: ONEOFF.amount, totalAmount: ONEOFF.amount, colour: 'red' }] },
      field: 'lines.0.colour',
      detail: 'Non-existent body parameter "lines.0.colour" for this API call.',
    },
  ]
  for (const { name, body, field, detail, status = 422, key } of cases) {
    test(`${name}: ${status}${field ? ` on ${field}` : ''}, nothing stored`, async (t) => {
      const server = await start(t)
      const refused = await call(server, key === 'live' ? server.keys.live : server.keys.test, 'POST', '/v2/payments', { json: body })
      assertErrorBody(server.baseUrl, refused.body, refused.headers.get('content-type'), {
        status,
        title: status === 422 ? 'Unprocessable Entity' : 'Bad Request',
        detail,
        field,
      })
      assert.equal(await paymentCount(server), 0)
    })
  }

  test('test mode accepts webhook URLs on localhost (receivers live there); live mode refuses them', async (t) => {
    const server = await start(t)
    const ok = await createPayment(server, { ...ONEOFF, webhookUrl: 'http://localhost:3000/hook' })
    assert.equal(ok.webhookUrl, 'http://localhost:3000/hook')
    const allowed = await start(t, { paymentPolicy: { allowPrivateWebhooks: true, recurringStatus: 'pending' } })
    const live = await createPayment(allowed, { ...ONEOFF, webhookUrl: 'http://10.0.0.5/hook' }, allowed.keys.live)
    assert.equal(live.mode, 'live')
  })

  test('create-customer-payment: unknown customer 404; a body customerId naming another 422', async (t) => {
    const server = await start(t)
    const missing = await call(server, server.keys.test, 'POST', '/v2/customers/cst_doesnotexi/payments', { json: ONEOFF })
    assertErrorBody(server.baseUrl, missing.body, missing.headers.get('content-type'), {
      status: 404,
      title: 'Not Found',
      detail: 'No customer exists with token cst_doesnotexi.',
    })
    const customerId = await newCustomer(server)
    const mismatch = await call(server, server.keys.test, 'POST', `/v2/customers/${customerId}/payments`, {
      json: { ...ONEOFF, customerId: 'cst_5B8cwPMGnU' },
    })
    assert.equal(mismatch.status, 422)
    assert.equal(mismatch.body.field, 'customerId')
    assert.equal(await paymentCount(server), 0)
  })
})

describe('more of Mollie’s rules', () => {
  test('form-encoded lines (Mollie’s curl examples) are read with their numbers; embed takes a list; captureBefore while authorized', async (t) => {
    const server = await start(t)
    const lines = [
      'lines[0][description]=Chess%20board', 'lines[0][quantity]=2', 'lines[0][unitPrice][currency]=EUR', 'lines[0][unitPrice][value]=5.00',
      'lines[0][totalAmount][currency]=EUR', 'lines[0][totalAmount][value]=10.00', 'lines[0][vatRate]=21.00',
    ].join('&')
    const created = await call(server, server.keys.test, 'POST', '/v2/payments', {
      form: `amount[currency]=EUR&amount[value]=10.00&description=Order&redirectUrl=https%3A%2F%2Fexample.org&method=creditcard&captureMode=manual&${lines}`,
    })
    assert.equal(created.status, 201, created.text)
    assert.deepEqual(created.body.lines, [
      { description: 'Chess board', quantity: 2, unitPrice: { currency: 'EUR', value: '5.00' }, totalAmount: { currency: 'EUR', value: '10.00' }, vatRate: '21.00' },
    ])
    const embedded = await call(server, server.keys.test, 'GET', `/v2/payments/${created.body.id}?embed=refunds,chargebacks`)
    assert.equal(embedded.status, 200, embedded.text)
    const authorized = await call(server, server.keys.test, 'POST', `/_clientele/payments/${created.body.id}/status`, { json: { status: 'authorized' } })
    assert.equal(authorized.body.captureBefore, authorized.body.expiresAt)
    assert.equal(Date.parse(authorized.body.captureBefore) - Date.parse(authorized.body.authorizedAt), 28 * 24 * 3600_000)
    const switched = await call(server, server.keys.test, 'PATCH', `/v2/payments/${created.body.id}`, { json: { method: 'ideal' } })
    assert.equal(switched.status, 422, 'only while open; and never a method that cannot be captured later')
  })

  test('the status helper keeps the method’s minimum amount and replays under an Idempotency-Key', async (t) => {
    const server = await start(t)
    const small = await createPayment(server, { ...ONEOFF, amount: { currency: 'EUR', value: '1.00' } })
    const tooSmall = await setStatus(server, small.id, { status: 'paid', method: 'in3' })
    assert.equal(tooSmall.status, 422)
    assert.equal(tooSmall.body.field, 'method')
    assert.match(tooSmall.body.detail, /^The method 'in3' cannot pay this amount: The amount is lower than the minimum of 5\.00 EUR for in3\./)
    const headers = { 'idempotency-key': 'settle-1' }
    const once = await call(server, server.keys.test, 'POST', `/_clientele/payments/${small.id}/status`, { json: { status: 'pending' }, headers })
    const again = await call(server, server.keys.test, 'POST', `/_clientele/payments/${small.id}/status`, { json: { status: 'pending' }, headers })
    assert.equal(again.status, 200)
    assert.equal(again.headers.get('idempotent-replayed'), 'true')
    assert.deepEqual(again.body, once.body)
  })

  test('a deleted customer’s first payment still settles, without a mandate or events', async (t) => {
    const server = await start(t)
    const customerId = await newCustomer(server)
    const first = await createPayment(server, { ...ONEOFF, sequenceType: 'first', method: 'creditcard' }, server.keys.test, `/v2/customers/${customerId}/payments`)
    assert.equal((await call(server, server.keys.test, 'DELETE', `/v2/customers/${customerId}`)).status, 204)
    const paid = await setStatus(server, first.id, { status: 'paid' })
    assert.equal(paid.body.status, 'paid')
    assert.equal(paid.body.mandateId, undefined)
    assert.equal(Number((await server.rows('select count(*) as n from mandates'))[0]?.n), 0)
    const [last] = await server.rows('select type from customer_events order by seq desc limit 1')
    assert.equal(last?.type, 202, 'nothing after the deletion')
  })
})

describe('cancel and the status machine', () => {
  test('cancel works where isCancelable is true, 422 in Mollie’s words elsewhere', async (t) => {
    const server = await start(t)
    const transfer = await createPayment(server, { ...ONEOFF, method: 'banktransfer' })
    assert.equal(transfer.isCancelable, true)
    assert.equal(Date.parse(transfer.expiresAt) - Date.parse(transfer.createdAt), 12 * 24 * 3600_000)
    const canceled = await call(server, server.keys.test, 'DELETE', `/v2/payments/${transfer.id}`)
    assert.equal(canceled.status, 200, canceled.text)
    assert.equal(canceled.body.status, 'canceled')
    assert.match(canceled.body.canceledAt, TIMESTAMP)
    assert.equal(canceled.body._links.documentation.href, `${server.baseUrl}/docs#cancel-payment`)

    const ideal = await createPayment(server, { ...ONEOFF, method: 'ideal' })
    const refused = await call(server, server.keys.test, 'DELETE', `/v2/payments/${ideal.id}`)
    assertErrorBody(server.baseUrl, refused.body, refused.headers.get('content-type'), {
      status: 422,
      title: 'Unprocessable Entity',
      detail: 'The payment cannot be cancelled.',
    })
    const again = await call(server, server.keys.test, 'DELETE', `/v2/payments/${transfer.id}`)
    assert.equal(again.status, 422)
    const unknown = await call(server, server.keys.test, 'DELETE', '/v2/payments/tr_doesnotexi')
    assert.equal(unknown.status, 404)
  })

  test('authorized needs manual capture or a pay-later method; an authorized payment can be captured or released', async (t) => {
    const server = await start(t)
    const ideal = await createPayment(server, { ...ONEOFF, method: 'ideal' })
    const refused = await setStatus(server, ideal.id, { status: 'authorized' })
    assert.equal(refused.status, 422)
    assert.equal(refused.body.field, 'status')
    const card = await createPayment(server, { ...ONEOFF, method: 'creditcard', captureMode: 'manual' })
    assert.equal(card.captureMode, 'manual')
    const authorized = await setStatus(server, card.id, { status: 'authorized' })
    assert.equal(authorized.body.status, 'authorized')
    assert.equal(authorized.body.isCancelable, true)
    assert.match(authorized.body.authorizedAt, TIMESTAMP)
    const released = await call(server, server.keys.test, 'DELETE', `/v2/payments/${card.id}`)
    assert.equal(released.body.status, 'canceled')
  })

  test('the status helper: test mode only, another tenant’s payment 404, a method the payment does not offer 422', async (t) => {
    const server = await start(t)
    const live = await createPayment(server, ONEOFF, server.keys.live)
    const liveRefused = await setStatus(server, live.id, { status: 'paid' }, server.keys.live)
    assertErrorBody(server.baseUrl, liveRefused.body, liveRefused.headers.get('content-type'), {
      status: 404,
      title: 'Not Found',
      detail: `No payment exists with token ${live.id}.`,
    })
    const payment = await createPayment(server, { ...ONEOFF, method: ['ideal', 'creditcard'] })
    assert.equal(payment.method, null)
    assert.equal((await setStatus(server, payment.id, { status: 'paid' }, server.keys.otherTest)).status, 404)
    const wrong = await setStatus(server, payment.id, { status: 'paid', method: 'paypal' })
    assert.equal(wrong.status, 422)
    assert.equal(wrong.body.field, 'method')
    const same = await setStatus(server, payment.id, { status: 'pending' })
    assert.equal(same.body.status, 'pending')
    const twice = await setStatus(server, payment.id, { status: 'pending' })
    assert.equal(twice.body.detail, 'The payment is already pending.')
    const open = await setStatus(server, payment.id, { status: 'open' })
    assert.equal(open.status, 422)
    assert.equal(open.body.field, 'status')
    const noKey = await call(server, undefined, 'POST', `/_clientele/payments/${payment.id}/status`, { json: { status: 'paid' } })
    assert.equal(noKey.status, 401)
  })

  test('open payments expire when their time has passed, once, and can then only be expired', async (t) => {
    let now = new Date('2026-01-01T12:00:00Z')
    const server = await start(t, { now: () => now })
    const payment = await createPayment(server, ONEOFF)
    assert.equal(payment.expiresAt, '2026-01-01T12:15:00+00:00')
    now = new Date('2026-01-01T12:15:01Z')
    const late = await setStatus(server, payment.id, { status: 'paid' })
    assert.equal(late.status, 422)
    assert.match(late.body.detail, /^The payment expired at 2026-01-01T12:15:00\+00:00/)
    assert.equal(await server.store.payments.expireDue(), 1)
    assert.equal(await server.store.payments.expireDue(), 0)
    const expired = await call(server, server.keys.test, 'GET', `/v2/payments/${payment.id}`)
    assert.equal(expired.body.status, 'expired')
    assert.equal(expired.body.expiredAt, '2026-01-01T12:15:01+00:00')
    assert.equal(expired.body.expiresAt, undefined)
  })
})

describe('lists and isolation', () => {
  test('lists walk by cursor, per tenant and per customer; another mode or organization sees nothing', async (t) => {
    const server = await start(t)
    const customerId = await newCustomer(server)
    const ids: string[] = []
    for (let index = 0; index < 5; index++) {
      const path = index % 2 === 0 ? `/v2/customers/${customerId}/payments` : '/v2/payments'
      ids.push((await createPayment(server, { ...ONEOFF, description: `P${index}` }, server.keys.test, path)).id)
    }
    const first = await call(server, server.keys.test, 'GET', '/v2/payments?limit=2')
    assert.equal(first.status, 200)
    assert.deepEqual(first.body._embedded.payments.map((payment: { id: string }) => payment.id), [ids[4], ids[3]])
    assert.equal(first.body._links.previous, null)
    assert.equal(first.body._links.next.href, `${server.apiUrl}/payments?from=${ids[2]}&limit=2`)
    const second = await call(server, server.keys.test, 'GET', `/v2/payments?from=${ids[2]}&limit=2`)
    assert.deepEqual(second.body._embedded.payments.map((payment: { id: string }) => payment.id), [ids[2], ids[1]])
    assert.equal(second.body._links.previous.href, `${server.apiUrl}/payments?from=${ids[4]}&limit=2`)

    const ofCustomer = await call(server, server.keys.test, 'GET', `/v2/customers/${customerId}/payments?sort=asc`)
    assert.deepEqual(ofCustomer.body._embedded.payments.map((payment: { id: string }) => payment.id), [ids[0], ids[2], ids[4]])
    assert.equal(ofCustomer.body._links.documentation.href, `${server.baseUrl}/docs#list-customer-payments`)
    const badCursor = await call(server, server.keys.test, 'GET', `/v2/customers/${customerId}/payments?from=${ids[1]}`)
    assert.equal(badCursor.status, 400, 'a payment of another list is no cursor')

    for (const key of [server.keys.live, server.keys.otherTest]) {
      assert.equal((await call(server, key, 'GET', '/v2/payments')).body.count, 0)
      assert.equal((await call(server, key, 'GET', `/v2/payments/${ids[0]}`)).status, 404)
    }
    const profileId = first.body._embedded.payments[0].profileId
    assert.equal((await call(server, server.keys.test, 'GET', `/v2/payments?profileId=${profileId}`)).body.count, 5)
    assert.equal((await call(server, server.keys.test, 'GET', '/v2/payments?profileId=pfl_5B8cwPMGnU')).body.count, 0)
  })

  test('an Idempotency-Key replays the created payment and creates one', async (t) => {
    const server = await start(t)
    const headers = { 'idempotency-key': 'payment-1' }
    const first = await call(server, server.keys.test, 'POST', '/v2/payments', { json: ONEOFF, headers })
    const second = await call(server, server.keys.test, 'POST', '/v2/payments', { json: ONEOFF, headers })
    assert.equal(second.status, 201)
    assert.equal(second.headers.get('idempotent-replayed'), 'true')
    assert.deepEqual(second.body, first.body)
    assert.equal(await paymentCount(server), 1)
  })
})
