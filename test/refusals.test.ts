/**
 * What Mollie refuses, Clientele refuses, by kind: names an operation does not define, email addresses outside
 * RFC 5322's ASCII addr-spec, known paths called with the wrong method, bytes that are not UTF-8. And what Mollie's
 * own SDKs send is still taken: a body without a Content-Type (mollie-api-py), empty JSON bodies, Content-Type on
 * GET. Every refusal asserts the whole error body and that nothing was stored; every early answer leaves its
 * keep-alive connection usable or closes it cleanly.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { call, customerIds, startTestServer, type CallOptions, type TestServer } from './helpers/server.js'
import { assertErrorBody, type ExpectedError } from './helpers/mollie-error.js'
import { chunked, exchange, rawRequest } from './helpers/raw-http.js'

type Expected = ExpectedError

/** Every customer of acme, both modes: what a refused request must leave as it was. */
async function everything(server: TestServer): Promise<string[]> {
  const test = await customerIds(server.store, { organizationId: (await server.tenantOf(server.keys.test)).organizationId, mode: 'test' })
  const live = await customerIds(server.store, { organizationId: (await server.tenantOf(server.keys.live)).organizationId, mode: 'live' })
  return [...test, ...live].sort()
}

async function expectRefusal(
  server: TestServer,
  key: string | undefined,
  method: string,
  path: string,
  options: CallOptions,
  expected: Expected,
): Promise<void> {
  const before = await everything(server)
  const response = await call(server, key, method, path, options)
  assert.equal(response.status, expected.status, response.text)
  assertErrorBody(server.baseUrl, response.body, response.headers.get('content-type'), expected)
  assert.deepEqual(await everything(server), before, 'nothing was written')
}

const unprocessable = (detail: string, field: string): Expected => ({ status: 422, title: 'Unprocessable Entity', detail, field })
const badRequest = (detail: string | RegExp, field?: string): Expected => ({ status: 400, title: 'Bad Request', detail, field })
const nonExistent = (where: 'body' | 'query', name: string, suggestion?: string) =>
  unprocessable(`Non-existent ${where} parameter "${name}" for this API call.${suggestion ? ` Did you mean: "${suggestion}"?` : ''}`, name)

function port(server: TestServer): number {
  return Number(new URL(server.baseUrl).port)
}

describe('1. names an operation does not define are refused, never ignored', () => {
  test('unknown and misplaced body and query parameters → 422 naming the leaf, with a suggestion when one is close', async (t) => {
    const server = await startTestServer(t)
    const { keys } = server
    const existing = (await call(server, keys.test, 'POST', '/v2/customers', { json: { name: 'Kept' } })).body.id
    const cases: Array<[string, string | undefined, string, string, CallOptions, Expected]> = [
      ['metaData in JSON', keys.test, 'POST', '/v2/customers', { json: { name: 'Ann Example', metaData: { user: 'u-17' } } }, nonExistent('body', 'metaData.user', 'metadata')],
      ['a typo in a form', keys.test, 'POST', '/v2/customers', { form: 'name=Ann%20Example&emial=ann%40example.org' }, nonExistent('body', 'emial', 'email')],
      ['testmode in the query of a create', keys.access, 'POST', '/v2/customers?testmode=true', { json: { name: 'Ann' } }, nonExistent('query', 'testmode')],
      ['testmode in the query of an update', keys.access, 'PATCH', `/v2/customers/${existing}?testmode=true`, { json: { name: 'Ann' } }, nonExistent('query', 'testmode')],
      ['testmode in the query of a delete', keys.access, 'DELETE', `/v2/customers/${existing}?testmode=true`, { json: {} }, nonExistent('query', 'testmode')],
      ['v1 paging parameters', keys.test, 'GET', '/v2/customers?count=20&offset=10', {}, nonExistent('query', 'count')],
      ['an unknown query parameter on get', keys.test, 'GET', `/v2/customers/${existing}?include=events&embed=payments`, {}, nonExistent('query', 'embed')],
      ['__proto__ is a name like any other', keys.test, 'POST', '/v2/customers', { json: JSON.parse('{"__proto__": {"admin": true}}') }, nonExistent('body', '__proto__.admin')],
      ['__proto__ in a form', keys.test, 'POST', '/v2/customers', { form: 'name=x&__proto__[admin]=1' }, nonExistent('body', '__proto__')],
      ['a wrongly cased testmode', keys.test, 'PATCH', `/v2/customers/${existing}`, { json: { testMode: true } }, nonExistent('body', 'testMode', 'testmode')],
      ['a field of another resource', keys.test, 'POST', '/v2/customers', { json: { name: 'x', amount: { value: '10.00', currency: 'EUR' } } }, nonExistent('body', 'amount.value')],
      ['an unknown name on delete', keys.test, 'DELETE', `/v2/customers/${existing}`, { json: { force: true } }, nonExistent('body', 'force')],
    ]
    for (const [name, key, method, path, options, expected] of cases) {
      await t.test(name, () => expectRefusal(server, key, method, path, options, expected))
    }
    assert.equal((Object.prototype as Record<string, unknown>).admin, undefined, 'no prototype changed')
    assert.equal((await call(server, keys.test, 'GET', `/v2/customers/${existing}`)).body.name, 'Kept')
  })

  test('a body on a read that says anything → 422; an empty one is fine', async (t) => {
    const server = await startTestServer(t)
    const auth = { Authorization: `Bearer ${server.keys.access}` }
    const refused = await exchange(port(server), [
      rawRequest('GET', '/v2/customers', { ...auth, 'Content-Type': 'application/json' }, '{"testmode":true}'),
    ])
    assert.equal(refused.responses[0]?.status, 422)
    assertErrorBody(server.baseUrl, JSON.parse(refused.responses[0]!.body), refused.responses[0]!.headers['content-type'], nonExistent('body', 'testmode'))
    const accepted = await exchange(port(server), [
      rawRequest('GET', '/v2/customers', { ...auth, 'Content-Type': 'application/json' }, '{}'),
      rawRequest('GET', '/v2/customers', { ...auth, 'Content-Type': 'application/json' }),
    ])
    assert.deepEqual(accepted.responses.map((response) => response.status), [200, 200])
  })

  test('what Mollie’s clients send is still taken', async (t) => {
    const server = await startTestServer(t)
    const { keys } = server
    // mollie-api-typescript: create() with no argument, an empty body with a JSON content type.
    const empty = await call(server, keys.test, 'POST', '/v2/customers', { raw: '', headers: { 'content-type': 'application/json' } })
    assert.equal(empty.status, 201)
    // Access tokens: testmode in the body of writes, in the query of reads.
    const made = await call(server, keys.access, 'POST', '/v2/customers', { json: { name: 'T', testmode: true } })
    assert.equal(made.status, 201)
    assert.equal(made.body.mode, 'test')
    assert.equal((await call(server, keys.access, 'GET', `/v2/customers/${made.body.id}?testmode=true`)).status, 200)
    assert.equal((await call(server, keys.access, 'GET', '/v2/customers?testmode=true&limit=5&sort=asc')).status, 200)
    assert.equal((await call(server, keys.access, 'PATCH', `/v2/customers/${made.body.id}`, { json: { name: 'U', testmode: true } })).status, 200)
    // @mollie/api-client: Content-Type on a GET without a body.
    assert.equal((await call(server, keys.test, 'GET', '/v2/customers', { headers: { 'content-type': 'application/json' } })).status, 200)
    assert.equal((await call(server, keys.access, 'DELETE', `/v2/customers/${made.body.id}`, { json: { testmode: true } })).status, 204)
  })
})

describe('2. email addresses as Mollie validates them', () => {
  const refused = ['jörg@beispiel.de', 'joerg@bücher-beispiel.de', 'jane..doe@example.org', '.jane@example.org', 'jane.@example.org', 'jane@example', 'jane@exa_mple.org', 'jane doe@example.org', 'jane@@example.org', 'ジェーン@example.jp']
  const accepted = ['Jane.Doe+Shop@Example.ORG', 'joerg@xn--bcher-beispiel-0ob.de', "o'brien@example.ie", 'x@sub.domain.example.museum', 'a_b-c{d}@example.org']
  test('refused: 422 with field email, on create and update, JSON and form alike', async (t) => {
    const server = await startTestServer(t)
    const existing = (await call(server, server.keys.test, 'POST', '/v2/customers', { json: { email: 'kept@example.org' } })).body.id
    const detail = "The 'email' field must be a valid email address, for example 'jane@example.org'."
    for (const email of refused) {
      await expectRefusal(server, server.keys.test, 'POST', '/v2/customers', { json: { email } }, unprocessable(detail, 'email'))
      await expectRefusal(server, server.keys.test, 'PATCH', `/v2/customers/${existing}`, { form: `email=${encodeURIComponent(email)}` }, unprocessable(detail, 'email'))
    }
    assert.equal((await call(server, server.keys.test, 'GET', `/v2/customers/${existing}`)).body.email, 'kept@example.org')
  })
  test('accepted, and stored as sent', async (t) => {
    const server = await startTestServer(t)
    for (const email of accepted) {
      const response = await call(server, server.keys.test, 'POST', '/v2/customers', { json: { email } })
      assert.equal(response.status, 201, `${email}: ${response.text}`)
      assert.equal(response.body.email, email)
    }
  })
})

describe('3. a known path with a method it does not take → 405 with Allow; OPTIONS → 204', () => {
  test('405 in Mollie’s format, with the methods the path takes', async (t) => {
    const server = await startTestServer(t)
    const id = (await call(server, server.keys.test, 'POST', '/v2/customers', { json: {} })).body.id
    const collection = 'GET, HEAD, OPTIONS, POST'
    const item = 'DELETE, GET, HEAD, OPTIONS, PATCH'
    const cases: Array<[string, string, string]> = [
      ['PATCH', '/v2/customers/', collection],
      ['PATCH', '/v2/customers', collection],
      ['DELETE', '/v2/customers', collection],
      ['PUT', `/v2/customers/${id}`, item],
      ['POST', `/v2/customers/${id}`, item],
    ]
    for (const [method, path, allow] of cases) {
      const before = await everything(server)
      const response = await call(server, server.keys.test, method, path, { json: { name: 'x' } })
      assert.equal(response.status, 405, `${method} ${path}: ${response.text}`)
      assert.equal(response.headers.get('allow'), allow)
      const shown = path.replace(/\/$/, '') === path ? path : path
      assertErrorBody(server.baseUrl, response.body, response.headers.get('content-type'), {
        status: 405,
        title: 'Method Not Allowed',
        detail: `${method} is not supported on ${shown}: it takes ${allow}.`,
      })
      assert.deepEqual(await everything(server), before)
    }
    assert.equal((await call(server, server.keys.test, 'GET', `/v2/customers/${id}`)).body.name, null)
  })

  test('OPTIONS answers 204 with Allow and needs no key; an unknown path stays 404', async (t) => {
    const server = await startTestServer(t)
    const options = await fetch(`${server.apiUrl}/customers`, { method: 'OPTIONS' })
    assert.equal(options.status, 204)
    assert.equal(options.headers.get('allow'), 'GET, HEAD, OPTIONS, POST')
    assert.equal(await options.text(), '')
    const item = await fetch(`${server.apiUrl}/customers/cst_anything1`, { method: 'OPTIONS' })
    assert.equal(item.status, 204)
    assert.equal(item.headers.get('allow'), 'DELETE, GET, HEAD, OPTIONS, PATCH')
    assert.equal((await fetch(`${server.apiUrl}/nothing-here`, { method: 'OPTIONS' })).status, 404)
    assert.equal((await call(server, server.keys.test, 'PATCH', '/v2/nothing-here', { json: {} })).status, 404)
  })
})

describe('4. parameter values: 400 with the parameter as field, body fields 422', () => {
  test('every query parameter of every operation', async (t) => {
    const server = await startTestServer(t)
    const id = (await call(server, server.keys.test, 'POST', '/v2/customers', { json: {} })).body.id
    const cases: Array<[string, string, string]> = [
      [`/v2/customers/${id}?include=events,payments`, 'include', "The 'include' parameter only supports 'events'."],
      [`/v2/customers/${id}?testmode=1`, 'testmode', "The 'testmode' parameter must be 'true' or 'false'."],
      ['/v2/customers?testmode=1', 'testmode', "The 'testmode' parameter must be 'true' or 'false'."],
      ['/v2/customers?sort=DESC', 'sort', "The 'sort' parameter must be 'asc' or 'desc'."],
      ['/v2/customers?limit=', 'limit', "The 'limit' parameter must be a whole number from 1 to 250."],
    ]
    for (const [path, field, detail] of cases) {
      await expectRefusal(server, server.keys.test, 'GET', path, {}, badRequest(detail, field))
    }
    await expectRefusal(server, server.keys.test, 'POST', '/v2/customers', { json: { testmode: 1 } }, unprocessable("The 'testmode' field must be true or false.", 'testmode'))
  })
})

describe('5. text that is not UTF-8 is refused, never stored corrupted', () => {
  test('raw Latin-1 bytes, escapes that are not UTF-8, another charset → 400, nothing stored', async (t) => {
    const server = await startTestServer(t)
    const auth = { Authorization: `Bearer ${server.keys.test}` }
    const notUtf8 = badRequest('The request body is not valid UTF-8: send text encoded as UTF-8.')
    const requests: Array<[string, Buffer, Expected]> = [
      ['a Latin-1 byte in JSON', rawRequest('POST', '/v2/customers', { ...auth, 'Content-Type': 'application/json' }, Buffer.from('{"name":"S\xfcleyman"}', 'latin1')), notUtf8],
      ['a Latin-1 byte in a form', rawRequest('POST', '/v2/customers', { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' }, Buffer.from('name=S\xfcleyman', 'latin1')), notUtf8],
      ['a %E9 in a form name', rawRequest('POST', '/v2/customers', { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' }, 'name=Ren%E9'), badRequest(/^The form body holds an escape that is not UTF-8/)],
      ['a %E9 in a form email', rawRequest('POST', '/v2/customers', { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' }, 'email=jan%E9@example.org'), badRequest(/^The form body holds an escape that is not UTF-8/)],
      ['charset=iso-8859-1', rawRequest('POST', '/v2/customers', { ...auth, 'Content-Type': 'application/json; charset=iso-8859-1' }, '{"name":"Ren"}'), badRequest("The request body's charset 'iso-8859-1' is not supported: send UTF-8.")],
      ['no Content-Type, Latin-1', rawRequest('POST', '/v2/customers', auth, Buffer.from('{"name":"S\xfcleyman"}', 'latin1')), notUtf8],
    ]
    for (const [name, bytes, expected] of requests) {
      const before = await everything(server)
      const { responses } = await exchange(port(server), [bytes])
      assert.equal(responses[0]?.status, expected.status, name)
      assertErrorBody(server.baseUrl, JSON.parse(responses[0]!.body), responses[0]!.headers['content-type'], expected)
      assert.deepEqual(await everything(server), before, name)
    }
    const utf8 = await call(server, server.keys.test, 'POST', '/v2/customers', { json: { name: 'Süleyman René' }, headers: { 'content-type': 'application/json; charset=UTF-8' } })
    assert.equal(utf8.body.name, 'Süleyman René')
    assert.equal((await call(server, server.keys.test, 'POST', '/v2/customers', { form: 'name=Ren%C3%A9' })).body.name, 'René')
  })
})

describe('6. a body without a Content-Type, as mollie-api-py sends it', () => {
  test('DELETE with {"testmode": true} and no Content-Type deletes the test-mode customer', async (t) => {
    const server = await startTestServer(t)
    const made = await call(server, server.keys.access, 'POST', '/v2/customers', { json: { name: 'Py', testmode: true } })
    const { responses } = await exchange(port(server), [
      rawRequest('DELETE', `/v2/customers/${made.body.id}`, { Authorization: `Bearer ${server.keys.access}` }, '{"testmode": true}'),
    ])
    assert.equal(responses[0]?.status, 204, responses[0]?.body)
    assert.equal((await call(server, server.keys.test, 'GET', `/v2/customers/${made.body.id}`)).status, 404)
  })

  test('JSON or form without a Content-Type is read; text that is neither → 400', async (t) => {
    const server = await startTestServer(t)
    const auth = { Authorization: `Bearer ${server.keys.test}` }
    const { responses } = await exchange(port(server), [
      rawRequest('POST', '/v2/customers', auth, '{"name":"Json"}'),
      rawRequest('POST', '/v2/customers', auth, 'name=Form&locale=nl_NL'),
      rawRequest('POST', '/v2/customers', auth, 'just words'),
    ])
    assert.deepEqual(responses.map((response) => response.status), [201, 201, 400])
    assert.equal(JSON.parse(responses[0]!.body).name, 'Json')
    assert.equal(JSON.parse(responses[1]!.body).locale, 'nl_NL')
    assertErrorBody(server.baseUrl, JSON.parse(responses[2]!.body), responses[2]!.headers['content-type'], badRequest(
      'The request body is neither a JSON object nor form-encoded: send application/json or application/x-www-form-urlencoded.',
    ))
  })
})

describe('7. a body that is not read never costs the next request', () => {
  test('after every early answer, the next request on the connection is answered or the connection closed cleanly', async (t) => {
    // A write costs 3 units, a read 1: an early write and the read after it fit in 6, two writes use them all up.
    const server = await startTestServer(t, { rateLimitPerSecond: 6, bodyLimit: 1024 })
    const key = server.keys.test
    const auth = { Authorization: `Bearer ${key}` }
    const next = rawRequest('GET', '/v2/customers?limit=1', auth)
    const body = '{"name":"Early"}'
    const early: Array<[string, Buffer, number]> = [
      ['401, JSON body', rawRequest('POST', '/v2/customers', { 'Content-Type': 'application/json' }, body), 401],
      ['401, chunked body', rawRequest('POST', '/v2/customers', { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }, chunked(body)), 401],
      ['404, JSON body', rawRequest('POST', '/v2/nothing', { ...auth, 'Content-Type': 'application/json' }, body), 404],
      ['405, JSON body', rawRequest('PATCH', '/v2/customers', { ...auth, 'Content-Type': 'application/json' }, body), 405],
      ['413, chunked body', rawRequest('POST', '/v2/customers', { ...auth, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }, chunked(`{"name":"${'x'.repeat(3000)}"}`)), 413],
      ['415, text body', rawRequest('POST', '/v2/customers', { ...auth, 'Content-Type': 'text/plain' }, body), 415],
      ['404, chunked DELETE without Content-Type', rawRequest('DELETE', '/v2/customers/cst_nothing123', { ...auth, 'Transfer-Encoding': 'chunked' }, chunked('{"testmode":true}')), 404],
    ]
    for (const pipelined of [false, true]) {
      for (const [name, first, status] of early) {
        // The rate limit allows 6 units a second: wait it out so that only the 429 case meets it.
        await new Promise((resolve) => setTimeout(resolve, 1100))
        const { responses, closed } = await exchange(port(server), [first, next], { pipelined })
        const label = `${name} (${pipelined ? 'pipelined' : 'keep-alive'})`
        assert.equal(responses[0]?.status, status, label)
        if (responses.length === 2) assert.equal(responses[1]!.status, 200, label)
        else {
          assert.equal(responses.length, 1, label)
          assert.equal(responses[0]!.headers.connection, 'close', `${label}: a connection that is not reused says so`)
          assert.ok(closed, label)
        }
      }
      // 429: the limit's answer comes before the body is read. A key of its own, whose budget nothing above used.
      await new Promise((resolve) => setTimeout(resolve, 1100))
      const own = { Authorization: `Bearer ${pipelined ? server.keys.live : server.keys.otherLive}` }
      const limited = await exchange(port(server), [
        rawRequest('POST', '/v2/customers', { ...own, 'Content-Type': 'application/json' }, body),
        rawRequest('POST', '/v2/customers', { ...own, 'Content-Type': 'application/json' }, body),
        rawRequest('POST', '/v2/customers', { ...own, 'Content-Type': 'application/json' }, body),
        rawRequest('GET', '/v2/customers', own),
      ], { pipelined })
      assert.deepEqual(limited.responses.slice(0, 3).map((response) => response.status), [201, 201, 429])
      if (limited.responses.length === 4) assert.equal(limited.responses[3]!.status, 429)
      else assert.ok(limited.closed && limited.responses[2]!.headers.connection === 'close')
    }
  })
})

describe('validation happens once, at the edge', () => {
  test('a request refused for its input never reaches the store’s writes (so never opens a write transaction)', async (t) => {
    const server = await startTestServer(t)
    const id = (await call(server, server.keys.test, 'POST', '/v2/customers', { json: { name: 'Kept' } })).body.id
    const customers = server.store.customers as unknown as Record<string, (...args: unknown[]) => unknown>
    const writes: string[] = []
    for (const method of ['create', 'update', 'delete']) {
      const original = customers[method]!.bind(server.store.customers)
      customers[method] = (...args: unknown[]) => {
        writes.push(method)
        return original(...args)
      }
    }
    const invalid: Array<[string, string, CallOptions]> = [
      ['POST', '/v2/customers', { json: { name: 'x'.repeat(300) } }],
      ['POST', '/v2/customers', { json: { metadata: { big: 'x'.repeat(2000) } } }],
      ['POST', '/v2/customers', { json: { name: 'nul\u0000' } }],
      ['POST', '/v2/customers', { json: { email: 'jörg@beispiel.de' } }],
      ['POST', '/v2/customers', { json: { nmae: 'x' } }],
      ['PATCH', `/v2/customers/${id}`, { json: { locale: 'xx_XX' } }],
      ['PATCH', `/v2/customers/${id}`, { json: { metadata: JSON.parse('{"a":'.repeat(40) + '1' + '}'.repeat(40)) } }],
      ['PATCH', `/v2/customers/${id}`, { json: { name: 'x' }, headers: { 'idempotency-key': 'bad key with spaces' } }],
      ['DELETE', `/v2/customers/${id}`, { json: { testmode: 'yes' } }],
    ]
    for (const [method, path, options] of invalid) {
      const response = await call(server, server.keys.test, method, path, options)
      assert.ok(response.status === 400 || response.status === 422, `${method} ${path}: ${response.status}`)
    }
    assert.deepEqual(writes, [], 'no write was attempted')
    await call(server, server.keys.test, 'PATCH', `/v2/customers/${id}`, { json: { name: 'Changed' } })
    assert.deepEqual(writes, ['update'], 'the spy sees a valid write')
  })
})
