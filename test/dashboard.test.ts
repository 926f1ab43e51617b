/**
 * The dashboard at /dashboard: the flows in a real browser (Chromium from npm, driven by playwright-core, with every
 * request outside 127.0.0.1 blocked and recorded), and its security rules over plain HTTP. Screenshots go to
 * test-results/.
 */
import assert from 'node:assert/strict'
import { describe, test, type TestContext } from 'node:test'
import type { Locator, Page } from 'playwright-core'
import { sign as signCookie } from '@fastify/cookie'
import { loadDashboardKeys } from '../src/dashboard/secrets.js'
import { hashKey } from '../src/domain/keys.js'
import { buildApp } from '../src/app.js'
import type { Store } from '../src/store/store.js'
import { openTestDatabase } from './helpers/databases.js'
import { SCREENSHOTS, offlinePage, useChromium } from './helpers/browser.js'
import { call, createTestKeys, startTestServer } from './helpers/server.js'

const browser = useChromium()

/** Clicks a button that submits a form; resolves with the status of the page it lands on. */
async function submit(page: Page, button: Locator): Promise<number | undefined> {
  const [response] = await Promise.all([page.waitForNavigation(), button.click()])
  return response?.status()
}

/** Another app instance on `store`, as a second process behind a load balancer would be. */
async function startInstance(t: TestContext, store: Store): Promise<{ baseUrl: string }> {
  const app = await buildApp({ store, credentialCacheMs: 0 })
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' })
  t.after(() => app.close())
  return { baseUrl }
}

async function createCustomer(server: { baseUrl: string }, key: string, json: Record<string, unknown>) {
  const response = await call(server, key, 'POST', '/v2/customers', { json })
  assert.equal(response.status, 201, response.text)
  return response.body
}

/** The text of an element's content as a reader sees it: entities decoded. */
function decodeEntities(html: string): string {
  return html
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

interface PageResponse {
  status: number
  headers: Headers
  html: string
  location: string | null
}

/** A cookie-keeping HTTP client for the dashboard's forms, without a browser. */
class DashboardClient {
  readonly cookies = new Map<string, string>()
  readonly setCookies: string[] = []

  constructor(readonly baseUrl: string) {}

  async request(
    method: string,
    path: string,
    form?: Record<string, string>,
    contentType?: string,
  ): Promise<PageResponse> {
    const headers: Record<string, string> = {}
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
    let body: string | undefined
    if (form) {
      headers['content-type'] = contentType ?? 'application/x-www-form-urlencoded'
      body = contentType === 'application/json' ? JSON.stringify(form) : new URLSearchParams(form).toString()
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body, redirect: 'manual' })
    for (const cookie of response.headers.getSetCookie()) {
      this.setCookies.push(cookie)
      const [pair = ''] = cookie.split(';')
      const name = pair.slice(0, pair.indexOf('='))
      const value = pair.slice(pair.indexOf('=') + 1)
      if (value === '' || /max-age=0/i.test(cookie)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    const html = await response.text()
    return { status: response.status, headers: response.headers, html, location: response.headers.get('location') }
  }

  get(path: string): Promise<PageResponse> {
    return this.request('GET', path)
  }

  /** Posts a form with the CSRF token of the page at `pagePath`, as a browser would. */
  async submit(pagePath: string, action: string, fields: Record<string, string>): Promise<PageResponse> {
    const page = await this.get(pagePath)
    assert.equal(page.status, 200, `GET ${pagePath}`)
    return this.request('POST', action, { _csrf: csrfTokenOf(page.html), ...fields })
  }

  signIn(key: string): Promise<PageResponse> {
    return this.submit('/dashboard/sign-in', '/dashboard/sign-in', { key })
  }
}

function csrfTokenOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1]
  assert.ok(token, 'the page has a form with a CSRF token')
  return token
}

function fieldErrorOf(html: string, field: string): string | undefined {
  const match = new RegExp(`id="field-${field}-error">([^<]*)<`).exec(html)
  return match ? decodeEntities(match[1]!) : undefined
}

describe('dashboard in a browser', () => {
  test('sign in, list, page, search, open from _links.dashboard, edit, delete, create and sign out', async (t) => {
    const server = await startTestServer(t)
    const { keys } = server
    for (let index = 1; index <= 30; index++) {
      await createCustomer(server, keys.test, {
        name: `Customer ${String(index).padStart(2, '0')}`,
        email: `customer${index}@example.org`,
        locale: 'nl_NL',
      })
    }
    const jane = await createCustomer(server, keys.test, {
      name: 'Jane Doe',
      email: 'jane@example.org',
      locale: 'en_GB',
      metadata: { order_id: '1234', tags: ['vip', 'newsletter'] },
    })
    const { page, outside, cspViolations } = await offlinePage(browser())

    // Signed out, the dashboard sends to sign-in; a wrong key is refused and not written back.
    await page.goto(`${server.baseUrl}/dashboard`)
    assert.equal(new URL(page.url()).pathname, '/dashboard/sign-in')
    const wrongKey = 'test_' + 'x'.repeat(30)
    await page.getByLabel('API key or organization access token').fill(wrongKey)
    assert.equal(await submit(page, page.getByRole('button', { name: 'Sign in' })), 401)
    assert.match(await page.getByRole('alert').innerText(), /That key was not accepted/)
    assert.ok(!(await page.content()).includes(wrongKey), 'the refused key is not in the page')
    await page.screenshot({ path: `${SCREENSHOTS}/dashboard-sign-in-refused.png` })

    await page.getByLabel('API key or organization access token').fill(keys.test)
    assert.equal(await submit(page, page.getByRole('button', { name: 'Sign in' })), 200)
    assert.equal(new URL(page.url()).pathname, '/dashboard/customers')
    assert.ok(!(await page.content()).includes(keys.test), 'the key is not in the page')

    // Newest first, 25 to a page, with the API's cursors.
    const rows = page.locator('table.customers tbody tr')
    assert.equal(await rows.count(), 25)
    assert.equal(await rows.first().locator('td').first().innerText(), jane.id)
    assert.deepEqual(
      await page.locator('table.customers thead th').allInnerTexts(),
      ['ID', 'NAME', 'EMAIL', 'LOCALE', 'CREATED'].map((text) => text),
    )
    await page.screenshot({ path: `${SCREENSHOTS}/dashboard-list.png`, fullPage: true })
    const api = await call(server, keys.test, 'GET', '/v2/customers?limit=25')
    const apiNextFrom = new URL(api.body._links.next.href).searchParams.get('from')
    const older = page.getByRole('link', { name: 'Older →' })
    assert.equal(new URL(await older.getAttribute('href') ?? '', server.baseUrl).searchParams.get('from'), apiNextFrom)
    await Promise.all([page.waitForNavigation(), older.click()])
    assert.equal(await rows.count(), 6)
    assert.equal(await rows.last().locator('td').nth(1).innerText(), 'Customer 01')
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: '← Newer' }).click()])
    assert.equal(await rows.count(), 25)

    // Search by name or email.
    await page.getByLabel('Search by name or email').fill('JANE@')
    await submit(page, page.getByRole('button', { name: 'Search' }))
    assert.equal(await rows.count(), 1)
    assert.equal(await rows.first().locator('td').nth(1).innerText(), 'Jane Doe')
    // The whole row opens the customer (its name is the link): here a click on its email.
    // (force: Playwright would wait for the cell to be unobscured, and the link's row cover is on top of it by design)
    await Promise.all([page.waitForNavigation(), rows.first().locator('td').nth(2).click({ force: true })])
    assert.equal(new URL(page.url()).pathname, `/dashboard/customers/${jane.id}`)
    await page.goBack()

    // The API's dashboard link opens the customer's page: every field, metadata pretty-printed, the history.
    await page.goto(jane._links.dashboard.href)
    assert.equal(await page.locator('h1').innerText(), 'Jane Doe')
    const details = await page.locator('section[aria-labelledby="details-heading"]').innerText()
    for (const text of [jane.id, 'jane@example.org', 'en_GB', jane.createdAt, '"order_id": "1234"']) {
      assert.ok(details.includes(text), `the page shows ${text}`)
    }
    assert.equal(await page.locator('pre.json').innerText(), JSON.stringify(jane.metadata, null, 2))
    assert.deepEqual(await page.locator('.timeline li p').allInnerTexts(), ['200 Customer created'])
    assert.equal(
      await page.getByRole('link', { name: jane._links.self.href }).getAttribute('href'),
      jane._links.self.href,
      'the page links to the customer in the API',
    )
    await page.screenshot({ path: `${SCREENSHOTS}/dashboard-customer.png`, fullPage: true })

    // Edit: a refused value gets the API's own message, next to its field; a valid one records the API's event.
    await page.getByRole('link', { name: 'Edit' }).click()
    await page.getByLabel('Email').fill('not-an-address')
    assert.equal(await submit(page, page.getByRole('button', { name: 'Save changes' })), 422)
    const apiRefusal = await call(server, keys.test, 'PATCH', `/v2/customers/${jane.id}`, {
      json: { email: 'not-an-address' },
    })
    assert.equal(await page.locator('#field-email-error').innerText(), apiRefusal.body.detail)
    assert.equal(await page.getByLabel('Email').getAttribute('aria-invalid'), 'true')
    await page.screenshot({ path: `${SCREENSHOTS}/dashboard-edit-refused.png`, fullPage: true })
    await page.getByLabel('Name').fill('Jane Smith')
    await page.getByLabel('Email').fill('jane.smith@example.org')
    await page.getByLabel('Metadata').fill('{"order_id": "5678"}')
    assert.equal(await submit(page, page.getByRole('button', { name: 'Save changes' })), 200)
    assert.equal(new URL(page.url()).pathname, `/dashboard/customers/${jane.id}`)
    assert.equal(await page.getByRole('status').innerText(), 'The customer was saved.')
    assert.equal(await page.locator('h1').innerText(), 'Jane Smith')
    const timeline = await page.locator('.timeline li p').allInnerTexts()
    assert.deepEqual(timeline, ['200 Customer created', '201 Customer updated: name, email, metadata'])
    const withEvents = await call(server, keys.test, 'GET', `/v2/customers/${jane.id}?include=events`)
    assert.deepEqual(
      withEvents.body.events.map((event: { type: number; message: string }) => `${event.type} ${event.message}`),
      timeline,
      'the dashboard shows the events the API records',
    )
    assert.deepEqual(withEvents.body.metadata, { order_id: '5678' })

    // Delete, after a confirmation.
    await page.getByRole('link', { name: 'Delete' }).click()
    assert.match(await page.locator('h1').innerText(), /Delete this customer\?/)
    assert.equal(await submit(page, page.getByRole('button', { name: 'Delete customer' })), 200)
    assert.equal(new URL(page.url()).pathname, '/dashboard/customers')
    assert.equal(await page.getByRole('status').innerText(), 'The customer was deleted.')
    assert.equal((await call(server, keys.test, 'GET', `/v2/customers/${jane.id}`)).status, 404)

    // Create from the list page.
    await page.getByText('Create a customer in test mode').click()
    await page.getByLabel('Name', { exact: true }).fill('Made In Dashboard')
    await page.getByLabel('Email', { exact: true }).fill('made@example.org')
    await page.getByLabel('Locale').selectOption('de_DE')
    assert.equal(await submit(page, page.getByRole('button', { name: 'Create customer' })), 200)
    assert.equal(await page.getByRole('status').innerText(), 'The customer was created.')
    const createdId = new URL(page.url()).pathname.split('/').at(-1)!
    const created = await call(server, keys.test, 'GET', `/v2/customers/${createdId}?include=events`)
    assert.equal(created.status, 200)
    assert.deepEqual(
      [created.body.name, created.body.email, created.body.locale, created.body.metadata, created.body.mode],
      ['Made In Dashboard', 'made@example.org', 'de_DE', null, 'test'],
    )
    assert.deepEqual(created.body.events.map((event: { message: string }) => event.message), ['Customer created'])

    // Phone width: the list becomes cards, nothing overflows sideways.
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`${server.baseUrl}/dashboard/customers`)
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')
    assert.ok(Number(overflow) <= 0, `no horizontal scrolling at phone width (overflow ${overflow}px)`)
    await page.screenshot({ path: `${SCREENSHOTS}/dashboard-list-phone.png` })
    await page.setViewportSize({ width: 1280, height: 800 })

    // Sign out: the session is gone.
    await submit(page, page.getByRole('button', { name: 'Sign out' }))
    assert.equal(await page.getByRole('status').innerText(), 'You have signed out.')
    await page.goto(`${server.baseUrl}/dashboard/customers`)
    assert.equal(new URL(page.url()).pathname, '/dashboard/sign-in')

    assert.deepEqual(outside, [], 'no request left 127.0.0.1')
    assert.deepEqual(cspViolations, [], 'the pages break none of their own Content-Security-Policy')
    await page.context().close()
  })

  test('the mode switch: an access token shows both modes, an API key only its own and says why', async (t) => {
    const server = await startTestServer(t)
    const { keys } = server
    const live = await createCustomer(server, keys.access, { name: 'Live Customer' })
    const testCustomer = await createCustomer(server, keys.test, { name: 'Test Customer' })
    const { page } = await offlinePage(browser())

    await page.goto(`${server.baseUrl}/dashboard/sign-in`)
    await page.getByLabel('API key or organization access token').fill(keys.access)
    await submit(page, page.getByRole('button', { name: 'Sign in' }))
    const names = page.locator('table.customers tbody td[data-label="Name"]')
    assert.deepEqual(await names.allInnerTexts(), ['Test Customer'], 'an access token starts in test mode')
    assert.equal(await page.getByRole('button', { name: 'Test' }).getAttribute('aria-pressed'), 'true')
    await submit(page, page.getByRole('button', { name: 'Live' }))
    assert.deepEqual(await names.allInnerTexts(), ['Live Customer'])
    assert.equal(await page.getByRole('button', { name: 'Live' }).getAttribute('aria-pressed'), 'true')
    // A dashboard link opens a customer of either mode.
    await page.goto(testCustomer._links.dashboard.href)
    assert.equal(await page.locator('h1').innerText(), 'Test Customer')
    await page.context().close()

    const keyed = await offlinePage(browser())
    await keyed.page.goto(`${server.baseUrl}/dashboard/sign-in`)
    await keyed.page.getByLabel('API key or organization access token').fill(keys.test)
    await submit(keyed.page, keyed.page.getByRole('button', { name: 'Sign in' }))
    assert.ok(await keyed.page.getByRole('button', { name: 'Live' }).isDisabled())
    assert.match(await keyed.page.locator('#mode-note').innerText(), /test API key, which works in test mode only/)
    await keyed.page.goto(live._links.dashboard.href)
    assert.equal(await keyed.page.locator('h1').innerText(), 'Customer not found')
    await keyed.page.screenshot({ path: `${SCREENSHOTS}/dashboard-other-mode-not-found.png` })
    await keyed.page.context().close()
  })
})

describe('dashboard security over HTTP', () => {
  test('pages carry a strict Content-Security-Policy and no-store, also on errors and unknown paths', async (t) => {
    const server = await startTestServer(t)
    const client = new DashboardClient(server.baseUrl)
    const signInPage = await client.get('/dashboard/sign-in')
    await client.signIn(server.keys.test)
    const pages = [signInPage, await client.get('/dashboard/customers'), await client.get('/dashboard/no-such-page')]
    for (const page of pages) {
      const csp = page.headers.get('content-security-policy') ?? ''
      for (const directive of [
        "default-src 'none'",
        "style-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
      ]) {
        assert.ok(csp.includes(directive), `CSP has ${directive}: ${csp}`)
      }
      assert.ok(!csp.includes('unsafe'), 'nothing unsafe is allowed')
      assert.ok(!/script-src/.test(csp), 'no script source at all (default-src none)')
      assert.equal(page.headers.get('x-frame-options'), 'DENY')
      assert.equal(page.headers.get('x-content-type-options'), 'nosniff')
      assert.equal(page.headers.get('cache-control'), 'no-store')
      assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8')
      assert.equal(page.headers.get('strict-transport-security'), null)
      assert.ok(!/<script|style=/i.test(page.html), 'no inline script or style')
    }
    assert.equal(pages[2]!.status, 404)
    assert.match(pages[2]!.html, /<h1 id="message-heading">Page not found<\/h1>/)
    const hostile = await client.get('/dashboard/customers/%3Cscript%3Ealert(1)%3C%2Fscript%3E')
    assert.equal(hostile.status, 404)
    assert.ok(hostile.html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the id is shown escaped')
    assert.ok(!hostile.html.includes('<script'))
  })

  test('sign-in sets an HttpOnly, SameSite=Strict session cookie with neither the key nor its hash', async (t) => {
    const server = await startTestServer(t)
    const client = new DashboardClient(server.baseUrl)
    const response = await client.signIn(server.keys.test)
    assert.equal(response.status, 303)
    assert.equal(response.location, '/dashboard/customers')
    const cookie = client.setCookies.find((value) => value.startsWith('clientele_session='))
    assert.ok(cookie, 'a session cookie is set')
    assert.match(cookie, /; HttpOnly/)
    assert.match(cookie, /; SameSite=Strict/)
    assert.match(cookie, /; Path=\/dashboard/)
    const value = decodeURIComponent(cookie.split(';')[0]!.slice('clientele_session='.length))
    const payload = Buffer.from(value.slice(0, value.lastIndexOf('.')), 'base64url').toString('utf8')
    const credential = await server.store.credentials.findByHash(hashKey(server.keys.test))
    assert.deepEqual(Object.keys(JSON.parse(payload)).sort(), ['credentialId', 'expiresAt', 'issuedAt', 'mode', 'organizationId'])
    assert.equal(JSON.parse(payload).credentialId, credential!.id)
    for (const secret of [server.keys.test, hashKey(server.keys.test)]) {
      assert.ok(!client.setCookies.some((header) => header.includes(secret)), 'no cookie carries the key or its hash')
      assert.ok(!response.html.includes(secret) && !response.location?.includes(secret))
    }
    const list = await client.get('/dashboard/customers')
    assert.equal(list.status, 200)
    assert.ok(!list.html.includes(server.keys.test), 'no page shows the key')
  })

  test('an empty, malformed, wrong or revoked key is refused with 401, says which, sets no session, is not written back', async (t) => {
    const server = await startTestServer(t)
    const revoked = await server.store.credentials.findByHash(hashKey(server.keys.live))
    await server.store.credentials.revoke(revoked!.id)
    const cases: Array<[string, RegExp]> = [
      ['', /Enter a key to sign in: an API key \(test_… or live_…\) or an organization access token/],
      ['   ', /Enter a key to sign in/],
      ['not a key <b>', /That is not a key: keys start with test_, live_ or access_/],
      ['test_' + 'a'.repeat(30), /That key was not accepted: it is not a key of any organization here, or it has been revoked/],
      [server.keys.live, /That key was not accepted/],
    ]
    for (const [key, message] of cases) {
      const client = new DashboardClient(server.baseUrl)
      const response = await client.signIn(key)
      assert.equal(response.status, 401, key)
      assert.match(decodeEntities(response.html), message)
      if (key.trim() !== '') assert.ok(!response.html.includes(key), 'the key is not echoed')
      assert.ok(!response.html.includes('&lt;b&gt;'), 'the key is not echoed')
      assert.ok(!client.cookies.has('clientele_session'))
      assert.equal((await client.get('/dashboard/customers')).status, 303)
    }
  })

  test('a form without a valid CSRF token is refused with 403 and changes nothing', async (t) => {
    const server = await startTestServer(t)
    const customer = await createCustomer(server, server.keys.test, { name: 'Unchanged' })

    const anonymous = new DashboardClient(server.baseUrl)
    await anonymous.get('/dashboard/sign-in')
    const noTokenSignIn = await anonymous.request('POST', '/dashboard/sign-in', { key: server.keys.test })
    assert.equal(noTokenSignIn.status, 403)
    assert.ok(!anonymous.cookies.has('clientele_session'), 'no session without a token')

    const client = new DashboardClient(server.baseUrl)
    await client.signIn(server.keys.test)
    const path = `/dashboard/customers/${customer.id}`
    const missing = await client.request('POST', `${path}/edit`, { name: 'Forged' })
    assert.equal(missing.status, 403)
    assert.match(missing.html, /This form has expired/)
    const wrong = await client.request('POST', `${path}/edit`, { _csrf: 'forged-token', name: 'Forged' })
    assert.equal(wrong.status, 403)
    // A token is bound to its session: one made for another credential's session does not pass here.
    const other = new DashboardClient(server.baseUrl)
    await other.signIn(server.keys.access)
    const othersToken = csrfTokenOf((await other.get('/dashboard/customers')).html)
    const borrowed = await client.request('POST', `${path}/edit`, { _csrf: othersToken, name: 'Forged' })
    assert.equal(borrowed.status, 403)
    assert.equal((await client.request('POST', `${path}/delete`, {})).status, 403)
    assert.equal((await client.request('POST', '/dashboard/customers', { name: 'Forged' })).status, 403)
    assert.equal((await client.request('POST', '/dashboard/sign-out', {})).status, 403)

    const stored = await call(server, server.keys.test, 'GET', `/v2/customers/${customer.id}`)
    assert.equal(stored.body.name, 'Unchanged')
    assert.equal((await call(server, server.keys.test, 'GET', '/v2/customers')).body.count, 1)
    assert.equal((await client.get('/dashboard/customers')).status, 200, 'still signed in')
  })

  test('signing out ends the session: a copied cookie stops working too, on every instance', async (t) => {
    const server = await startTestServer(t)
    const client = new DashboardClient(server.baseUrl)
    await client.signIn(server.keys.test)
    const copy = new DashboardClient(server.baseUrl)
    for (const [name, value] of client.cookies) copy.cookies.set(name, value)
    assert.equal((await copy.get('/dashboard/customers')).status, 200, 'the copy works while signed in')
    assert.equal((await client.submit('/dashboard/customers', '/dashboard/sign-out', {})).status, 303)
    const after = await copy.get('/dashboard/customers')
    assert.equal(after.status, 303, 'the copied cookie no longer opens a page')
    assert.match(after.location ?? '', /\/dashboard\/sign-in/)
    await copy.request('POST', '/dashboard/customers', { name: 'After sign-out' })
    assert.equal((await call(server, server.keys.test, 'GET', '/v2/customers')).body.count, 0, 'the copy created nothing')
    // Signing in again starts a new session that works.
    await client.signIn(server.keys.test)
    assert.equal((await client.get('/dashboard/customers')).status, 200)
  })

  test("another organization's customer answers the 404 page and shows nothing of it", async (t) => {
    const server = await startTestServer(t)
    const theirs = await createCustomer(server, server.keys.otherTest, {
      name: 'Their Secret',
      email: 'secret@other.example',
    })
    const client = new DashboardClient(server.baseUrl)
    await client.signIn(server.keys.test)
    for (const suffix of ['', '/edit', '/delete']) {
      const page = await client.get(`/dashboard/customers/${theirs.id}${suffix}`)
      assert.equal(page.status, 404)
      assert.match(page.html, /Customer not found/)
      assert.ok(!page.html.includes('Their Secret') && !page.html.includes('secret@other.example'))
    }
    const path = `/dashboard/customers/${theirs.id}`
    const edit = await client.submit('/dashboard/customers', `${path}/edit`, { name: 'Hijacked' })
    assert.equal(edit.status, 404)
    const remove = await client.submit('/dashboard/customers', `${path}/delete`, {})
    assert.equal(remove.status, 404)
    const stored = await call(server, server.keys.otherTest, 'GET', `/v2/customers/${theirs.id}`)
    assert.equal(stored.body.name, 'Their Secret')
    const list = await client.get('/dashboard/customers?search=secret')
    assert.ok(!list.html.includes(theirs.id))
  })

  test('form fields are refused with the messages the API gives, and metadata that is not JSON says so', async (t) => {
    const server = await startTestServer(t)
    const client = new DashboardClient(server.baseUrl)
    await client.signIn(server.keys.test)
    const cases: [field: string, form: string, api: unknown][] = [
      ['email', 'nope', 'nope'],
      ['locale', 'xx_XX', 'xx_XX'],
      ['name', 'a'.repeat(256), 'a'.repeat(256)],
      ['name', 'tab\there', 'tab\there'],
      ['metadata', JSON.stringify({ blob: 'x'.repeat(1100) }), { blob: 'x'.repeat(1100) }],
      ['metadata', '42', 42],
    ]
    for (const [field, formValue, apiValue] of cases) {
      const page = await client.submit('/dashboard/customers', '/dashboard/customers', { [field]: formValue })
      assert.equal(page.status, 422, `${field}=${formValue.slice(0, 20)}`)
      const api = await call(server, server.keys.test, 'POST', '/v2/customers', { json: { [field]: apiValue } })
      assert.equal(api.status, 422)
      assert.equal(fieldErrorOf(page.html, field), api.body.detail)
    }
    const notJson = await client.submit('/dashboard/customers', '/dashboard/customers', { metadata: '{order: 1' })
    assert.equal(notJson.status, 422)
    assert.match(fieldErrorOf(notJson.html, 'metadata') ?? '', /^The 'metadata' field is not valid JSON \(/)
    assert.match(notJson.html, /<textarea[^>]*>\{order: 1<\/textarea>/, 'what was typed is kept')
    assert.equal((await call(server, server.keys.test, 'GET', '/v2/customers')).body.count, 0, 'nothing was created')
  })

  test('every invalid field of a form is reported at once, each next to its field, and summed up above the form', async (t) => {
    const server = await startTestServer(t)
    const client = new DashboardClient(server.baseUrl)
    await client.signIn(server.keys.test)
    const page = await client.submit('/dashboard/customers', '/dashboard/customers', {
      name: 'Jane',
      email: 'not-an-address',
      locale: 'xx_XX',
      metadata: '{order: 1',
    })
    assert.equal(page.status, 422)
    for (const field of ['email', 'locale', 'metadata']) assert.ok(fieldErrorOf(page.html, field), `${field} has its message`)
    assert.equal(fieldErrorOf(page.html, 'name'), undefined, 'a valid field has none')
    const summary = /<div class="error-summary"[^]*?<\/div>/.exec(page.html)![0]
    for (const field of ['email', 'locale', 'metadata']) assert.match(summary, new RegExp(`href="#field-${field}"`))
    assert.equal((page.html.match(/ autofocus/g) ?? []).length, 1, 'one field gets the focus')
    assert.equal((await call(server, server.keys.test, 'GET', '/v2/customers')).body.count, 0, 'nothing was created')
  })

  test('an edit changes only the fields that were changed, and records the event the API would', async (t) => {
    const server = await startTestServer(t)
    const customer = await createCustomer(server, server.keys.test, { name: '', metadata: ['a', 'b'] })
    const client = new DashboardClient(server.baseUrl)
    await client.signIn(server.keys.test)
    const path = `/dashboard/customers/${customer.id}`
    const form = (await client.get(`${path}/edit`)).html
    const shownMetadata = decodeEntities(/<textarea[^>]*>([^<]*)<\/textarea>/.exec(form)![1]!)
    const saved = await client.request('POST', `${path}/edit`, {
      _csrf: csrfTokenOf(form),
      name: '',
      email: 'new@example.org',
      locale: '',
      metadata: shownMetadata.replace(/\n/g, '\r\n'),
    })
    assert.equal(saved.status, 303)
    assert.equal(saved.location, `${path}?notice=updated`)
    const stored = await call(server, server.keys.test, 'GET', `/v2/customers/${customer.id}?include=events`)
    assert.equal(stored.body.name, '', 'an untouched empty name stays an empty string')
    assert.deepEqual(stored.body.metadata, ['a', 'b'])
    assert.deepEqual(
      stored.body.events.map((event: { message: string }) => event.message),
      ['Customer created', 'Customer updated: email'],
    )
    const emptied = { name: '', email: '', locale: '', metadata: '' }
    const cleared = await client.submit(`${path}/edit`, `${path}/edit`, emptied)
    assert.equal(cleared.status, 303)
    const after = await call(server, server.keys.test, 'GET', `/v2/customers/${customer.id}`)
    assert.deepEqual([after.body.name, after.body.email, after.body.metadata], ['', null, null])
  })

  test('a revoked key ends its sessions, and an altered cookie is no session', async (t) => {
    const server = await startTestServer(t)
    const client = new DashboardClient(server.baseUrl)
    await client.signIn(server.keys.test)
    const cookie = client.cookies.get('clientele_session')!
    const [payload, signature] = [cookie.slice(0, cookie.lastIndexOf('.')), cookie.slice(cookie.lastIndexOf('.'))]
    const other = await server.store.credentials.findByHash(hashKey(server.keys.otherTest))
    const session = JSON.parse(Buffer.from(decodeURIComponent(payload), 'base64url').toString())
    const forged = Buffer.from(JSON.stringify({ ...session, credentialId: other!.id })).toString('base64url')
    const tampered = new DashboardClient(server.baseUrl)
    tampered.cookies.set('clientele_session', `${forged}${signature}`)
    const refused = await tampered.get('/dashboard/customers')
    assert.equal(refused.status, 303)
    assert.equal(refused.location, '/dashboard/sign-in?next=%2Fdashboard%2Fcustomers')

    assert.equal((await client.get('/dashboard/customers')).status, 200)
    const credential = await server.store.credentials.findByHash(hashKey(server.keys.test))
    await server.store.credentials.revoke(credential!.id)
    const after = await client.get('/dashboard/customers')
    assert.equal(after.status, 303)
    assert.equal(after.location, '/dashboard/sign-in?next=%2Fdashboard%2Fcustomers&notice=revoked')
    assert.ok(!client.cookies.has('clientele_session'), 'the dead session cookie is cleared')
    // The sign-in page says why the session ended; an altered cookie (no session to speak of) gets no notice.
    const signIn = await client.get(after.location!)
    assert.match(
      decodeEntities(signIn.html),
      /You were signed out because the key this session signed in with has been revoked\. Sign in with another key/,
    )
    assert.doesNotMatch((await tampered.get(refused.location!)).html, /class="notice"/)
  })

  test('a session that ran out sends to sign-in saying so', async (t) => {
    const server = await startTestServer(t)
    const client = new DashboardClient(server.baseUrl)
    await client.signIn(server.keys.test)
    // The same session, signed with the deployment's secret, but past its expiry.
    const cookie = client.cookies.get('clientele_session')!
    const session = JSON.parse(Buffer.from(decodeURIComponent(cookie.slice(0, cookie.lastIndexOf('.'))), 'base64url').toString())
    const expired = Buffer.from(JSON.stringify({ ...session, expiresAt: Date.now() - 1000 })).toString('base64url')
    const { cookieSecret } = await loadDashboardKeys(server.store.settings)
    client.cookies.set('clientele_session', encodeURIComponent(signCookie(expired, cookieSecret)))
    const after = await client.get('/dashboard/customers?search=x')
    assert.equal(after.status, 303)
    assert.equal(after.location, '/dashboard/sign-in?next=%2Fdashboard%2Fcustomers%3Fsearch%3Dx&notice=expired')
    assert.match((await client.get(after.location!)).html, /Your session ended after 8 hours\. Sign in again to go on\./)
  })

  test('a session and its form tokens work on every instance that shares the database', async (t) => {
    const database = await openTestDatabase(t, 'sqlite')
    const filename = database.databaseUrl!.slice('sqlite:'.length)
    const other = await openTestDatabase(t, 'sqlite', { sqliteFile: filename })
    t.after(() => Promise.all([database.store.close(), other.store.close()]))
    const keys = await createTestKeys(database.store)
    const first = await startInstance(t, database.store)
    const second = await startInstance(t, other.store)
    const customer = await createCustomer(first, keys.test, { name: 'Shared' })
    const client = new DashboardClient(first.baseUrl)
    await client.signIn(keys.test)
    const elsewhere = new DashboardClient(second.baseUrl)
    for (const [name, value] of client.cookies) elsewhere.cookies.set(name, value)
    const page = await elsewhere.get(`/dashboard/customers/${customer.id}`)
    assert.equal(page.status, 200)
    assert.match(page.html, /Shared/)
    const token = csrfTokenOf(page.html)
    const edit = `/dashboard/customers/${customer.id}/edit`
    const saved = await client.request('POST', edit, { _csrf: token, name: 'Saved' })
    assert.equal(saved.status, 303, 'a form token made by one instance is accepted by the other')
    assert.equal((await call(first, keys.test, 'GET', `/v2/customers/${customer.id}`)).body.name, 'Saved')
  })

  test('an API-key session cannot switch mode; an access token can', async (t) => {
    const server = await startTestServer(t)
    const keyed = new DashboardClient(server.baseUrl)
    await keyed.signIn(server.keys.test)
    const refused = await keyed.submit('/dashboard/customers', '/dashboard/mode', { mode: 'live' })
    assert.equal(refused.status, 400)
    assert.match(refused.html, /sign in with an organization access token/)
    const accessed = new DashboardClient(server.baseUrl)
    await accessed.signIn(server.keys.access)
    const switched = await accessed.submit('/dashboard/customers', '/dashboard/mode', { mode: 'live' })
    assert.equal(switched.status, 303)
    assert.match((await accessed.get('/dashboard/customers')).html, /Live mode/)
  })

  test('after sign-in only dashboard paths are followed, so `next` is no open redirect', async (t) => {
    const server = await startTestServer(t)
    const cases = [
      ['/dashboard/customers/cst_abcdefghij', '/dashboard/customers/cst_abcdefghij'],
      ['https://evil.example/', '/dashboard/customers'],
      ['//evil.example/dashboard', '/dashboard/customers'],
      ['/dashboardx', '/dashboard/customers'],
      ['/dashboard/../v2/customers', '/dashboard/customers'],
    ]
    for (const [next, expected] of cases) {
      const client = new DashboardClient(server.baseUrl)
      const response = await client.submit(
        `/dashboard/sign-in?next=${encodeURIComponent(next!)}`,
        '/dashboard/sign-in',
        { key: server.keys.test, next: next! },
      )
      assert.equal(response.location, expected, next)
    }
    const signedOut = await new DashboardClient(server.baseUrl).get('/dashboard/customers/cst_abcdefghij')
    assert.equal(signedOut.location, '/dashboard/sign-in?next=%2Fdashboard%2Fcustomers%2Fcst_abcdefghij')
  })

  test('the dashboard takes its own forms only and stays out of the OpenAPI document', async (t) => {
    const server = await startTestServer(t)
    const client = new DashboardClient(server.baseUrl)
    await client.signIn(server.keys.test)
    const json = await client.request('POST', '/dashboard/customers', { name: 'x' }, 'application/json')
    assert.equal(json.status, 415)
    assert.equal(json.headers.get('content-type'), 'text/html; charset=utf-8')
    const document = await call(server, undefined, 'GET', '/v2/openapi.json')
    const paths = Object.keys(document.body.paths).sort()
    assert.deepEqual(paths, [
      '/_clientele/clock',
      '/_clientele/clock/advance',
      '/_clientele/payments/{paymentId}/status',
      '/customers',
      '/customers/{customerId}',
      '/customers/{customerId}/mandates',
      '/customers/{customerId}/mandates/{mandateId}',
      '/customers/{customerId}/payments',
      '/customers/{customerId}/subscriptions',
      '/customers/{customerId}/subscriptions/{subscriptionId}',
      '/customers/{customerId}/subscriptions/{subscriptionId}/payments',
      '/payments',
      '/payments/{paymentId}',
      '/subscriptions',
    ])
    assert.ok(!paths.some((path) => /dashboard|checkout/.test(path)), 'no page is an API operation')
  })
})
