/**
 * The API reference at /docs: rendered from the served OpenAPI document, complete, anchored where every
 * `_links.documentation` points, and loading with no network beyond 127.0.0.1 (checked in Chromium).
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { EVENT_TYPES } from '../src/domain/events.js'
import { OPERATIONS } from '../src/http/urls.js'
import { SCREENSHOTS, offlinePage, useChromium } from './helpers/browser.js'
import { call, startTestServer, type TestServer } from './helpers/server.js'

const browser = useChromium()

interface Operation {
  operationId: string
  summary: string
}

async function operationsOf(server: TestServer): Promise<Operation[]> {
  const document = await call(server, undefined, 'GET', '/v2/openapi.json')
  assert.equal(document.status, 200)
  return Object.values(document.body.paths as Record<string, Record<string, Operation>>).flatMap((item) =>
    Object.values(item).filter((operation) => operation.operationId !== undefined),
  )
}

async function docsPage(server: TestServer): Promise<{ status: number; headers: Headers; html: string }> {
  const response = await fetch(`${server.baseUrl}/docs`)
  return { status: response.status, headers: response.headers, html: await response.text() }
}

function idsOf(html: string): Set<string> {
  return new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]!))
}

describe('docs', () => {
  test('the page loads with no outside network and shows every operation of the OpenAPI document', async (t) => {
    const server = await startTestServer(t)
    const operations = await operationsOf(server)
    assert.deepEqual(operations.map(({ operationId }) => operationId).sort(), [...OPERATIONS].sort())

    const { context, page, outside, failed, cspViolations } = await offlinePage(browser(), 1280, 900)
    const response = await page.goto(`${server.baseUrl}/docs`, { waitUntil: 'networkidle' })
    assert.equal(response?.status(), 200)

    for (const { operationId, summary } of operations) {
      const section = page.locator(`[id="${operationId}"]`)
      assert.ok(await section.isVisible(), `#${operationId} is shown`)
      assert.equal(await section.locator('h2').innerText(), summary)
    }
    assert.ok(await page.locator('#errors').isVisible())
    const stylesheetApplied = await page.evaluate('getComputedStyle(document.body).backgroundColor')
    assert.equal(stylesheetApplied, 'rgb(245, 246, 248)', 'the local stylesheet is applied')
    await page.screenshot({ path: `${SCREENSHOTS}/docs.png` })

    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`${server.baseUrl}/docs#update-customer`)
    assert.ok(await page.locator('#update-customer').isVisible())
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')
    assert.ok(Number(overflow) <= 0, `no horizontal scrolling at phone width (overflow ${overflow}px)`)
    await page.screenshot({ path: `${SCREENSHOTS}/docs-phone.png` })

    assert.deepEqual(outside, [], 'no request left 127.0.0.1')
    assert.deepEqual(failed, [], 'every resource loaded')
    assert.deepEqual(cspViolations, [])
    await context.close()
  })

  test('every _links.documentation of customers, lists and errors points at an anchor on the page', async (t) => {
    const server = await startTestServer(t)
    const key = server.keys.test
    const created = await call(server, key, 'POST', '/v2/customers', { json: { name: 'Doc' } })
    const id = created.body.id
    const responses = {
      'create-customer': created,
      'list-customers': await call(server, key, 'GET', '/v2/customers'),
      'get-customer': await call(server, key, 'GET', `/v2/customers/${id}`),
      'update-customer': await call(server, key, 'PATCH', `/v2/customers/${id}`, { json: { name: 'Docs' } }),
      errors: await call(server, undefined, 'GET', '/v2/customers'),
    }
    const notFound = await call(server, key, 'GET', '/v2/customers/cst_0000000000')
    const invalid = await call(server, key, 'POST', '/v2/customers', { json: { email: 'nope' } })
    const { html } = await docsPage(server)
    const ids = idsOf(html)
    for (const [anchor, response] of Object.entries(responses)) {
      const href = new URL(response.body._links.documentation.href)
      assert.equal(response.body._links.documentation.type, 'text/html')
      assert.equal(href.origin + href.pathname, `${server.baseUrl}/docs`)
      assert.equal(href.hash, `#${anchor}`)
      assert.ok(ids.has(anchor), `the page has id="${anchor}"`)
    }
    for (const error of [notFound, invalid]) {
      assert.equal(error.body._links.documentation.href, `${server.baseUrl}/docs#errors`)
    }
    // Each customer in a list carries a documentation link too, and every operation has its anchor.
    const listed = responses['list-customers'].body._embedded.customers[0]._links.documentation.href
    assert.ok(ids.has(new URL(listed).hash.slice(1)))
    for (const operation of OPERATIONS) assert.ok(ids.has(operation), `id="${operation}"`)
  })

  test('the page documents parameters, body fields, responses, errors and event types from the document', async (t) => {
    const server = await startTestServer(t)
    const { html } = await docsPage(server)
    const section = (id: string) => {
      const start = html.indexOf(`id="${id}"`)
      return html.slice(start, html.indexOf('</section>', start))
    }
    const list = section('list-customers')
    for (const parameter of ['from', 'limit', 'sort', 'testmode']) {
      assert.match(list, new RegExp(`<code>${parameter}</code>`))
    }
    assert.match(list, /from 1 to 250/)
    assert.match(section('get-customer'), /<code>events\[\]\.type<\/code>/)
    const create = section('create-customer')
    assert.match(create, /<code>application\/x-www-form-urlencoded<\/code>/)
    assert.match(create, /<code>email<\/code>[\s\S]*?string \(email\) \| null[\s\S]*?at most 254 characters/)
    assert.match(create, /<span class="status status-ok">201<\/span> Created/)
    assert.match(create, /-d &quot;name=John Doe&quot;/, 'the example uses the document’s own examples')
    assert.match(section('delete-customer'), /<span class="status status-ok">204<\/span> No Content/)

    const errors = section('errors')
    for (const status of [400, 401, 404, 408, 413, 415, 422, 429, 500, 503]) {
      assert.match(errors, new RegExp(`<span class="status status-error">${status}</span>`), `status ${status}`)
    }
    // Every status says what it means.
    const rows = [...errors.matchAll(/<tr><td><span class="status status-error">(\d+)<\/span>[^<]*<\/td><td>([\s\S]*?)<\/td><\/tr>/g)]
    assert.ok(rows.length >= 10, errors)
    for (const [, status, meaning] of rows) assert.ok(meaning!.trim().length > 20, `status ${status} has a meaning`)
    // The outline starts at the page's h1: no heading comes before it.
    assert.match(html, /^(?:(?!<h[2-6][\s>])[\s\S])*<h1[\s>]/, 'the first heading is the h1')
    for (const field of ['status', 'title', 'detail', 'field', '_links.documentation']) {
      assert.match(errors, new RegExp(`<code>${field}</code>`))
    }
    assert.match(errors, new RegExp(`${server.baseUrl}/docs#errors`.replace(/[.#/:]/g, '\\$&')))
    for (const { code, summary } of Object.values(EVENT_TYPES)) {
      assert.match(section('overview'), new RegExp(`<td>${code}</td>\\s*<td>${summary.replace(/[()]/g, '\\$&')}</td>`))
    }
  })

  test('the page has a strict Content-Security-Policy and links only to this server', async (t) => {
    const server = await startTestServer(t)
    const { status, headers, html } = await docsPage(server)
    assert.equal(status, 200)
    assert.equal(headers.get('content-type'), 'text/html; charset=utf-8')
    const csp = headers.get('content-security-policy') ?? ''
    assert.ok(csp.includes("default-src 'none'") && csp.includes("style-src 'self'") && !csp.includes('unsafe'), csp)
    assert.ok(!/<script|style=/i.test(html), 'no inline script or style')
    const resources = [...html.matchAll(/<(?:link|img|script)\b[^>]*\b(?:href|src)="([^"]+)"/g)].map(
      (match) => match[1]!,
    )
    assert.ok(resources.length > 0)
    for (const resource of resources) assert.match(resource, /^\//, `${resource} is served by Clientele`)
    const stylesheet = await fetch(`${server.baseUrl}${resources[0]}`)
    assert.equal(stylesheet.status, 200)
    assert.equal(stylesheet.headers.get('content-type'), 'text/css; charset=utf-8')
    const missing = await fetch(`${server.baseUrl}/docs/nothing-here`)
    assert.equal(missing.status, 404)
    assert.match(missing.headers.get('content-type') ?? '', /^text\/html/)
  })
})
