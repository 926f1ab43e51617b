/**
 * Clientele's own namespace, `/_clientele/`: the health check (200 on every store, 503 with a reason when the
 * database cannot serve), Prometheus metrics (parsed as exposition text, counted by route pattern, protected by
 * METRICS_TOKEN, summed over WORKERS), and request ids (on every answer, and in the log line of an error,
 * captured in-process). The PostgreSQL outage case is in outage.test.ts.
 */
import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { join } from 'node:path'
import { describe, test, type TestContext } from 'node:test'
import Database from 'better-sqlite3'
import { ConfigError, loadConfig } from '../src/config.js'
import { buildApp, type AppOptions } from '../src/app.js'
import { HEALTH_TIMEOUT_MS, REASONS } from '../src/operations/health.js'
import { createMetrics, type Metrics } from '../src/operations/metrics.js'
import type { Store } from '../src/store/store.js'
import { availableDialects, openTestDatabase, type DialectName } from './helpers/databases.js'
import { runCli, spawnServer } from './helpers/process.js'
import { call, createTestKeys, temporaryDirectory, type TestKeys } from './helpers/server.js'

const VERSION = '9.8.7-test'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

interface OpsServer {
  baseUrl: string
  keys: TestKeys
  store: Store
  /** Log lines written so far, parsed. */
  logLines: Record<string, unknown>[]
  /** The same, as written. */
  logText: string[]
}

interface OpsServerOptions extends Partial<Pick<AppOptions, 'metrics' | 'metricsToken' | 'logRequests'>> {
  dialect?: DialectName
  /** Replaces parts of the store the app sees (the real one stays open underneath). */
  wrap?: (store: Store) => Store
  sqliteFile?: string
}

async function startOpsServer(t: TestContext, options: OpsServerOptions = {}): Promise<OpsServer> {
  const { store } = await openTestDatabase(t, options.dialect ?? 'sqlite', { sqliteFile: options.sqliteFile })
  t.after(() => store.close())
  const keys = await createTestKeys(store)
  const logLines: Record<string, unknown>[] = []
  const logText: string[] = []
  const app = await buildApp({
    store: options.wrap ? options.wrap(store) : store,
    credentialCacheMs: 0,
    version: VERSION,
    logger: {
      level: 'info',
      stream: { write: (line: string) => void (logText.push(line), logLines.push(JSON.parse(line))) },
    },
    logRequests: options.logRequests,
    metrics: options.metrics,
    metricsToken: options.metricsToken,
  })
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' })
  t.after(() => app.close())
  return { baseUrl, keys, store, logLines, logText }
}

/** A small parser of Prometheus' text format 0.0.4: every line must be a comment, a HELP/TYPE line or a sample. */
interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

function parsePrometheus(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = []
  const types = new Map<string, string>()
  const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*'
  const sampleLine = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)(?: -?\\d+)?$`)
  const labelPair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\["\\n])*)"(,|$)/y
  for (const line of text.split('\n')) {
    if (line === '') continue
    const meta = new RegExp(`^# (HELP|TYPE) (${NAME}) (.*)$`).exec(line)
    if (meta) {
      if (meta[1] === 'TYPE') {
        assert.match(meta[3]!, /^(counter|gauge|histogram|summary|untyped)$/, line)
        types.set(meta[2]!, meta[3]!)
      }
      continue
    }
    assert.ok(!line.startsWith('#') || /^# /.test(line), `a malformed comment: ${line}`)
    if (line.startsWith('#')) continue
    const match = sampleLine.exec(line)
    assert.ok(match, `not a Prometheus sample line: ${line}`)
    const labels: Record<string, string> = {}
    const body = match[2] ?? ''
    labelPair.lastIndex = 0
    while (labelPair.lastIndex < body.length) {
      const pair = labelPair.exec(body)
      assert.ok(pair, `malformed labels: ${line}`)
      labels[pair[1]!] = pair[2]!.replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1')
    }
    const value = match[3] === '+Inf' ? Infinity : match[3] === '-Inf' ? -Infinity : Number(match[3])
    assert.ok(!Number.isNaN(value) || match[3] === 'NaN', `not a number: ${line}`)
    samples.push({ name: match[1]!, labels, value })
  }
  return { samples, types }
}

function sampleValue(samples: Sample[], name: string, labels: Record<string, string>): number | undefined {
  const found = samples.filter(
    (sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  )
  assert.ok(found.length <= 1, `${name} ${JSON.stringify(labels)} matches ${found.length} samples`)
  return found[0]?.value
}

describe('GET /_clientele/health', () => {
  for (const dialect of availableDialects()) {
    test(`200 with version and store, without a key (${dialect})`, async (t) => {
      const server = await startOpsServer(t, { dialect })
      const response = await call(server, undefined, 'GET', '/_clientele/health')
      assert.equal(response.status, 200, response.text)
      assert.deepEqual(response.body, { status: 'ok', version: VERSION, store: dialect === 'sqlite' ? 'sqlite' : 'postgres' })
      assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8')
      assert.equal(response.headers.get('cache-control'), 'no-store')
      assert.match(response.headers.get('x-request-id') ?? '', UUID)
      const head = await fetch(`${server.baseUrl}/_clientele/health`, { method: 'HEAD' })
      assert.equal(head.status, 200)
    })
  }

  test('503 with a reason when the schema is not at the latest migration (the database was reset under it)', async (t) => {
    const sqliteFile = join(temporaryDirectory(t), 'clientele.sqlite')
    const server = await startOpsServer(t, { sqliteFile })
    assert.equal((await call(server, undefined, 'GET', '/_clientele/health')).status, 200)
    const database = new Database(sqliteFile)
    t.after(() => database.close())
    database.prepare('delete from clientele_migrations where name = (select max(name) from clientele_migrations)').run()
    const response = await call(server, undefined, 'GET', '/_clientele/health')
    assert.equal(response.status, 503)
    assert.deepEqual(response.body, { status: 'unavailable', version: VERSION, store: 'sqlite', reason: REASONS.migrations })
    assert.equal(response.headers.get('retry-after'), '1')
  })

  test('503 when the database does not answer in time; checks that arrive together share one query', async (t) => {
    let pings = 0
    let answer: () => void = () => {}
    const server = await startOpsServer(t, {
      wrap: (store) => ({
        ...store,
        ping: () => {
          pings++
          return new Promise<void>((resolve) => (answer = resolve))
        },
      }),
    })
    const responses = await Promise.all([1, 2, 3].map(() => call(server, undefined, 'GET', '/_clientele/health')))
    answer()
    for (const response of responses) {
      assert.equal(response.status, 503)
      assert.deepEqual(response.body, {
        status: 'unavailable',
        version: VERSION,
        store: 'sqlite',
        reason: REASONS.timeout(HEALTH_TIMEOUT_MS),
      })
    }
    assert.equal(pings, 1)
  })

  test('503 "database unreachable" when the store says the database is unavailable; no internals in the answer', async (t) => {
    const server = await startOpsServer(t, {
      wrap: (store) => ({
        ...store,
        isUnavailable: (error) => (error as Error).message.includes('10.1.2.3'),
        ping: async () => {
          throw new Error('connect ECONNREFUSED 10.1.2.3:5432')
        },
      }),
    })
    const response = await call(server, undefined, 'GET', '/_clientele/health')
    assert.equal(response.status, 503)
    assert.equal(response.body.reason, REASONS.unreachable)
    assert.ok(!response.text.includes('10.1.2.3'))
  })
})

describe('GET /_clientele/metrics', () => {
  test('Prometheus text that counts a known sequence of requests by route pattern, method and status', async (t) => {
    const metrics = createMetrics()
    const server = await startOpsServer(t, { metrics })
    const key = server.keys.test
    const first = await call(server, key, 'POST', '/v2/customers', { json: { name: 'One' } })
    await call(server, key, 'POST', '/v2/customers', { json: { name: 'Two' } })
    await call(server, key, 'GET', `/v2/customers/${first.body.id}`)
    await call(server, key, 'GET', `/v2/customers/${first.body.id}`)
    await call(server, key, 'GET', '/v2/customers/cst_doesnotexist')
    await call(server, key, 'GET', '/v2/customers?limit=5')
    await call(server, undefined, 'GET', '/v2/customers')
    await call(server, undefined, 'GET', `/no/such/page/${first.body.id}`)
    await call(server, undefined, 'GET', '/_clientele/health')

    const response = await fetch(`${server.baseUrl}/_clientele/metrics`)
    assert.equal(response.status, 200)
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/)
    const text = await response.text()
    const { samples, types } = parsePrometheus(text)
    assert.equal(types.get('clientele_http_requests_total'), 'counter')
    assert.equal(types.get('clientele_http_request_duration_seconds'), 'histogram')
    const count = (method: string, route: string, status: string) =>
      sampleValue(samples, 'clientele_http_requests_total', { method, route, status })
    assert.equal(count('POST', '/v2/customers', '201'), 2)
    assert.equal(count('GET', '/v2/customers/:customerId', '200'), 2)
    assert.equal(count('GET', '/v2/customers/:customerId', '404'), 1)
    assert.equal(count('GET', '/v2/customers', '200'), 1)
    assert.equal(count('GET', '/v2/customers', '401'), 1)
    assert.equal(count('GET', 'unmatched', '404'), 1)
    assert.equal(count('GET', '/_clientele/health', '200'), 1)
    const requests = samples.filter((sample) => sample.name === 'clientele_http_requests_total')
    assert.equal(requests.reduce((sum, sample) => sum + sample.value, 0), 9, 'nothing else was counted')
    // The histogram counts the same requests, and every one of them lies in the +Inf bucket.
    const labels = { method: 'GET', route: '/v2/customers/:customerId', status: '200' }
    assert.equal(sampleValue(samples, 'clientele_http_request_duration_seconds_count', labels), 2)
    assert.equal(sampleValue(samples, 'clientele_http_request_duration_seconds_bucket', { ...labels, le: '+Inf' }), 2)
    assert.ok(sampleValue(samples, 'clientele_http_request_duration_seconds_sum', labels)! > 0)
    // Never a raw URL or an id as a label.
    assert.ok(!text.includes(first.body.id))
    assert.ok(!text.includes('cst_doesnotexist'))
    assert.ok(!text.includes('/no/such/page'))
    // Node process metrics.
    assert.ok(samples.some((sample) => sample.name === 'process_cpu_user_seconds_total'))
    assert.ok(samples.some((sample) => sample.name === 'nodejs_heap_size_used_bytes'))
  })

  test('background work adds its own counters and histograms to the same registry', async (t) => {
    const metrics: Metrics = createMetrics({ processMetrics: false })
    const server = await startOpsServer(t, { metrics })
    const deliveries = metrics.counter({ name: 'webhook_deliveries_total', help: 'Webhook deliveries, by outcome.', labelNames: ['outcome'] })
    assert.equal(metrics.counter({ name: 'webhook_deliveries_total', help: 'again', labelNames: ['outcome'] }), deliveries)
    assert.throws(() => metrics.histogram({ name: 'webhook_deliveries_total', help: 'clash' }), /not as a histogram/)
    deliveries.inc({ outcome: 'delivered' })
    deliveries.inc({ outcome: 'delivered' })
    deliveries.inc({ outcome: 'failed' })
    metrics.histogram({ name: 'scheduler_lag_seconds', help: 'Scheduler lag.' }).observe(0.7)

    const { samples } = parsePrometheus(await (await fetch(`${server.baseUrl}/_clientele/metrics`)).text())
    assert.equal(sampleValue(samples, 'clientele_webhook_deliveries_total', { outcome: 'delivered' }), 2)
    assert.equal(sampleValue(samples, 'clientele_webhook_deliveries_total', { outcome: 'failed' }), 1)
    assert.equal(sampleValue(samples, 'clientele_scheduler_lag_seconds_bucket', { le: '1' }), 1)
    assert.equal(sampleValue(samples, 'clientele_scheduler_lag_seconds_bucket', { le: '0.5' }), 0)
  })

  test('METRICS_TOKEN: without the bearer token 401 in Mollie\'s format; with it 200', async (t) => {
    const token = 'metrics-token-0123456789'
    const server = await startOpsServer(t, { metrics: createMetrics({ processMetrics: false }), metricsToken: token })
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${token}x`, token]) {
      const response = await call(server, undefined, 'GET', '/_clientele/metrics', {
        headers: authorization === undefined ? {} : { authorization },
      })
      assert.equal(response.status, 401, String(authorization))
      assert.equal(response.headers.get('content-type'), 'application/hal+json; charset=utf-8')
      assert.equal(response.headers.get('www-authenticate'), 'Bearer realm="clientele metrics"')
      assert.deepEqual(response.body, {
        status: 401,
        title: 'Unauthorized Request',
        detail: 'The metrics need Authorization: Bearer <METRICS_TOKEN>.',
        _links: { documentation: { href: `${server.baseUrl}/docs#errors`, type: 'text/html' } },
      })
    }
    const allowed = await fetch(`${server.baseUrl}/_clientele/metrics`, { headers: { authorization: `Bearer ${token}` } })
    assert.equal(allowed.status, 200)
    assert.match(await allowed.text(), /clientele_http_requests_total/)
  })

  test('off by default: no route (404 in Mollie\'s format)', async (t) => {
    const server = await startOpsServer(t)
    const response = await call(server, undefined, 'GET', '/_clientele/metrics')
    assert.equal(response.status, 404)
    assert.equal(response.body.detail, 'There is no GET /_clientele/metrics in this API. See the documentation link for what there is.')
  })

  test('METRICS and METRICS_TOKEN are checked at start and listed by clientele serve --help', async () => {
    assert.equal(loadConfig({}).metrics, 'off')
    assert.equal(loadConfig({ METRICS: 'on' }).metrics, 'on')
    assert.equal(loadConfig({ METRICS: 'on', METRICS_TOKEN: 'a'.repeat(16) }).metricsToken, 'a'.repeat(16))
    assert.throws(() => loadConfig({ METRICS: 'yes' }), (error: Error) => error instanceof ConfigError && /^METRICS is invalid: it must be one of on, off/.test(error.message))
    assert.throws(() => loadConfig({ METRICS: 'on', METRICS_TOKEN: 'short' }), /^ConfigError: METRICS_TOKEN is invalid/)
    assert.throws(() => loadConfig({ METRICS: 'on', METRICS_TOKEN: 'has a space in it ok' }), /METRICS_TOKEN is invalid/)
    assert.throws(() => loadConfig({ METRICS_TOKEN: 'a'.repeat(16) }), /set METRICS=on too/)
    const help = await runCli(['serve', '--help'])
    assert.equal(help.code, 0)
    assert.match(help.stdout, /--metrics <value> +METRICS +on: serve Prometheus metrics at \/_clientele\/metrics\. \(default: off\)/)
    assert.match(help.stdout, /--metrics-token <value> +METRICS_TOKEN +With METRICS=on/)
  })

  test('WORKERS=2: every worker answers the health check, and a scrape sums the workers\' counts', async (t) => {
    const server = await spawnServer(t, {
      WORKERS: '2',
      METRICS: 'on',
      DATABASE_URL: `sqlite:${join(temporaryDirectory(t), 'db.sqlite')}`,
    })
    const base = { baseUrl: server.baseUrl }
    const checks = 40
    // New connections each time (no keep-alive), so that both workers take some (node:cluster hands
    // connections out in turn).
    for (let i = 0; i < checks; i++) {
      const response = await call(base, undefined, 'GET', '/_clientele/health', { headers: { connection: 'close' } })
      assert.equal(response.status, 200)
      assert.equal(response.body.store, 'sqlite')
    }
    for (let i = 0; i < 4; i++) {
      const { samples } = parsePrometheus(await (await fetch(`${base.baseUrl}/_clientele/metrics`, { headers: { connection: 'close' } })).text())
      // Every scrape, whichever worker takes it, sees all the checks of both workers.
      assert.equal(sampleValue(samples, 'clientele_http_requests_total', { method: 'GET', route: '/_clientele/health', status: '200' }), checks)
    }
  })
})

describe('request ids', () => {
  test('every answer carries X-Request-Id: the client\'s when sane, a new one otherwise', async (t) => {
    const server = await startOpsServer(t)
    const key = server.keys.test
    const paths: [string | undefined, string][] = [
      [key, '/v2/customers'],
      [undefined, '/v2/customers'],
      [key, '/v2/customers/cst_doesnotexist'],
      [undefined, '/nowhere'],
      [undefined, '/dashboard'],
      [undefined, '/docs'],
      [undefined, '/v2/openapi.json'],
      [undefined, '/_clientele/health'],
      [undefined, '/_clientele/nothing'],
      [key, `/v2/customers/cst_${'x'.repeat(300)}`],
    ]
    const get = (path: string, headers: Record<string, string>) => fetch(`${server.baseUrl}${path}`, { headers })
    for (const [authorization, path] of paths) {
      const headers: Record<string, string> = authorization ? { authorization: `Bearer ${authorization}` } : {}
      const generated = await get(path, headers)
      assert.match(generated.headers.get('x-request-id') ?? '', UUID, `${path} ${generated.status}`)
      const own = await get(path, { ...headers, 'x-request-id': 'trace-4bf92f3577b34da6' })
      assert.equal(own.headers.get('x-request-id'), 'trace-4bf92f3577b34da6', path)
    }
    for (const insane of ['has space', 'x'.repeat(129), 'tab\there']) {
      const response = await call(server, undefined, 'GET', '/_clientele/health', { headers: { 'x-request-id': insane } })
      assert.match(response.headers.get('x-request-id') ?? '', UUID, insane)
    }
    const longest = 'y'.repeat(128)
    assert.equal((await call(server, undefined, 'GET', '/v2/customers', { headers: { 'x-request-id': longest } })).headers.get('x-request-id'), longest)
  })

  test('malformed HTTP, answered before Fastify sees a request, carries one too', async (t) => {
    const server = await startOpsServer(t)
    const socket = connect(Number(new URL(server.baseUrl).port), '127.0.0.1')
    t.after(() => socket.destroy())
    socket.write('NOT HTTP AT ALL\r\n\r\n')
    let text = ''
    for await (const chunk of socket) text += chunk
    assert.match(text, /^HTTP\/1\.1 400 /)
    assert.match(text, /\r\nX-Request-Id: [0-9a-f-]{36}\r\n/)
  })

  test('the log line of an error carries the answer\'s request id; the error body stays Mollie\'s', async (t) => {
    const server = await startOpsServer(t, {
      wrap: (store) => ({
        ...store,
        customers: {
          ...store.customers,
          get: async () => {
            throw new Error('disk on fire')
          },
        },
      }),
    })
    const response = await call(server, server.keys.test, 'GET', '/v2/customers/cst_anything1', {
      headers: { 'x-request-id': 'client-chosen-id-1' },
    })
    assert.equal(response.status, 500)
    assert.deepEqual(Object.keys(response.body), ['status', 'title', 'detail', '_links'])
    assert.equal(response.headers.get('x-request-id'), 'client-chosen-id-1')
    const errors = server.logLines.filter((line) => line.msg === 'request failed')
    assert.equal(errors.length, 1)
    assert.equal(server.logText.find((line) => line.includes('request failed'))!.match(/"reqId"/g)?.length, 1)
    assert.equal(errors[0]!.reqId, 'client-chosen-id-1')
    assert.equal(errors[0]!.url, '/v2/customers/cst_anything1')
    assert.equal((errors[0]!.err as { message: string }).message, 'disk on fire')

    const generated = await call(server, server.keys.test, 'GET', '/v2/customers/cst_anything2')
    const second = server.logLines.filter((line) => line.msg === 'request failed')[1]
    assert.equal(second?.reqId, generated.headers.get('x-request-id'))
  })

  test('with request logging on, every line of a request carries its id, once', async (t) => {
    const server = await startOpsServer(t, { logRequests: true })
    await call(server, server.keys.test, 'GET', '/v2/customers', { headers: { 'x-request-id': 'logged-request-7' } })
    const lines = server.logLines.filter((line) => line.reqId === 'logged-request-7')
    assert.deepEqual(lines.map((line) => line.msg), ['incoming request', 'request completed'])
    for (const text of server.logText.filter((line) => line.includes('logged-request-7'))) {
      assert.equal(text.match(/"reqId"/g)?.length, 1, text)
    }
    const withoutId = server.logLines.filter((line) => line.req !== undefined && line.reqId === undefined)
    assert.deepEqual(withoutId, [])
  })
})
