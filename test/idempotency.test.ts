import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { describe, test } from 'node:test'
import { call, customerIds, startTestServer } from './helpers/server.js'

describe('Idempotency-Key', () => {
  test('a repeated create returns the original response and creates one customer', async (t) => {
    const server = await startTestServer(t)
    const tenant = await server.tenantOf(server.keys.test)
    const key = randomUUID()
    const options = { json: { name: 'Once', email: 'once@example.org' }, headers: { 'idempotency-key': key } }
    const first = await call(server, server.keys.test, 'POST', '/v2/customers', options)
    const second = await call(server, server.keys.test, 'POST', '/v2/customers', options)
    assert.equal(first.status, 201)
    assert.equal(second.status, 201)
    assert.equal(second.text, first.text, 'byte for byte the same body')
    assert.equal(first.headers.get('idempotent-replayed'), null)
    assert.equal(second.headers.get('idempotent-replayed'), 'true')
    assert.deepEqual(await customerIds(server.store, tenant), [first.body.id])
  })

  test('the replay is the original response even after the customer changed', async (t) => {
    const server = await startTestServer(t)
    const options = { json: { name: 'Original' }, headers: { 'idempotency-key': 'create-1' } }
    const first = await call(server, server.keys.test, 'POST', '/v2/customers', options)
    await call(server, server.keys.test, 'PATCH', `/v2/customers/${first.body.id}`, { json: { name: 'Changed' } })
    const replay = await call(server, server.keys.test, 'POST', '/v2/customers', options)
    assert.equal(replay.body.name, 'Original')
  })

  test('the same key with a different body is refused with 422 and changes nothing', async (t) => {
    const server = await startTestServer(t)
    const tenant = await server.tenantOf(server.keys.test)
    const headers = { 'idempotency-key': 'reused' }
    const first = await call(server, server.keys.test, 'POST', '/v2/customers', { json: { name: 'A' }, headers })
    const second = await call(server, server.keys.test, 'POST', '/v2/customers', { json: { name: 'B' }, headers })
    assert.equal(second.status, 422)
    assert.equal(second.body.title, 'Unprocessable Entity')
    assert.match(second.body.detail, /already used for a different request/)
    assert.equal(second.body.field, undefined)
    assert.deepEqual(await customerIds(server.store, tenant), [first.body.id])
  })

  test('the same body in another key order, or as a form, is the same request', async (t) => {
    const server = await startTestServer(t)
    const headers = { 'idempotency-key': 'order' }
    const first = await call(server, server.keys.test, 'POST', '/v2/customers', {
      raw: '{"name":"A","email":"a@example.org"}',
      headers: { ...headers, 'content-type': 'application/json' },
    })
    const reordered = await call(server, server.keys.test, 'POST', '/v2/customers', {
      raw: '{"email":"a@example.org","name":"A"}',
      headers: { ...headers, 'content-type': 'application/json' },
    })
    const form = await call(server, server.keys.test, 'POST', '/v2/customers', {
      form: 'email=a%40example.org&name=A',
      headers,
    })
    assert.equal(reordered.body.id, first.body.id)
    assert.equal(form.body.id, first.body.id)
  })

  test('update replays its first response and records one event', async (t) => {
    const server = await startTestServer(t)
    const { body: created } = await call(server, server.keys.test, 'POST', '/v2/customers', { json: { name: 'A' } })
    const options = { json: { name: 'B' }, headers: { 'idempotency-key': 'patch-1' } }
    const first = await call(server, server.keys.test, 'PATCH', `/v2/customers/${created.id}`, options)
    await call(server, server.keys.test, 'PATCH', `/v2/customers/${created.id}`, { json: { name: 'C' } })
    const replay = await call(server, server.keys.test, 'PATCH', `/v2/customers/${created.id}`, options)
    assert.equal(replay.status, 200)
    assert.equal(replay.text, first.text)
    const events = (await call(server, server.keys.test, 'GET', `/v2/customers/${created.id}?include=events`)).body.events
    assert.deepEqual(
      events.map((event: { message: string }) => event.message),
      ['Customer created', 'Customer updated: name', 'Customer updated: name'],
    )
  })

  test('a repeated delete answers 204 again instead of 404', async (t) => {
    const server = await startTestServer(t)
    const { body: created } = await call(server, server.keys.test, 'POST', '/v2/customers', { json: {} })
    const headers = { 'idempotency-key': 'delete-1' }
    assert.equal((await call(server, server.keys.test, 'DELETE', `/v2/customers/${created.id}`, { headers })).status, 204)
    const replay = await call(server, server.keys.test, 'DELETE', `/v2/customers/${created.id}`, { headers })
    assert.equal(replay.status, 204)
    assert.equal(replay.text, '')
    assert.equal((await call(server, server.keys.test, 'DELETE', `/v2/customers/${created.id}`)).status, 404)
  })

  test('keys are per credential: another key’s request with the same Idempotency-Key is its own', async (t) => {
    const server = await startTestServer(t)
    const options = { json: { name: 'A' }, headers: { 'idempotency-key': 'shared' } }
    const mine = await call(server, server.keys.test, 'POST', '/v2/customers', options)
    const theirs = await call(server, server.keys.otherTest, 'POST', '/v2/customers', options)
    assert.equal(theirs.status, 201)
    assert.notEqual(theirs.body.id, mine.body.id)
  })

  test('a refused request records nothing: the same key then works for the corrected request', async (t) => {
    const server = await startTestServer(t)
    const headers = { 'idempotency-key': 'bad-then-good' }
    const bad = await call(server, server.keys.test, 'POST', '/v2/customers', { json: { email: 'x' }, headers })
    assert.equal(bad.status, 422)
    const good = await call(server, server.keys.test, 'POST', '/v2/customers', { json: { email: 'x@example.org' }, headers })
    assert.equal(good.status, 201)
  })

  test('the header is accepted on GET and list, as mollie-api-typescript sends it on every request', async (t) => {
    const server = await startTestServer(t)
    const headers = { 'idempotency-key': randomUUID() }
    const { body: created } = await call(server, server.keys.test, 'POST', '/v2/customers', { json: {} })
    assert.equal((await call(server, server.keys.test, 'GET', '/v2/customers', { headers })).status, 200)
    assert.equal((await call(server, server.keys.test, 'GET', `/v2/customers/${created.id}`, { headers })).status, 200)
  })

  test('an overlong or non-ASCII key is refused with 400', async (t) => {
    const server = await startTestServer(t)
    for (const key of ['k'.repeat(256), 'spaces are not allowed']) {
      const response = await call(server, server.keys.test, 'POST', '/v2/customers', {
        json: {},
        headers: { 'idempotency-key': key },
      })
      assert.equal(response.status, 400)
      assert.match(response.body.detail, /Idempotency-Key/)
    }
  })

  test('an expired key is free again', async (t) => {
    let now = new Date('2026-01-01T00:00:00Z')
    const server = await startTestServer(t, { now: () => now })
    const options = { json: { name: 'A' }, headers: { 'idempotency-key': 'expiring' } }
    const first = await call(server, server.keys.test, 'POST', '/v2/customers', options)
    now = new Date('2026-01-02T00:00:01Z')
    const later = await call(server, server.keys.test, 'POST', '/v2/customers', options)
    assert.equal(later.status, 201)
    assert.notEqual(later.body.id, first.body.id)
    assert.equal(await server.store.purgeExpired(), 0, 'the expired record was replaced, not left behind')
  })
})
