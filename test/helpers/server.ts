/**
 * Starts the real app on a real store (SQLite in a temporary directory), listening on any free port of
 * 127.0.0.1 (port 0; links carry the port it got), with two organizations and their keys; closed when the test ends. Tests talk to it over HTTP.
 */
import type { TestContext } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { generateKey, hashKey, keyHint, type CredentialKind } from '../../src/domain/keys.js'
import { buildApp, type AppOptions } from '../../src/app.js'
import { startWebhookDelivery, type WebhookDeliverySettings } from '../../src/webhooks/delivery.js'
import type { PaymentPolicy, Store, SubscriptionPolicy, Tenant } from '../../src/store/store.js'
import { openTestDatabase, type DialectName } from './databases.js'

export { temporaryDirectory } from './temporary.js'
/**
 * A port free right now, for the few tests that need one before anything listens: a port nobody listens on, or one
 * a PUBLIC_URL must name before its server starts. Servers themselves listen on port 0.
 */
export { freePort } from '../../src/free-port.js'

/** Which database the API suites run on: TEST_STORE=sqlite (default), postgres (needs TEST_DATABASE_URL) or pglite. */
export const TEST_STORE = (process.env.TEST_STORE || 'sqlite') as DialectName

export interface TestKeys {
  /** acme's test and live API keys and its organization access token. */
  test: string
  live: string
  access: string
  /** Another organization's keys. */
  otherTest: string
  otherLive: string
}

export interface TestServer {
  /** http://127.0.0.1:PORT */
  baseUrl: string
  /** baseUrl + /v2 */
  apiUrl: string
  keys: TestKeys
  store: Store
  app: FastifyInstance
  /** Which database this server runs on. */
  dialect: DialectName
  /** Reads rows with plain SQL (`?` placeholders), past the store: for checking what is really stored. */
  rows(sql: string, parameters?: unknown[]): Promise<Record<string, unknown>[]>
  /** The tenant a key acts in (for access tokens: live). */
  tenantOf(key: string): Promise<Tenant>
  close(): Promise<void>
}

export interface TestServerOptions {
  credentialCacheMs?: number
  rateLimitPerSecond?: number
  addressLimitPerSecond?: number
  requestTimeoutMs?: number
  now?: () => Date
  bodyLimit?: number
  maxConnections?: number
  paymentPolicy?: PaymentPolicy
  /** The store's subscription policy (test-mode payment limit, how scheduled payments begin). */
  subscriptionPolicy?: Partial<SubscriptionPolicy>
  /** Run a webhook delivery worker with these settings, as the server process does (main.ts); none by default. */
  webhooks?: WebhookDeliverySettings
  /** The dashboard's webhook deliveries of a payment (default: none). */
  deliveriesOf?: AppOptions['deliveriesOf']
  /** What an advance of the test clock charges (default: nothing). */
  chargeDue?: AppOptions['chargeDue']
}


async function addKey(store: Store, organization: string, kind: CredentialKind): Promise<string> {
  const key = generateKey(kind)
  await store.credentials.create(organization, kind, hashKey(key), keyHint(key))
  return key
}

/** Creates acme's and other's keys in `store` (idempotent per call: new keys each time). */
export async function createTestKeys(store: Store): Promise<TestKeys> {
  return {
    test: await addKey(store, 'acme', 'test'),
    live: await addKey(store, 'acme', 'live'),
    access: await addKey(store, 'acme', 'access'),
    otherTest: await addKey(store, 'other', 'test'),
    otherLive: await addKey(store, 'other', 'live'),
  }
}

export async function startTestServer(t: TestContext, options: TestServerOptions = {}): Promise<TestServer> {
  const { store, rows } = await openTestDatabase(t, TEST_STORE, { now: options.now, subscriptionPolicy: options.subscriptionPolicy })
  const keys = await createTestKeys(store)
  const app = await buildApp({
    store,
    credentialCacheMs: options.credentialCacheMs ?? 0,
    bodyLimit: options.bodyLimit,
    rateLimitPerSecond: options.rateLimitPerSecond,
    addressLimitPerSecond: options.addressLimitPerSecond,
    requestTimeoutMs: options.requestTimeoutMs,
    maxConnections: options.maxConnections,
    paymentPolicy: options.paymentPolicy,
    deliveriesOf: options.deliveriesOf,
    chargeDue: options.chargeDue,
  })
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' })
  const silent = { warn: () => {}, error: () => {}, info: () => {} }
  // One clock for the store and the worker: a delivery enqueued at the store's "now" is due at the worker's.
  const clock = options.now
  const settings = options.webhooks && clock ? { now: () => clock().getTime(), ...options.webhooks } : options.webhooks
  const delivery = settings ? startWebhookDelivery({ store, logger: silent as never, settings }) : undefined
  let closed = false
  const close = async () => {
    if (closed) return
    closed = true
    await delivery?.stop()
    await app.close()
    await store.close()
  }
  t.after(close)
  return {
    baseUrl,
    apiUrl: `${baseUrl}/v2`,
    keys,
    store,
    app,
    dialect: TEST_STORE,
    rows,
    async tenantOf(key) {
      const credential = await store.credentials.findByHash(hashKey(key))
      if (!credential) throw new Error('unknown key')
      return { organizationId: credential.organizationId, mode: credential.kind === 'test' ? 'test' : 'live' }
    },
    close,
  }
}

export interface ApiResponse {
  status: number
  headers: Headers
  /** The parsed JSON body, or null for an empty one. */
  body: any
  text: string
}

export interface CallOptions {
  /** Sent as JSON. */
  json?: unknown
  /** Sent form-encoded, as given. */
  form?: string
  /** Sent as is (with `headers` giving its content type). */
  raw?: string
  headers?: Record<string, string>
}

/** One API request with `key` as bearer token (none when key is undefined). */
export async function call(
  server: Pick<TestServer, 'baseUrl'>,
  key: string | undefined,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers }
  if (key !== undefined) headers.authorization = `Bearer ${key}`
  let body: string | undefined
  if (options.json !== undefined) {
    headers['content-type'] ??= 'application/json'
    body = JSON.stringify(options.json)
  } else if (options.form !== undefined) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded'
    body = options.form
  } else if (options.raw !== undefined) {
    body = options.raw
  }
  const response = await fetch(`${server.baseUrl}${path}`, { method, headers, body })
  const text = await response.text()
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null, text }
}

/** Every live customer id of a tenant, newest first, read through the store (no HTTP). */
export async function customerIds(store: Store, tenant: Tenant): Promise<string[]> {
  const ids: string[] = []
  let from: string | undefined
  do {
    const page = await store.customers.list(tenant, { from, limit: 250, sort: 'desc' })
    if (!page) throw new Error('cursor vanished')
    ids.push(...page.customers.map((customer) => customer.id))
    from = page.nextFrom
  } while (from)
  return ids
}
