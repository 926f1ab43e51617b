import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { startTestServer } from './helpers/server.js'

const OPERATIONS = [
  ['/customers', 'post', 'create-customer', '201'],
  ['/customers', 'get', 'list-customers', '200'],
  ['/customers/{customerId}', 'get', 'get-customer', '200'],
  ['/customers/{customerId}', 'patch', 'update-customer', '200'],
  ['/customers/{customerId}', 'delete', 'delete-customer', '204'],
] as const

describe('GET /v2/openapi.json', () => {
  test('is public and describes exactly the five operations, with the server’s own base URL', async (t) => {
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
      Object.keys(methods as object).map((method) => `${method} ${path}`),
    )
    assert.deepEqual(listed.sort(), OPERATIONS.map(([path, method]) => `${method} ${path}`).sort())
  })

  test('every operation has its id, a success response in application/hal+json and typed errors (drift check)', async (t) => {
    const server = await startTestServer(t)
    const document = (await (await fetch(`${server.apiUrl}/openapi.json`)).json()) as any
    for (const [path, method, operationId, success] of OPERATIONS) {
      const operation = document.paths[path][method]
      assert.equal(operation.operationId, operationId)
      assert.ok(operation.responses[success], `${operationId} documents ${success}`)
      for (const status of ['401', '404']) {
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
    const schema = document.paths['/customers/{customerId}'].get.responses['200'].content['application/hal+json'].schema
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
