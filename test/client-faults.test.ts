/**
 * The client against a misbehaving network. A small HTTP server on 127.0.0.1 stands between the client and a
 * real Clientele server and, request by request, follows a script: pass the request on, pass it on and then
 * lose the answer, cut the connection, hang, or answer something of its own. What the client sent is recorded,
 * so the tests assert attempts and idempotency keys, and Clientele's store says how many customers exist.
 * Waits between attempts are recorded by an injected sleep instead of being slept.
 */
import assert from 'node:assert/strict'
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, test, type TestContext } from 'node:test'
import {
  ApiError,
  createClient,
  NetworkError,
  ResponseValidationError,
  TimeoutError,
  type BackoffOptions,
  type ClientOptions,
} from '../src/client/index.js'
import { parseRetryAfter, RetryPolicy } from '../src/client/retry.js'
import { customerIds, startTestServer, type TestServer } from './helpers/server.js'

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

type Fault =
  | { kind: 'forward' }
  /** Passes the request on, then cuts the connection instead of answering: the write happened, the answer is lost. */
  | { kind: 'forward-then-drop' }
  /** Passes the request on, then answers `status` instead of the real response (a gateway failing late). */
  | { kind: 'forward-then-answer'; status: number }
  /** Cuts the connection before the request reaches Clientele. */
  | { kind: 'drop' }
  | { kind: 'hang' }
  | { kind: 'answer'; status: number; headers?: Record<string, string>; body?: string }

const forward: Fault = { kind: 'forward' }
const forwardThenDrop: Fault = { kind: 'forward-then-drop' }
const drop: Fault = { kind: 'drop' }
const hang: Fault = { kind: 'hang' }
const answer = (status: number, body: unknown = '', headers: Record<string, string> = {}): Fault => ({
  kind: 'answer',
  status,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  headers: typeof body === 'string' ? headers : { 'content-type': 'application/hal+json', ...headers },
})

interface SeenRequest {
  method: string
  url: URL
  headers: IncomingHttpHeaders
  body: string
  /** The Idempotent-Replayed header of Clientele's answer, when the request was passed on. */
  replayed?: string | null
}

interface FaultServer {
  apiUrl: string
  seen: SeenRequest[]
  /** Faults for the coming requests, in order; once used up, requests are passed on. */
  script(...faults: Fault[]): void
}

async function startFaultServer(t: TestContext, upstream?: TestServer): Promise<FaultServer> {
  const seen: SeenRequest[] = []
  const faults: Fault[] = []
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const record: SeenRequest = {
      method: request.method!,
      url: new URL(request.url!, 'http://127.0.0.1'),
      headers: request.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    }
    seen.push(record)
    const fault = faults.shift() ?? forward
    switch (fault.kind) {
      case 'drop':
        return request.socket.destroy()
      case 'hang':
        return
      case 'answer':
        return response.writeHead(fault.status, fault.headers).end(fault.body)
      default: {
        if (!upstream) return response.writeHead(500).end('no upstream for this test')
        const passed = await pass(upstream, record)
        record.replayed = passed.headers.get('idempotent-replayed')
        if (fault.kind === 'forward-then-drop') return request.socket.destroy()
        if (fault.kind === 'forward-then-answer') return sendError(response, fault.status)
        const headers: Record<string, string> = {}
        const contentType = passed.headers.get('content-type')
        if (contentType) headers['content-type'] = contentType
        return response.writeHead(passed.status, headers).end(passed.body)
      }
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  )
  const { port } = server.address() as AddressInfo
  return { apiUrl: `http://127.0.0.1:${port}/v2`, seen, script: (...next) => void faults.push(...next) }
}

async function pass(upstream: TestServer, request: SeenRequest) {
  const headers: Record<string, string> = {}
  for (const name of ['authorization', 'accept', 'content-type', 'idempotency-key']) {
    const value = request.headers[name]
    if (typeof value === 'string') headers[name] = value
  }
  const response = await fetch(`${upstream.baseUrl}${request.url.pathname}${request.url.search}`, {
    method: request.method,
    headers,
    body: request.body === '' ? undefined : request.body,
  })
  return { status: response.status, headers: response.headers, body: await response.text() }
}

function sendError(response: ServerResponse, status: number): void {
  const body = {
    status,
    title: 'Service Unavailable',
    detail: 'Try again later.',
    _links: { documentation: { href: 'https://docs.mollie.com/reference/handling-errors', type: 'text/html' } },
  }
  response.writeHead(status, { 'content-type': 'application/hal+json' }).end(JSON.stringify(body))
}

/** A client whose waits are recorded in `waits` and return at once. */
function faultClient(
  apiUrl: string,
  key: string,
  options: Partial<ClientOptions> & { backoff?: BackoffOptions } = {},
) {
  const waits: number[] = []
  const client = createClient({
    apiKey: key,
    baseUrl: apiUrl,
    ...options,
    backoff: { sleep: async (ms) => void waits.push(ms), ...options.backoff },
  } as ClientOptions)
  return { client, waits }
}

async function storedIds(server: TestServer): Promise<string[]> {
  return customerIds(server.store, await server.tenantOf(server.keys.test))
}

function keysOf(seen: readonly SeenRequest[]): (string | undefined)[] {
  return seen.map((request) => request.headers['idempotency-key'] as string | undefined)
}

describe('retries never duplicate a write', () => {
  test('a create whose response is lost is retried with the same key and makes one customer', async (t) => {
    const server = await startTestServer(t)
    const faults = await startFaultServer(t, server)
    const { client, waits } = faultClient(faults.apiUrl, server.keys.test)
    faults.script(forwardThenDrop)

    const created = await client.customers.create({ name: 'Exactly once' })

    assert.equal(faults.seen.length, 2)
    const [key, retryKey] = keysOf(faults.seen)
    assert.match(key!, UUID_V4)
    assert.equal(retryKey, key)
    assert.deepEqual(
      faults.seen.map((request) => request.replayed),
      [null, 'true'],
      'the retry was answered from the record of the first attempt',
    )
    assert.equal(waits.length, 1)
    assert.deepEqual(await storedIds(server), [created.id])
  })

  test('a create answered 503 after it was executed is retried and answered with the first result', async (t) => {
    const server = await startTestServer(t)
    const faults = await startFaultServer(t, server)
    const { client } = faultClient(faults.apiUrl, server.keys.test)
    faults.script({ kind: 'forward-then-answer', status: 503 })

    const created = await client.customers.create({ name: 'Once' })

    assert.deepEqual(keysOf(faults.seen), [keysOf(faults.seen)[0], keysOf(faults.seen)[0]])
    assert.deepEqual(await storedIds(server), [created.id])
  })

  test('a connection cut before the request arrived is retried and makes one customer', async (t) => {
    const server = await startTestServer(t)
    const faults = await startFaultServer(t, server)
    const { client } = faultClient(faults.apiUrl, server.keys.test)
    faults.script(drop, drop)

    const created = await client.customers.create({ name: 'Third time' })

    assert.equal(faults.seen.length, 3)
    assert.equal(new Set(keysOf(faults.seen)).size, 1)
    assert.deepEqual(await storedIds(server), [created.id])
  })

  test('an update retried twice is executed once, as the customer’s history shows', async (t) => {
    const server = await startTestServer(t)
    const faults = await startFaultServer(t, server)
    const { client } = faultClient(faults.apiUrl, server.keys.test)
    const created = await client.customers.create({ name: 'Before' })
    faults.script({ kind: 'forward-then-answer', status: 503 }, forwardThenDrop)

    const updated = await client.customers.update(created.id, { name: 'After' })

    assert.equal(updated.name, 'After')
    const patches = faults.seen.filter((request) => request.method === 'PATCH')
    assert.equal(patches.length, 3)
    assert.equal(new Set(keysOf(patches)).size, 1)
    const history = await client.customers.get(created.id, { include: 'events' })
    assert.deepEqual(
      history.events.map((event) => event.message),
      ['Customer created', 'Customer updated: name'],
    )
  })

  test('a delete whose response is lost is retried and still answers success, not 404', async (t) => {
    const server = await startTestServer(t)
    const faults = await startFaultServer(t, server)
    const { client } = faultClient(faults.apiUrl, server.keys.test)
    const created = await client.customers.create({ name: 'Doomed' })
    faults.script(forwardThenDrop)

    await client.customers.delete(created.id)

    const deletes = faults.seen.filter((request) => request.method === 'DELETE')
    assert.equal(deletes.length, 2)
    assert.equal(deletes[1]!.headers['idempotency-key'], deletes[0]!.headers['idempotency-key'])
    assert.equal(deletes[1]!.replayed, 'true')
    assert.deepEqual(await storedIds(server), [])
  })

  test('when retries run out, the last error is thrown; every attempt carried the same key', async (t) => {
    const server = await startTestServer(t)
    const faults = await startFaultServer(t, server)
    const { client, waits } = faultClient(faults.apiUrl, server.keys.test, { retries: 2 })
    faults.script(answer(503, 'busy'), answer(502, 'busy'), answer(503, 'still busy'))

    await assert.rejects(client.customers.create({ name: 'Never' }), (error: unknown) => {
      assert.ok(error instanceof ApiError)
      assert.equal(error.status, 503)
      assert.equal(error.body, 'still busy')
      assert.equal(error.request.idempotencyKey, keysOf(faults.seen)[0])
      return true
    })
    assert.equal(faults.seen.length, 3)
    assert.equal(new Set(keysOf(faults.seen)).size, 1)
    assert.equal(waits.length, 2)
    assert.deepEqual(await storedIds(server), [])
  })

  test('separate calls send separate keys; a caller’s idempotencyKey is sent as given', async (t) => {
    const server = await startTestServer(t)
    const faults = await startFaultServer(t, server)
    const { client } = faultClient(faults.apiUrl, server.keys.test)
    await client.customers.create({ name: 'One' })
    await client.customers.create({ name: 'Two' })
    faults.script(forwardThenDrop)
    await client.customers.create({ name: 'Three' }, { idempotencyKey: 'order-1234' })

    const keys = keysOf(faults.seen)
    assert.notEqual(keys[0], keys[1])
    assert.deepEqual(keys.slice(2), ['order-1234', 'order-1234'])
    assert.equal((await storedIds(server)).length, 3)
  })
})

describe('what is retried, and how long the client waits', () => {
  test('a GET is retried after 503 and after a dropped connection, and carries no idempotency key', async (t) => {
    const server = await startTestServer(t)
    const faults = await startFaultServer(t, server)
    const { client } = faultClient(faults.apiUrl, server.keys.test)
    const created = await client.customers.create({ name: 'Read me' })
    faults.script(answer(503), drop)

    const fetched = await client.customers.get(created.id)

    assert.equal(fetched.name, 'Read me')
    const gets = faults.seen.filter((request) => request.method === 'GET')
    assert.equal(gets.length, 3)
    assert.deepEqual(keysOf(gets), [undefined, undefined, undefined])
  })

  test('429 with Retry-After in seconds waits as long as asked, then succeeds', async (t) => {
    const server = await startTestServer(t)
    const faults = await startFaultServer(t, server)
    const { client, waits } = faultClient(faults.apiUrl, server.keys.test)
    faults.script(answer(429, { status: 429, title: 'Too Many Requests', detail: 'Slow down.' }, { 'retry-after': '2' }))

    const created = await client.customers.create({ name: 'Patient' })

    assert.deepEqual(waits, [2000])
    assert.equal(faults.seen.length, 2)
    assert.deepEqual(await storedIds(server), [created.id])
  })

  test('503 with Retry-After as an HTTP date waits until that date', async (t) => {
    const faults = await startFaultServer(t)
    const { client, waits } = faultClient(faults.apiUrl, 'test_key', { retries: 1 })
    const date = new Date(Date.now() + 5000).toUTCString()
    faults.script(answer(503, '', { 'retry-after': date }), answer(503, '', { 'retry-after': date }))

    await assert.rejects(client.customers.list(), { name: 'ApiError', status: 503 })

    assert.equal(waits.length, 1)
    assert.ok(waits[0]! > 3000 && waits[0]! <= 5000, `waited ${waits[0]} ms for a date 4–5 s ahead`)
  })

  test('a Retry-After longer than maxRetryAfterMs ends the call at once, telling how long to wait', async (t) => {
    const faults = await startFaultServer(t)
    const { client, waits } = faultClient(faults.apiUrl, 'test_key', { backoff: { maxRetryAfterMs: 60_000 } })
    faults.script(answer(429, { status: 429, title: 'Too Many Requests', detail: 'Slow down.' }, { 'retry-after': '120' }))

    await assert.rejects(client.customers.create({ name: 'Later' }), (error: unknown) => {
      assert.ok(error instanceof ApiError)
      assert.deepEqual([error.status, error.title, error.detail], [429, 'Too Many Requests', 'Slow down.'])
      assert.equal(error.retryAfterMs, 120_000)
      return true
    })
    assert.equal(faults.seen.length, 1)
    assert.deepEqual(waits, [])
  })

  test('4xx other than 429 is not retried', async (t) => {
    const faults = await startFaultServer(t)
    const { client } = faultClient(faults.apiUrl, 'test_key')
    const body = { status: 422, title: 'Unprocessable Entity', detail: 'Bad email.', field: 'email', _links: {} }
    faults.script(answer(422, body), answer(409, { status: 409, title: 'Conflict', detail: 'No.' }))

    await assert.rejects(client.customers.create({ email: 'x' }), { name: 'ApiError', status: 422, field: 'email' })
    await assert.rejects(client.customers.create({ email: 'x' }), { name: 'ApiError', status: 409 })
    assert.equal(faults.seen.length, 2)
  })

  test('retries: 0 sends each call once', async (t) => {
    const faults = await startFaultServer(t)
    const { client, waits } = faultClient(faults.apiUrl, 'test_key', { retries: 0 })
    faults.script(drop)
    await assert.rejects(client.customers.create(), (error: unknown) => {
      assert.ok(error instanceof NetworkError)
      assert.ok(!(error instanceof TimeoutError))
      assert.match(error.request.idempotencyKey!, UUID_V4)
      return true
    })
    assert.equal(faults.seen.length, 1)
    assert.deepEqual(waits, [])
  })

  test('an attempt that gets no answer within timeoutMs is a TimeoutError, retried like a network failure', async (t) => {
    const faults = await startFaultServer(t)
    const { client } = faultClient(faults.apiUrl, 'test_key', { retries: 1, timeoutMs: 100 })
    faults.script(hang, hang)

    await assert.rejects(client.customers.create({ name: 'Slow' }), (error: unknown) => {
      assert.ok(error instanceof TimeoutError)
      assert.ok(error instanceof NetworkError)
      assert.equal(error.timeoutMs, 100)
      return true
    })
    assert.equal(faults.seen.length, 2)
    assert.equal(new Set(keysOf(faults.seen)).size, 1)
  })

  test('backoff doubles from initialDelayMs up to maxDelayMs; the jitter moves it within its upper half', async (t) => {
    const faults = await startFaultServer(t)
    const busy = Array.from({ length: 5 }, () => answer(503))
    const highest = faultClient(faults.apiUrl, 'test_key', {
      retries: 4,
      backoff: { initialDelayMs: 100, maxDelayMs: 300, random: () => 1 },
    })
    faults.script(...busy)
    await assert.rejects(highest.client.customers.list(), { name: 'ApiError', status: 503 })
    assert.deepEqual(highest.waits, [100, 200, 300, 300])

    const lowest = faultClient(faults.apiUrl, 'test_key', {
      retries: 4,
      backoff: { initialDelayMs: 100, maxDelayMs: 300, random: () => 0 },
    })
    faults.script(...busy)
    await assert.rejects(lowest.client.customers.list(), { name: 'ApiError', status: 503 })
    assert.deepEqual(lowest.waits, [50, 100, 150, 150])
  })

  test('the defaults: three retries, waits from 250–500 ms growing to at most 8 s', () => {
    const policy = new RetryPolicy(3, { random: () => 0.5 })
    const network = { kind: 'network' } as const
    assert.deepEqual(
      [1, 2, 3, 4].map((attempt) => policy.delayAfter(attempt, network)),
      [375, 750, 1500, undefined],
    )
    assert.equal(new RetryPolicy(10, { random: () => 1 }).backoff(10), 8000)
    assert.equal(policy.delayAfter(1, { kind: 'status', status: 404, retryAfterMs: undefined }), undefined)
    assert.equal(policy.delayAfter(1, { kind: 'status', status: 429, retryAfterMs: 10_000 }), 10_000)
    assert.equal(policy.delayAfter(1, { kind: 'status', status: 429, retryAfterMs: 10_001 }), undefined)
  })

  test('Retry-After is read as seconds or as an HTTP date; anything else is ignored', () => {
    const now = Date.parse('2024-03-20T09:13:37Z')
    assert.equal(parseRetryAfter('3', now), 3000)
    assert.equal(parseRetryAfter(' 0 ', now), 0)
    assert.equal(parseRetryAfter('Wed, 20 Mar 2024 09:13:47 GMT', now), 10_000)
    assert.equal(parseRetryAfter('Wed, 20 Mar 2024 09:00:00 GMT', now), 0, 'a date in the past: no wait')
    assert.equal(parseRetryAfter('1.5', now), undefined)
    assert.equal(parseRetryAfter('soon', now), undefined)
    assert.equal(parseRetryAfter(null, now), undefined)
  })

  test('an abort stops the call, retries included', async (t) => {
    const faults = await startFaultServer(t)
    const controller = new AbortController()
    const { client } = faultClient(faults.apiUrl, 'test_key', {
      backoff: {
        sleep: async (_ms, signal) => {
          controller.abort()
          signal?.throwIfAborted()
        },
      },
    })
    faults.script(answer(503), answer(503))

    await assert.rejects(client.customers.list({}, { signal: controller.signal }), { name: 'AbortError' })
    assert.equal(faults.seen.length, 1)
  })
})

describe('responses are validated', () => {
  const customer = (overrides: Record<string, unknown> = {}) => ({
    resource: 'customer',
    id: 'cst_8wmqcHMN4U',
    mode: 'test',
    name: 'Jane',
    email: null,
    locale: null,
    metadata: null,
    createdAt: '2024-03-20T09:13:37+00:00',
    _links: {
      self: { href: 'https://api.example/v2/customers/cst_8wmqcHMN4U', type: 'application/hal+json' },
      dashboard: { href: 'https://example/dashboard', type: 'text/html' },
      documentation: { href: 'https://example/docs', type: 'text/html' },
    },
    ...overrides,
  })
  const list = (customers: unknown[]) => ({
    count: customers.length,
    _embedded: { customers },
    _links: {
      self: { href: 'https://api.example/v2/customers', type: 'application/hal+json' },
      previous: null,
      next: null,
      documentation: { href: 'https://example/docs', type: 'text/html' },
    },
  })

  test('a field of the wrong type fails with ResponseValidationError naming the field', async (t) => {
    const faults = await startFaultServer(t)
    const { client } = faultClient(faults.apiUrl, 'test_key')
    faults.script(answer(201, customer({ name: 42 })))

    await assert.rejects(client.customers.create({ name: 'Jane' }), (error: unknown) => {
      assert.ok(error instanceof ResponseValidationError)
      assert.equal(error.path, 'name')
      assert.equal(
        error.message,
        'Unexpected response to POST /v2/customers (201): name must be string or null (got 42).',
      )
      assert.equal(error.status, 201)
      assert.equal(JSON.parse(error.body).name, 42)
      return true
    })
    assert.equal(faults.seen.length, 1, 'a wrong shape is not retried')
  })

  test('a missing link, a wrong resource and a bad list item are named by their paths', async (t) => {
    const faults = await startFaultServer(t)
    const { client } = faultClient(faults.apiUrl, 'test_key')
    const { self: _self, ...withoutSelf } = customer()._links
    faults.script(
      answer(200, customer({ _links: withoutSelf })),
      answer(200, customer({ resource: 'payment' })),
      answer(200, list([customer(), customer({ mode: 1 })])),
    )

    await assert.rejects(client.customers.get('cst_8wmqcHMN4U'), {
      name: 'ResponseValidationError',
      path: '_links.self',
      message: /: _links\.self is missing\.$/,
    })
    await assert.rejects(client.customers.get('cst_8wmqcHMN4U'), {
      name: 'ResponseValidationError',
      path: 'resource',
      message: /: resource must be "customer" \(got "payment"\)\.$/,
    })
    await assert.rejects(client.customers.list(), {
      name: 'ResponseValidationError',
      path: '_embedded.customers[1].mode',
      message: /_embedded\.customers\[1\]\.mode must be string \(got 1\)/,
    })
  })

  test('events asked for but missing are named', async (t) => {
    const faults = await startFaultServer(t)
    const { client } = faultClient(faults.apiUrl, 'test_key')
    faults.script(answer(200, customer()))
    await assert.rejects(client.customers.get('cst_8wmqcHMN4U', { include: 'events' }), {
      name: 'ResponseValidationError',
      path: 'events',
    })
  })

  test('unknown fields, locales and modes are accepted and kept; list items may lack a documentation link', async (t) => {
    const faults = await startFaultServer(t)
    const { client } = faultClient(faults.apiUrl, 'test_key')
    const { documentation: _documentation, ...withoutDocumentation } = customer()._links
    faults.script(
      answer(200, customer({ locale: 'xx_XX', mode: 'sandbox', newField: { nested: true } })),
      answer(200, list([customer({ _links: withoutDocumentation })])),
    )

    const fetched = await client.customers.get('cst_8wmqcHMN4U')
    assert.equal(fetched.locale, 'xx_XX')
    assert.equal(fetched.mode, 'sandbox')
    assert.deepEqual((fetched as unknown as { newField: unknown }).newField, { nested: true })
    const page = await client.customers.list()
    assert.equal(page.customers[0]!._links.documentation, undefined)
  })

  test('a success that is not JSON is a ResponseValidationError about the body', async (t) => {
    const faults = await startFaultServer(t)
    const { client } = faultClient(faults.apiUrl, 'test_key')
    faults.script(answer(200, '<html>hello</html>', { 'content-type': 'text/html' }), answer(200, ''))
    await assert.rejects(client.customers.get('cst_8wmqcHMN4U'), { path: '(body)', message: /\(body\) is not JSON/ })
    await assert.rejects(client.customers.list(), { path: '(body)', message: /\(body\) is empty/ })
  })

  test('an error that is not in Mollie’s format is still an ApiError, with the status text and the raw body', async (t) => {
    const faults = await startFaultServer(t)
    const { client } = faultClient(faults.apiUrl, 'test_key', { retries: 0 })
    faults.script(answer(502, '<html>Bad gateway</html>', { 'content-type': 'text/html' }))

    await assert.rejects(client.customers.get('cst_8wmqcHMN4U'), (error: unknown) => {
      assert.ok(error instanceof ApiError)
      assert.equal(error.status, 502)
      assert.equal(error.title, 'Bad Gateway')
      assert.equal(error.detail, 'GET /v2/customers/cst_8wmqcHMN4U answered 502 Bad Gateway.')
      assert.equal(error.field, undefined)
      assert.equal(error.body, '<html>Bad gateway</html>')
      assert.equal(error.headers.get('content-type'), 'text/html')
      return true
    })
  })
})
