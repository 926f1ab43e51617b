/**
 * Fuzzing: property-based tests (fast-check) over bodies, query strings, headers, paths and raw HTTP. Every
 * answer must be a correct 2xx or a 4xx in Mollie's error format: never a 5xx, never a crash, never a record
 * stored from a refused request. The seed is fixed so that CI is reproducible; FUZZ_SEED and FUZZ_RUNS (the total
 * number of cases, 10,500 by default) override it. The bugs the fuzzing found (all fixed) are reproduced one by
 * one at the end of this file.
 */
import assert from 'node:assert/strict'
import { after, describe, test, type TestContext } from 'node:test'
import fc from 'fast-check'
import type { Tenant } from '../src/store/store.js'
import {
  acceptCase,
  acceptEncodingCase,
  authorizationCase,
  contentTypeCase,
  formBody,
  idempotencyKeyCase,
  jsonBody,
  keyMutation,
  pathCase,
  percentEncode,
  queryCase,
  type IdReference,
  type PathCase,
  type QueryCase,
  type WireBody,
} from './helpers/fuzz-arbitraries.js'
import { count, FUZZ_RUNS, newFigures, runProperty, summary } from './helpers/fuzz-figures.js'
import {
  assertCustomerBody,
  assertMollieError,
  assertOneOf,
  HAL,
  rawExchange,
  send,
  sendRaw,
  storedFields,
  type Answer,
  type RawResponse,
} from './helpers/fuzz-http.js'
import {
  BODY_LIMIT,
  CUSTOMER_FIELDS,
  EMPTY_CUSTOMER,
  expectCreateRequest,
  expectQuery,
  expectReadBody,
  expectUpdate,
  hasMalformedEscape,
  ID_LENGTH_LIMIT,
  isObjectBody,
  isRead,
  overlongId,
  parseQuery,
  QUERY_NAMES,
  readBody,
  withUnknownQuery,
  type CustomerState,
  type Outcome,
} from './helpers/fuzz-model.js'
import { rawCase, renderRaw, type RawCase } from './helpers/fuzz-raw.js'
import { customerIds, startTestServer, type TestServer } from './helpers/server.js'

/** Each property's share of the cases. */
const SHARES = { create: 3200, form: 1300, update: 1400, query: 1500, path: 1000, headers: 1500, raw: 600 }
const TOTAL_SHARES = Object.values(SHARES).reduce((sum, share) => sum + share, 0)
const runsOf = (property: keyof typeof SHARES) => Math.max(1, Math.round((FUZZ_RUNS * SHARES[property]) / TOTAL_SHARES))

/** How often the stored ids are compared with the accepted ones, on top of the row counts checked every case. */
const AUDIT_EVERY = 250

interface WriteCounts {
  customers: number
  events: number
  records: number
}

/** Rows in every table a request can write, across all tenants: a refused request must change none of them. */
async function writeCounts(server: TestServer): Promise<WriteCounts> {
  const [row] = await server.rows(
    'select (select count(*) from customers) as customers, (select count(*) from customer_events) as events, ' +
      '(select count(*) from idempotency_records) as records',
  )
  return { customers: Number(row!.customers), events: Number(row!.events), records: Number(row!.records) }
}

function authorized(server: TestServer, headers: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${server.keys.test}`, ...headers }
}

function json(value: unknown): Uint8Array {
  return new Uint8Array(Buffer.from(JSON.stringify(value)))
}

/** Asserts that the tenant's stored customers are exactly the ones whose creation was answered 201. */
async function auditStoredIds(server: TestServer, tenant: Tenant, accepted: Iterable<string>): Promise<void> {
  const stored = (await customerIds(server.store, tenant)).sort()
  assert.deepEqual(stored, [...accepted].sort(), 'stored customers are exactly the accepted ones')
}

/** Creates a customer through the API, as a fixture. */
async function createCustomer(server: TestServer, fields: Partial<CustomerState>): Promise<{ id: string; state: CustomerState }> {
  const headers = authorized(server, { 'content-type': 'application/json' })
  const answer = await send(server.baseUrl, { method: 'POST', path: '/v2/customers', headers, body: json(fields) })
  assert.equal(answer.status, 201, answer.text)
  return { id: answer.body.id, state: storedFields(answer.body) }
}

/**
 * Judges a create's answer against the expected outcomes and against what was written; returns the new
 * customer's id when one was created.
 */
async function judgeCreate(
  server: TestServer,
  tenant: Tenant,
  answer: Answer,
  outcomes: readonly Outcome[],
  writes: { before: WriteCounts; after: WriteCounts; withKey: boolean },
): Promise<string | undefined> {
  const outcome = assertOneOf(answer, outcomes, server.baseUrl)
  if (outcome.status !== 201) {
    assert.deepEqual(writes.after, writes.before, 'a refused request stores nothing')
    return undefined
  }
  assert.equal(answer.headers.get('content-type'), HAL)
  assertCustomerBody(answer.body, server.baseUrl, outcome.fields, 'create-customer')
  const stored = await server.store.customers.get(tenant, answer.body.id)
  assert.ok(stored, 'the created customer is stored')
  assert.deepStrictEqual(storedFields(stored), outcome.fields, 'what is stored is what was answered')
  assert.deepEqual(writes.after, {
    customers: writes.before.customers + 1,
    events: writes.before.events + 1,
    records: writes.before.records + (writes.withKey ? 1 : 0),
  })
  return answer.body.id as string
}

/**
 * POSTs generated bodies to /v2/customers and judges each answer (see judgeCreate); every accepted id is checked
 * against the store, now and then along the way and all of them at the end.
 */
async function fuzzCreates(
  t: TestContext,
  options: {
    label: string
    runs: number
    seed: number
    body: fc.Arbitrary<WireBody>
    /** `undefined`: no Content-Type at all (mollie-api-py). */
    contentType: fc.Arbitrary<string | undefined>
    keyPrefix: string
  },
): Promise<void> {
  const server = await startTestServer(t)
  const tenant = await server.tenantOf(server.keys.test)
  const figures = newFigures(options.label)
  const accepted: string[] = []
  let sequence = 0
  // The key makes the server fingerprint the whole body, however odd; replays are the header property's.
  const createCase = fc.record({ body: options.body, contentType: options.contentType, withKey: fc.boolean() })
  await runProperty(figures, options.runs, options.seed, createCase, async ({ body, contentType, withKey }) => {
    const headers = authorized(server, contentType === undefined ? {} : { 'content-type': contentType })
    if (withKey) headers['idempotency-key'] = `${options.keyPrefix}-${sequence++}`
    const before = await writeCounts(server)
    const answer = await send(server.baseUrl, { method: 'POST', path: '/v2/customers', headers, body: body.bytes })
    const after = await writeCounts(server)
    count(figures.statuses, answer.status)
    const id = await judgeCreate(server, tenant, answer, expectCreateRequest(contentType, body.bytes), { before, after, withKey })
    if (id) accepted.push(id)
    if (id && accepted.length % AUDIT_EVERY === 0) await auditStoredIds(server, tenant, accepted)
  })
  await auditStoredIds(server, tenant, accepted)
}

describe('fuzz', () => {
  after(() => {
    console.log(summary())
  })

  test('create with JSON bodies: 201 with exactly what was sent, or a 4xx in Mollie’s format that stores nothing', async (t) => {
    const contentType = fc.oneof(
      { arbitrary: fc.constantFrom('application/json', 'application/json', 'application/hal+json', 'application/json; charset=utf-8'), weight: 8 },
      // No Content-Type: read as JSON when it looks like JSON, else as a form. A charset other than UTF-8: 400.
      { arbitrary: fc.constant(undefined), weight: 2 },
      { arbitrary: fc.constantFrom('application/json;charset="UTF8"', 'application/json; charset=latin1', 'application/json; charset=utf-16'), weight: 1 },
    )
    await fuzzCreates(t, { label: 'create (JSON)', runs: runsOf('create'), seed: 1, body: jsonBody, contentType, keyPrefix: 'fuzz-create' })
  })

  test('create with form bodies: brackets, repeats and broken escapes read as qs reads them, or refused in Mollie’s format', async (t) => {
    const contentType = fc.oneof(
      {
        arbitrary: fc.constantFrom(
          'application/x-www-form-urlencoded',
          'application/x-www-form-urlencoded; charset=utf-8',
          'Application/X-WWW-Form-URLEncoded',
        ),
        weight: 8,
      },
      { arbitrary: fc.constant(undefined), weight: 2 },
      { arbitrary: fc.constantFrom('application/x-www-form-urlencoded; charset=iso-8859-1', 'application/x-www-form-urlencoded; charset='), weight: 1 },
    )
    await fuzzCreates(t, { label: 'create (form)', runs: runsOf('form'), seed: 2, body: formBody, contentType, keyPrefix: 'fuzz-form' })
  })

  test('update: a refused PATCH leaves the customer and its history as they were; an accepted one changes what it names', async (t) => {
    const server = await startTestServer(t)
    const tenant = await server.tenantOf(server.keys.test)
    const figures = newFigures('update')
    const states = new Map<string, CustomerState>()
    const live: string[] = []
    for (const name of ['Jane Doe', 'Zoë Ærø', '李小龍']) {
      const { id, state } = await createCustomer(server, { name, email: 'jane@example.org', locale: 'nl_NL', metadata: { order: 1 } })
      states.set(id, state)
      live.push(id)
    }
    const { id: deletedId } = await createCustomer(server, {})
    await send(server.baseUrl, { method: 'DELETE', path: `/v2/customers/${deletedId}`, headers: authorized(server) })

    const updateCase = fc.record({
      target: fc.oneof(
        { arbitrary: fc.nat().map((index) => ({ kind: 'live' as const, index })), weight: 9 },
        { arbitrary: fc.constantFrom({ kind: 'deleted' as const }, { kind: 'unknown' as const }), weight: 1 },
      ),
      body: fc.oneof(
        { arbitrary: jsonBody.map((body) => ({ bytes: body.bytes, form: false })), weight: 6 },
        { arbitrary: formBody.map((body) => ({ bytes: body.bytes, form: true })), weight: 2 },
        // The customer's own values sent back: a no-op, which must record no event.
        { arbitrary: fc.subarray([...CUSTOMER_FIELDS]).map((echo) => ({ echo, form: false })), weight: 2 },
      ),
      // Sometimes no Content-Type at all: the body is then read by its looks.
      typed: fc.constantFrom(true, true, true, true, false),
      // Writes take no query parameter: testmode belongs in their body.
      query: fc.oneof(
        { arbitrary: fc.constant(''), weight: 6 },
        { arbitrary: fc.constantFrom('?testmode=true', '?testmode=false', '?include=events', '?x=%ZZ', '?Name=x', '?'), weight: 1 },
      ),
    })
    await runProperty(figures, runsOf('update'), 3, updateCase, async ({ target, body, typed, query }) => {
      const id = target.kind === 'live' ? live[target.index % live.length]! : target.kind === 'deleted' ? deletedId : 'cst_unknown000'
      const current = states.get(id)
      const bytes = 'echo' in body ? json(Object.fromEntries(body.echo.map((field) => [field, current?.[field] ?? null]))) : body.bytes
      const history = async () => (current ? (await server.store.customers.events(tenant, id))! : [])
      const eventsBefore = (await history()).length
      const before = await writeCounts(server)
      const contentType = !typed ? undefined : body.form ? 'application/x-www-form-urlencoded' : 'application/json'
      const answer = await send(server.baseUrl, {
        method: 'PATCH',
        path: `/v2/customers/${id}${query}`,
        headers: authorized(server, contentType === undefined ? {} : { 'content-type': contentType }),
        body: bytes,
      })
      const after = await writeCounts(server)
      const stored = current && storedFields((await server.store.customers.get(tenant, id))!)
      const events = await history()
      const eventsAfter = events.length
      count(figures.statuses, answer.status)

      const reading = bytes.byteLength > BODY_LIMIT ? { status: 413 as const } : readBody(contentType, bytes)
      const outcomes = withUnknownQuery(
        isRead(reading) ? expectUpdate(reading, current) : [reading],
        expectQuery(parseQuery(query.slice(1)), QUERY_NAMES.write),
      )
      const outcome = assertOneOf(answer, outcomes, server.baseUrl)
      if (!('fields' in outcome)) {
        assert.deepEqual(after, before, 'a refused update writes nothing')
        if (current) {
          assert.deepStrictEqual(stored, current, 'a refused update leaves the customer as it was')
          assert.equal(eventsAfter, eventsBefore, 'a refused update records no event')
        }
        return
      }
      assertCustomerBody(answer.body, server.baseUrl, outcome.fields, 'update-customer')
      assert.equal(answer.body.id, id)
      assert.deepStrictEqual(stored, outcome.fields, 'what is stored is what was answered')
      const changed = CUSTOMER_FIELDS.filter((field) => !isDeepEqual(outcome.fields[field], current![field]))
      // The same object with its keys in another order may count as a change or not; both are defensible.
      const reordered = CUSTOMER_FIELDS.filter((field) => {
        const [next, previous] = [outcome.fields[field], current![field]]
        return isDeepEqual(next, previous) && JSON.stringify(next) !== JSON.stringify(previous)
      })
      const allowed = changed.length > 0 ? [eventsBefore + 1] : reordered.length > 0 ? [eventsBefore, eventsBefore + 1] : [eventsBefore]
      assert.ok(allowed.includes(eventsAfter), `one event when something changed, else none (changed: ${changed.join(', ') || 'nothing'})`)
      if (eventsAfter > eventsBefore) {
        // The event names the changed fields, in the customer object's order, and never their values.
        const named = CUSTOMER_FIELDS.filter((field) => changed.includes(field) || reordered.includes(field))
        const { type, message } = events.at(-1)!
        assert.equal(type, 201)
        assert.ok([`Customer updated: ${changed.join(', ')}`, `Customer updated: ${named.join(', ')}`].includes(message), message)
      }
      assert.deepEqual(after, { ...before, events: before.events + eventsAfter - eventsBefore })
      states.set(id, outcome.fields)
    })
  })

  test('query strings: list and get answer 200 with the right page or customer, 400 naming a bad value, 422 an unknown name or a body', async (t) => {
    const server = await startTestServer(t)
    const tenant = await server.tenantOf(server.keys.test)
    const figures = newFigures('query strings')
    // Creation order, oldest first; every fifth is deleted, and a deleted id stays a valid cursor.
    const order: string[] = []
    const deletedIds = new Set<string>()
    for (let index = 0; index < 30; index++) {
      const { id } = await createCustomer(server, { name: `Customer ${index}` })
      order.push(id)
      if (index % 5 === 2) {
        await send(server.baseUrl, { method: 'DELETE', path: `/v2/customers/${id}`, headers: authorized(server) })
        deletedIds.add(id)
      }
    }
    const liveIds = order.filter((id) => !deletedIds.has(id))
    const resolve = (reference: IdReference): string =>
      reference.kind === 'live' ? liveIds[reference.index % liveIds.length]!
      : reference.kind === 'deleted' ? [...deletedIds][reference.index % deletedIds.size]!
      : reference.text
    const before = await writeCounts(server)
    const port = Number(new URL(server.baseUrl).port)

    await runProperty(figures, runsOf('query'), 4, queryCase, async (query: QueryCase) => {
      const { path, expected } = renderQuery(query, resolve, { order, deletedIds })
      // A GET with a body goes over a raw socket (fetch refuses to send one).
      const { body } = query
      const answer = body
        ? await sendRaw(port, {
            method: 'GET',
            path,
            headers: authorized(server, body.contentType === undefined ? {} : { 'content-type': body.contentType }),
            body: body.bytes,
          })
        : await send(server.baseUrl, { method: 'GET', path, headers: authorized(server) })
      count(figures.statuses, answer.status)
      if (body) count(figures.notes, 'with a body')
      // The body of a read is refused if it says anything, before the query is looked at.
      const refusal = (body && expectReadBody(body.contentType, body.bytes)) ?? (expected.refusal && [expected.refusal])
      if (refusal) {
        // An id longer than any real one is refused by the router, before the query is read.
        const overlong: Outcome[] = expected.kind === 'get' && expected.id.length > ID_LENGTH_LIMIT ? [{ status: 404 }] : []
        assertOneOf(answer, [...refusal, ...overlong], server.baseUrl)
      } else if (expected.kind === 'list') {
        assert.equal(answer.status, 200, answer.text.slice(0, 300))
        assert.equal(answer.headers.get('content-type'), HAL)
        const ids = answer.body._embedded.customers.map((customer: { id: string }) => customer.id)
        assert.deepEqual(ids, expected.page, 'the page holds the expected customers, in order')
        assert.equal(answer.body.count, expected.page.length)
        assert.equal(answer.body._links.next === null, !expected.more, 'next is null exactly on the last page')
        assert.equal(answer.body._links.previous === null, !expected.earlier, 'previous is null exactly on the first page')
      } else if (expected.customer === undefined) {
        assertOneOf(answer, [{ status: 404 }], server.baseUrl)
        assertNotFoundDetail(answer, expected.id)
      } else {
        assert.equal(answer.status, 200, answer.text.slice(0, 300))
        const { events, ...customer } = answer.body
        assertCustomerBody(customer, server.baseUrl, expected.customer, 'get-customer')
        assert.equal(customer.id, expected.id)
        if (expected.events) assert.deepEqual(events.map((event: { type: number }) => event.type), [200])
        else assert.equal(events, undefined)
      }
    })
    assert.deepEqual(await writeCounts(server), before, 'reads write nothing')
    await auditStoredIds(server, tenant, liveIds)
  })

  test('paths and ids: unknown routes and customers are 404, malformed URLs 400, other methods 405 and OPTIONS 204, in Mollie’s format', async (t) => {
    const server = await startTestServer(t)
    const tenant = await server.tenantOf(server.keys.test)
    const figures = newFigures('paths')
    const live: string[] = []
    const deletedIds: string[] = []
    const states = new Map<string, CustomerState>()
    const addCustomer = async () => {
      const { id, state } = await createCustomer(server, { name: "O'Brien <b>", metadata: ['x'] })
      live.push(id)
      states.set(id, state)
    }
    for (let index = 0; index < 4; index++) await addCustomer()
    const { id: goneId } = await createCustomer(server, {})
    await send(server.baseUrl, { method: 'DELETE', path: `/v2/customers/${goneId}`, headers: authorized(server) })
    deletedIds.push(goneId)
    const resolve = (reference: IdReference): string =>
      reference.kind === 'live' ? live[reference.index % live.length]!
      : reference.kind === 'deleted' ? deletedIds[reference.index % deletedIds.length]!
      : percentEncode(reference.text)

    await runProperty(figures, runsOf('path'), 5, pathCase, async (pathValue: PathCase) => {
      // What fetch really sends: dot segments resolved, spaces and non-ASCII escaped, the fragment dropped.
      const url = new URL(`${server.baseUrl}${renderPath(pathValue, resolve)}`)
      const { method } = pathValue
      const route = routeOf(url.pathname)
      const before = await writeCounts(server)
      const answer = await send(server.baseUrl, { method, path: `${url.pathname}${url.search}`, headers: authorized(server) })
      const after = await writeCounts(server)
      count(figures.statuses, answer.status)

      // The server's root is for people: GET and HEAD lead to the dashboard; other methods find nothing there.
      // (`//` is the root too: the router ignores one trailing slash.)
      if (url.pathname === '/' || url.pathname === '//') {
        const isReadOfRoot = method === 'GET' || method === 'HEAD'
        assert.equal(answer.status, isReadOfRoot ? 302 : 404, `${method} /`)
        if (isReadOfRoot) assert.equal(answer.headers.get('location'), '/dashboard')
        assert.deepEqual(after, before)
        return
      }
      const isLive = route.kind === 'customer' && live.includes(route.id)
      const allowed = route.kind === 'related' ? route.methods : ALLOWED_METHODS[route.kind]
      const isRead = method === 'GET' || method === 'HEAD'
      // The query, on a route that validates one: reads take their own names, writes none.
      const queryRefusal =
        route.kind === 'collection' || route.kind === 'customer'
          ? expectQuery(parseQuery(url.search.slice(1)), !isRead ? QUERY_NAMES.write : route.kind === 'collection' ? QUERY_NAMES.list : QUERY_NAMES.get)
          : undefined
      const expected: Outcome[] =
        hasMalformedEscape(url.pathname) ? [{ status: 400 }]
        : overlongId(url.pathname) !== undefined ? [{ status: 404 }]
        : allowed === undefined ? [{ status: 404 }]
        // OPTIONS on a known path: 204 with Allow; a method the path does not take: 405 with Allow.
        : method === 'OPTIONS' ? [{ status: 204 }]
        : !allowed.includes(method) ? [{ status: 405 }]
        : route.kind === 'related' ? RELATED_OUTCOME
        : queryRefusal ? [queryRefusal]
        : route.kind === 'openapi' ? [{ status: 200 }]
        : route.kind === 'collection' && isRead ? [{ status: 200 }]
        : route.kind === 'collection' ? [{ status: 201, fields: EMPTY_CUSTOMER }]
        : route.kind === 'customer' && method !== 'DELETE' ? [isLive ? { status: 200, fields: states.get(route.id)! } : { status: 404 }]
        : [isLive ? { status: 204 } : { status: 404 }]
      if (expected[0]!.status === 405 || (expected[0]!.status === 204 && method === 'OPTIONS')) {
        assert.equal(answer.headers.get('allow'), allowed!.join(', '), `${method} ${url.pathname}: the Allow header`)
      }
      if (method === 'OPTIONS' && answer.status === 204) {
        assert.equal(answer.text, '')
        assert.deepEqual(after, before)
        return
      }
      if (expected === RELATED_OUTCOME) {
        // Read, or refused for its query, its missing body or an id that is no one's; never written.
        assert.ok([200, 400, 404, 410, 422].includes(answer.status), `${method} ${url.pathname}: ${answer.status} ${answer.text.slice(0, 200)}`)
        if (answer.status >= 400 && method !== 'HEAD') assertMollieError(answer, server.baseUrl, answer.body?.field === undefined ? undefined : [answer.body.field], answer.headers.get('content-type'))
        assert.deepEqual(after, before)
        return
      }
      if (method === 'HEAD' || route.kind === 'openapi') {
        assert.equal(answer.status, expected[0]!.status, `${method} ${url.pathname}: ${answer.text.slice(0, 200)}`)
        if (route.kind !== 'openapi') assert.equal(answer.headers.get('content-type'), HAL)
        assert.deepEqual(after, before)
        return
      }
      const outcome = assertOneOf(answer, expected, server.baseUrl)
      if (outcome.status === 400 && hasMalformedEscape(url.pathname)) assert.equal(answer.body.detail, 'The request URL is malformed.')
      if (outcome.status === 405) assert.ok(answer.body.detail.startsWith(`${method} is not supported on `), answer.body.detail)
      if (outcome.status === 404) {
        const id = overlongId(url.pathname) ?? (route.kind === 'customer' ? route.id : undefined)
        if (id !== undefined && ['GET', 'PATCH', 'DELETE'].includes(method)) {
          assertNotFoundDetail(answer, id)
        } else {
          assert.ok(answer.body.detail.startsWith(`There is no ${method} `), answer.body.detail)
        }
      }
      if (outcome.status === 201) {
        assertCustomerBody(answer.body, server.baseUrl, outcome.fields, 'create-customer')
        assert.deepEqual(after, { ...before, customers: before.customers + 1, events: before.events + 1 })
        live.push(answer.body.id)
        states.set(answer.body.id, outcome.fields)
        return
      }
      if (outcome.status === 204) {
        const { id } = route as { id: string }
        assert.equal(answer.text, '')
        assert.deepEqual(after, { ...before, events: before.events + 1 })
        live.splice(live.indexOf(id), 1)
        deletedIds.push(id)
        await addCustomer()
        return
      }
      if ('fields' in outcome) {
        const { events, ...customer } = answer.body
        assertCustomerBody(customer, server.baseUrl, outcome.fields, method === 'PATCH' ? 'update-customer' : 'get-customer')
        assert.equal(events !== undefined, method === 'GET' && url.search === '?include=events', 'events only with include=events')
      }
      assert.deepEqual(after, before, 'nothing is written')
    })
    await auditStoredIds(server, tenant, live)
  })

  test('headers: any Content-Type, Authorization, Idempotency-Key, Accept and Accept-Encoding gets a correct answer', async (t) => {
    const server = await startTestServer(t)
    const tenant = await server.tenantOf(server.keys.test)
    const figures = newFigures('headers')
    const revoked = (await server.store.credentials.list('other')).find((credential) => credential.kind === 'test')!
    await server.store.credentials.revoke(revoked.id)
    const unauthorized = await send(server.baseUrl, { method: 'GET', path: '/v2/customers' })
    assertMollieError(unauthorized, server.baseUrl, undefined, unauthorized.headers.get('content-type'))
    const accepted: string[] = []
    /** Successful creates by Idempotency-Key: the request's fingerprint, and the answer a repeat must get. */
    const recorded = new Map<string, { fingerprint: string; text: string }>()
    const usedKeys: string[] = []

    const headerCase = fc.record({
      method: fc.constantFrom('POST', 'POST', 'POST', 'GET'),
      authorization: fc.oneof(
        { arbitrary: authorizationCase, weight: 9 },
        { arbitrary: keyMutation.map((mutation) => ({ kind: 'mutated' as const, mutation })), weight: 1 },
      ),
      contentType: contentTypeCase,
      body: fc.constantFrom('json', 'json', 'form', 'empty', 'none'),
      name: fc.constantFrom('hdr', 'Jane', 'Zoë'),
      idempotencyKey: idempotencyKeyCase,
      accept: acceptCase,
      acceptEncoding: acceptEncodingCase,
    })
    await runProperty(figures, runsOf('headers'), 6, headerCase, async (values) => {
      const { method } = values
      const headers: Record<string, string> = {}
      const auth = values.authorization
      if (auth.kind === 'valid') headers.authorization = `${auth.scheme}${auth.spaces}${server.keys.test}${auth.trailing}`
      else if (auth.kind === 'value') headers.authorization = auth.value
      else if (auth.kind === 'mutated') headers.authorization = `Bearer ${mutateKey(server, auth.mutation)}`
      if (values.contentType !== undefined) headers['content-type'] = values.contentType
      const keyCase = values.idempotencyKey
      if (keyCase.kind === 'new') headers['idempotency-key'] = `${keyCase.key}-${usedKeys.length}`
      else if (keyCase.kind === 'reuse') headers['idempotency-key'] = usedKeys[keyCase.index % usedKeys.length] ?? 'first-of-its-kind'
      else if (keyCase.kind === 'value') headers['idempotency-key'] = keyCase.key
      if (values.accept !== undefined) headers.accept = values.accept
      if (values.acceptEncoding !== undefined) headers['accept-encoding'] = values.acceptEncoding
      let body: Uint8Array | undefined
      if (method === 'POST' && values.body !== 'none') {
        const text =
          values.body === 'json' ? JSON.stringify({ name: values.name })
          : values.body === 'form' ? `name=${encodeURIComponent(values.name)}`
          : ''
        body = new Uint8Array(Buffer.from(text))
      }

      const before = await writeCounts(server)
      const answer = await send(server.baseUrl, { method, path: '/v2/customers', headers, body })
      const after = await writeCounts(server)
      count(figures.statuses, answer.status)
      // fetch trims spaces and tabs around header values, so the server sees them trimmed.
      const sent = (name: string) => headers[name]?.replace(/^[\t ]+|[\t ]+$/g, '')
      assertAcceptableEncoding(answer, sent('accept-encoding'))
      const token = /^Bearer +(\S+) *$/i.exec(sent('authorization') ?? '')?.[1]
      if (token !== server.keys.test) {
        assert.equal(answer.status, 401, answer.text.slice(0, 300))
        assert.deepEqual(after, before)
        // A browser's address bar (a read that accepts HTML and no JSON) gets a page saying how to call the API.
        const accept = sent('accept') ?? ''
        if (method === 'GET' && accept.includes('text/html') && !accept.includes('json')) {
          assert.match(answer.headers.get('content-type') ?? '', /^text\/html/)
          return
        }
        assert.equal(answer.text, unauthorized.text, 'every refused key gets the very same body')
        assert.equal(answer.headers.get('content-type'), HAL)
        assert.deepEqual(after, before)
        return
      }
      const key = sent('idempotency-key')
      const validKey = key === undefined || /^[\x21-\x7E]{1,255}$/.test(key)
      if (method === 'GET') {
        // Reads record nothing, so the key is not checked on them.
        assertOneOf(answer, validKey ? [{ status: 200 }] : [{ status: 200 }, { status: 400 }], server.baseUrl)
        assert.deepEqual(after, before)
        return
      }
      let outcomes = expectCreateRequest(sent('content-type'), body)
      const fingerprint = requestFingerprint(sent('content-type'), body)
      const previous = validKey && key !== undefined ? recorded.get(key) : undefined
      const instead = (status: 400 | 422) => outcomes.map((outcome): Outcome => (outcome.status === 201 ? { status } : outcome))
      if (!validKey) outcomes = instead(400)
      else if (previous && previous.fingerprint !== fingerprint) outcomes = instead(422)
      else if (previous && answer.status === 201) {
        assert.equal(answer.text, previous.text, 'a repeat gets the first answer byte for byte')
        assert.equal(answer.headers.get('idempotent-replayed'), 'true')
        assert.deepEqual(after, before, 'a replay writes nothing')
        return
      } else if (previous) {
        // A repeat that is refused on its own (an empty body of an unsupported type, say) is refused as usual.
        outcomes = outcomes.filter((outcome) => outcome.status !== 201)
      }
      const id = await judgeCreate(server, tenant, answer, outcomes, { before, after, withKey: key !== undefined })
      assert.equal(answer.headers.get('idempotent-replayed'), null)
      if (!id) return
      accepted.push(id)
      if (key !== undefined) {
        recorded.set(key, { fingerprint, text: answer.text })
        usedKeys.push(key)
      }
    })
    await auditStoredIds(server, tenant, accepted)
  })

  test('raw HTTP: malformed request lines, header bytes and framing get a 4xx or a closed connection; the server keeps serving', async (t) => {
    const server = await startTestServer(t)
    const figures = newFigures('raw HTTP')
    const port = Number(new URL(server.baseUrl).port)
    await runProperty(figures, runsOf('raw'), 7, rawCase, async (raw) => {
      const { bytes, incomplete } = renderRaw(raw, server.keys.test)
      const before = await writeCounts(server)
      const exchange = await rawExchange(port, bytes, { incomplete, head: raw.method === 'HEAD' })
      assert.notEqual(exchange.ending, 'timeout', 'the server answers or closes the connection')
      const final = exchange.responses.find((response) => response.status >= 200)
      if (final) {
        count(figures.statuses, final.status)
        count(figures.notes, judgeRawAnswer(raw, final, server.baseUrl))
      } else {
        count(figures.notes, 'closed without an answer')
      }
      const follow = await send(server.baseUrl, { method: 'GET', path: '/v2/customers?limit=1', headers: authorized(server) })
      assert.equal(follow.status, 200, 'the server keeps serving')
      const created = exchange.responses.filter((response) => response.status === 201).length
      const stored = (await writeCounts(server)).customers - before.customers
      assert.equal(stored, created, 'a customer is stored only for a request answered 201')
    })
  })
})

describe('bugs found by fuzzing, one request each', () => {
  const get = (path: string) => (server: TestServer) => send(server.baseUrl, { method: 'GET', path, headers: authorized(server) })
  const post =
    (text: string, headers: Record<string, string> = {}) =>
    (server: TestServer) =>
      send(server.baseUrl, {
        method: 'POST',
        path: '/v2/customers',
        headers: authorized(server, { 'content-type': 'application/json', ...headers }),
        body: Buffer.from(text),
      })
  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`
  const nestedObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
  const longId = `cst_${'x'.repeat(197)}`

  /** Sends one request and checks its answer; a refused one must have written nothing. */
  const reproduce = (
    name: string,
    request: (server: TestServer) => Promise<Answer>,
    expect: (server: TestServer, answer: Answer) => void,
    options: { todo?: string } = {},
  ) =>
    test(name, options, async (t) => {
      const server = await startTestServer(t)
      const before = await writeCounts(server)
      const answer = await request(server)
      expect(server, answer)
      if (answer.status >= 300) assert.deepEqual(await writeCounts(server), before)
    })

  reproduce(
    'metadata nested 5,000 deep is refused with 400 before anything recurses over it',
    post(`{"metadata":{"a":${nested(5000)}}}`),
    (server, answer) => assertOneOf(answer, [{ status: 400 }], server.baseUrl),
  )
  reproduce('metadata nested 40 deep is refused with 422 on metadata', post(`{"metadata":${nestedObject(40)}}`), (server, answer) =>
    assertOneOf(answer, [{ status: 422, field: ['metadata'] }], server.baseUrl),
  )
  reproduce(
    'a body nested 5,000 deep with an Idempotency-Key is refused with 400 before it is fingerprinted',
    post(`{"x":${nested(5000)}}`, { 'idempotency-key': 'deep-1' }),
    (server, answer) => assertOneOf(answer, [{ status: 400 }], server.baseUrl),
  )
  reproduce(
    'metadata holding 1e400 is refused with 422 rather than stored as null',
    post('{"metadata":{"amount":1e400}}'),
    (server, answer) => assertOneOf(answer, [{ status: 422, field: ['metadata'] }], server.baseUrl),
  )
  reproduce('a path with a malformed percent-escape is 400 in Mollie’s format', get('/v2/customers/%ZZ'), (server, answer) => {
    assertOneOf(answer, [{ status: 400 }], server.baseUrl)
    assert.equal(answer.body.detail, 'The request URL is malformed.')
  })
  reproduce('an id over 200 characters is a 404 in Mollie’s format, like any unknown id', get(`/v2/customers/${longId}`), (server, answer) => {
    assertOneOf(answer, [{ status: 404 }], server.baseUrl)
    assertNotFoundDetail(answer, longId)
  })
  reproduce('a NUL in a customer id is 404 on every store, PostgreSQL included', get('/v2/customers/cst_%00'), (server, answer) =>
    assertOneOf(answer, [{ status: 404 }], server.baseUrl),
  )
  reproduce('a NUL in from is 400 on every store, PostgreSQL included', get('/v2/customers?from=cst_%00'), (server, answer) =>
    assertOneOf(answer, [{ status: 400, field: ['from'] }], server.baseUrl),
  )
  test('a request followed by bytes that are not HTTP gets its own answer before the connection closes', async (t) => {
    const server = await startTestServer(t)
    const body = 'name=Jane}'
    // Content-Length covers "name=Jane"; the "}" after it is read as the start of a second request.
    const request =
      `POST /v2/customers HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${server.keys.test}\r\n` +
      `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length - 1}\r\n\r\n${body}`
    const port = Number(new URL(server.baseUrl).port)
    const exchange = await rawExchange(port, Buffer.from(request, 'latin1'), { incomplete: false })
    const stored = (await writeCounts(server)).customers
    assert.equal(exchange.responses[0]?.status, stored === 1 ? 201 : 400, 'the first answer tells what became of the first request')
  })
  reproduce(
    'a path under an overlong id is 404 and quotes what was sent',
    get(`/v2/customers/${longId}/x`),
    (server, answer) => {
      assertOneOf(answer, [{ status: 404 }], server.baseUrl)
      // Either no route has this path, or the id is at fault: both answers name what was sent.
      const detail: string = answer.body.detail
      const quoted = [`There is no GET /v2/customers/${longId.slice(0, 20)}`, `No customer exists with token ${longId.slice(0, 20)}`]
      assert.ok(quoted.some((start) => detail.startsWith(start)), detail)
    },
  )
})

function isDeepEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepStrictEqual(a, b)
    return true
  } catch {
    return false
  }
}

/**
 * A 404 for a customer quotes its id. For an id longer than any real one only the sentence is checked: what it
 * quotes is an open bug ('overlong-id-quote').
 */
function assertNotFoundDetail(answer: Answer, id: string): void {
  if (id.length <= ID_LENGTH_LIMIT) assert.equal(answer.body.detail, `No customer exists with token ${id}.`)
  else assert.ok(answer.body.detail.startsWith('No customer exists with token '), answer.body.detail)
}

/** The server's fingerprint of a create, as far as it decides a replay: the body as read, keys sorted. */
function requestFingerprint(contentType: string | undefined, body: Uint8Array | undefined): string {
  let value: unknown = {}
  if (body && body.byteLength > 0) {
    const reading = readBody(contentType, body)
    value = isRead(reading) ? reading.value : undefined
  }
  const canonical = (node: unknown): unknown =>
    Array.isArray(node) ? node.map(canonical)
    : isObjectBody(node) ? Object.fromEntries(Object.keys(node).sort().map((key) => [key, canonical(node[key])]))
    : node
  return JSON.stringify(canonical(value))
}

/** Keys that must all be refused: a real one with one change, or a revoked one. */
function mutateKey(server: TestServer, mutation: string): string {
  const key = server.keys.test
  switch (mutation) {
    case 'flip-last':
      return key.slice(0, -1) + (key.endsWith('a') ? 'b' : 'a')
    case 'cut':
      return key.slice(0, -1)
    case 'extend':
      return `${key}a`
    case 'live-prefix':
      return key.replace(/^test_/, 'live_')
    case 'upper':
      return key.toUpperCase()
    case 'revoked':
      return server.keys.otherTest
    default:
      return key.replace(/^test_/, 'access_')
  }
}

/**
 * A response must not be compressed with a coding the request refused: one listed with q=0, or covered only by
 * `*;q=0`, or not listed at all when the header names others (RFC 9110 §12.5.3).
 */
function assertAcceptableEncoding(answer: Answer, acceptEncoding: string | undefined): void {
  const coding = answer.headers.get('content-encoding')?.toLowerCase()
  if (!coding || acceptEncoding === undefined) return
  const entries = acceptEncoding.split(',').map((entry) => {
    const [name, ...parameters] = entry.split(';').map((part) => part.trim().toLowerCase())
    const q = parameters.find((parameter) => parameter.startsWith('q='))
    return { name: name!, refused: q !== undefined && /^q=0(\.0{0,3})?$/.test(q) }
  })
  // RFC 9110 §8.4.1.3: x-gzip is gzip.
  const named = entries.find((entry) => entry.name === coding || (entry.name === 'x-gzip' && coding === 'gzip'))
  const star = entries.find((entry) => entry.name === '*')
  const refused = named ? named.refused : star ? star.refused : true
  assert.ok(!refused, `the answer is ${coding}-encoded although Accept-Encoding is ${JSON.stringify(acceptEncoding)}`)
}

interface ExpectedQuery {
  kind: 'list' | 'get'
  /** The query's refusal: an unknown name (422) or a value (400); undefined when it is fine. */
  refusal: Outcome | undefined
  page: string[]
  more: boolean
  earlier: boolean
  id: string
  customer?: CustomerState
  events: boolean
}

/** Renders a query case, and works out its answer from the documented rules and the customers created. */
function renderQuery(
  query: QueryCase,
  resolve: (reference: IdReference) => string,
  data: { order: string[]; deletedIds: Set<string> },
): { path: string; expected: ExpectedQuery } {
  const wire: string[] = []
  for (const parameter of query.parameters) {
    if (parameter.value === undefined) wire.push(parameter.wireName)
    else if (parameter.value.kind === 'wire') wire.push(`${parameter.wireName}=${parameter.value.wire}`)
    else {
      const text = parameter.value.kind === 'id' ? resolve(parameter.value.id) : parameter.value.text
      wire.push(`${parameter.wireName}=${percentEncode(text)}`)
    }
  }
  const isList = query.target.kind === 'list'
  // Dot segments and an empty id are other paths once the URL is resolved; the path property covers those.
  const target = query.target.kind === 'get' ? resolve(query.target.id) : ''
  const id = ['', '.', '..'].includes(target) ? 'cst_' : target
  const search = wire.join(query.separator)
  const path = `${isList ? '/v2/customers' : `/v2/customers/${percentEncode(id)}`}${wire.length > 0 ? `?${search}` : ''}`
  // The oracle reads the query from the wire, as the server must.
  const values = parseQuery(search)
  const refusal = expectQuery(values, isList ? QUERY_NAMES.list : QUERY_NAMES.get, data.order)
  const single = (name: string): string | undefined => {
    const given = values[name]
    return typeof given === 'string' ? given : undefined
  }
  const sequence = single('sort') === 'asc' ? data.order : [...data.order].reverse()
  const from = single('from')
  const start = from === undefined ? 0 : Math.max(0, sequence.indexOf(from))
  const limit = values.limit !== undefined ? Number(single('limit')) : 50
  const rest = sequence.slice(start).filter((candidate) => !data.deletedIds.has(candidate))
  const isLive = data.order.includes(id) && !data.deletedIds.has(id)
  return {
    path,
    expected: {
      kind: isList ? 'list' : 'get',
      refusal,
      page: rest.slice(0, limit),
      more: rest.length > limit,
      earlier: sequence.slice(0, start).some((candidate) => !data.deletedIds.has(candidate)),
      id: Buffer.from(id, 'utf8').toString('utf8'),
      customer: !isList && isLive ? { ...EMPTY_CUSTOMER, name: `Customer ${data.order.indexOf(id)}` } : undefined,
      events: single('include') === 'events',
    },
  }
}

function renderPath(path: PathCase, resolve: (reference: IdReference) => string): string {
  const segments = path.segments.map((segment) => (typeof segment === 'string' ? segment : resolve(segment.id)))
  return `${path.prefix}${segments.join('/')}${path.trailingSlashes}${path.query}`
}

/**
 * `related`: the routes this model checks only for their method table and the shape of their answers (a customer's
 * mandates, payments and subscriptions, a mandate, a subscription and its payments, the payments, the subscriptions): a bodiless request to them reads or is refused, never writes.
 */
type Route =
  | { kind: 'collection' }
  | { kind: 'customer'; id: string }
  | { kind: 'openapi' }
  | { kind: 'related'; methods: readonly string[] }
  | { kind: 'none' }

/** The methods each route takes (README "API coverage"), OPTIONS included, as `Allow` lists them. */
const ALLOWED_METHODS: Record<Exclude<Route['kind'], 'related'>, readonly string[] | undefined> = {
  collection: ['GET', 'HEAD', 'OPTIONS', 'POST'],
  customer: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH'],
  openapi: ['GET', 'HEAD', 'OPTIONS'],
  none: undefined,
}
const COLLECTION_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST']
/** Marks a related route's request that is checked loosely (see `Route`). */
const RELATED_OUTCOME: Outcome[] = [{ status: 200 }]

/** The related routes (README "API coverage"): a pattern over the percent-decoded path, and its methods. */
const RELATED_ROUTES: ReadonlyArray<[RegExp, readonly string[]]> = [
  [/^\/v2\/customers\/[^/]*\/(mandates|payments)$/, COLLECTION_METHODS],
  [/^\/v2\/customers\/[^/]*\/mandates\/[^/]*$/, ['DELETE', 'GET', 'HEAD', 'OPTIONS']],
  [/^\/v2\/payments$/, COLLECTION_METHODS],
  [/^\/v2\/payments\/[^/]*$/, ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH']],
  [/^\/v2\/customers\/[^/]*\/subscriptions$/, COLLECTION_METHODS],
  [/^\/v2\/customers\/[^/]*\/subscriptions\/[^/]*$/, ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH']],
  [/^\/v2\/customers\/[^/]*\/subscriptions\/[^/]*\/payments$/, ['GET', 'HEAD', 'OPTIONS']],
  [/^\/v2\/subscriptions$/, ['GET', 'HEAD', 'OPTIONS']],
]

/** The API's routes, matched as its router does: one trailing slash ignored, the id segment percent-decoded. */
function routeOf(pathname: string): Route {
  const path = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname
  if (path === '/v2/customers') return { kind: 'collection' }
  if (path === '/v2/openapi.json') return { kind: 'openapi' }
  if (!hasMalformedEscape(path)) {
    const related = RELATED_ROUTES.find(([pattern]) => pattern.test(path))
    if (related) return { kind: 'related', methods: related[1] }
  }
  const match = /^\/v2\/customers\/([^/]*)$/.exec(path)
  if (!match || hasMalformedEscape(match[1]!)) return { kind: 'none' }
  return { kind: 'customer', id: decodeURIComponent(match[1]!) }
}

/**
 * Checks a raw request's final answer and says who gave it. A 4xx is in Mollie's format, from the app or from
 * its handler for unparseable HTTP, except for two answers Node's HTTP server writes itself, before the request
 * reaches Fastify or that handler, with an empty body: 400 for an HTTP/1.1 request without Host (RFC 9112 §3.2)
 * and 417 for an Expect other than 100-continue.
 */
function judgeRawAnswer(raw: RawCase, final: RawResponse, baseUrl: string): string {
  assert.ok(final.status < 500, `no 5xx: ${final.status} ${final.body.slice(0, 200)}`)
  if (final.status < 400) return 'answered by the app'
  const text = Buffer.from(final.body, 'latin1').toString('utf8')
  const hasHeader = (name: string) => raw.extraLines.some((line) => line.toLowerCase().startsWith(`${name}:`))
  if (text === '' && final.status === 400 && !raw.host && !hasHeader('host')) return 'Node: 400 for a missing Host'
  if (text === '' && final.status === 417 && hasHeader('expect')) return 'Node: 417 for an unknown Expect'
  assert.equal(final.headers['content-type'], HAL, `a ${final.status} is served as HAL`)
  // A HEAD's answer has no body to check.
  if (raw.method === 'HEAD' && text === '') return 'answered by the app'
  let body: { field?: string; detail?: string }
  try {
    body = JSON.parse(text)
  } catch {
    assert.fail(`a ${final.status} whose body is not Mollie's: ${JSON.stringify(text.slice(0, 200))}`)
  }
  assertMollieError({ status: final.status, body, text }, baseUrl, body.field === undefined ? undefined : [body.field])
  return body.detail === 'The request is not valid HTTP.' ? 'refused by the HTTP parser' : 'answered by the app'
}
