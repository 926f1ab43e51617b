/**
 * Several Clientele processes on one PostgreSQL database behave as one service. Needs a real server
 * (TEST_DATABASE_URL): PGlite cannot be shared between processes. Each test gets a fresh schema.
 */
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { describe, test, type TestContext } from 'node:test'
import pg from 'pg'
import { MIGRATIONS } from '../src/store/migrations/index.js'
import { TEST_DATABASE_URL, freshPostgresSchema } from './helpers/databases.js'
import { spawnServer } from './helpers/process.js'
import { call } from './helpers/server.js'

const KEY = `test_${'multiinstance'.padEnd(30, '0')}`

const PUBLIC_URL = 'https://clientele.example'

interface Instance {
  baseUrl: string
}

async function startInstances(t: TestContext, count: number, databaseUrl?: string): Promise<{ instances: Instance[]; databaseUrl: string }> {
  const url = databaseUrl ?? (await freshPostgresSchema(t))
  const instances = await Promise.all(
    Array.from({ length: count }, async () => {
      // Behind a load balancer every instance has the one public URL.
      const server = await spawnServer(t, { DATABASE_URL: url, CLIENTELE_TEST_KEY: KEY, PUBLIC_URL })
      return { baseUrl: server.baseUrl }
    }),
  )
  return { instances, databaseUrl: url }
}

async function inSchema<T>(databaseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

describe('several instances on one PostgreSQL', { skip: TEST_DATABASE_URL ? false : 'TEST_DATABASE_URL is not set' }, () => {
  test('instances started at the same moment migrate the empty database exactly once', async (t) => {
    const { instances, databaseUrl } = await startInstances(t, 3)
    const migrations = await inSchema(databaseUrl, async (client) =>
      (await client.query('select name from clientele_migrations order by name')).rows.map((row) => row.name),
    )
    assert.deepEqual(migrations, Object.keys(MIGRATIONS))
    for (const instance of instances) {
      assert.equal((await call(instance, KEY, 'GET', '/v2/customers')).status, 200)
    }
  })

  test('concurrent creates on two instances: distinct ids, all stored, all listed', async (t) => {
    const { instances } = await startInstances(t, 2)
    const responses = await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        call(instances[i % 2]!, KEY, 'POST', '/v2/customers', { json: { name: `Customer ${i}` } }),
      ),
    )
    assert.ok(responses.every((response) => response.status === 201))
    const ids = responses.map((response) => response.body.id)
    assert.equal(new Set(ids).size, 120)
    const listed = await call(instances[0]!, KEY, 'GET', '/v2/customers?limit=250')
    assert.equal(listed.body.count, 120)
  })

  test('the same Idempotency-Key sent to both instances at the same moment creates one customer; both get its response', async (t) => {
    const { instances } = await startInstances(t, 2)
    for (let round = 0; round < 15; round++) {
      const headers = { 'idempotency-key': randomUUID() }
      const [first, second] = await Promise.all(
        instances.map((instance) =>
          call(instance, KEY, 'POST', '/v2/customers', { json: { name: `Round ${round}` }, headers }),
        ),
      )
      assert.equal(first!.status, 201)
      assert.equal(second!.status, 201)
      assert.equal(first!.text, second!.text, 'the same response, byte for byte')
    }
    const listed = await call(instances[1]!, KEY, 'GET', '/v2/customers?limit=250')
    assert.equal(listed.body.count, 15)
  })

  test('a walk along next links, alternating instances, sees every customer once and in order', async (t) => {
    const { instances } = await startInstances(t, 2)
    const created: string[] = []
    for (let i = 0; i < 45; i++) {
      created.push((await call(instances[i % 2]!, KEY, 'POST', '/v2/customers', { json: { name: `C${i}` } })).body.id)
    }
    const seen: string[] = []
    let next: string | undefined = '/v2/customers?limit=10'
    for (let page = 0; next; page++) {
      const response = await call(instances[page % 2]!, KEY, 'GET', next)
      seen.push(...response.body._embedded.customers.map((customer: { id: string }) => customer.id))
      // Links carry the load balancer's address; the test plays the balancer, alternating instances.
      const href: string | undefined = response.body._links.next?.href
      next = href ? new URL(href).pathname + new URL(href).search : undefined
    }
    assert.deepEqual(seen, [...created].reverse())
  })

  test('concurrent updates through both instances leave the events of a customer in order', async (t) => {
    const { instances } = await startInstances(t, 2)
    const { body: customer } = await call(instances[0]!, KEY, 'POST', '/v2/customers', { json: { name: 'start' } })
    const updates = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(instances[i % 2]!, KEY, 'PATCH', `/v2/customers/${customer.id}`, {
          json: i % 2 ? { name: `name ${i}` } : { email: `e${i}@example.org` },
        }),
      ),
    )
    assert.ok(updates.every((response) => response.status === 200))
    const { body } = await call(instances[1]!, KEY, 'GET', `/v2/customers/${customer.id}?include=events`)
    assert.equal(body.events.length, 21)
    assert.equal(body.events[0].type, 200)
    const times = body.events.map((event: { createdAt: string }) => event.createdAt)
    assert.deepEqual(times, [...times].sort(), 'oldest first')
    for (const event of body.events.slice(1)) assert.match(event.message, /^Customer updated: (name|email)$/)
  })
})
