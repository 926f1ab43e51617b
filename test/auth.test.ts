import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { call, startTestServer, type TestServer } from './helpers/server.js'

async function create(server: TestServer, key: string, json: Record<string, unknown> = {}) {
  const response = await call(server, key, 'POST', '/v2/customers', { json })
  assert.equal(response.status, 201, response.text)
  return response.body
}

/** Every operation on `id` with `key` answers 404, and the list does not show it. */
async function assertInvisible(server: TestServer, key: string, id: string, query = '', body: Record<string, unknown> = {}) {
  for (const [method, json] of [
    ['GET', undefined],
    ['PATCH', { ...body, name: 'hijacked' }],
    ['DELETE', body],
  ] as const) {
    const response = await call(server, key, method, `/v2/customers/${id}${method === 'GET' ? query : ''}`, { json })
    assert.equal(response.status, 404, `${method} answers 404, not 403`)
  }
  const listed = await call(server, key, 'GET', `/v2/customers${query}`)
  assert.ok(!listed.body._embedded.customers.some((customer: { id: string }) => customer.id === id))
}

describe('tenancy', () => {
  test('a test key never sees live customers and a live key never sees test customers', async (t) => {
    const server = await startTestServer(t)
    const testCustomer = await create(server, server.keys.test, { name: 'T' })
    const liveCustomer = await create(server, server.keys.live, { name: 'L' })
    assert.equal(testCustomer.mode, 'test')
    assert.equal(liveCustomer.mode, 'live')
    await assertInvisible(server, server.keys.live, testCustomer.id)
    await assertInvisible(server, server.keys.test, liveCustomer.id)
    // Untouched by the attempts.
    assert.equal((await call(server, server.keys.test, 'GET', `/v2/customers/${testCustomer.id}`)).body.name, 'T')
    assert.equal((await call(server, server.keys.live, 'GET', `/v2/customers/${liveCustomer.id}`)).body.name, 'L')
  })

  test('no organization sees another’s customers, in either mode, through any operation', async (t) => {
    const server = await startTestServer(t)
    const mine = await create(server, server.keys.test, { name: 'mine' })
    const theirs = await create(server, server.keys.otherTest, { name: 'theirs' })
    await assertInvisible(server, server.keys.otherTest, mine.id)
    await assertInvisible(server, server.keys.otherLive, mine.id)
    await assertInvisible(server, server.keys.test, theirs.id)
    await assertInvisible(server, server.keys.access, theirs.id, '?testmode=true', { testmode: true })
    assert.equal((await call(server, server.keys.test, 'GET', `/v2/customers/${mine.id}`)).body.name, 'mine')
    assert.equal((await call(server, server.keys.otherTest, 'GET', `/v2/customers/${theirs.id}`)).body.name, 'theirs')
  })
})

describe('organization access tokens', () => {
  test('testmode picks the mode: query on GET and list, body on POST, PATCH and DELETE; absent means live', async (t) => {
    const server = await startTestServer(t)
    const { access } = server.keys
    const testCustomer = await create(server, access, { name: 'T', testmode: true })
    const liveCustomer = await create(server, access, { name: 'L' })
    assert.equal(testCustomer.mode, 'test')
    assert.equal(liveCustomer.mode, 'live')
    assert.equal((await call(server, access, 'GET', `/v2/customers/${testCustomer.id}?testmode=true`)).status, 200)
    assert.equal((await call(server, access, 'GET', `/v2/customers/${testCustomer.id}`)).status, 404)
    assert.equal((await call(server, access, 'GET', `/v2/customers/${liveCustomer.id}?testmode=false`)).status, 200)
    assert.equal((await call(server, access, 'GET', '/v2/customers?testmode=true')).body.count, 1)
    const updated = await call(server, access, 'PATCH', `/v2/customers/${testCustomer.id}`, {
      json: { name: 'T2', testmode: true },
    })
    assert.equal(updated.body.name, 'T2')
    assert.equal(
      (await call(server, access, 'PATCH', `/v2/customers/${testCustomer.id}`, { json: { name: 'x' } })).status,
      404,
    )
    assert.equal(
      (await call(server, access, 'DELETE', `/v2/customers/${testCustomer.id}`, { json: { testmode: true } })).status,
      204,
    )
    // The API keys of the same organization see what the token made, each in its own mode.
    assert.equal((await call(server, server.keys.live, 'GET', `/v2/customers/${liveCustomer.id}`)).status, 200)
  })

  test('a testmode that contradicts an API key is refused; a matching one is accepted', async (t) => {
    const server = await startTestServer(t)
    const accepted = await call(server, server.keys.test, 'POST', '/v2/customers', { json: { testmode: true } })
    assert.equal(accepted.status, 201)
    const refusedBody = await call(server, server.keys.test, 'POST', '/v2/customers', { json: { testmode: false } })
    assert.equal(refusedBody.status, 422)
    assert.equal(refusedBody.body.field, 'testmode')
    assert.match(refusedBody.body.detail, /only works in test mode/)
    const refusedQuery = await call(server, server.keys.live, 'GET', '/v2/customers?testmode=true')
    assert.equal(refusedQuery.status, 400)
    assert.equal(refusedQuery.body.field, 'testmode')
    assert.equal((await call(server, server.keys.live, 'GET', '/v2/customers?testmode=false')).status, 200)
  })
})

describe('keys', () => {
  test('keys are stored only as SHA-256 hashes', async (t) => {
    const server = await startTestServer(t)
    const dump = JSON.stringify(await server.rows('select * from credentials'))
    for (const key of Object.values(server.keys)) assert.ok(!dump.includes(key), 'no key in the database')
    const hashes = await server.rows('select key_hash from credentials')
    assert.equal(hashes.length, 5)
    assert.ok(hashes.every(({ key_hash }) => /^[0-9a-f]{64}$/.test(String(key_hash))))
  })

  test('a revoked key stops working at once when lookups are not cached', async (t) => {
    const server = await startTestServer(t, { credentialCacheMs: 0 })
    assert.equal((await call(server, server.keys.test, 'GET', '/v2/customers')).status, 200)
    const credential = (await server.store.credentials.list('acme')).find((c) => c.kind === 'test')!
    await server.store.credentials.revoke(credential.id)
    assert.equal((await call(server, server.keys.test, 'GET', '/v2/customers')).status, 401)
  })

  test('with the credential cache on, a revoked key stops working once its entry expires', async (t) => {
    const server = await startTestServer(t, { credentialCacheMs: 200 })
    assert.equal((await call(server, server.keys.test, 'GET', '/v2/customers')).status, 200)
    const credential = (await server.store.credentials.list('acme')).find((c) => c.kind === 'test')!
    await server.store.credentials.revoke(credential.id)
    // Waits past the cache lifetime; asserts the outcome, not how long it took.
    await sleep(250)
    assert.equal((await call(server, server.keys.test, 'GET', '/v2/customers')).status, 401)
  })
})
