/**
 * Mollie's own clients, unmodified, against a real server: only the base URL and the key are ours.
 * `@mollie/api-client` goes through this package's adapter (it cannot speak plain HTTP otherwise).
 */
import assert from 'node:assert/strict'
import https from 'node:https'
import { describe, test } from 'node:test'
import { MollieApiError as ApiError } from '@mollie/api-client'
import { createLocalMollieClient } from 'clientele/mollie-api-client'
import { Client } from 'mollie-api-typescript'
import { ErrorResponse } from 'mollie-api-typescript/models/errors'
import { startTestServer } from './helpers/server.js'

describe('@mollie/api-client (through clientele/mollie-api-client)', () => {
  test('runs the full customer lifecycle', async (t) => {
    const server = await startTestServer(t)
    const mollie = createLocalMollieClient({ apiKey: server.keys.test, apiEndpoint: server.apiUrl })

    const created = await mollie.customers.create({
      name: 'Jane Doe',
      email: 'jane@example.org',
      locale: 'nl_NL' as never,
      metadata: { orderId: '1234' },
    })
    assert.equal(created.resource, 'customer')
    assert.match(created.id, /^cst_/)
    assert.equal(created.mode, 'test')
    assert.equal(created.name, 'Jane Doe')

    const fetched = await mollie.customers.get(created.id)
    assert.equal(fetched.email, 'jane@example.org')
    assert.deepEqual(fetched.metadata, { orderId: '1234' })

    // Untyped pass-through of include, as compat §6 describes: events stay on the object.
    const withEvents = (await mollie.customers.get(created.id, { include: 'events' } as never)) as unknown as {
      events: { type: number; message: string }[]
    }
    assert.deepEqual(
      withEvents.events.map((event) => event.type),
      [200],
    )

    const updated = await mollie.customers.update(created.id, { name: 'Jane Updated', email: 'updated@example.org' })
    assert.equal(updated.name, 'Jane Updated')

    const refreshed = await (fetched as unknown as { refresh(): Promise<{ name: string }> }).refresh()
    assert.equal(refreshed.name, 'Jane Updated')

    for (let i = 0; i < 130; i++) await mollie.customers.create({ name: `Customer ${i}` })
    const page = await mollie.customers.page({ limit: 10 })
    assert.equal(page.length, 10)
    assert.ok(page.nextPageCursor)
    const second = await page.nextPage!()
    assert.equal(second[0]!.id, page.nextPageCursor)

    const seen = new Set<string>()
    for await (const customer of mollie.customers.iterate()) {
      assert.ok(!seen.has(customer.id), 'no duplicate')
      seen.add(customer.id)
    }
    assert.equal(seen.size, 131)
    let taken = 0
    for await (const _customer of mollie.customers.iterate().take(70)) taken++
    assert.equal(taken, 70)

    assert.equal(await mollie.customers.delete(created.id), true)
    await assert.rejects(mollie.customers.get(created.id), (error: unknown) => {
      assert.ok(error instanceof ApiError)
      assert.equal(error.statusCode, 404)
      assert.equal(error.message, `No customer exists with token ${created.id}.`)
      return true
    })
  })

  test('replays a create sent twice with the same idempotency key', async (t) => {
    const server = await startTestServer(t)
    const mollie = createLocalMollieClient({ apiKey: server.keys.test, apiEndpoint: server.apiUrl })
    const first = await mollie.customers.create({ name: 'Once', idempotencyKey: 'node-once' })
    const second = await mollie.customers.create({ name: 'Once', idempotencyKey: 'node-once' })
    assert.equal(second.id, first.id)
    assert.equal((await mollie.customers.page()).length, 1)
  })

  test('works with an organization access token and testmode', async (t) => {
    const server = await startTestServer(t)
    const mollie = createLocalMollieClient({
      accessToken: server.keys.access,
      apiEndpoint: server.apiUrl,
      parameterDefaults: { testmode: true },
    })
    const created = await mollie.customers.create({ name: 'Token' })
    assert.equal(created.mode, 'test')
    assert.equal((await mollie.customers.get(created.id)).name, 'Token')
    assert.equal((await mollie.customers.page()).length, 1)
    assert.equal(await mollie.customers.delete(created.id), true)
  })

  test('the adapter refuses anything but http:// on loopback, and leaves https.Agent as it was', () => {
    const original = https.Agent
    for (const apiEndpoint of ['https://127.0.0.1:8080/v2', 'http://example.com/v2', 'http://10.0.0.1/v2', 'nonsense']) {
      assert.throws(() => createLocalMollieClient({ apiKey: 'test_x', apiEndpoint }), TypeError)
    }
    createLocalMollieClient({ apiKey: 'test_x', apiEndpoint: 'http://localhost:1/v2' })
    assert.equal(https.Agent, original)
  })

  test('a client from the adapter cannot reach a host other than loopback, even by following a link', async () => {
    const mollie = createLocalMollieClient({ apiKey: 'test_x', apiEndpoint: 'http://127.0.0.1:9/v2' })
    const binder = mollie.customers as unknown as { networkClient: { get(url: string): Promise<unknown> } }
    // Absolute hrefs are followed host included (refresh, iterate): an outside host must be refused.
    await assert.rejects(binder.networkClient.get('http://192.0.2.1/v2/customers'), /loopback/)
  })
})

describe('mollie-api-typescript (serverURL without /v2)', () => {
  test('runs the full customer lifecycle', async (t) => {
    const server = await startTestServer(t)
    const client = new Client({ security: { apiKey: server.keys.test }, serverURL: server.baseUrl })

    const created = await client.customers.create({
      entityCustomer: { name: 'Jane Doe', email: 'jane@example.org', locale: 'en_US', metadata: { a: 'b' } },
    })
    assert.equal(created.resource, 'customer')
    assert.equal(created.mode, 'test')
    assert.equal(created.name, 'Jane Doe')
    assert.equal(created.links.self.href, `${server.apiUrl}/customers/${created.id}`)

    const empty = await client.customers.create()
    assert.equal(empty.name, null)

    const fetched = await client.customers.get({ customerId: created.id })
    assert.equal(fetched.email, 'jane@example.org')

    const updated = await client.customers.update({
      customerId: created.id,
      requestBody: { name: null, email: 'new@example.org' },
    })
    assert.equal(updated.name, null)
    assert.equal(updated.email, 'new@example.org')

    for (let i = 0; i < 120; i++) await client.customers.create({ entityCustomer: { name: `C${i}` } })
    const ids: string[] = []
    let pages = 0
    for await (const page of await client.customers.list({ limit: 50 })) {
      pages++
      ids.push(...page.result.embedded.customers.map((customer) => customer.id))
    }
    assert.equal(pages, 3)
    assert.equal(ids.length, 122)
    assert.equal(new Set(ids).size, 122)

    await client.customers.delete({ customerId: empty.id })
    await assert.rejects(client.customers.get({ customerId: empty.id }), (error: unknown) => {
      assert.ok(error instanceof ErrorResponse, 'a typed ErrorResponse')
      assert.equal(error.status, 404)
      assert.equal(error.title, 'Not Found')
      assert.equal(error.detail, `No customer exists with token ${empty.id}.`)
      return true
    })
  })

  test('a bad list parameter comes back as a typed 400 ErrorResponse with its field', async (t) => {
    const server = await startTestServer(t)
    const client = new Client({ security: { apiKey: server.keys.test }, serverURL: server.baseUrl })
    await assert.rejects(client.customers.list({ from: 'cst_unknown123' }), (error: unknown) => {
      assert.ok(error instanceof ErrorResponse)
      assert.equal(error.status, 400)
      assert.equal(error.field, 'from')
      return true
    })
  })

  test('works with an organization access token and client-level testmode', async (t) => {
    const server = await startTestServer(t)
    const client = new Client({
      security: { apiKey: server.keys.access },
      serverURL: server.baseUrl,
      testmode: true,
    })
    const created = await client.customers.create({ entityCustomer: { name: 'Token' } })
    assert.equal(created.mode, 'test')
    assert.equal((await client.customers.get({ customerId: created.id })).name, 'Token')
    await client.customers.delete({ customerId: created.id })
  })
})
