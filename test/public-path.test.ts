/**
 * A deployment under a path: PUBLIC_URL is `http://127.0.0.1:PORT/clientele` and a small proxy in this file (as a
 * real one would) forwards `/clientele/*` to Clientele with the prefix stripped, and answers 404 for anything
 * else. Every URL the dashboard and the docs emit (links, form actions, redirects, stylesheet, icon, cookie path)
 * must stay under the prefix: a root-absolute one would reach the proxy's 404.
 */
import assert from 'node:assert/strict'
import { createServer, request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, test, type TestContext } from 'node:test'
import { buildApp } from '../src/app.js'
import { SCREENSHOTS, offlinePage, useChromium } from './helpers/browser.js'
import { openTestDatabase } from './helpers/databases.js'
import { call, createTestKeys, TEST_STORE, type TestKeys } from './helpers/server.js'

const PREFIX = '/clientele'

const browser = useChromium()

interface PrefixedServer {
  /** The proxy's origin, `http://127.0.0.1:PORT`. */
  origin: string
  /** PUBLIC_URL: origin + /clientele. */
  publicUrl: string
  keys: TestKeys
  /** Paths the proxy refused because they were outside the prefix. */
  outsidePrefix: string[]
}

/**
 * A proxy on any free port of 127.0.0.1 that maps `/clientele/*` to the port `target` gives (prefix stripped) and
 * 404s the rest; resolves to its port. It listens before the app, whose PUBLIC_URL names the proxy's port.
 */
async function startPrefixProxy(t: TestContext, target: () => number, outsidePrefix: string[]) {
  const proxy = createServer((incoming, outgoing) => {
    const url = incoming.url ?? '/'
    if (url !== PREFIX && !url.startsWith(`${PREFIX}/`) && !url.startsWith(`${PREFIX}?`)) {
      outsidePrefix.push(url)
      outgoing.writeHead(404, { 'content-type': 'text/plain' }).end('not under /clientele')
      return
    }
    const forwarded = httpRequest(
      {
        host: '127.0.0.1',
        port: target(),
        method: incoming.method,
        path: url.slice(PREFIX.length) || '/',
        headers: { ...incoming.headers, 'x-forwarded-prefix': PREFIX },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(outgoing)
      },
    )
    forwarded.on('error', () => outgoing.destroy())
    incoming.pipe(forwarded)
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  t.after(
    () =>
      new Promise<void>((resolve) => {
        proxy.closeAllConnections()
        proxy.close(() => resolve())
      }),
  )
  return (proxy.address() as AddressInfo).port
}

async function startPrefixed(t: TestContext): Promise<PrefixedServer> {
  const { store } = await openTestDatabase(t, TEST_STORE)
  const keys = await createTestKeys(store)
  const outsidePrefix: string[] = []
  let appPort = 0
  const proxyPort = await startPrefixProxy(t, () => appPort, outsidePrefix)
  const origin = `http://127.0.0.1:${proxyPort}`
  const publicUrl = `${origin}${PREFIX}`
  const app = await buildApp({ store, publicUrl, credentialCacheMs: 0 })
  await app.listen({ port: 0, host: '127.0.0.1' })
  appPort = (app.server.address() as AddressInfo).port
  t.after(async () => {
    await app.close()
    await store.close()
  })
  return { origin, publicUrl, keys, outsidePrefix }
}

/** Every href, src and action of a page. */
function urlsOf(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src|action)="([^"]*)"/g)].map((match) => match[1]!.replace(/&amp;/g, '&'))
}

/** A URL a page may emit: under the prefix (root-absolute or on the public origin), or a fragment. */
function assertUnderPrefix(server: PrefixedServer, urls: string[], where: string): void {
  for (const url of urls) {
    if (url.startsWith('#')) continue
    const path = url.startsWith(server.origin) ? url.slice(server.origin.length) : url
    assert.ok(path.startsWith(`${PREFIX}/`), `${where}: ${url} is outside ${PREFIX}`)
  }
}

describe('a deployment under a path (PUBLIC_URL with a path, behind a prefix proxy)', () => {
  test('redirects, links, forms, assets and cookies of the dashboard and docs stay under the path', async (t) => {
    const server = await startPrefixed(t)
    const cookies = new Map<string, string>()
    const get = async (path: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers)
      if (cookies.size > 0) headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '))
      const response = await fetch(`${server.origin}${path}`, { ...init, headers, redirect: 'manual' })
      for (const cookie of response.headers.getSetCookie()) {
        assert.match(cookie, new RegExp(`; Path=${PREFIX}/dashboard(;|$)`), cookie)
        const pair = cookie.split(';')[0]!
        cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1))
      }
      return { response, html: await response.text() }
    }

    const root = await get(`${PREFIX}/dashboard`)
    assert.equal(root.response.status, 303)
    assert.equal(root.response.headers.get('location'), `${PREFIX}/dashboard/sign-in?next=%2Fdashboard`)
    const bounced = await get(`${PREFIX}/dashboard/customers`)
    assert.equal(bounced.response.headers.get('location'), `${PREFIX}/dashboard/sign-in?next=%2Fdashboard%2Fcustomers`)
    const signInPage = await get(bounced.response.headers.get('location')!)
    assert.equal(signInPage.response.status, 200)
    assertUnderPrefix(server, urlsOf(signInPage.html), 'sign-in page')

    const token = /name="_csrf" value="([^"]+)"/.exec(signInPage.html)![1]!
    const signedIn: { response: Response } = await get(`${PREFIX}/dashboard/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: token, key: server.keys.test, next: '/dashboard/customers' }).toString(),
    })
    assert.equal(signedIn.response.status, 303)
    assert.equal(signedIn.response.headers.get('location'), `${PREFIX}/dashboard/customers`)
    const home = await get(`${PREFIX}/dashboard`)
    assert.equal(home.response.headers.get('location'), `${PREFIX}/dashboard/customers`)

    const created = await call({ baseUrl: server.origin }, server.keys.test, 'POST', `${PREFIX}/v2/customers`, {
      json: { name: 'Under A Path', email: 'path@example.org' },
    })
    assert.equal(created.status, 201)
    assert.equal(created.body._links.dashboard.href, `${server.publicUrl}/dashboard/customers/${created.body.id}`)
    for (const path of [
      `${PREFIX}/dashboard/customers`,
      `${PREFIX}/dashboard/customers/${created.body.id}`,
      `${PREFIX}/dashboard/customers/${created.body.id}/edit`,
      `${PREFIX}/dashboard/customers/${created.body.id}/delete`,
      `${PREFIX}/dashboard/no-such-page`,
      `${PREFIX}/docs`,
      `${PREFIX}/docs/no-such-page`,
    ]) {
      const page = await get(path)
      assert.ok(page.response.status === 200 || page.response.status === 404, `${path}: ${page.response.status}`)
      const urls = urlsOf(page.html)
      assert.ok(urls.length > 0, path)
      assertUnderPrefix(server, urls, path)
    }
    // Each asset a page names is there, through the proxy.
    const list = await get(`${PREFIX}/dashboard/customers`)
    const docs = await get(`${PREFIX}/docs`)
    for (const asset of urlsOf(list.html + docs.html).filter((url) => /\/assets\//.test(url))) {
      assert.equal((await get(asset)).response.status, 200, asset)
    }
    assert.deepEqual(server.outsidePrefix, [])
  })

  test('in a browser: sign in, open a customer, edit it, switch pages and sign out without leaving the path', async (t) => {
    const server = await startPrefixed(t)
    for (let index = 1; index <= 27; index++) {
      const created = await call({ baseUrl: server.origin }, server.keys.access, 'POST', `${PREFIX}/v2/customers`, {
        json: { name: `Prefixed ${index}`, email: `prefixed${index}@example.org`, testmode: true },
      })
      assert.equal(created.status, 201)
    }
    const { page, outside, failed, cspViolations } = await offlinePage(browser())
    const landed: string[] = []
    page.on('response', (response) => {
      if (response.status() >= 400) landed.push(`${response.status()} ${response.url()}`)
    })
    await page.goto(`${server.publicUrl}/dashboard`)
    assert.equal(new URL(page.url()).pathname, `${PREFIX}/dashboard/sign-in`)
    await page.getByLabel('API key or organization access token').fill(server.keys.access)
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()])
    assert.equal(new URL(page.url()).pathname, `${PREFIX}/dashboard/customers`)
    // The stylesheet applied: the header's bar is a flex row.
    assert.equal(await page.evaluate(`getComputedStyle(document.querySelector('.bar')).display`), 'flex')

    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Older →' }).click()])
    assert.equal(new URL(page.url()).pathname, `${PREFIX}/dashboard/customers`)
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Prefixed 1', exact: true }).click()])
    assert.match(new URL(page.url()).pathname, new RegExp(`^${PREFIX}/dashboard/customers/cst_`))
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Edit' }).click()])
    await page.getByLabel('Name').fill('Edited Under A Path')
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save changes' }).click()])
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Edited Under A Path')
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Live' }).click()])
    assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /live mode/i)
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'API docs' }).click()])
    assert.equal(new URL(page.url()).pathname, `${PREFIX}/docs`)
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Dashboard' }).click()])
    await page.screenshot({ path: `${SCREENSHOTS}/public-path-list.png`, fullPage: true })
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign out' }).click()])
    assert.equal(new URL(page.url()).pathname, `${PREFIX}/dashboard/sign-in`)
    assert.match(await page.getByRole('status').innerText(), /You have signed out/)

    assert.deepEqual(server.outsidePrefix, [], 'no request left the path')
    assert.deepEqual(landed, [], 'no page or asset answered an error')
    assert.deepEqual([outside, failed, cspViolations], [[], [], []])
  })
})
