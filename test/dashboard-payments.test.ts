/**
 * Payments in the dashboard, over plain HTTP with the dashboard's cookies: the tenant's list, a customer's list and
 * a payment's page (the session's tenant only), the outcome buttons (CSRF, test mode only, the status machine's
 * refusals) and the webhook deliveries the injected `deliveriesOf` returns.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { DeliveryView } from '../src/dashboard/payment-view.js'
import type { Tenant } from '../src/store/store.js'
import { call, startTestServer, type TestServer } from './helpers/server.js'

/** Just enough of a browser: keeps cookies, never follows redirects. */
class Browser {
  readonly cookies = new Map<string, string>()
  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, form?: Record<string, string>) {
    const headers: Record<string, string> = {}
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded'
    const body = form && new URLSearchParams(form).toString()
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body, redirect: 'manual' })
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';')
      this.cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1))
    }
    return { status: response.status, html: await response.text(), location: response.headers.get('location'), headers: response.headers }
  }

  async signIn(key: string) {
    const page = await this.request('GET', '/dashboard/sign-in')
    const signedIn = await this.request('POST', '/dashboard/sign-in', { _csrf: tokenOf(page.html), key })
    assert.equal(signedIn.status, 303)
  }
}

function tokenOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1]
  assert.ok(token, 'the page has a form with a CSRF token')
  return token
}

async function createPayment(server: TestServer, key: string, fields: Record<string, unknown> = {}) {
  const response = await call(server, key, 'POST', '/v2/payments', {
    json: {
      amount: { currency: 'EUR', value: '10.00' },
      description: 'Order #1',
      redirectUrl: 'https://shop.example/return',
      ...fields,
    },
  })
  assert.equal(response.status, 201, response.text)
  return response.body
}

const idsIn = (html: string) => [...new Set([...html.matchAll(/<code>(tr_[0-9A-Za-z]{10})<\/code>/g)].map((match) => match[1]))]

describe('dashboard: payments', () => {
  test('the tenant’s list, a customer’s list and a payment’s page render for the session’s tenant', async (t) => {
    const server = await startTestServer(t)
    const { keys } = server
    const customer = (await call(server, keys.test, 'POST', '/v2/customers', { json: { name: 'Jane <Doe>' } })).body
    const own = await createPayment(server, keys.test, {
      customerId: customer.id,
      description: 'Subscription <start>',
      metadata: { order_id: '1234' },
      webhookUrl: 'https://shop.example/webhooks',
      cancelUrl: 'https://shop.example/cancel',
    })
    const loose = []
    for (let index = 0; index < 26; index++) loose.push(await createPayment(server, keys.test, { description: `Loose ${index}` }))
    const live = await createPayment(server, keys.live)

    const browser = new Browser(server.baseUrl)
    await browser.signIn(keys.test)

    // All payments of the tenant, newest first, 25 to a page, with the API's cursors.
    const list = await browser.request('GET', '/dashboard/payments')
    assert.equal(list.status, 200)
    assert.ok(list.html.includes('href="/dashboard/payments" aria-current="page">Payments</a>'), 'the navigation leads here')
    assert.deepEqual(idsIn(list.html), loose.slice(1).reverse().map((payment) => payment.id))
    const api = await call(server, keys.test, 'GET', '/v2/payments?limit=25')
    const apiNext = new URL(api.body._links.next.href).searchParams.get('from')
    const older = /rel="next" href="([^"]+)"/.exec(list.html)?.[1]
    assert.equal(older, `/dashboard/payments?from=${apiNext}`)
    const second = await browser.request('GET', older!)
    assert.deepEqual(idsIn(second.html), [loose[0].id, own.id])
    assert.ok(second.html.includes(`rel="prev" href="/dashboard/payments?from=${loose[25].id}"`))
    assert.ok(!list.html.includes(live.id), 'live payments are not in a test session’s list')
    const badCursor = await browser.request('GET', '/dashboard/payments?from=tr_0000000000')
    assert.equal(badCursor.status, 400)
    assert.match(badCursor.html, /Invalid cursor value/)

    // The customer's page links to its payments; that list holds its payment only.
    const customerPage = await browser.request('GET', `/dashboard/customers/${customer.id}`)
    assert.ok(customerPage.html.includes(`href="/dashboard/customers/${customer.id}/payments"`))
    const theirs = await browser.request('GET', `/dashboard/customers/${customer.id}/payments`)
    assert.equal(theirs.status, 200)
    assert.deepEqual(idsIn(theirs.html), [own.id])
    assert.ok(theirs.html.includes('Payments of Jane &lt;Doe&gt;'))
    assert.equal((await browser.request('GET', `/dashboard/customers/${customer.id}/payments?from=tr_0000000000`)).status, 400)

    // The API's dashboard link opens the payment's page.
    const path = new URL(own._links.dashboard.href).pathname
    assert.equal(path, `/dashboard/payments/${own.id}`)
    const page = await browser.request('GET', path)
    assert.equal(page.status, 200)
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/)
    assert.doesNotMatch(page.html, /<script/i)
    for (const text of [
      '€10.00',
      'Subscription &lt;start&gt;',
      `href="/dashboard/customers/${customer.id}"`,
      'oneoff',
      own.createdAt,
      own.expiresAt,
      'https://shop.example/webhooks',
      'https://shop.example/cancel',
      own._links.checkout.href,
      own._links.self.href,
      '&quot;order_id&quot;: &quot;1234&quot;',
      'Webhook deliveries',
      'No webhook deliveries.',
    ]) {
      assert.ok(page.html.includes(text), `the page shows ${text}`)
    }
    // Without a method, any may be chosen: `authorized` too, for the pay-later ones.
    assert.deepEqual(
      [...page.html.matchAll(/name="status" value="([a-z]+)"/g)].map((match) => match[1]),
      ['paid', 'authorized', 'failed', 'canceled', 'expired'],
    )
    assert.ok(page.html.includes('Only with alma, billie, in3, klarna'))
    assert.equal((await browser.request('GET', '/dashboard/payments/tr_0000000000')).status, 404)
  })

  test('another organization’s payments and customers are not found', async (t) => {
    const server = await startTestServer(t)
    const { keys } = server
    const customer = (await call(server, keys.test, 'POST', '/v2/customers', { json: {} })).body
    const payment = await createPayment(server, keys.test, { customerId: customer.id, method: 'ideal' })
    const stranger = new Browser(server.baseUrl)
    await stranger.signIn(keys.otherTest)
    const own = await stranger.request('GET', '/dashboard/payments')
    assert.equal(own.status, 200)
    assert.ok(!own.html.includes(payment.id))
    const page = await stranger.request('GET', `/dashboard/payments/${payment.id}`)
    assert.equal(page.status, 404)
    assert.match(page.html, /Payment not found/)
    assert.equal((await stranger.request('GET', `/dashboard/customers/${customer.id}/payments`)).status, 404)
    const refused = await stranger.request('POST', `/dashboard/payments/${payment.id}/status`, { _csrf: tokenOf(own.html), status: 'paid' })
    assert.equal(refused.status, 404)
    assert.equal((await call(server, keys.test, 'GET', `/v2/payments/${payment.id}`)).body.status, 'open')
  })

  test('the outcome buttons need the CSRF token, work in test mode only and show the machine’s refusals', async (t) => {
    const server = await startTestServer(t)
    const { keys } = server
    const payment = await createPayment(server, keys.test, { method: ['ideal', 'paypal'] })
    const browser = new Browser(server.baseUrl)
    await browser.signIn(keys.test)
    const path = `/dashboard/payments/${payment.id}`
    const page = await browser.request('GET', path)
    assert.ok(page.html.includes(`action="${path}/status"`))
    assert.deepEqual([...page.html.matchAll(/<option value="([a-z]+)"/g)].map((match) => match[1]), ['ideal', 'paypal'])

    const forged = await browser.request('POST', `${path}/status`, { _csrf: 'forged', status: 'paid' })
    assert.equal(forged.status, 403)
    const missing = await browser.request('POST', `${path}/status`, { status: 'paid' })
    assert.equal(missing.status, 403)
    assert.equal((await call(server, keys.test, 'GET', `/v2/payments/${payment.id}`)).body.status, 'open')

    const notOffered = await browser.request('POST', `${path}/status`, { _csrf: tokenOf(page.html), status: 'paid', method: 'creditcard' })
    assert.equal(notOffered.status, 422)
    const refused = await browser.request('POST', `${path}/status`, { _csrf: tokenOf(page.html), status: 'authorized', method: 'ideal' })
    assert.equal(refused.status, 422)
    assert.ok(refused.html.includes('A ideal payment cannot be authorized'))
    assert.equal((await call(server, keys.test, 'GET', `/v2/payments/${payment.id}`)).body.status, 'open')

    const paid = await browser.request('POST', `${path}/status`, { _csrf: tokenOf(page.html), status: 'paid', method: 'paypal' })
    assert.equal(paid.status, 303)
    assert.equal(paid.location, `${path}?notice=status`)
    const after = (await call(server, keys.test, 'GET', `/v2/payments/${payment.id}`)).body
    assert.equal(after.status, 'paid')
    assert.equal(after.method, 'paypal')
    const shown = await browser.request('GET', paid.location!)
    assert.ok(shown.html.includes('The status was changed.'))
    assert.ok(shown.html.includes('The payment is paid, which is final.'))
    assert.doesNotMatch(shown.html, /name="status"/)

    // Live mode: an access token sees live payments, but their outcome is the checkout's.
    const live = await createPayment(server, keys.live, { method: 'ideal' })
    const admin = new Browser(server.baseUrl)
    await admin.signIn(keys.access)
    const livePage = await admin.request('GET', `/dashboard/payments/${live.id}`)
    assert.equal(livePage.status, 200)
    assert.doesNotMatch(livePage.html, /name="status"/)
    assert.ok(livePage.html.includes('in test mode only'))
    const liveRefused = await admin.request('POST', `/dashboard/payments/${live.id}/status`, { _csrf: tokenOf(livePage.html), status: 'paid' })
    assert.equal(liveRefused.status, 403)
    assert.match(liveRefused.html, /Test mode only/)
    assert.equal((await call(server, keys.live, 'GET', `/v2/payments/${live.id}`)).body.status, 'open')
  })

  test('the deliveries section renders what deliveriesOf returns, for the payment’s tenant', async (t) => {
    const asked: Array<[Tenant, string]> = []
    const deliveries: DeliveryView[] = [
      {
        url: 'https://shop.example/webhooks?x=<1>',
        createdAt: '2026-03-20T09:00:00+00:00',
        deliveredAt: null,
        gaveUpAt: null,
        nextAttemptAt: '2026-03-20T09:05:00+00:00',
        attempts: [
          { at: '2026-03-20T09:00:01+00:00', statusCode: 503, error: null, durationMs: 42 },
          { at: '2026-03-20T09:01:01+00:00', statusCode: null, error: 'connect ECONNREFUSED <b>', durationMs: 7 },
        ],
      },
      {
        url: 'https://shop.example/webhooks',
        createdAt: '2026-03-20T08:00:00+00:00',
        deliveredAt: '2026-03-20T08:00:02+00:00',
        gaveUpAt: null,
        nextAttemptAt: null,
        attempts: [{ at: '2026-03-20T08:00:02+00:00', statusCode: 200, error: null, durationMs: 12 }],
      },
    ]
    const server = await startTestServer(t, {
      deliveriesOf: async (tenant, paymentId) => {
        asked.push([tenant, paymentId])
        return deliveries
      },
    })
    const { keys } = server
    const payment = await createPayment(server, keys.test, { webhookUrl: 'https://shop.example/webhooks' })
    const browser = new Browser(server.baseUrl)
    await browser.signIn(keys.test)
    const page = await browser.request('GET', `/dashboard/payments/${payment.id}`)
    assert.equal(page.status, 200)
    assert.deepEqual(asked, [[await server.tenantOf(keys.test), payment.id]])
    const section = page.html.slice(page.html.indexOf('id="webhook-deliveries"'))
    for (const text of [
      '<strong>retrying</strong>',
      'https://shop.example/webhooks?x=&lt;1&gt;',
      'next attempt <code>2026-03-20T09:05:00+00:00</code>',
      '<code>503</code>',
      '42 ms',
      'connect ECONNREFUSED &lt;b&gt;',
      '7 ms',
      '<strong>delivered</strong>',
      'delivered <code>2026-03-20T08:00:02+00:00</code>',
      '<code>200</code>',
      '20 Mar 2026, 09:01 UTC',
    ]) {
      assert.ok(section.includes(text), `the deliveries show ${text}`)
    }
    assert.ok(section.indexOf('retrying') < section.indexOf('delivered <code>'), 'in the order given')
    assert.ok(!section.includes('No webhook deliveries'))
  })
})
