/**
 * clientele/client against a real Clientele server, imported through the package export as users import it.
 * Retries and malformed responses need a misbehaving server: see client-faults.test.ts.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import {
  ApiError,
  createClient,
  NetworkError,
  type ClientOptions,
  type Customer,
  type CustomerEvent,
  type CustomerListItem,
  type Locale,
} from 'clientele/client'
import { customerIds, startTestServer, type TestServer } from './helpers/server.js'

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const CUSTOMER_KEYS = ['resource', 'id', 'mode', 'name', 'email', 'locale', 'metadata', 'createdAt', '_links']

/** A fetch that records every request it passes on. */
function recordingFetch(): { fetch: typeof fetch; requests: { method: string; url: URL; headers: Headers; body: string | undefined }[] } {
  const requests: { method: string; url: URL; headers: Headers; body: string | undefined }[] = []
  return {
    requests,
    fetch: (input, init) => {
      requests.push({
        method: init?.method ?? 'GET',
        url: new URL(String(input)),
        headers: new Headers(init?.headers),
        body: typeof init?.body === 'string' ? init.body : undefined,
      })
      return fetch(input, init)
    },
  }
}

function clientFor(server: TestServer, key: string, options: Partial<ClientOptions> = {}) {
  return createClient({ apiKey: key, baseUrl: server.apiUrl, ...options } as ClientOptions)
}

async function storedIds(server: TestServer, key: string): Promise<string[]> {
  return customerIds(server.store, await server.tenantOf(key))
}

describe('clientele/client: the customer lifecycle', () => {
  test('create, get, update and delete return the wire objects; the deleted id then answers 404', async (t) => {
    const server = await startTestServer(t)
    const client = clientFor(server, server.keys.test)

    const created = await client.customers.create({
      name: 'Jane Doe',
      email: 'jane@example.org',
      locale: 'nl_NL',
      metadata: { orderId: '1234' },
    })
    assert.deepEqual(Object.keys(created), CUSTOMER_KEYS)
    assert.equal(created.resource, 'customer')
    assert.match(created.id, /^cst_[0-9A-Za-z]{10}$/)
    assert.equal(created.mode, 'test')
    assert.deepEqual(
      [created.name, created.email, created.locale, created.metadata],
      ['Jane Doe', 'jane@example.org', 'nl_NL', { orderId: '1234' }],
    )
    assert.deepEqual(created._links, {
      self: { href: `${server.apiUrl}/customers/${created.id}`, type: 'application/hal+json' },
      dashboard: { href: `${server.baseUrl}/dashboard/customers/${created.id}`, type: 'text/html' },
      documentation: { href: `${server.baseUrl}/docs#create-customer`, type: 'text/html' },
    })

    const fetched = await client.customers.get(created.id)
    assert.deepEqual({ ...fetched, _links: undefined }, { ...created, _links: undefined })
    assert.equal(fetched.events, undefined)

    const updated = await client.customers.update(created.id, { email: 'janet@example.org', locale: null })
    assert.equal(updated.name, 'Jane Doe')
    assert.equal(updated.email, 'janet@example.org')
    assert.equal(updated.locale, null)
    assert.equal(updated.createdAt, created.createdAt)

    assert.equal(await client.customers.delete(created.id), undefined)
    await assert.rejects(client.customers.get(created.id), (error: unknown) => {
      assert.ok(error instanceof ApiError)
      assert.equal(error.status, 404)
      assert.equal(error.title, 'Not Found')
      assert.equal(error.detail, `No customer exists with token ${created.id}.`)
      assert.equal(error.message, error.detail)
      assert.equal(error.field, undefined)
      assert.equal(error.documentationUrl, `${server.baseUrl}/docs#errors`)
      assert.deepEqual(JSON.parse(error.body), {
        status: 404,
        title: 'Not Found',
        detail: `No customer exists with token ${created.id}.`,
        _links: { documentation: { href: `${server.baseUrl}/docs#errors`, type: 'text/html' } },
      })
      assert.equal(error.request.method, 'GET')
      assert.equal(error.request.url, `${server.apiUrl}/customers/${created.id}`)
      return true
    })
    assert.deepEqual(await storedIds(server, server.keys.test), [])
  })

  test('create with no data makes a customer whose fields are all null', async (t) => {
    const server = await startTestServer(t)
    const created = await clientFor(server, server.keys.test).customers.create()
    assert.deepEqual([created.name, created.email, created.locale, created.metadata], [null, null, null, null])
  })

  test('get with include events returns the history, oldest first', async (t) => {
    const server = await startTestServer(t)
    const client = clientFor(server, server.keys.test)
    const created = await client.customers.create({ name: 'A' })
    await client.customers.update(created.id, { name: 'B', email: 'b@example.org' })

    const withEvents = await client.customers.get(created.id, { include: 'events' })
    assert.deepEqual(
      withEvents.events.map(({ resource, type, message }) => ({ resource, type, message })),
      [
        { resource: 'event', type: 200, message: 'Customer created' },
        { resource: 'event', type: 201, message: 'Customer updated: name, email' },
      ],
    )
    assert.deepEqual(withEvents.events[0]!._links, {
      url: { href: `${server.apiUrl}/customers/${created.id}`, type: 'application/hal+json' },
    })
  })

  test('every write carries a fresh UUID v4 Idempotency-Key; GETs carry none', async (t) => {
    const server = await startTestServer(t)
    const recorder = recordingFetch()
    const client = clientFor(server, server.keys.test, { fetch: recorder.fetch })
    const first = await client.customers.create({ name: 'A' })
    await client.customers.create({ name: 'B' })
    await client.customers.get(first.id)
    await client.customers.update(first.id, { name: 'C' })
    await client.customers.delete(first.id)

    const keys = recorder.requests.map((request) => [request.method, request.headers.get('idempotency-key')])
    assert.equal(keys.length, 5)
    for (const [method, key] of keys) {
      if (method === 'GET') assert.equal(key, null)
      else assert.match(key!, UUID_V4)
    }
    assert.equal(new Set(keys.map(([, key]) => key)).size, 5, 'one key per call, none shared')
  })

  test('a write repeated with the caller’s idempotencyKey is executed once and answered the same', async (t) => {
    const server = await startTestServer(t)
    const client = clientFor(server, server.keys.test)
    const first = await client.customers.create({ name: 'Once' }, { idempotencyKey: 'order-1234' })
    const again = await client.customers.create({ name: 'Once' }, { idempotencyKey: 'order-1234' })
    assert.deepEqual(again, first)
    assert.deepEqual(await storedIds(server, server.keys.test), [first.id])
  })
})

describe('clientele/client: lists', () => {
  async function seed(server: TestServer, count: number): Promise<string[]> {
    const client = clientFor(server, server.keys.test)
    const ids: string[] = []
    for (let index = 0; index < count; index++) ids.push((await client.customers.create({ name: `C${index}` })).id)
    return ids
  }

  test('list returns a page; next() and previous() walk the pages and answer undefined past either end', async (t) => {
    const server = await startTestServer(t)
    const created = await seed(server, 5)
    const newestFirst = created.toReversed()
    const client = clientFor(server, server.keys.test)

    const first = await client.customers.list({ limit: 2 })
    assert.equal(first.count, 2)
    assert.deepEqual(first.customers.map((customer) => customer.id), newestFirst.slice(0, 2))
    assert.equal(first.customers, first._embedded.customers)
    assert.equal(first._links.previous, null)
    assert.equal(await first.previous(), undefined)
    assert.deepEqual(Object.keys(first), ['count', '_embedded', '_links'], 'the page is the wire object')
    assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(first))), ['count', '_embedded', '_links'])

    const second = await first.next()
    assert.ok(second)
    assert.deepEqual(second.customers.map((customer) => customer.id), newestFirst.slice(2, 4))
    const third = await second.next()
    assert.ok(third)
    assert.deepEqual(third.customers.map((customer) => customer.id), newestFirst.slice(4))
    assert.equal(third._links.next, null)
    assert.equal(await third.next(), undefined)

    const back = await third.previous()
    assert.deepEqual(back?.customers.map((customer) => customer.id), newestFirst.slice(2, 4))
  })

  test('list passes from, limit and sort, and an unknown from is a 400 ApiError with field from', async (t) => {
    const server = await startTestServer(t)
    const created = await seed(server, 4)
    const client = clientFor(server, server.keys.test)
    const page = await client.customers.list({ from: created[1], limit: 2, sort: 'asc' })
    assert.deepEqual(page.customers.map((customer) => customer.id), created.slice(1, 3))
    assert.equal(new URL(page._links.next!.href).searchParams.get('sort'), 'asc')

    await assert.rejects(client.customers.list({ from: 'cst_doesnotexist' }), (error: unknown) => {
      assert.ok(error instanceof ApiError)
      assert.deepEqual([error.status, error.title, error.detail, error.field], [400, 'Bad Request', 'Invalid cursor value', 'from'])
      return true
    })
  })

  test('iterate yields every customer once, in order, across pages', async (t) => {
    const server = await startTestServer(t)
    const created = await seed(server, 7)
    const client = clientFor(server, server.keys.test)
    const seen: string[] = []
    for await (const customer of client.customers.iterate({ limit: 3, sort: 'asc' })) seen.push(customer.id)
    assert.deepEqual(seen, created)

    const newestFirst: string[] = []
    for await (const customer of client.customers.iterate({ limit: 2 })) newestFirst.push(customer.id)
    assert.deepEqual(newestFirst, created.toReversed())
  })

  test('iterate fetches pages only as the loop reaches them, the largest the API allows by default', async (t) => {
    const server = await startTestServer(t)
    await seed(server, 7)
    const recorder = recordingFetch()
    const client = clientFor(server, server.keys.test, { fetch: recorder.fetch })

    let taken = 0
    for await (const _customer of client.customers.iterate({ limit: 3 })) if (++taken === 4) break
    assert.equal(recorder.requests.length, 2, 'the third page is never asked for')

    recorder.requests.length = 0
    let all = 0
    for await (const _customer of client.customers.iterate()) all++
    assert.equal(all, 7)
    assert.equal(recorder.requests.length, 1)
    assert.equal(recorder.requests[0]!.url.searchParams.get('limit'), '250')
  })

  test('an empty list is a page with count 0 and no next', async (t) => {
    const server = await startTestServer(t)
    const page = await clientFor(server, server.keys.test).customers.list()
    assert.equal(page.count, 0)
    assert.deepEqual(page.customers, [])
    assert.equal(await page.next(), undefined)
  })
})

describe('clientele/client: access tokens and testmode', () => {
  test('with testmode, an access token acts in test mode: testmode in the query on GET, in the body on writes', async (t) => {
    const server = await startTestServer(t)
    const recorder = recordingFetch()
    const client = createClient({
      accessToken: server.keys.access,
      testmode: true,
      baseUrl: server.apiUrl,
      fetch: recorder.fetch,
    })
    const created = await client.customers.create({ name: 'Test mode' })
    assert.equal(created.mode, 'test')
    assert.equal((await client.customers.get(created.id)).name, 'Test mode')
    const page = await client.customers.list({ limit: 1 })
    assert.deepEqual(page.customers.map((customer) => customer.id), [created.id])
    await client.customers.update(created.id, { name: 'Still test' })
    await client.customers.delete(created.id)

    const sent = recorder.requests.map(({ method, url, body }) => ({
      method,
      testmode: url.searchParams.get('testmode'),
      body: body === undefined ? undefined : JSON.parse(body),
    }))
    assert.deepEqual(sent, [
      { method: 'POST', testmode: null, body: { name: 'Test mode', testmode: true } },
      { method: 'GET', testmode: 'true', body: undefined },
      { method: 'GET', testmode: 'true', body: undefined },
      { method: 'PATCH', testmode: null, body: { name: 'Still test', testmode: true } },
      { method: 'DELETE', testmode: null, body: { testmode: true } },
    ])
  })

  test('without testmode an access token acts in live mode and does not see test customers', async (t) => {
    const server = await startTestServer(t)
    const testCustomer = await clientFor(server, server.keys.test).customers.create({ name: 'T' })
    const live = createClient({ accessToken: server.keys.access, baseUrl: server.apiUrl })
    const created = await live.customers.create({ name: 'L' })
    assert.equal(created.mode, 'live')
    await assert.rejects(live.customers.get(testCustomer.id), (error: unknown) => {
      assert.ok(error instanceof ApiError)
      assert.equal(error.status, 404)
      return true
    })
  })
})

describe('clientele/client: errors', () => {
  test('an unknown key is a 401 ApiError with Mollie’s title, and is not retried', async (t) => {
    const server = await startTestServer(t)
    const recorder = recordingFetch()
    const client = clientFor(server, 'test_unknownunknownunknownunknown12', { fetch: recorder.fetch })
    await assert.rejects(client.customers.list(), (error: unknown) => {
      assert.ok(error instanceof ApiError)
      assert.deepEqual(
        [error.status, error.title, error.detail, error.field],
        [401, 'Unauthorized Request', 'Missing authentication, or failed to authenticate', undefined],
      )
      return true
    })
    assert.equal(recorder.requests.length, 1)
  })

  test('an invalid field is a 422 ApiError naming the field, and nothing is written', async (t) => {
    const server = await startTestServer(t)
    const client = clientFor(server, server.keys.test)
    await assert.rejects(client.customers.create({ email: 'not an address' }), (error: unknown) => {
      assert.ok(error instanceof ApiError)
      assert.equal(error.status, 422)
      assert.equal(error.title, 'Unprocessable Entity')
      assert.equal(error.field, 'email')
      assert.match(error.detail, /valid email address/)
      assert.match(error.request.idempotencyKey!, UUID_V4)
      return true
    })
    await assert.rejects(client.customers.create({ locale: 'xx_XX' }), { name: 'ApiError', status: 422, field: 'locale' })
    assert.deepEqual(await storedIds(server, server.keys.test), [])
  })

  test('an update of an unknown customer is a 404 ApiError', async (t) => {
    const server = await startTestServer(t)
    const client = clientFor(server, server.keys.test)
    await assert.rejects(client.customers.update('cst_unknown123', { name: 'X' }), { name: 'ApiError', status: 404 })
    await assert.rejects(client.customers.delete('cst_unknown123'), { name: 'ApiError', status: 404 })
  })

  test('an idempotency key reused for a different request is a 422 ApiError, and the first write stands', async (t) => {
    const server = await startTestServer(t)
    const client = clientFor(server, server.keys.test)
    const first = await client.customers.create({ name: 'A' }, { idempotencyKey: 'reused' })
    await assert.rejects(client.customers.create({ name: 'B' }, { idempotencyKey: 'reused' }), (error: unknown) => {
      assert.ok(error instanceof ApiError)
      assert.equal(error.status, 422)
      assert.match(error.detail, /already used for a different request/)
      assert.equal(error.request.idempotencyKey, 'reused')
      return true
    })
    assert.deepEqual(await storedIds(server, server.keys.test), [first.id])
  })

  test('a body over the server’s limit is a 413 ApiError', async (t) => {
    const server = await startTestServer(t, { bodyLimit: 1024 })
    const client = clientFor(server, server.keys.test)
    await assert.rejects(client.customers.create({ name: 'N'.repeat(255), metadata: 'M'.repeat(1000) }), {
      name: 'ApiError',
      status: 413,
      title: 'Payload Too Large',
    })
  })

  test('another organization’s customer is a 404 ApiError', async (t) => {
    const server = await startTestServer(t)
    const created = await clientFor(server, server.keys.test).customers.create({ name: 'T' })
    const otherOrganization = clientFor(server, server.keys.otherTest)
    await assert.rejects(otherOrganization.customers.get(created.id), { name: 'ApiError', status: 404 })
  })

  test('a server that is not there is a NetworkError, not an ApiError, after the configured retries', async (t) => {
    const server = await startTestServer(t)
    const apiUrl = server.apiUrl
    await server.close()
    const recorder = recordingFetch()
    const waits: number[] = []
    const client = createClient({
      apiKey: server.keys.test,
      baseUrl: apiUrl,
      fetch: recorder.fetch,
      retries: 2,
      backoff: { sleep: async (ms) => void waits.push(ms) },
    })
    await assert.rejects(client.customers.create({ name: 'Nobody home' }), (error: unknown) => {
      assert.ok(error instanceof NetworkError)
      assert.ok(!(error instanceof ApiError))
      assert.match(error.message, /ECONNREFUSED/)
      assert.equal(error.request.method, 'POST')
      return true
    })
    assert.equal(recorder.requests.length, 3)
    assert.equal(waits.length, 2)
    assert.equal(new Set(recorder.requests.map((request) => request.headers.get('idempotency-key'))).size, 1)
  })
})

describe('clientele/client: options and types', () => {
  test('createClient refuses options it cannot work with, saying what to pass', () => {
    const cases: [unknown, RegExp][] = [
      [{}, /apiKey .* or an accessToken .* is required/],
      [{ apiKey: 'test_a', accessToken: 'access_b' }, /either apiKey or accessToken, not both/],
      [{ apiKey: 'test_a', testmode: true }, /testmode is for access tokens only/],
      [{ apiKey: 'test_a', baseUrl: 'http://127.0.0.1:8080' }, /must include the API version, e\.g\. 'http:\/\/127\.0\.0\.1:8080\/v2'/],
      [{ apiKey: 'test_a', baseUrl: 'api.mollie.com/v2' }, /absolute URL/],
      [{ apiKey: 'test_a', baseUrl: 'http://user:secret@127.0.0.1/v2' }, /must not carry credentials/],
      [{ apiKey: 'test_a', timeoutMs: 0 }, /timeoutMs must be a positive number/],
      [{ apiKey: 'test_a', retries: -1 }, /retries must be a whole number/],
    ]
    for (const [options, message] of cases) {
      assert.throws(() => createClient(options as ClientOptions), { name: 'TypeError', message })
    }
    const secretMessage = (() => {
      try {
        createClient({ apiKey: 'test_a', baseUrl: 'http://user:secret@127.0.0.1/v2' })
      } catch (error) {
        return (error as Error).message
      }
    })()
    assert.ok(!secretMessage?.includes('secret'))
  })

  test('the base URL may end in a slash, and defaults to Mollie’s', async (t) => {
    const server = await startTestServer(t)
    const recorder = recordingFetch()
    await clientFor(server, server.keys.test, { baseUrl: `${server.apiUrl}/`, fetch: recorder.fetch }).customers.list()
    assert.equal(recorder.requests[0]!.url.href, `${server.apiUrl}/customers`)

    const nowhere: typeof fetch = async (input) => {
      throw new Error(`would have sent to ${String(input)}`)
    }
    await assert.rejects(createClient({ apiKey: 'test_a', fetch: nowhere, retries: 0 }).customers.list(), {
      name: 'NetworkError',
      message: /https:\/\/api\.mollie\.com\/v2\/customers/,
    })
  })

  test('an empty customer id is refused before anything is sent', async (t) => {
    const server = await startTestServer(t)
    const recorder = recordingFetch()
    const client = clientFor(server, server.keys.test, { fetch: recorder.fetch })
    await assert.rejects(client.customers.get(''), { name: 'TypeError', message: /customer id is required/ })
    await assert.rejects(client.customers.delete(''), { name: 'TypeError' })
    assert.equal(recorder.requests.length, 0)
  })

  test('the types are the wire objects: open locales, nullable fields, and events only when asked for', async (t) => {
    const server = await startTestServer(t)
    const client = clientFor(server, server.keys.test)
    // These lines are checked by `tsc`: a known locale, an unknown one, and null are all a Locale.
    const locales: (Locale | null)[] = ['nl_NL', 'xx_XX', null]
    assert.equal(locales.length, 3)
    // @ts-expect-error name is a string or null
    const wrongName: Parameters<typeof client.customers.create>[0] = { name: 42 }
    assert.ok(wrongName)
    // @ts-expect-error an API key's mode is its prefix: testmode is for access tokens
    assert.throws(() => createClient({ apiKey: 'test_a', testmode: true }))

    const created: Customer = await client.customers.create({ name: 'Typed' })
    // @ts-expect-error events are only there when include: 'events' was asked for
    const notRequested: CustomerEvent[] = (await client.customers.get(created.id)).events
    assert.equal(notRequested, undefined)
    const requested: number = (await client.customers.get(created.id, { include: 'events' })).events.length
    assert.equal(requested, 1)
    // Every Customer is a CustomerListItem, so code written for list items takes both.
    const asListItem: CustomerListItem = created
    assert.equal(asListItem.id, created.id)
  })

  test('the built client loads no server code, and no package but typebox', () => {
    const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist')
    const loaded = new Set<string>()
    const packages = new Set<string>()
    const visit = (file: string) => {
      if (loaded.has(file)) return
      loaded.add(file)
      const source = readFileSync(file, 'utf8')
      // Static import and export-from clauses hold only names, braces, commas and `*`; compiled output has no others.
      const clauses = /^\s*(?:import|export)\s+(?:[\w\s{},*$]*?\s*from\s*)?['"]([^'"]+)['"]/gm
      for (const [, specifier] of source.matchAll(clauses)) {
        if (specifier!.startsWith('.')) visit(join(dirname(file), specifier!))
        else packages.add(specifier!)
      }
    }
    visit(join(dist, 'client', 'index.js'))
    const outside = [...loaded].map((file) => relative(dist, file)).filter((file) => !file.startsWith('client/'))
    // Schemas and the pure predicates they refine with (rules, IBANs, ISO 8601); nothing that runs a server.
    assert.deepEqual(outside.sort(), [
      'domain/events.js',
      'domain/iban.js',
      'domain/iso8601.js',
      'domain/mandate-schemas.js',
      'domain/payment-schemas.js',
      'domain/rules.js',
      'domain/schemas.js',
      'domain/subscription-schemas.js',
      'http/clock-schemas.js',
      'http/mandate-schemas.js',
      'http/payment-schemas.js',
      'http/schemas.js',
      'http/subscription-schemas.js',
    ])
    // typebox/format: rules.ts registers the `email` format the schemas use.
    assert.deepEqual([...packages].sort(), ['typebox', 'typebox/compile', 'typebox/format'])
  })
})
