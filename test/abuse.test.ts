/**
 * What a client can hold or send before it is authenticated is bounded, and every such answer is Mollie's:
 * connections beyond the cap are refused, too many headers are a 431 (never silently dropped), HTTP/1.1 without
 * Host and CONNECT get Mollie-format answers, and an overlong id without a key is a 401 like any unauthenticated
 * request. Bounded loops, loopback only.
 */
import assert from 'node:assert/strict'
import { connect, type Socket } from 'node:net'
import { describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { hashKey } from '../src/domain/keys.js'
import { COSTS, costOf, listedCost } from '../src/http/rate-limit.js'
import { runCli } from './helpers/process.js'
import { exchange, rawRequest } from './helpers/raw-http.js'
import { call, startTestServer, temporaryDirectory } from './helpers/server.js'
import { join } from 'node:path'

function port(baseUrl: string): number {
  return Number(new URL(baseUrl).port)
}

describe('bounded before authentication', () => {
  test('connections beyond the cap are refused at once; the server keeps serving, and serves again when they go', async (t) => {
    const server = await startTestServer(t, { maxConnections: 5 })
    const sockets: Socket[] = []
    const closed = new Set<Socket>()
    for (let i = 0; i < 12; i++) {
      const socket = connect(port(server.baseUrl), '127.0.0.1')
      socket.on('error', () => {})
      socket.on('close', () => closed.add(socket))
      sockets.push(socket)
    }
    await sleep(300)
    assert.ok(closed.size >= 7, `the connections over the cap were closed (${closed.size})`)
    for (const socket of sockets) socket.destroy()
    await sleep(100)
    assert.equal((await call(server, server.keys.test, 'GET', '/v2/customers')).status, 200)
  })

  test('more headers than allowed → 431 in Mollie’s format, even when Authorization comes last', async (t) => {
    const server = await startTestServer(t)
    const fillers = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`X-Filler-${i}`, 'x']))
    const { responses } = await exchange(port(server.baseUrl), [
      rawRequest('GET', '/v2/customers', { ...fillers, Authorization: `Bearer ${server.keys.test}` }),
    ])
    assert.equal(responses[0]?.status, 431)
    const body = JSON.parse(responses[0]!.body)
    assert.equal(body.title, 'Request Header Fields Too Large')
    assert.equal(responses[0]!.headers['content-type'], 'application/hal+json; charset=utf-8')
    const fewer = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`X-Filler-${i}`, 'x']))
    const fine = await exchange(port(server.baseUrl), [rawRequest('GET', '/v2/customers', { ...fewer, Authorization: `Bearer ${server.keys.test}` })])
    assert.equal(fine.responses[0]?.status, 200)
  })

  test('HTTP/1.1 without Host → 400 in Mollie’s format; CONNECT → 405, not a closed socket', async (t) => {
    const server = await startTestServer(t)
    const noHost = await exchange(port(server.baseUrl), [Buffer.from(`GET /v2/customers HTTP/1.1\r\nAuthorization: Bearer ${server.keys.test}\r\n\r\n`)])
    assert.equal(noHost.responses[0]?.status, 400)
    assert.equal(JSON.parse(noHost.responses[0]!.body).detail, 'An HTTP/1.1 request needs a Host header.')
    const tunnel = await exchange(port(server.baseUrl), [Buffer.from('CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n')])
    assert.equal(tunnel.responses[0]?.status, 405)
    assert.equal(JSON.parse(tunnel.responses[0]!.body).title, 'Method Not Allowed')
  })

  test('an overlong id without a key is a 401, like every unauthenticated request; with a key a 404', async (t) => {
    const server = await startTestServer(t)
    const long = `/v2/customers/cst_${'x'.repeat(300)}`
    const anonymous = await call(server, undefined, 'GET', long)
    assert.equal(anonymous.status, 401)
    assert.equal(anonymous.body.title, 'Unauthorized Request')
    assert.equal((await call(server, server.keys.test, 'GET', long)).status, 404)
  })

  test('a malformed or overlong URL under /dashboard gets a page, not the API’s JSON', async (t) => {
    const server = await startTestServer(t)
    for (const path of ['/dashboard/customers/cst_%E0%A4%A', `/dashboard/customers/cst_${'x'.repeat(300)}`]) {
      const response = await fetch(`${server.baseUrl}${path}`)
      assert.ok(response.status === 400 || response.status === 404, path)
      assert.match(response.headers.get('content-type') ?? '', /^text\/html/, path)
    }
  })
})

/** A cookie-keeping dashboard client, enough to sign in and post a form. */
function dashboardClient(baseUrl: string) {
  const cookies = new Map<string, string>()
  const request = async (method: string, path: string, form?: Record<string, string>) => {
    const headers: Record<string, string> = {}
    if (cookies.size > 0) headers.cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ')
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded'
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body: form && new URLSearchParams(form).toString(), redirect: 'manual' })
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';')
      cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1))
    }
    return { status: response.status, headers: response.headers, html: await response.text() }
  }
  const csrf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? assert.fail('a form with a CSRF token')
  return {
    request,
    async signIn(key: string) {
      const page = await request('GET', '/dashboard/sign-in')
      return request('POST', '/dashboard/sign-in', { _csrf: csrf(page.html), key })
    },
    csrf,
  }
}

describe('cost-aware limits', () => {
  test('the costs: a read 1, a write 3, a list page 1 and 1 per 5 items it returned', () => {
    assert.equal(costOf('GET'), COSTS.read)
    assert.equal(costOf('HEAD'), COSTS.read)
    for (const method of ['POST', 'PATCH', 'DELETE']) assert.equal(costOf(method), COSTS.write)
    assert.equal(COSTS.read + listedCost(250), 51, 'a page of 250 costs what about 50 reads cost (bench --abuse)')
    assert.equal(COSTS.read + listedCost(50), 11)
    assert.equal(listedCost(0), 0)
  })

  test('dashboard actions and API calls of one credential draw on one budget; another key is unaffected', async (t) => {
    // 2 units a second: a form (3) is let through on a full budget and leaves it in debt for a second.
    const server = await startTestServer(t, { rateLimitPerSecond: 2 })
    const dashboard = dashboardClient(server.baseUrl)
    assert.equal((await dashboard.signIn(server.keys.test)).status, 303)
    const list = await dashboard.request('GET', '/dashboard/customers')
    assert.equal(list.status, 200)
    await sleep(1100)
    const created = await dashboard.request('POST', '/dashboard/customers', { _csrf: dashboard.csrf(list.html), name: 'From the form' })
    assert.equal(created.status, 303, created.html)
    // The form spent the key's budget: the API says so, in Mollie's format.
    const refused = await call(server, server.keys.test, 'GET', '/v2/customers')
    assert.equal(refused.status, 429)
    assert.match(refused.headers.get('retry-after') ?? '', /^[1-9]\d*$/)
    assert.match(refused.body.detail, /^Too many requests with this key/)
    assert.equal((await call(server, server.keys.otherTest, 'GET', '/v2/customers')).status, 200, 'another key is unaffected')
    await sleep(1600)
    // And the other way round: an API write spends what the dashboard would use.
    assert.equal((await call(server, server.keys.test, 'POST', '/v2/customers', { json: { name: 'From the API' } })).status, 201)
    const page = await dashboard.request('GET', '/dashboard/customers')
    assert.equal(page.status, 429)
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/)
    assert.match(page.headers.get('retry-after') ?? '', /^[1-9]\d*$/)
    assert.match(page.html, /Too many requests with this key/)
  })

  test('a list page costs by the items it returned, payments too; an empty one costs a read', async (t) => {
    const server = await startTestServer(t, { rateLimitPerSecond: 5 })
    const credential = await server.store.credentials.findByHash(hashKey(server.keys.test))
    const tenant = { organizationId: credential!.organizationId, mode: 'test' as const }
    // 20 customers (written past the API, which would charge for them): a page of them costs 1 + 20 / 5 = 5.
    let id = ''
    for (let i = 0; i < 20; i++) id = (await server.store.customers.create(tenant, { name: `Customer ${i}` })).value.id
    const reads = []
    for (let i = 0; i < 4; i++) reads.push((await call(server, server.keys.test, 'GET', '/v2/payments?limit=250')).status)
    assert.deepEqual(reads, [200, 200, 200, 200], 'four empty pages of payments fit in a budget of 5: 1 each')
    await sleep(1100)
    assert.equal((await call(server, server.keys.test, 'GET', '/v2/customers?limit=250')).status, 200)
    const after = await call(server, server.keys.test, 'GET', `/v2/customers/${id}`)
    assert.equal(after.status, 429, 'one page of 20 customers used all 5')
    assert.match(after.body.detail, /^Too many requests with this key/)
  })

  test('refused keys from one address get 429 without a key lookup; a key that works is unaffected', async (t) => {
    const server = await startTestServer(t, { addressLimitPerSecond: 2 })
    assert.equal((await call(server, server.keys.live, 'GET', '/v2/customers')).status, 200)
    const credentials = server.store.credentials as unknown as { findByHash: (hash: string) => Promise<unknown> }
    const original = credentials.findByHash.bind(credentials)
    let lookups = 0
    credentials.findByHash = (hash) => {
      lookups++
      return original(hash)
    }
    const statuses: number[] = []
    for (let i = 0; i < 40; i++) {
      const key = `test_${String(i).padStart(30, 'x')}`
      statuses.push((await call(server, i % 2 ? key : undefined, 'GET', '/v2/customers')).status)
    }
    const refused = statuses.filter((status) => status === 429).length
    // Two refusals a second: the first two are looked up, then (while the flood goes on) none.
    assert.ok(lookups < 6, `lookups stopped (${lookups})`)
    assert.ok(refused >= 34, `the flood was refused before a lookup (${refused})`)
    const limited = await call(server, 'test_unknownunknownunknownunknown', 'GET', '/v2/customers')
    assert.equal(limited.status, 429)
    assert.equal(limited.headers.get('content-type'), 'application/hal+json; charset=utf-8')
    assert.match(limited.headers.get('retry-after') ?? '', /^[1-9]\d*$/)
    assert.match(limited.body.detail, /^Too many refused keys from this address/)
    // A key that worked here lately still gets through from the same address.
    assert.equal((await call(server, server.keys.live, 'GET', '/v2/customers')).status, 200)
    // The dashboard's sign-in draws on the same budget.
    const dashboard = dashboardClient(server.baseUrl)
    assert.equal((await dashboard.signIn('test_unknownunknownunknownunknown')).status, 429)
  })
})

describe('organization names and dashboard sessions', () => {
  test('a 600-character organization name is refused with a clear message: keys create, import', async (t) => {
    const databaseUrl = `sqlite:${join(temporaryDirectory(t), 'names.sqlite')}`
    const created = await runCli(['keys', 'create', '--organization', 'n'.repeat(600), '--mode', 'test', '--database-url', databaseUrl])
    assert.equal(created.code, 1)
    assert.match(created.stderr, /an organization name has at most 100 characters; this one has 600\./)
    const header = JSON.stringify({ type: 'clientele-export', version: 1, exportedAt: '2024-01-01T00:00:00+00:00' })
    const organization = JSON.stringify({ type: 'organization', id: 'org_1234567890', name: 'n'.repeat(600), createdAt: '2024-01-01T00:00:00+00:00' })
    const imported = await runCli(['import', '--database-url', databaseUrl], {}, `${header}\n${organization}\n`)
    assert.equal(imported.code, 1)
    assert.match(imported.stderr, /line 2: organization org_1234567890: an organization name has at most 100 characters; this one has 600/)
    const listed = await runCli(['keys', 'list', '--database-url', databaseUrl])
    assert.doesNotMatch(listed.stdout, /nnnn/)
  })

  test('the session cookie holds the organization id, not its name; sign-in looks the organization up by id', async (t) => {
    const server = await startTestServer(t)
    const organizations = server.store.organizations as unknown as { list: () => Promise<unknown> }
    organizations.list = () => assert.fail('sign-in lists every organization')
    const dashboard = dashboardClient(server.baseUrl)
    const signedIn = await dashboard.request('GET', '/dashboard/sign-in')
    const response = await fetch(`${server.baseUrl}/dashboard/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: signedIn.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ') },
      body: new URLSearchParams({ _csrf: dashboard.csrf(signedIn.html), key: server.keys.test }).toString(),
      redirect: 'manual',
    })
    assert.equal(response.status, 303)
    const session = response.headers.getSetCookie().find((cookie) => cookie.startsWith('clientele_session='))!
    const value = decodeURIComponent(session.split(';')[0]!.slice('clientele_session='.length))
    const payload = JSON.parse(Buffer.from(value.slice(0, value.lastIndexOf('.')), 'base64url').toString('utf8'))
    assert.equal(payload.organizationId, (await server.tenantOf(server.keys.test)).organizationId)
    assert.equal(payload.organizationName, undefined)
  })
})
