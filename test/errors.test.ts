import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { assertErrorBody } from './helpers/mollie-error.js'
import { call, customerIds, startTestServer, type CallOptions, type TestServer } from './helpers/server.js'

function errorBody(server: TestServer, status: number, title: string, detail: string | RegExp, field?: string) {
  return { status, title, detail, field, documentation: `${server.baseUrl}/docs#errors` }
}

/** Asserts the whole error body, its content type, and that the tenant's customers are unchanged. */
async function expectError(
  server: TestServer,
  request: { key?: string; method: string; path: string } & CallOptions,
  expected: ReturnType<typeof errorBody>,
) {
  const key = 'key' in request ? request.key : server.keys.test
  const tenant = await server.tenantOf(server.keys.test)
  const before = await customerIds(server.store, tenant)
  const response = await call(server, key, request.method, request.path, request)
  assert.equal(response.status, expected.status, response.text)
  assertErrorBody(server.baseUrl, response.body, response.headers.get('content-type'), expected)
  assert.deepEqual(await customerIds(server.store, tenant), before, 'nothing was written')
  return response
}

describe('401: missing, malformed, unknown and revoked keys all look alike', () => {
  test('every way of failing to authenticate gets the same 401 body', async (t) => {
    const server = await startTestServer(t)
    const revoked = (await server.store.credentials.list('other')).find((credential) => credential.kind === 'test')!
    await server.store.credentials.revoke(revoked.id)
    const unauthorized = errorBody(server, 401, 'Unauthorized Request', 'Missing authentication, or failed to authenticate')
    const cases: Array<{ key?: string; headers?: Record<string, string> }> = [
      { key: undefined },
      { key: 'test_thisKeyDoesNotExistAnywhere1234' },
      { key: 'not-a-key' },
      { key: '' },
      { key: server.keys.otherTest },
      { key: undefined, headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } },
    ]
    for (const { key, headers } of cases) {
      for (const [method, path] of [
        ['GET', '/v2/customers'],
        ['POST', '/v2/customers'],
        ['GET', '/v2/customers/cst_aaaaaaaaaa'],
        ['PATCH', '/v2/customers/cst_aaaaaaaaaa'],
        ['DELETE', '/v2/customers/cst_aaaaaaaaaa'],
      ] as const) {
        await expectError(server, { key, method, path, headers, json: method === 'POST' ? { name: 'x' } : undefined }, unauthorized)
      }
    }
  })
})

describe('404', () => {
  test('an unknown or malformed customer id is 404 with Mollie’s text', async (t) => {
    const server = await startTestServer(t)
    for (const id of ['cst_doesnotexi', 'nonsense', 'cst_' + 'x'.repeat(150)]) {
      for (const method of ['GET', 'PATCH', 'DELETE']) {
        await expectError(
          server,
          { method, path: `/v2/customers/${id}`, json: method === 'PATCH' ? { name: 'x' } : undefined },
          errorBody(server, 404, 'Not Found', `No customer exists with token ${id}.`),
        )
      }
    }
  })

  test('an unknown route is 404 in the same format', async (t) => {
    const server = await startTestServer(t)
    await expectError(
      server,
      { method: 'GET', path: '/v2/orders' },
      errorBody(server, 404, 'Not Found', /^There is no GET \/v2\/orders in this API/),
    )
  })
})

describe('422: invalid fields are refused and nothing is stored', () => {
  const cases: Array<[string, unknown, string, string | RegExp]> = [
    ['invalid email', { email: 'not-an-email' }, 'email', "The 'email' field must be a valid email address, for example 'jane@example.org'."],
    ['email without a domain dot', { email: 'jane@localhost' }, 'email', /valid email address/],
    ['email of the wrong type', { email: 42 }, 'email', "The 'email' field must be a string or null."],
    ['overlong email', { email: `${'a'.repeat(250)}@example.org` }, 'email', "The 'email' field must be at most 254 characters long."],
    ['unknown locale', { locale: 'xx_XX' }, 'locale', /^The 'locale' field must be one of en_US, en_GB, .* or null\.$/],
    ['locale of the wrong type', { locale: 5 }, 'locale', /^The 'locale' field must be one of/],
    ['name of the wrong type', { name: ['Jane'] }, 'name', "The 'name' field must be a string or null."],
    ['overlong name', { name: 'n'.repeat(256) }, 'name', "The 'name' field must be at most 255 characters long."],
    ['name with a NUL character', { name: 'Jane\u0000Doe' }, 'name', /plain text/],
    ['name with a lone surrogate', { name: 'Jane \ud800' }, 'name', /plain text/],
    ['boolean metadata', { metadata: true }, 'metadata', "The 'metadata' field must be a string, a JSON object, an array of strings, or null."],
    ['number metadata', { metadata: 12 }, 'metadata', /must be a string, a JSON object/],
    ['array metadata with a number', { metadata: ['a', 1] }, 'metadata', /must be a string, a JSON object/],
    ['metadata nested 40 levels deep', { metadata: JSON.parse('{"a":'.repeat(40) + '1' + '}'.repeat(40)) }, 'metadata', "The 'metadata' field must not nest deeper than 32 levels."],
    ['metadata over 1 kB', { metadata: { blob: 'x'.repeat(1100) } }, 'metadata', "The 'metadata' field must be at most 1024 bytes once JSON-encoded."],
    ['testmode of the wrong type', { testmode: 'yes' }, 'testmode', "The 'testmode' field must be true or false."],
  ]
  for (const [name, body, field, detail] of cases) {
    test(`create: ${name} → 422 with field ${field}`, async (t) => {
      const server = await startTestServer(t)
      await expectError(
        server,
        { method: 'POST', path: '/v2/customers', json: body },
        errorBody(server, 422, 'Unprocessable Entity', detail, field),
      )
    })
  }

  test('update: an invalid field leaves the customer exactly as it was, with no new event', async (t) => {
    const server = await startTestServer(t)
    const { body: created } = await call(server, server.keys.test, 'POST', '/v2/customers', {
      json: { name: 'Jane', email: 'jane@example.org' },
    })
    const bad = [
      { name: 'Janet', email: 'broken' },
      { name: 'Janet', metadata: { blob: 'y'.repeat(2000) } },
      { name: 'Janet', locale: 'klingon' },
    ]
    for (const json of bad) {
      const response = await call(server, server.keys.test, 'PATCH', `/v2/customers/${created.id}`, { json })
      assert.equal(response.status, 422)
    }
    const after = await call(server, server.keys.test, 'GET', `/v2/customers/${created.id}?include=events`)
    assert.equal(after.body.name, 'Jane')
    assert.equal(after.body.email, 'jane@example.org')
    assert.equal(after.body.events.length, 1)
  })

  test('metadata of exactly 1024 bytes is accepted, multi-byte characters counted as bytes', async (t) => {
    const server = await startTestServer(t)
    const exact = 'x'.repeat(1024 - 2) // the JSON string's quotes are two of the bytes
    assert.equal((await call(server, server.keys.test, 'POST', '/v2/customers', { json: { metadata: exact } })).status, 201)
    const euros = '€'.repeat(341) // 3 bytes each: 1023 + 2 quotes > 1024
    assert.equal((await call(server, server.keys.test, 'POST', '/v2/customers', { json: { metadata: euros } })).status, 422)
  })
})

describe('400: bad list parameters and unreadable bodies', () => {
  const listCases: Array<[string, string, string]> = [
    ['limit=0', 'limit', "The 'limit' parameter must be a whole number from 1 to 250."],
    ['limit=251', 'limit', "The 'limit' parameter must be a whole number from 1 to 250."],
    ['limit=abc', 'limit', "The 'limit' parameter must be a whole number from 1 to 250."],
    ['limit=5.5', 'limit', "The 'limit' parameter must be a whole number from 1 to 250."],
    ['limit=1&limit=2', 'limit', "The 'limit' parameter must be a whole number from 1 to 250."],
    ['sort=up', 'sort', "The 'sort' parameter must be 'asc' or 'desc'."],
    ['from=cst_unknown123', 'from', 'Invalid cursor value'],
    ['from=garbage', 'from', 'Invalid cursor value'],
    ['testmode=maybe', 'testmode', "The 'testmode' parameter must be 'true' or 'false'."],
  ]
  for (const [query, field, detail] of listCases) {
    test(`list with ${query} → 400 with field ${field}`, async (t) => {
      const server = await startTestServer(t)
      await expectError(server, { method: 'GET', path: `/v2/customers?${query}` }, errorBody(server, 400, 'Bad Request', detail, field))
    })
  }

  test('from pointing at another organization’s or mode’s customer is an invalid cursor', async (t) => {
    const server = await startTestServer(t)
    const other = await call(server, server.keys.otherTest, 'POST', '/v2/customers', { json: {} })
    const live = await call(server, server.keys.live, 'POST', '/v2/customers', { json: {} })
    for (const id of [other.body.id, live.body.id]) {
      await expectError(
        server,
        { method: 'GET', path: `/v2/customers?from=${id}` },
        errorBody(server, 400, 'Bad Request', 'Invalid cursor value', 'from'),
      )
    }
  })

  test('get with an unknown include → 400 with field include', async (t) => {
    const server = await startTestServer(t)
    const { body } = await call(server, server.keys.test, 'POST', '/v2/customers', { json: {} })
    await expectError(
      server,
      { method: 'GET', path: `/v2/customers/${body.id}?include=payments` },
      errorBody(server, 400, 'Bad Request', "The 'include' parameter only supports 'events'.", 'include'),
    )
  })

  test('unparseable JSON → 400', async (t) => {
    const server = await startTestServer(t)
    for (const raw of ['{"name":', '{name: "x"}']) {
      await expectError(
        server,
        { method: 'POST', path: '/v2/customers', raw, headers: { 'content-type': 'application/json' } },
        errorBody(server, 400, 'Bad Request', 'The request body is not valid JSON.'),
      )
    }
  })

  test('a body nested deeper than 64 levels → 400, before anything walks it', async (t) => {
    const server = await startTestServer(t)
    for (const raw of ['{"metadata":' + '['.repeat(5000) + ']'.repeat(5000) + '}', '{"x":' + '{"y":'.repeat(100) + '1' + '}'.repeat(101)]) {
      await expectError(
        server,
        { method: 'POST', path: '/v2/customers', raw, headers: { 'content-type': 'application/json', 'idempotency-key': 'deep' } },
        errorBody(server, 400, 'Bad Request', 'The request body nests deeper than 64 levels.'),
      )
    }
  })

  test('a number JSON cannot represent in metadata → 422, not a silent null', async (t) => {
    const server = await startTestServer(t)
    await expectError(
      server,
      { method: 'POST', path: '/v2/customers', raw: '{"metadata":{"big":1e400}}', headers: { 'content-type': 'application/json' } },
      errorBody(server, 422, 'Unprocessable Entity', "The 'metadata' field holds a number JSON cannot represent.", 'metadata'),
    )
  })

  test('a malformed URL → 400, an overlong id → 404, a NUL in an id → 404, all in Mollie’s format', async (t) => {
    const server = await startTestServer(t)
    await expectError(server, { method: 'GET', path: '/v2/customers/cst_%E0%A4%A' }, errorBody(server, 400, 'Bad Request', 'The request URL is malformed.'))
    const long = `cst_${'x'.repeat(300)}`
    await expectError(server, { method: 'GET', path: `/v2/customers/${long}` }, errorBody(server, 404, 'Not Found', `No customer exists with token ${long.slice(0, 40)}….`))
    await expectError(server, { method: 'GET', path: '/v2/customers/cst_%00abc' }, errorBody(server, 404, 'Not Found', 'No customer exists with token cst_\u0000abc.'))
    await expectError(server, { method: 'GET', path: '/v2/customers?from=cst_%00abc' }, errorBody(server, 400, 'Bad Request', 'Invalid cursor value', 'from'))
  })

  test('a JSON body that is not an object → 400', async (t) => {
    const server = await startTestServer(t)
    for (const raw of ['[]', '"Jane"', '42', 'null']) {
      await expectError(
        server,
        { method: 'POST', path: '/v2/customers', raw, headers: { 'content-type': 'application/json' } },
        errorBody(server, 400, 'Bad Request', 'The request body must be a JSON object.'),
      )
    }
  })
})

describe('415 and 413', () => {
  test('an unsupported content type → 415', async (t) => {
    const server = await startTestServer(t)
    await expectError(
      server,
      { method: 'POST', path: '/v2/customers', raw: 'name=x', headers: { 'content-type': 'text/plain' } },
      errorBody(
        server,
        415,
        'Unsupported Media Type',
        "Unsupported Content-Type 'text/plain': send application/json or application/x-www-form-urlencoded.",
      ),
    )
  })

  test('a body over the limit → 413, before anything is parsed', async (t) => {
    const server = await startTestServer(t, { bodyLimit: 4096 })
    await expectError(
      server,
      { method: 'POST', path: '/v2/customers', json: { name: 'x', padding: 'p'.repeat(5000) } },
      errorBody(server, 413, 'Payload Too Large', 'The request body is larger than the limit of 4096 bytes.'),
    )
  })
})

describe('no internals leak', () => {
  test('an unexpected failure answers 500 with a fixed text and no stack, SQL or path', async (t) => {
    const server = await startTestServer(t)
    // Closing the store under the running app makes every query fail unexpectedly.
    await server.store.close()
    const response = await call(server, server.keys.test, 'GET', '/v2/customers')
    assert.equal(response.status, 500)
    assert.deepEqual(response.body, {
      status: 500,
      title: 'Internal Server Error',
      detail: 'An unexpected error occurred while handling your request. It has been logged; please retry.',
      _links: { documentation: { href: `${server.baseUrl}/docs#errors`, type: 'text/html' } },
    })
    assert.doesNotMatch(response.text, /at |\/work|\.ts|sqlite|select/i)
  })
})
