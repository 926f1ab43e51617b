import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { Validator } from '@seriousme/openapi-schema-validator'
import { call, startTestServer, type TestServer } from './helpers/server.js'
import { exchange, rawRequest } from './helpers/raw-http.js'

const OPERATIONS = [
  ['/customers', 'post', 'create-customer', '201'],
  ['/customers', 'get', 'list-customers', '200'],
  ['/customers/{customerId}', 'get', 'get-customer', '200'],
  ['/customers/{customerId}', 'patch', 'update-customer', '200'],
  ['/customers/{customerId}', 'delete', 'delete-customer', '204'],
  ['/customers/{customerId}/mandates', 'post', 'create-mandate', '201'],
  ['/customers/{customerId}/mandates', 'get', 'list-mandates', '200'],
  ['/customers/{customerId}/mandates/{mandateId}', 'get', 'get-mandate', '200'],
  ['/customers/{customerId}/mandates/{mandateId}', 'delete', 'revoke-mandate', '204'],
  ['/payments', 'post', 'create-payment', '201'],
  ['/payments', 'get', 'list-payments', '200'],
  ['/payments/{paymentId}', 'get', 'get-payment', '200'],
  ['/payments/{paymentId}', 'patch', 'update-payment', '200'],
  ['/payments/{paymentId}', 'delete', 'cancel-payment', '200'],
  ['/customers/{customerId}/payments', 'post', 'create-customer-payment', '201'],
  ['/customers/{customerId}/payments', 'get', 'list-customer-payments', '200'],
  ['/_clientele/payments/{paymentId}/status', 'post', 'change-payment-status', '200'],
  ['/_clientele/clock', 'get', 'get-test-clock', '200'],
  ['/_clientele/clock/advance', 'post', 'advance-test-clock', '200'],
  ['/customers/{customerId}/subscriptions', 'post', 'create-subscription', '201'],
  ['/customers/{customerId}/subscriptions', 'get', 'list-subscriptions', '200'],
  ['/customers/{customerId}/subscriptions/{subscriptionId}', 'get', 'get-subscription', '200'],
  ['/customers/{customerId}/subscriptions/{subscriptionId}', 'patch', 'update-subscription', '200'],
  ['/customers/{customerId}/subscriptions/{subscriptionId}', 'delete', 'cancel-subscription', '200'],
  ['/subscriptions', 'get', 'list-all-subscriptions', '200'],
  ['/customers/{customerId}/subscriptions/{subscriptionId}/payments', 'get', 'list-subscription-payments', '200'],
] as const

describe('GET /v2/openapi.json', () => {
  test('is public and describes exactly its operations, with the server’s own base URL; the helpers with the root', async (t) => {
    const server = await startTestServer(t)
    const response = await fetch(`${server.apiUrl}/openapi.json`)
    assert.equal(response.status, 200)
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/)
    const document = (await response.json()) as any
    assert.equal(document.openapi, '3.1.0')
    assert.deepEqual(document.servers, [{ url: server.apiUrl }])
    assert.deepEqual(document.components.securitySchemes.apiKey, {
      type: 'http',
      scheme: 'bearer',
      description: 'A `test_`, `live_` or `access_` key.',
    })
    const listed = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods as object).filter((key) => key !== 'servers').map((method) => `${method} ${path}`),
    )
    assert.deepEqual(listed.sort(), OPERATIONS.map(([path, method]) => `${method} ${path}`).sort())
    assert.deepEqual(document.paths['/_clientele/payments/{paymentId}/status'].servers, [{ url: server.baseUrl }])
    assert.deepEqual(document.paths['/_clientele/clock'].servers, [{ url: server.baseUrl }])
    assert.deepEqual(document.paths['/_clientele/clock/advance'].servers, [{ url: server.baseUrl }])
  })

  test('every operation has its id, a success response in application/hal+json and typed errors (drift check)', async (t) => {
    const server = await startTestServer(t)
    const document = (await (await fetch(`${server.apiUrl}/openapi.json`)).json()) as any
    for (const [path, method, operationId, success] of OPERATIONS) {
      const operation = document.paths[path][method]
      assert.equal(operation.operationId, operationId)
      assert.ok(operation.responses[success], `${operationId} documents ${success}`)
      for (const status of path.includes('{') ? ['401', '404'] : ['401']) {
        assert.ok(operation.responses[status]?.content?.['application/hal+json'], `${operationId} documents ${status}`)
      }
      if (success !== '204') assert.ok(operation.responses[success].content['application/hal+json'].schema)
      if (operation.requestBody) {
        assert.deepEqual(Object.keys(operation.requestBody.content).sort(), [
          'application/json',
          'application/x-www-form-urlencoded',
        ])
      }
    }
  })

  test('the documented customer is the object the API returns: same required keys, same enums', async (t) => {
    const server = await startTestServer(t)
    const document = (await (await fetch(`${server.apiUrl}/openapi.json`)).json()) as any
    const reference = document.paths['/customers/{customerId}'].get.responses['200'].content['application/hal+json'].schema.$ref
    const schema = document.components.schemas[reference.split('/').at(-1)]
    const resolve = (node: any) => (node.$ref ? document.components.schemas[node.$ref.split('/').at(-1)] : node)
    schema.properties = Object.fromEntries(Object.entries(schema.properties).map(([name, node]) => [name, resolve(node)]))
    assert.deepEqual(schema.required, ['resource', 'id', 'mode', 'name', 'email', 'locale', 'metadata', 'createdAt', '_links'])
    assert.deepEqual(schema.properties.mode.enum, ['live', 'test'])
    const locales = schema.properties.locale.anyOf[0].enum
    assert.ok(locales.includes('nl_NL') && locales.includes('sk_SK'))
    assert.match(document.info.description, /\| 200 \| Customer created \|/)
    const list = document.paths['/customers'].get
    const limit = list.parameters.find((parameter: { name: string }) => parameter.name === 'limit')
    assert.deepEqual([limit.schema.minimum, limit.schema.maximum], [1, 250])
  })
})

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

async function documentOf(server: TestServer): Promise<any> {
  return (await fetch(`${server.apiUrl}/openapi.json`)).json()
}

describe('the OpenAPI document is a contract (drift checks)', () => {
  test('it is a valid OpenAPI 3.1 document', async (t) => {
    const server = await startTestServer(t)
    const result = await new Validator().validate(await documentOf(server))
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2))
  })

  test('every route of the table is documented; every error is a $ref to error-response; every write declares Idempotency-Key', async (t) => {
    const server = await startTestServer(t)
    const document = await documentOf(server)
    const documented = new Set(
      Object.entries(document.paths).flatMap(([path, item]) =>
        Object.keys(item as object).filter((key) => HTTP_METHODS.includes(key)).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    )
    const routes = server.app.apiRoutes
      .routes()
      .filter(({ url }) => url !== '/v2/openapi.json')
      .flatMap(({ url, methods }) => methods.filter((method) => method !== 'HEAD').map((method) => `${method} ${url.slice(3).replace(/:(\w+)/g, '{$1}')}`))
    const helpers = ['POST /_clientele/payments/{paymentId}/status', 'GET /_clientele/clock', 'POST /_clientele/clock/advance']
    assert.deepEqual(
      [...documented].filter((route) => !helpers.includes(route)).sort(),
      [...new Set(routes)].sort(),
      'the document lists exactly the routes',
    )
    for (const route of helpers) assert.ok(documented.has(route), `${route} is documented`)
    for (const [path, item] of Object.entries(document.paths) as Array<[string, Record<string, any>]>) {
      for (const [method, operation] of Object.entries(item).filter(([key]) => HTTP_METHODS.includes(key))) {
        const name = `${method} ${path}`
        assert.match(operation.operationId ?? '', /^[a-z]+(-[a-z]+)+$/, `${name} has an operationId`)
        for (const [status, response] of Object.entries(operation.responses) as Array<[string, any]>) {
          if (Number(status) < 400) continue
          assert.deepEqual(response.content, { 'application/hal+json': { schema: { $ref: '#/components/schemas/error-response' } } }, `${name} ${status}`)
          if (status === '429' || status === '503') assert.ok(response.headers?.['retry-after'], `${name} ${status} declares Retry-After`)
        }
        const idempotencyKey = (operation.parameters ?? []).find((parameter: any) => parameter.in === 'header' && parameter.name === 'idempotency-key')
        assert.equal(Boolean(idempotencyKey), method !== 'get', `${name}: Idempotency-Key declared on writes only`)
      }
    }
    for (const name of ['url', 'url-nullable', 'list-links', 'error-response', 'entity-event', 'customer-response', 'metadata', 'mandate-response', 'entity-mandate', 'mandateToken']) {
      assert.ok(document.components.schemas[name], `component ${name}`)
    }
    // Shared schemas are referenced, not repeated: an operation is its own parameters and references, a few kB.
    for (const [path, item] of Object.entries(document.paths) as Array<[string, Record<string, any>]>) {
      for (const [method, operation] of Object.entries(item).filter(([key]) => HTTP_METHODS.includes(key))) {
        assert.ok(JSON.stringify(operation).length < 4_000, `${method} ${path} refers to shared schemas`)
      }
    }
  })

  test('every error status an operation lists, it really answers (503 is the outage suite’s)', async (t) => {
    const server = await startTestServer(t, { bodyLimit: 1024, rateLimitPerSecond: 1000, requestTimeoutMs: 1000 })
    const document = await documentOf(server)
    const { keys } = server
    const id = (await call(server, keys.test, 'POST', '/v2/customers', { json: {} })).body.id
    const mandateBody = { method: 'directdebit' as const, consumerName: 'A', consumerAccount: 'NL55INGB0000000000' }
    const newMandate = async (on: TestServer, customerId: string, key: string) =>
      (await call(on, key, 'POST', `/v2/customers/${customerId}/mandates`, { json: mandateBody })).body.id as string
    const mandate = await newMandate(server, id, keys.test)
    const paymentBody = { amount: { currency: 'EUR', value: '1.00' }, description: 'x', redirectUrl: 'https://example.org' }
    const payment = (await call(server, keys.test, 'POST', '/v2/payments', { json: paymentBody })).body.id as string
    const subscriptionBody = { amount: { currency: 'EUR', value: '1.00' }, interval: '1 month', description: 'Monthly' }
    const subscription = (await call(server, keys.test, 'POST', `/v2/customers/${id}/subscriptions`, { json: subscriptionBody })).body.id as string
    const revoked = await newMandate(server, id, keys.test)
    await call(server, keys.test, 'DELETE', `/v2/customers/${id}/mandates/${revoked}`)
    const port = Number(new URL(server.baseUrl).port)
    const target: Record<string, { method: string; path: string; write: boolean }> = {
      'create-customer': { method: 'POST', path: '/v2/customers', write: true },
      'list-customers': { method: 'GET', path: '/v2/customers', write: false },
      'get-customer': { method: 'GET', path: `/v2/customers/${id}`, write: false },
      'update-customer': { method: 'PATCH', path: `/v2/customers/${id}`, write: true },
      'delete-customer': { method: 'DELETE', path: `/v2/customers/${id}`, write: true },
      'create-mandate': { method: 'POST', path: `/v2/customers/${id}/mandates`, write: true },
      'list-mandates': { method: 'GET', path: `/v2/customers/${id}/mandates`, write: false },
      'get-mandate': { method: 'GET', path: `/v2/customers/${id}/mandates/${mandate}`, write: false },
      'revoke-mandate': { method: 'DELETE', path: `/v2/customers/${id}/mandates/${mandate}`, write: true },
      'create-payment': { method: 'POST', path: '/v2/payments', write: true },
      'list-payments': { method: 'GET', path: '/v2/payments', write: false },
      'get-payment': { method: 'GET', path: `/v2/payments/${payment}`, write: false },
      'update-payment': { method: 'PATCH', path: `/v2/payments/${payment}`, write: true },
      'cancel-payment': { method: 'DELETE', path: `/v2/payments/${payment}`, write: true },
      'create-customer-payment': { method: 'POST', path: `/v2/customers/${id}/payments`, write: true },
      'list-customer-payments': { method: 'GET', path: `/v2/customers/${id}/payments`, write: false },
      'change-payment-status': { method: 'POST', path: `/_clientele/payments/${payment}/status`, write: true },
      'get-test-clock': { method: 'GET', path: '/_clientele/clock', write: false },
      'advance-test-clock': { method: 'POST', path: '/_clientele/clock/advance', write: true },
      'create-subscription': { method: 'POST', path: `/v2/customers/${id}/subscriptions`, write: true },
      'list-subscriptions': { method: 'GET', path: `/v2/customers/${id}/subscriptions`, write: false },
      'get-subscription': { method: 'GET', path: `/v2/customers/${id}/subscriptions/${subscription}`, write: false },
      'update-subscription': { method: 'PATCH', path: `/v2/customers/${id}/subscriptions/${subscription}`, write: true },
      'cancel-subscription': { method: 'DELETE', path: `/v2/customers/${id}/subscriptions/${subscription}`, write: true },
      'list-all-subscriptions': { method: 'GET', path: '/v2/subscriptions', write: false },
      'list-subscription-payments': { method: 'GET', path: `/v2/customers/${id}/subscriptions/${subscription}/payments`, write: false },
    }
    /** A body valid for the operation, so that only what the provocation changes is wrong. */
    const validBody = (operationId: string): object =>
      operationId === 'create-mandate'
        ? mandateBody
        : operationId === 'create-customer-payment' || operationId === 'create-payment'
          ? paymentBody
          : operationId === 'change-payment-status'
            ? { status: 'paid' }
            : operationId === 'advance-test-clock'
              ? { by: 'PT1M' }
            : operationId === 'create-subscription'
              ? { ...subscriptionBody, description: 'Another' }
              : {}
    const operations = Object.values(document.paths).flatMap((item: any) => Object.values(item)).filter((operation: any) => operation.operationId) as any[]
    for (const operation of operations) {
      const { method, path, write } = target[operation.operationId]!
      // Reads take a body too (and refuse it): fetch cannot send one with a GET, so these go as raw HTTP.
      const withBody = async (contentType: string, body: string) => {
        const headers = { Authorization: `Bearer ${keys.test}`, 'Content-Type': contentType }
        return (await exchange(port, [rawRequest(method, path, headers, body)])).responses[0]?.status ?? 0
      }
      const provoke: Record<string, () => Promise<number>> = {
        400: async () => (await call(server, keys.test, method, write ? path : `${path}?testmode=maybe`, write ? { raw: '{"name":', headers: { 'content-type': 'application/json' } } : {})).status,
        401: async () => (await call(server, undefined, method, path)).status,
        404: async () => {
          const json = validBody(operation.operationId)
          const missing = path.replace(id, 'cst_nothing123').replace(payment, 'tr_nothing123')
          return (await call(server, keys.test, method, missing, write ? { json } : {})).status
        },
        // The test clock is test-mode only.
        403: async () => (await call(server, keys.live, method, path, write ? { json: validBody(operation.operationId) } : {})).status,
        // A revoked mandate is gone, to a read and to a second revocation alike.
        410: async () => (await call(server, keys.test, method, path.replace(mandate, revoked))).status,
        408: async () => (await exchange(port, [Buffer.from(`${method} ${path} HTTP/1.1\r\nHost: x\r\n`)], { timeoutMs: 4000 })).responses[0]?.status ?? 0,
        413: () => withBody('application/json', JSON.stringify({ name: 'x'.repeat(2000) })),
        415: () => withBody('text/plain', 'x'),
        422: async () => (await call(server, keys.test, method, write ? path : `${path}${path.includes('?') ? '&' : '?'}unknown=1`, write ? { json: { unknown: 1 } } : {})).status,
        429: async () => {
          const limited = await startTestServer(t, { rateLimitPerSecond: 1 })
          const limitedId = (await call(limited, limited.keys.test, 'POST', '/v2/customers', { json: {} })).body.id
          // Made past the API, so that the limit's one request per second is the provoking one's.
          const limitedMandate = path.includes(mandate)
            ? (await limited.store.mandates.create(await limited.tenantOf(limited.keys.test), limitedId, { ...mandateBody, method: 'directdebit' }))!.value.id
            : mandate
          const limitedPayment = path.includes(payment)
            ? (await limited.store.payments.create(await limited.tenantOf(limited.keys.test), paymentBody, {
                customerId: null,
                fromPath: false,
                policy: { allowPrivateWebhooks: false, recurringStatus: 'pending' },
              }))!.value.id
            : payment
          const limitedPath = path.replace(id, limitedId).replace(mandate, limitedMandate).replace(payment, limitedPayment)
          await call(limited, limited.keys.test, 'GET', '/v2/customers')
          const json = validBody(operation.operationId)
          return (await call(limited, limited.keys.test, method, limitedPath, write ? { json } : {})).status
        },
      }
      for (const status of Object.keys(operation.responses).filter((code) => Number(code) >= 400 && code !== '503')) {
        assert.ok(provoke[status], `${operation.operationId} lists ${status}: this test needs a way to provoke it`)
        assert.equal(await provoke[status]!(), Number(status), `${operation.operationId} answers ${status}`)
      }
    }
  })
})
