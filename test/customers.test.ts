import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { call, startTestServer } from './helpers/server.js'

const CUSTOMER_KEYS = ['resource', 'id', 'mode', 'name', 'email', 'locale', 'metadata', 'createdAt', '_links']
const CREATED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/

describe('customer lifecycle over HTTP', () => {
  test('create answers 201 with the complete customer object as application/hal+json', async (t) => {
    const server = await startTestServer(t)
    const created = await call(server, server.keys.test, 'POST', '/v2/customers', {
      json: { name: 'Jane Doe', email: 'jane@example.org', locale: 'nl_NL', metadata: { orderId: '1234' } },
    })
    assert.equal(created.status, 201)
    assert.equal(created.headers.get('content-type'), 'application/hal+json; charset=utf-8')
    const customer = created.body
    assert.deepEqual(Object.keys(customer), CUSTOMER_KEYS)
    assert.equal(customer.resource, 'customer')
    assert.match(customer.id, /^cst_[0-9A-Za-z]{10}$/)
    assert.equal(customer.mode, 'test')
    assert.equal(customer.name, 'Jane Doe')
    assert.equal(customer.email, 'jane@example.org')
    assert.equal(customer.locale, 'nl_NL')
    assert.deepEqual(customer.metadata, { orderId: '1234' })
    assert.match(customer.createdAt, CREATED_AT)
    assert.deepEqual(customer._links, {
      self: { href: `${server.apiUrl}/customers/${customer.id}`, type: 'application/hal+json' },
      dashboard: { href: `${server.baseUrl}/dashboard/customers/${customer.id}`, type: 'text/html' },
      documentation: { href: `${server.baseUrl}/docs#create-customer`, type: 'text/html' },
    })
  })

  test('create with no body at all, or an empty JSON body, makes a customer whose fields are all null', async (t) => {
    const server = await startTestServer(t)
    for (const options of [{}, { raw: '', headers: { 'content-type': 'application/json' } }, { json: {} }]) {
      const created = await call(server, server.keys.test, 'POST', '/v2/customers', options)
      assert.equal(created.status, 201, created.text)
      assert.deepEqual(
        [created.body.name, created.body.email, created.body.locale, created.body.metadata],
        [null, null, null, null],
      )
    }
  })

  test('create accepts form-encoded bodies as in Mollie’s curl examples, metadata[key] included', async (t) => {
    const server = await startTestServer(t)
    const created = await call(server, server.keys.test, 'POST', '/v2/customers', {
      form: 'name=John%20Doe&email=customer%40example.org&locale=en_US&metadata[order_id]=42&testmode=true',
    })
    assert.equal(created.status, 201, created.text)
    assert.equal(created.body.name, 'John Doe')
    assert.equal(created.body.email, 'customer@example.org')
    assert.deepEqual(created.body.metadata, { order_id: '42' })
    assert.equal(created.body.mode, 'test')
  })

  test('metadata may be a string, an object, an array of strings or null, and comes back as sent', async (t) => {
    const server = await startTestServer(t)
    for (const metadata of ['plain text', { nested: { deep: [1, true, null] } }, ['a', 'b'], null]) {
      const created = await call(server, server.keys.test, 'POST', '/v2/customers', { json: { metadata } })
      assert.equal(created.status, 201, created.text)
      const fetched = await call(server, server.keys.test, 'GET', `/v2/customers/${created.body.id}`)
      assert.deepEqual(fetched.body.metadata, metadata)
    }
  })

  test('get answers the same object as create, with the get-customer documentation link', async (t) => {
    const server = await startTestServer(t)
    const created = await call(server, server.keys.test, 'POST', '/v2/customers', { json: { name: 'A' } })
    const fetched = await call(server, server.keys.test, 'GET', `/v2/customers/${created.body.id}`)
    assert.equal(fetched.status, 200)
    assert.equal(fetched.headers.get('content-type'), 'application/hal+json; charset=utf-8')
    assert.deepEqual(
      { ...fetched.body, _links: { ...fetched.body._links, documentation: undefined } },
      { ...created.body, _links: { ...created.body._links, documentation: undefined } },
    )
    assert.equal(fetched.body._links.documentation.href, `${server.baseUrl}/docs#get-customer`)
    assert.equal(fetched.body.events, undefined)
  })

  test('update changes only the fields sent, null clears, and answers 200 with the whole customer', async (t) => {
    const server = await startTestServer(t)
    const { body: created } = await call(server, server.keys.test, 'POST', '/v2/customers', {
      json: { name: 'Jane', email: 'jane@example.org', locale: 'de_DE', metadata: 'keep' },
    })
    const updated = await call(server, server.keys.test, 'PATCH', `/v2/customers/${created.id}`, {
      json: { email: 'janet@example.org', locale: null },
    })
    assert.equal(updated.status, 200)
    assert.deepEqual(Object.keys(updated.body), CUSTOMER_KEYS)
    assert.equal(updated.body.name, 'Jane')
    assert.equal(updated.body.email, 'janet@example.org')
    assert.equal(updated.body.locale, null)
    assert.equal(updated.body.metadata, 'keep')
    assert.equal(updated.body.createdAt, created.createdAt)
    assert.equal(updated.body._links.documentation.href, `${server.baseUrl}/docs#update-customer`)
    const fetched = await call(server, server.keys.test, 'GET', `/v2/customers/${created.id}`)
    assert.equal(fetched.body.email, 'janet@example.org')
    assert.equal(fetched.body.locale, null)
  })

  test('update accepts form bodies too', async (t) => {
    const server = await startTestServer(t)
    const { body: created } = await call(server, server.keys.test, 'POST', '/v2/customers', { json: {} })
    const updated = await call(server, server.keys.test, 'PATCH', `/v2/customers/${created.id}`, {
      form: 'name=Jane%20Doe&email=jane%40example.org',
    })
    assert.equal(updated.status, 200, updated.text)
    assert.equal(updated.body.name, 'Jane Doe')
  })

  test('delete answers 204 with no body; the customer is then 404 for get, update and delete', async (t) => {
    const server = await startTestServer(t)
    const { body: created } = await call(server, server.keys.test, 'POST', '/v2/customers', { json: { name: 'X' } })
    const deleted = await call(server, server.keys.test, 'DELETE', `/v2/customers/${created.id}`)
    assert.equal(deleted.status, 204)
    assert.equal(deleted.text, '')
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const after = await call(server, server.keys.test, method, `/v2/customers/${created.id}`, {
        json: method === 'PATCH' ? { name: 'Y' } : undefined,
      })
      assert.equal(after.status, 404, method)
      assert.deepEqual(after.body, {
        status: 404,
        title: 'Not Found',
        detail: `No customer exists with token ${created.id}.`,
        _links: { documentation: { href: `${server.baseUrl}/docs#errors`, type: 'text/html' } },
      })
    }
  })

  test('delete accepts the bodies both official clients send: {}, {"testmode":true} and an empty JSON body', async (t) => {
    const server = await startTestServer(t)
    const bodies = [
      { json: {} },
      { json: { testmode: true } },
      { raw: '', headers: { 'content-type': 'application/json' } },
    ]
    for (const options of bodies) {
      const { body: created } = await call(server, server.keys.test, 'POST', '/v2/customers', { json: {} })
      const deleted = await call(server, server.keys.test, 'DELETE', `/v2/customers/${created.id}`, options)
      assert.equal(deleted.status, 204, deleted.text)
    }
  })

  test('GET tolerates a Content-Type header without a body, as @mollie/api-client sends it', async (t) => {
    const server = await startTestServer(t)
    const listed = await call(server, server.keys.test, 'GET', '/v2/customers', {
      headers: { 'content-type': 'application/json' },
    })
    assert.equal(listed.status, 200)
  })

  test('responses are gzip-compressed when asked and large enough', async (t) => {
    const server = await startTestServer(t)
    for (let i = 0; i < 10; i++) await call(server, server.keys.test, 'POST', '/v2/customers', { json: { name: `C${i}` } })
    const response = await fetch(`${server.apiUrl}/customers`, {
      headers: { authorization: `Bearer ${server.keys.test}`, 'accept-encoding': 'gzip' },
    })
    assert.equal(response.headers.get('content-encoding'), 'gzip')
    assert.equal(((await response.json()) as { count: number }).count, 10)
  })
})

describe('events', () => {
  test('include=events shows created and updated events with the changed fields, oldest first', async (t) => {
    const server = await startTestServer(t)
    const { body: created } = await call(server, server.keys.test, 'POST', '/v2/customers', { json: { name: 'A' } })
    await call(server, server.keys.test, 'PATCH', `/v2/customers/${created.id}`, {
      json: { name: 'B', email: 'b@example.org', locale: null },
    })
    const fetched = await call(server, server.keys.test, 'GET', `/v2/customers/${created.id}?include=events`)
    assert.equal(fetched.status, 200)
    const self = { href: `${server.apiUrl}/customers/${created.id}`, type: 'application/hal+json' }
    assert.equal(fetched.body.events.length, 2)
    const [first, second] = fetched.body.events
    assert.deepEqual(Object.keys(first), ['resource', 'type', 'createdAt', 'message', '_links'])
    assert.deepEqual({ ...first, createdAt: undefined }, {
      resource: 'event',
      type: 200,
      createdAt: undefined,
      message: 'Customer created',
      _links: { url: self },
    })
    assert.match(first.createdAt, CREATED_AT)
    assert.equal(second.type, 201)
    // locale was already null: only what really changed is named.
    assert.equal(second.message, 'Customer updated: name, email')
  })

  test('an update that changes nothing records no event', async (t) => {
    const server = await startTestServer(t)
    const { body: created } = await call(server, server.keys.test, 'POST', '/v2/customers', {
      json: { name: 'A', metadata: { a: 1 } },
    })
    const same = await call(server, server.keys.test, 'PATCH', `/v2/customers/${created.id}`, {
      json: { name: 'A', metadata: { a: 1 } },
    })
    assert.equal(same.status, 200)
    const fetched = await call(server, server.keys.test, 'GET', `/v2/customers/${created.id}?include=events`)
    assert.deepEqual(
      fetched.body.events.map((event: { type: number }) => event.type),
      [200],
    )
  })

  test('deleting records a deletion event and erases the personal fields from the database', async (t) => {
    const server = await startTestServer(t)
    const { body: created } = await call(server, server.keys.test, 'POST', '/v2/customers', {
      json: { name: 'Secret Name', email: 'secret@example.org', metadata: { ssn: '123' } },
    })
    await call(server, server.keys.test, 'DELETE', `/v2/customers/${created.id}`)
    const tenant = await server.tenantOf(server.keys.test)
    assert.equal(await server.store.customers.events(tenant, created.id), undefined)
    const [row] = await server.rows('select name, email, metadata, deleted_at from customers where id = ?', [created.id])
    assert.deepEqual({ ...row, deleted_at: typeof row!.deleted_at }, {
      name: null,
      email: null,
      metadata: null,
      deleted_at: 'string',
    })
    const events = await server.rows('select type, message from customer_events where customer_id = ? order by seq', [
      created.id,
    ])
    assert.deepEqual(events, [
      { type: 200, message: 'Customer created' },
      { type: 202, message: 'Customer deleted' },
    ])
  })
})
