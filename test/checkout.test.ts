/**
 * The test checkout (`/checkout/{paymentId}`): the page, its headers and its 404s over HTTP; every outcome posted
 * with the page's token, its 303 and the payment's new status through the API; the refusals (a forged token, a change
 * the status machine refuses); live and recurring payments. And one real browser paying a first payment by card.
 */
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, test, type TestContext } from 'node:test'
import { SCREENSHOTS, offlinePage, useChromium } from './helpers/browser.js'
import { startWebhookReceiver } from './helpers/webhook-receiver.js'
import { call, startTestServer, type TestServer } from './helpers/server.js'

const browser = useChromium()

const SHOP = 'https://shop.example/return?order=1'
const CANCEL = 'https://shop.example/canceled'

async function createPayment(server: TestServer, key: string, fields: Record<string, unknown> = {}) {
  const response = await call(server, key, 'POST', '/v2/payments', {
    json: { amount: { currency: 'EUR', value: '10.00' }, description: 'Order #1', redirectUrl: SHOP, ...fields },
  })
  assert.equal(response.status, 201, response.text)
  return response.body
}

async function page(url: string) {
  const response = await fetch(url, { redirect: 'manual' })
  return { status: response.status, headers: response.headers, html: await response.text() }
}

function tokenOf(html: string): string {
  const token = /name="token" value="([^"]+)"/.exec(html)?.[1]
  assert.ok(token, 'the page has a form with a token')
  return token
}

/** Posts the checkout form as a browser would (form-encoded, redirects not followed). */
async function choose(url: string, form: Record<string, string>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  })
  return { status: response.status, location: response.headers.get('location'), html: await response.text(), headers: response.headers }
}

async function statusOf(server: TestServer, key: string, id: string) {
  return (await call(server, key, 'GET', `/v2/payments/${id}`)).body
}

describe('checkout: the page', () => {
  test('renders the payment with the security headers and no script', async (t) => {
    const server = await startTestServer(t)
    const payment = await createPayment(server, server.keys.test, {
      amount: { currency: 'EUR', value: '1234.50' },
      description: 'Order <b>#1</b>',
      method: ['ideal', 'creditcard', 'paypal'],
      cancelUrl: CANCEL,
    })
    assert.equal(payment._links.checkout.href, `${server.baseUrl}/checkout/${payment.id}`)
    const { status, headers, html } = await page(payment._links.checkout.href)
    assert.equal(status, 200)
    assert.equal(headers.get('content-type'), 'text/html; charset=utf-8')
    const csp = headers.get('content-security-policy') ?? ''
    assert.match(csp, /default-src 'none'/)
    assert.match(csp, /form-action 'self' https:\/\/shop\.example(;|$)/, 'the form may lead to the shop only')
    assert.doesNotMatch(csp, /script-src|unsafe/)
    assert.equal(headers.get('x-frame-options'), 'DENY')
    assert.equal(headers.get('cache-control'), 'no-store')
    assert.equal(headers.get('set-cookie'), null, 'the checkout keeps no session')
    assert.doesNotMatch(html, /<script/i)
    for (const text of ['€1,234.50', 'Order &lt;b&gt;#1&lt;/b&gt;', 'Test mode', payment.id, 'One-off payment']) {
      assert.ok(html.includes(text), `the page shows ${text}`)
    }
    assert.deepEqual([...html.matchAll(/name="method" value="([a-z]+)"/g)].map((match) => match[1]), ['ideal', 'creditcard', 'paypal'])
    assert.deepEqual(
      [...html.matchAll(/name="status" value="([a-z]+)"/g)].map((match) => match[1]),
      ['paid', 'failed', 'canceled', 'expired'],
      'authorized is not offered: no manual capture, no pay-later method',
    )
    assert.ok(html.includes(`href="${SHOP}"`), 'leave it open: back to the redirect URL')
    const stylesheet = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1]
    const css = await fetch(`${server.baseUrl}${stylesheet}`)
    assert.equal(css.status, 200)
    assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8')
  })

  test('a first payment offers the methods that make a mandate, and says what it does', async (t) => {
    const server = await startTestServer(t)
    const customer = (await call(server, server.keys.test, 'POST', '/v2/customers', { json: { name: 'Jane' } })).body
    const payment = await createPayment(server, server.keys.test, { sequenceType: 'first', customerId: customer.id })
    const { html } = await page(payment._links.checkout.href)
    assert.ok(html.includes('First payment: paying sets up a mandate for later charges'))
    const methods = [...html.matchAll(/name="method" value="([a-z]+)"/g)].map((match) => match[1])
    assert.ok(methods.includes('creditcard') && methods.includes('ideal') && methods.includes('paypal'))
    assert.ok(!methods.includes('klarna') && !methods.includes('banktransfer'), 'only methods that leave a mandate')
  })

  test('authorized is offered where changeStatus allows it: manual capture by card, or a pay-later method', async (t) => {
    const server = await startTestServer(t)
    const manual = await createPayment(server, server.keys.test, { method: 'creditcard', captureMode: 'manual' })
    assert.match((await page(manual._links.checkout.href)).html, /value="authorized"/)
    const klarna = await createPayment(server, server.keys.test, { method: 'klarna', amount: { currency: 'EUR', value: '50.00' } })
    assert.match((await page(klarna._links.checkout.href)).html, /value="authorized"/)
    const ideal = await createPayment(server, server.keys.test, { method: 'ideal' })
    const idealPage = (await page(ideal._links.checkout.href)).html
    assert.doesNotMatch(idealPage, /value="authorized"/)
    assert.doesNotMatch(idealPage, /name="method"/, 'a payment with a method offers no choice')
  })

  test('an unknown, malformed or overlong id is an HTML 404 page, never JSON', async (t) => {
    const server = await startTestServer(t)
    for (const path of ['/checkout/tr_0000000000', '/checkout/nope', `/checkout/tr_${'x'.repeat(300)}`, '/checkout/tr_0000000000/more', '/checkout']) {
      const { status, headers, html } = await page(`${server.baseUrl}${path}`)
      assert.equal(status, 404, path)
      assert.match(headers.get('content-type') ?? '', /^text\/html/, path)
      assert.match(headers.get('content-security-policy') ?? '', /default-src 'none'/, path)
      assert.doesNotMatch(html, /<script/i)
      assert.ok(!html.trimStart().startsWith('{'), `${path} is not JSON`)
    }
    const posted = await choose(`${server.baseUrl}/checkout/tr_0000000000`, { token: 'x', status: 'paid' })
    assert.equal(posted.status, 404)
    assert.match(posted.headers.get('content-type') ?? '', /^text\/html/)
  })

  test('live payments have a checkout too, and say that no money moves', async (t) => {
    const server = await startTestServer(t)
    const payment = await createPayment(server, server.keys.live, { method: 'ideal' })
    const { status, html } = await page(payment._links.checkout.href)
    assert.equal(status, 200)
    assert.ok(html.includes('Live mode: Clientele is a local registry; no money moves.'))
    const paid = await choose(payment._links.checkout.href, { token: tokenOf(html), status: 'paid' })
    assert.equal(paid.status, 303)
    assert.equal(paid.location, SHOP)
    assert.equal((await statusOf(server, server.keys.live, payment.id)).status, 'paid')
  })
})

describe('checkout: choosing the outcome', () => {
  test('each outcome answers 303 to the redirect URL (cancelUrl for canceled) and the API shows it', async (t) => {
    const server = await startTestServer(t)
    const cases = [
      { status: 'paid', fields: {}, method: 'ideal', location: SHOP },
      { status: 'failed', fields: { method: 'creditcard' }, location: SHOP },
      { status: 'canceled', fields: { cancelUrl: CANCEL }, location: CANCEL },
      { status: 'canceled', fields: {}, location: SHOP },
      { status: 'expired', fields: {}, location: SHOP },
      { status: 'authorized', fields: { method: 'creditcard', captureMode: 'manual' }, location: SHOP },
      { status: 'authorized', fields: { method: ['klarna', 'ideal'], amount: { currency: 'EUR', value: '50.00' } }, method: 'klarna', location: SHOP },
    ]
    for (const { status, fields, method, location } of cases) {
      const payment = await createPayment(server, server.keys.test, fields)
      const { html } = await page(payment._links.checkout.href)
      const chosen = await choose(payment._links.checkout.href, { token: tokenOf(html), status, ...(method && { method }) })
      assert.equal(chosen.status, 303, `${status}: ${chosen.html}`)
      assert.equal(chosen.location, location, status)
      const after = await statusOf(server, server.keys.test, payment.id)
      assert.equal(after.status, status)
      if (method) assert.equal(after.method, method)
    }
  })

  test('a final payment’s page shows its status and the way back, without a form', async (t) => {
    const server = await startTestServer(t)
    const payment = await createPayment(server, server.keys.test, { method: 'ideal' })
    const { html } = await page(payment._links.checkout.href)
    assert.equal((await choose(payment._links.checkout.href, { token: tokenOf(html), status: 'paid' })).status, 303)
    const final = await page(payment._links.checkout.href)
    assert.equal(final.status, 200)
    assert.ok(final.html.includes('>paid</span>: there is nothing left to choose'))
    assert.ok(final.html.includes(`href="${SHOP}"`))
    assert.doesNotMatch(final.html, /<form/)
    // Posting again (a second tab): the machine refuses, the page says why.
    const again = await choose(payment._links.checkout.href, { token: tokenOf(html), status: 'failed' })
    assert.equal(again.status, 422)
    assert.ok(again.html.includes('The payment is paid, which is final: its status cannot change any more.'))
  })

  test('a forged or missing token changes nothing', async (t) => {
    const server = await startTestServer(t)
    const payment = await createPayment(server, server.keys.test, { method: 'ideal' })
    const other = await createPayment(server, server.keys.test, { method: 'ideal' })
    const url = payment._links.checkout.href
    const forged = await choose(url, { token: 'A'.repeat(43), status: 'paid' })
    assert.equal(forged.status, 403)
    assert.match(forged.html, /could not be verified/)
    // Another payment's token is not this one's.
    const borrowed = await choose(url, { token: tokenOf((await page(other._links.checkout.href)).html), status: 'paid' })
    assert.equal(borrowed.status, 403)
    const missing = await choose(url, { status: 'paid' })
    assert.equal(missing.status, 400)
    assert.match(missing.headers.get('content-type') ?? '', /^text\/html/)
    const extra = await choose(url, { token: tokenOf((await page(url)).html), status: 'paid', testmode: 'true' })
    assert.equal(extra.status, 400, 'the form is closed')
    const json = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"status":"paid"}', redirect: 'manual' })
    assert.equal(json.status, 415)
    assert.match(json.headers.get('content-type') ?? '', /^text\/html/)
    assert.equal((await statusOf(server, server.keys.test, payment.id)).status, 'open')
  })

  test('a change the status machine refuses re-renders the page with its message (422)', async (t) => {
    let now = new Date()
    const server = await startTestServer(t, { now: () => now })
    const ideal = await createPayment(server, server.keys.test, { method: 'ideal' })
    const html = (await page(ideal._links.checkout.href)).html
    const refused = await choose(ideal._links.checkout.href, { token: tokenOf(html), status: 'authorized' })
    assert.equal(refused.status, 422)
    assert.match(refused.headers.get('content-type') ?? '', /^text\/html/)
    assert.ok(refused.html.includes('A ideal payment cannot be authorized'), refused.html)
    assert.ok(refused.html.includes('name="status" value="paid"'), 'the form is there again')

    // No method chosen where the payment leaves the choice.
    const open = await createPayment(server, server.keys.test)
    const noMethod = await choose(open._links.checkout.href, { token: tokenOf((await page(open._links.checkout.href)).html), status: 'paid' })
    assert.equal(noMethod.status, 422)
    assert.ok(noMethod.html.includes('Choose a method first.'))
    const notOffered = await createPayment(server, server.keys.test, { method: ['ideal', 'paypal'] })
    const wrongMethod = await choose(notOffered._links.checkout.href, {
      token: tokenOf((await page(notOffered._links.checkout.href)).html),
      status: 'paid',
      method: 'creditcard',
    })
    assert.equal(wrongMethod.status, 422)

    // The payment expired while the page was open: only `expired` is left.
    const late = await createPayment(server, server.keys.test, { method: 'ideal' })
    const latePage = (await page(late._links.checkout.href)).html
    now = new Date(now.getTime() + 20 * 60_000)
    const expired = await choose(late._links.checkout.href, { token: tokenOf(latePage), status: 'paid' })
    assert.equal(expired.status, 422)
    assert.match(expired.html, /The payment expired at .*: its status can only become expired\./)
    for (const payment of [ideal, open, notOffered, late]) assert.equal((await statusOf(server, server.keys.test, payment.id)).status, 'open')
  })

  test('a pending recurring payment’s changePaymentState page: the mandate’s method, the outcomes from pending', async (t) => {
    const server = await startTestServer(t)
    const customer = (await call(server, server.keys.test, 'POST', '/v2/customers', { json: { name: 'Jane' } })).body
    await call(server, server.keys.test, 'POST', `/v2/customers/${customer.id}/mandates`, {
      json: { method: 'directdebit', consumerName: 'Jane', consumerAccount: 'NL55INGB0000000000' },
    })
    const created = await call(server, server.keys.test, 'POST', '/v2/payments', {
      json: { amount: { currency: 'EUR', value: '5.00' }, description: 'Monthly', sequenceType: 'recurring', customerId: customer.id },
    })
    assert.equal(created.status, 201, created.text)
    const payment = created.body
    assert.equal(payment.status, 'pending')
    assert.equal(payment._links.checkout, undefined)
    const url = payment._links.changePaymentState.href
    const { status, html } = await page(url)
    assert.equal(status, 200)
    assert.doesNotMatch(html, /name="method"/, 'the method is the mandate’s')
    assert.ok(html.includes('SEPA Direct Debit (directdebit)'))
    assert.deepEqual([...html.matchAll(/name="status" value="([a-z]+)"/g)].map((match) => match[1]), ['paid', 'failed', 'canceled', 'expired'])
    assert.ok(!html.includes('Leave it'), 'no redirect URL to go back to')
    const paid = await choose(url, { token: tokenOf(html), status: 'paid' })
    assert.equal(paid.status, 303)
    assert.equal(paid.location, `/checkout/${payment.id}`, 'without a redirect URL, back to the page, which shows the status')
    assert.equal((await statusOf(server, server.keys.test, payment.id)).status, 'paid')
  })
})

/** A shop's return page on 127.0.0.1 (the only host the test browser may reach). */
async function startShop(t: TestContext): Promise<string> {
  const shop = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    response.end(`<!doctype html><title>Shop</title><h1>Thank you</h1><p>${request.url}</p>`)
  })
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve))
  t.after(() => new Promise<void>((resolve) => shop.close(() => resolve())))
  return `http://127.0.0.1:${(shop.address() as AddressInfo).port}`
}

describe('checkout in a browser', () => {
  test('a first payment paid by card lands on the redirect URL, calls the webhook and leaves a valid creditcard mandate; a recurring payment on it settles', async (t) => {
    const server = await startTestServer(t, { webhooks: { retryScale: 0.001, timeoutMs: 2_000, pollIntervalMs: 100 } })
    const shop = await startShop(t)
    const hooks = await startWebhookReceiver()
    t.after(() => hooks.close())
    const { keys } = server
    const customer = (await call(server, keys.test, 'POST', '/v2/customers', { json: { name: 'Jane Doe' } })).body
    const created = await call(server, keys.test, 'POST', `/v2/customers/${customer.id}/payments`, {
      json: {
        amount: { currency: 'EUR', value: '24.95' },
        description: 'First month',
        sequenceType: 'first',
        redirectUrl: `${shop}/return?order=42`,
        webhookUrl: hooks.url,
      },
    })
    assert.equal(created.status, 201, created.text)
    const payment = created.body

    const { page: tab, outside, failed, cspViolations } = await offlinePage(browser())
    await tab.goto(payment._links.checkout.href)
    assert.equal(await tab.locator('.amount').innerText(), '€24.95')
    await tab.getByLabel('Card (creditcard)').check()
    await tab.screenshot({ path: `${SCREENSHOTS}/checkout-first-payment.png`, fullPage: true })
    await Promise.all([tab.waitForURL(`${shop}/return?order=42`), tab.getByRole('button', { name: 'Paid' }).click()])
    assert.equal(await tab.locator('h1').innerText(), 'Thank you')
    assert.deepEqual(outside, [])
    assert.deepEqual(failed, [])
    assert.deepEqual(cspViolations, [])

    const paid = await statusOf(server, keys.test, payment.id)
    assert.equal(paid.status, 'paid')
    assert.equal(paid.method, 'creditcard')
    assert.match(paid.mandateId, /^mdt_/)
    const mandates = (await call(server, keys.test, 'GET', `/v2/customers/${customer.id}/mandates`)).body._embedded.mandates
    assert.deepEqual(
      mandates.map((mandate: { id: string; status: string; method: string }) => [mandate.id, mandate.status, mandate.method]),
      [[paid.mandateId, 'valid', 'creditcard']],
    )
    await hooks.waitFor(1)
    assert.deepEqual(hooks.received.map(({ body, contentType }) => [body, contentType]), [[`id=${payment.id}`, 'application/x-www-form-urlencoded']])

    const recurring = await call(server, keys.test, 'POST', `/v2/customers/${customer.id}/payments`, {
      json: { amount: { currency: 'EUR', value: '24.95' }, description: 'Second month', sequenceType: 'recurring', webhookUrl: hooks.url },
    })
    assert.equal(recurring.body.status, 'pending')
    assert.equal(recurring.body.mandateId, paid.mandateId)
    const settled = await call(server, keys.test, 'POST', `/_clientele/payments/${recurring.body.id}/status`, { json: { status: 'paid' } })
    assert.equal(settled.body.status, 'paid')
    await hooks.waitFor(2)
    assert.equal(hooks.received[1]!.body, `id=${recurring.body.id}`)
  })
})
