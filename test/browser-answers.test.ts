/**
 * People who open Clientele's addresses in a browser meet pages, not raw JSON: `/` leads to the dashboard, and an API
 * URL opened without a key says how to call it. API clients (which never ask for HTML) still get Mollie's JSON.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { call, startTestServer } from './helpers/server.js'

const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' }

describe('answers for a browser', () => {
  test('/ redirects to the dashboard', async (t) => {
    const server = await startTestServer(t)
    const response = await fetch(`${server.baseUrl}/`, { redirect: 'manual', headers: BROWSER })
    assert.equal(response.status, 302)
    assert.equal(response.headers.get('location'), '/dashboard')
  })

  test('an API URL without a key: a page saying how to call it for a browser, Mollie’s JSON for a client', async (t) => {
    const server = await startTestServer(t)
    const page = await fetch(`${server.apiUrl}/customers`, { headers: BROWSER })
    assert.equal(page.status, 401)
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/)
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/)
    const html = await page.text()
    assert.match(html, /<h1>This is an API address<\/h1>/)
    assert.ok(html.includes(`curl ${server.apiUrl}/customers -H &#34;Authorization: Bearer test_…&#34;`))
    assert.ok(html.includes(`href="${server.baseUrl}/docs"`))
    for (const accept of ['application/hal+json', 'application/json', '*/*', undefined]) {
      const api = await call(server, undefined, 'GET', '/v2/customers', { headers: accept ? { accept } : {} })
      assert.equal(api.status, 401)
      assert.equal(api.headers.get('content-type'), 'application/hal+json; charset=utf-8', String(accept))
      assert.equal(api.body.title, 'Unauthorized Request')
    }
  })

  test('the API base URL in a browser says what it is; for a client it stays a 404 in Mollie’s format', async (t) => {
    const server = await startTestServer(t)
    const page = await fetch(server.apiUrl, { headers: BROWSER })
    assert.equal(page.status, 404)
    assert.match(await page.text(), /base URL of the API/)
    const api = await call(server, server.keys.test, 'GET', '/v2')
    assert.equal(api.status, 404)
    assert.equal(api.headers.get('content-type'), 'application/hal+json; charset=utf-8')
  })
})
