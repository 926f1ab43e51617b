/** A customer's mandates on its dashboard page, and revoking one there, over plain HTTP with the dashboard's cookies. */
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

describe('dashboard: a customer’s mandates', () => {
  test('the page lists the mandates; revoke needs the CSRF token, then the API answers 410', async (t) => {
    const server = await startTestServer(t)
    const { keys } = server
    const customer = (await call(server, keys.test, 'POST', '/v2/customers', { json: { name: 'Jane' } })).body
    const mandate = (
      await call(server, keys.test, 'POST', `/v2/customers/${customer.id}/mandates`, {
        json: { method: 'directdebit', consumerName: 'Jane <b>Doe</b>', consumerAccount: 'NL55INGB0000000000', mandateReference: 'REF-1' },
      })
    ).body
    const browser = new Browser(server.baseUrl)
    await browser.signIn(keys.test)
    const path = `/dashboard/customers/${customer.id}`
    const page = await browser.request('GET', path)
    assert.equal(page.status, 200)
    for (const text of [mandate.id, 'NL55INGB0000000000', 'INGBNL2A', 'REF-1', 'directdebit', 'Jane &lt;b&gt;Doe&lt;/b&gt;']) {
      assert.ok(page.html.includes(text), `the page shows ${text}`)
    }
    const action = `${path}/mandates/${mandate.id}/revoke`
    assert.ok(page.html.includes(`action="${action}"`))

    const forged = await browser.request('POST', action, { _csrf: 'forged' })
    assert.equal(forged.status, 403)
    assert.equal((await call(server, keys.test, 'GET', `/v2/customers/${customer.id}/mandates/${mandate.id}`)).status, 200)

    const revoked = await browser.request('POST', action, { _csrf: tokenOf(page.html) })
    assert.equal(revoked.status, 303)
    assert.equal(revoked.location, `${path}?notice=mandate-revoked`)
    assert.equal((await call(server, keys.test, 'GET', `/v2/customers/${customer.id}/mandates/${mandate.id}`)).status, 410)
    const after = await browser.request('GET', revoked.location!)
    assert.ok(after.html.includes('The mandate was revoked.'))
    assert.ok(!after.html.includes(`action="${action}"`), 'a revoked mandate is no longer listed')
    assert.ok(after.html.includes(`211</span> Mandate ${mandate.id} revoked`), 'the history shows the revocation')
    // Again (another tab): done already, so the same redirect.
    assert.equal((await browser.request('POST', action, { _csrf: tokenOf(page.html) })).status, 303)
  })

  test('another organization’s mandate cannot be revoked from the dashboard', async (t) => {
    const server = await startTestServer(t)
    const { keys } = server
    const customer = (await call(server, keys.test, 'POST', '/v2/customers', { json: {} })).body
    const mandate = (
      await call(server, keys.test, 'POST', `/v2/customers/${customer.id}/mandates`, {
        json: { method: 'paypal', consumerName: 'J', consumerEmail: 'j@example.org', paypalBillingAgreementId: 'B-1' },
      })
    ).body
    const stranger = new Browser(server.baseUrl)
    await stranger.signIn(keys.otherTest)
    const own = (await call(server, keys.otherTest, 'POST', '/v2/customers', { json: {} })).body
    const page = await stranger.request('GET', `/dashboard/customers/${own.id}`)
    const refused = await stranger.request('POST', `/dashboard/customers/${customer.id}/mandates/${mandate.id}/revoke`, { _csrf: tokenOf(page.html) })
    assert.equal(refused.status, 404)
    const wrongCustomer = await stranger.request('POST', `/dashboard/customers/${own.id}/mandates/${mandate.id}/revoke`, { _csrf: tokenOf(page.html) })
    assert.equal(wrongCustomer.status, 404)
    assert.equal((await call(server, keys.test, 'GET', `/v2/customers/${customer.id}/mandates/${mandate.id}`)).status, 200)
  })
})
