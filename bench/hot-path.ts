/**
 * What one GET /v2/customers/{id} costs, layer by layer, in microseconds, measured in one process with no
 * sockets: the SQLite lookup alone, Kysely building and compiling the query, the store call, the key hash, the
 * serializers, and the whole request through Fastify (app.inject): first Fastify's floor for a route answering a
 * fixed object, then with Clientele's per-request machinery added one piece at a time, then Clientele itself.
 * Differences between lines attribute the cost; a CPU profile shows the same less directly. inject() skips the
 * socket and the HTTP parser, so these are the server's own costs, not its throughput.
 *
 *   node --import tsx bench/hot-path.ts [--customers 20000] [--seconds 2]
 */
import { parseArgs } from 'node:util'
import compress from '@fastify/compress'
import rateLimit from '@fastify/rate-limit'
import BetterSqlite3 from 'better-sqlite3'
import Fastify, { type FastifyInstance } from 'fastify'
import { Kysely, SqliteDialect } from 'kysely'
import { hashKey } from '../src/domain/keys.js'
import { buildApp } from '../src/app.js'
import {
  CustomerListResponseSchema,
  CustomerParamsSchema,
  CustomerWithEventsResponseSchema,
  GetCustomerQuerySchema,
  HAL_JSON,
} from '../src/http/schemas.js'
import { serializerCompiler } from '../src/http/serialization.js'
import { validatorCompiler } from '../src/http/validation.js'
import { openStoreFromUrl, sqliteFilename } from '../src/store/open.js'
import type { Database } from '../src/store/database.js'
import { prepareBenchDatabase } from './bench-database.js'

const { values } = parseArgs({ options: { customers: { type: 'string', default: '20000' }, seconds: { type: 'string', default: '2' } } })
const seconds = Number(values.seconds)

const database = await prepareBenchDatabase({ store: 'sqlite', customers: Number(values.customers), fresh: false, log: console.log })
const ids = database.sampleIds
const pickId = () => ids[Math.floor(Math.random() * ids.length)]!

/** Calls `work` repeatedly for `milliseconds` and returns µs per call. */
async function perCall(work: () => unknown, milliseconds: number): Promise<number> {
  let calls = 0
  const started = performance.now()
  for (const end = started + milliseconds; performance.now() < end; calls++) await work()
  return ((performance.now() - started) * 1000) / calls
}

const ROUNDS = 5

const store = await openStoreFromUrl(database.databaseUrl)
const credential = (await store.credentials.findByHash(hashKey(database.key)))!
const tenant = { organizationId: credential.organizationId, mode: 'test' as const }

const sqlite = new BetterSqlite3(sqliteFilename(database.databaseUrl)!, { readonly: true })
const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
const findQuery = (id: string) =>
  kysely
    .selectFrom('customers')
    .where('organization_id', '=', tenant.organizationId)
    .where('mode', '=', tenant.mode)
    .where('deleted_at', 'is', null)
    .select(['id', 'mode', 'name', 'email', 'locale', 'metadata', 'created_at'])
    .where('id', '=', id)
const compiled = findQuery('').compile()
const statement = sqlite.prepare(compiled.sql)

const publicUrl = 'http://127.0.0.1:8080'
// As bench/run.ts starts the server: logger at warn, the per-key rate limit on at its ceiling.
const app = await buildApp({ store, publicUrl, logger: { level: 'warn' }, rateLimitPerSecond: 1_000_000 })
await app.ready()
const authorization = `Bearer ${database.key}`
const sample = await app.inject({ method: 'GET', url: `/v2/customers/${ids[0]}`, headers: { authorization } })
if (sample.statusCode !== 200) throw new Error(`GET answered ${sample.statusCode}: ${sample.body}`)
const fixedCustomer = sample.json()

const list = await app.inject({ method: 'GET', url: '/v2/customers?limit=50', headers: { authorization } })
if (list.statusCode !== 200) throw new Error(`GET /v2/customers answered ${list.statusCode}: ${list.body}`)
const fixedPage = list.json()

// The serializers Clientele's routes use: fast-json-stringify, compiled from the view of each response schema.
type Serializer = (value: unknown) => string
const compileSerializer = (schema: unknown) =>
  serializerCompiler({ schema, method: 'GET', url: '/', httpStatus: '200' } as Parameters<typeof serializerCompiler>[0]) as Serializer
const serializeCustomer = compileSerializer(CustomerWithEventsResponseSchema)
const serializePage = compileSerializer(CustomerListResponseSchema)

/** Fastify answering the fixed GET response, with as much of Clientele's per-request machinery as asked for. */
async function floorApp(pieces: number): Promise<FastifyInstance> {
  const floor = Fastify({ logger: pieces >= 1 ? { level: 'warn' } : false })
  if (pieces >= 2) floor.setValidatorCompiler(validatorCompiler)
  if (pieces >= 4) await floor.register(compress, { threshold: 1024, encodings: ['gzip', 'deflate', 'br'] })
  await floor.register(
    async (api) => {
      if (pieces >= 3) {
        api.addHook('onRequest', async (_request, reply) => {
          reply.header('content-type', HAL_JSON)
        })
        api.addHook('onRequest', async (request) => {
          request.credential = credential
        })
        api.addHook('preHandler', async (request) => {
          request.tenant = tenant
        })
      }
      if (pieces >= 5) {
        await api.register(rateLimit, {
          max: 1_000_000,
          timeWindow: 1000,
          hook: 'preHandler',
          keyGenerator: () => credential.id,
          addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
        })
      }
      const validation = pieces >= 2 ? { params: CustomerParamsSchema, querystring: GetCustomerQuerySchema } : {}
      api.get(
        '/customers/:customerId',
        { schema: { ...validation, response: { 200: CustomerWithEventsResponseSchema } } },
        async () => fixedCustomer,
      )
    },
    { prefix: '/v2' },
  )
  await floor.ready()
  return floor
}

const FLOOR_PIECES = [
  'Fastify floor: the fixed GET response with its response schema, no logger, no hooks',
  '  + logger at warn (Fastify makes a child logger per request)',
  '  + params and querystring validation (Clientele\'s TypeBox validator compiler)',
  '  + three async hooks (HAL content type, credential, tenant)',
  '  + @fastify/compress (its hooks run though GET bodies are under its threshold)',
  '  + @fastify/rate-limit per key, at a ceiling never reached',
]
const floors = await Promise.all(FLOOR_PIECES.map((_, pieces) => floorApp(pieces)))
const injectGet = (target: FastifyInstance) => () =>
  target.inject({ method: 'GET', url: `/v2/customers/${pickId()}`, headers: { authorization } })

const lines: [label: string, work: () => unknown][] = [
  ['SQLite: prepared statement .get() by id (better-sqlite3, no Kysely)', () => statement.get(tenant.organizationId, tenant.mode, pickId())],
  ['Kysely: build and compile the same query (no execution)', () => findQuery(pickId()).compile()],
  ['store.customers.get(tenant, id) (Kysely: build, compile, execute; row mapping)', () => store.customers.get(tenant, pickId())],
  ['hashKey(key): SHA-256 of the API key (every request, cache or not)', () => hashKey(database.key)],
  ['JSON.stringify of the GET response', () => JSON.stringify(fixedCustomer)],
  ['fast-json-stringify of the GET response, from its response schema', () => serializeCustomer(fixedCustomer)],
  ['JSON.stringify of a list page of 50', () => JSON.stringify(fixedPage)],
  ['fast-json-stringify of a list page of 50, from its response schema', () => serializePage(fixedPage)],
  ...FLOOR_PIECES.map((label, index): [string, () => unknown] => [label, injectGet(floors[index]!)]),
  ['Clientele: inject GET /v2/customers/{id} (all of the above, auth, store, HAL links)', injectGet(app)],
]

// Rounds take turns, and each line keeps its best round: other work on the machine only ever adds time.
const best = lines.map(() => Infinity)
for (const [, work] of lines) await perCall(work, 200)
for (let round = 0; round < ROUNDS; round++) {
  for (const [index, [, work]] of lines.entries()) {
    best[index] = Math.min(best[index]!, await perCall(work, (seconds * 1000) / ROUNDS))
  }
}
console.log(`GET by id, layer by layer, on ${database.customers.toLocaleString('en')} customers (µs per call, best of ${ROUNDS} rounds):`)
for (const [index, [label]] of lines.entries()) console.log(`${best[index]!.toFixed(1).padStart(8)} µs  ${label}`)

await Promise.all([app, ...floors].map((instance) => instance.close()))
await kysely.destroy()
await store.close()
