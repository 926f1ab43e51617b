/** A customer's subscriptions on its dashboard page (with their payments), and canceling one there. */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { call, startTestServer } from './helpers/server.js'

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
    return { status: response.status, html: await response.text(), location: response.headers.get('location') }
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

describe('dashboard: a customer’s subscriptions', () => {
  test('the page lists subscriptions and their payments; cancel needs the CSRF token, then the API answers it canceled', async (t) => {
    const server = await startTestServer(t)
    const { keys } = server
    const customer = (await call(server, keys.test, 'POST', '/v2/customers', { json: { name: 'Jane' } })).body
    await call(server, keys.test, 'POST', `/v2/customers/${customer.id}/mandates`, {
      json: { method: 'directdebit', consumerName: 'Jane', consumerAccount: 'NL55INGB0000000000' },
    })
    const subscriptionsPath = `/v2/customers/${customer.id}/subscriptions`
    const body = { amount: { currency: 'EUR', value: '7.50' }, interval: '1 month', times: 3 }
    const charged = (await call(server, keys.test, 'POST', subscriptionsPath, { json: { ...body, description: 'Charged <b>plan</b>' } })).body
    const open = (await call(server, keys.test, 'POST', subscriptionsPath, { json: { ...body, description: 'Open plan', startDate: '2099-01-01' } })).body
    await server.store.subscriptions.chargeDue({ upTo: new Date() })
    const [payment] = (await call(server, keys.test, 'GET', `${subscriptionsPath}/${charged.id}/payments`)).body._embedded.payments

    const browser = new Browser(server.baseUrl)
    await browser.signIn(keys.test)
    const path = `/dashboard/customers/${customer.id}`
    const page = await browser.request('GET', path)
    assert.equal(page.status, 200)
    for (const text of [charged.id, open.id, 'Charged &lt;b&gt;plan&lt;/b&gt;', '2099-01-01', '2 of 3 left', payment.id, `/dashboard/payments/${payment.id}`]) {
      assert.ok(page.html.includes(text), `the page shows ${text}`)
    }
    const action = `${path}/subscriptions/${open.id}/cancel`
    assert.ok(page.html.includes(`action="${action}"`))

    const forged = await browser.request('POST', action, { _csrf: 'forged' })
    assert.equal(forged.status, 403)
    assert.equal((await call(server, keys.test, 'GET', `${subscriptionsPath}/${open.id}`)).body.status, 'active')

    const canceled = await browser.request('POST', action, { _csrf: tokenOf(page.html) })
    assert.equal(canceled.status, 303)
    assert.equal(canceled.location, `${path}?notice=subscription-canceled`)
    assert.equal((await call(server, keys.test, 'GET', `${subscriptionsPath}/${open.id}`)).body.status, 'canceled')
    const after = await browser.request('GET', canceled.location!)
    assert.ok(after.html.includes('The subscription was canceled.'))
    assert.ok(!after.html.includes(`action="${action}"`), 'a canceled subscription has no cancel button')
    assert.ok(after.html.includes(`222</span> Subscription ${open.id} canceled`), 'the history shows the cancellation')
    // Again (another tab): done already, so the same redirect.
    assert.equal((await browser.request('POST', action, { _csrf: tokenOf(page.html) })).status, 303)
    // Another organization cannot cancel it.
    const stranger = new Browser(server.baseUrl)
    await stranger.signIn(keys.otherTest)
    const own = (await call(server, keys.otherTest, 'POST', '/v2/customers', { json: {} })).body
    const strangerPage = await stranger.request('GET', `/dashboard/customers/${own.id}`)
    const refused = await stranger.request('POST', `${path}/subscriptions/${charged.id}/cancel`, { _csrf: tokenOf(strangerPage.html) })
    assert.equal(refused.status, 404)
  })
})
