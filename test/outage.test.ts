/**
 * The database going away under a running server: answers become 503 in Mollie's format, quickly (no hang,
 * no crash), and service resumes by itself when the database is back. Needs a real PostgreSQL server
 * (TEST_DATABASE_URL), reached through a proxy that the test cuts and restores.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { TEST_DATABASE_URL, freshPostgresSchema } from './helpers/databases.js'
import { spawnServer } from './helpers/process.js'
import { call } from './helpers/server.js'
import { startTcpProxy } from './helpers/tcp-proxy.js'
import { VERSION } from '../src/version.js'
import { sql } from 'kysely'
import { PostgresStoreDialect } from '../src/store/postgres.js'

const KEY = `test_${'outage'.padEnd(30, '0')}`

describe('database outage', { skip: TEST_DATABASE_URL ? false : 'TEST_DATABASE_URL is not set' }, () => {
  test('503 with Retry-After while the database is away, under load, then recovery without a restart', async (t) => {
    const schemaUrl = new URL(await freshPostgresSchema(t))
    const proxy = await startTcpProxy({ host: schemaUrl.hostname, port: Number(schemaUrl.port || 5432) })
    t.after(() => proxy.close())
    const throughProxy = new URL(schemaUrl)
    throughProxy.hostname = '127.0.0.1'
    throughProxy.port = String(proxy.port)

    const server = await spawnServer(t, {
      DATABASE_URL: throughProxy.toString(),
      DATABASE_CONNECT_TIMEOUT_MS: '1000',
      DATABASE_STATEMENT_TIMEOUT_MS: '2000',
      CLIENTELE_TEST_KEY: KEY,
    })
    const base = { baseUrl: server.baseUrl }
    const { body: before } = await call(base, KEY, 'POST', '/v2/customers', { json: { name: 'Before the outage' } })

    // Load in flight while the connection is cut.
    const load = Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2
          ? call(base, KEY, 'GET', `/v2/customers/${before.id}`)
          : call(base, KEY, 'POST', '/v2/customers', { json: { name: `During ${i}` } }),
      ),
    )
    await proxy.cut()
    const during = await load
    for (const response of during) assert.ok([200, 201, 503].includes(response.status), `${response.status} ${response.text}`)

    const unavailable = await call(base, KEY, 'GET', `/v2/customers/${before.id}`)
    assert.equal(unavailable.status, 503)
    assert.equal(unavailable.headers.get('retry-after'), '1')
    assert.equal(unavailable.headers.get('content-type'), 'application/hal+json; charset=utf-8')
    assert.deepEqual(unavailable.body, {
      status: 503,
      title: 'Service Unavailable',
      detail: 'The service cannot reach its database right now. Please retry in a moment.',
      _links: { documentation: { href: `${base.baseUrl}/docs#errors`, type: 'text/html' } },
    })
    const refusedWrite = await call(base, KEY, 'POST', '/v2/customers', { json: { name: 'Lost?' } })
    assert.equal(refusedWrite.status, 503)
    assert.equal(server.child.exitCode, null, 'the server is still running')

    await proxy.restore()
    let recovered = await call(base, KEY, 'GET', `/v2/customers/${before.id}`)
    for (let attempt = 0; attempt < 50 && recovered.status !== 200; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      recovered = await call(base, KEY, 'GET', `/v2/customers/${before.id}`)
    }
    assert.equal(recovered.status, 200)
    assert.equal(recovered.body.name, 'Before the outage')
    // Every create that was acknowledged during the outage is there; none that was refused is.
    const listed = await call(base, KEY, 'GET', '/v2/customers?limit=250')
    const stored = new Set(listed.body._embedded.customers.map((customer: { id: string }) => customer.id))
    for (const response of during.filter((response) => response.status === 201)) assert.ok(stored.has(response.body.id))
    assert.ok(!listed.body._embedded.customers.some((customer: { name: string }) => customer.name === 'Lost?'))
    assert.equal((await call(base, KEY, 'POST', '/v2/customers', { json: { name: 'After' } })).status, 201)
  })

  test('/_clientele/health: 200, then 503 with a reason while the database is away, then 200 again', async (t) => {
    const schemaUrl = new URL(await freshPostgresSchema(t))
    const proxy = await startTcpProxy({ host: schemaUrl.hostname, port: Number(schemaUrl.port || 5432) })
    t.after(() => proxy.close())
    const throughProxy = new URL(schemaUrl)
    throughProxy.hostname = '127.0.0.1'
    throughProxy.port = String(proxy.port)
    const server = await spawnServer(t, {
      DATABASE_URL: throughProxy.toString(),
      DATABASE_CONNECT_TIMEOUT_MS: '1000',
      DATABASE_STATEMENT_TIMEOUT_MS: '2000',
      CLIENTELE_TEST_KEY: KEY,
    })
    const base = { baseUrl: server.baseUrl }
    const healthy = await call(base, undefined, 'GET', '/_clientele/health')
    assert.equal(healthy.status, 200)
    assert.deepEqual(healthy.body, { status: 'ok', version: VERSION, store: 'postgres' })

    await proxy.cut()
    const down = await call(base, undefined, 'GET', '/_clientele/health')
    assert.equal(down.status, 503)
    assert.equal(down.headers.get('retry-after'), '1')
    assert.equal(down.headers.get('content-type'), 'application/json; charset=utf-8')
    // Refused at once, or (a connection the proxy dropped mid-way) no answer within the check's bound: both say so.
    assert.deepEqual(Object.keys(down.body), ['status', 'version', 'store', 'reason'])
    assert.deepEqual({ ...down.body, reason: undefined }, { status: 'unavailable', version: VERSION, store: 'postgres', reason: undefined })
    assert.match(down.body.reason, /^(database unreachable|database did not answer within 1000 ms)$/)
    assert.equal((await call(base, undefined, 'GET', '/_clientele/health')).status, 503, 'still down')

    await proxy.restore()
    let recovered = await call(base, undefined, 'GET', '/_clientele/health')
    for (let attempt = 0; attempt < 50 && recovered.status !== 200; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      recovered = await call(base, undefined, 'GET', '/_clientele/health')
    }
    assert.equal(recovered.status, 200)
    assert.deepEqual(recovered.body, { status: 'ok', version: VERSION, store: 'postgres' })
  })

  test('a connection cut in the middle of a query rejects that query and crashes nothing', async (t) => {
    // pg emits 'error' on a checked-out client whose socket drops; with no listener there (the pool listens
    // only to idle clients, Kysely not at all) that is an uncaught exception, which this test would report.
    const schemaUrl = new URL(await freshPostgresSchema(t))
    const proxy = await startTcpProxy({ host: schemaUrl.hostname, port: Number(schemaUrl.port || 5432) })
    t.after(() => proxy.close())
    const throughProxy = new URL(schemaUrl)
    throughProxy.hostname = '127.0.0.1'
    throughProxy.port = String(proxy.port)
    const db = new PostgresStoreDialect({ connectionString: throughProxy.toString() }).driver.createKysely()
    t.after(() => db.destroy().catch(() => {}))
    assert.deepEqual((await sql<{ one: number }>`select 1 as one`.execute(db)).rows, [{ one: 1 }])

    const slow = sql`select pg_sleep(5)`.execute(db)
    const outcome = slow.then(() => 'answered', (error: Error) => error.message)
    await new Promise((resolve) => setTimeout(resolve, 300))
    await proxy.cut()
    assert.match(await outcome, /Connection terminated|ECONNRESET/)
    // Give any unheard 'error' event its turn to surface as an uncaught exception.
    await new Promise((resolve) => setTimeout(resolve, 200))

    await proxy.restore()
    assert.deepEqual((await sql<{ one: number }>`select 1 as one`.execute(db)).rows, [{ one: 1 }])
  })
})
