/**
 * The server process: config → store → app → listen, then the banner that tells a new user how to use it.
 * `npm start` runs this file with the environment's configuration; `clientele serve` calls main() with its
 * flags. With WORKERS > 1 the primary prepares the database once, forks that many workers sharing the port
 * (node:cluster), and prints the banner; each worker serves with its own connections.
 *
 * Output: one format per stream. stdout carries the banner, for people, and nothing else; stderr carries pino's
 * JSON log lines (Fastify's, and this file's: a lost database connection, a restarted worker), one object per
 * line, so that a log shipper can read all of it. Only a start that fails says so in one human line on stderr,
 * `clientele: cannot start: …`, before any log line could be written.
 */
import cluster from 'node:cluster'
import type { AddressInfo } from 'node:net'
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import closeWithGrace from 'close-with-grace'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import { pino, type Logger } from 'pino'
import { DEFAULT_ORGANIZATION, ensureStartupKeys, type StartupKey } from './bootstrap.js'
import { keyHint } from './domain/keys.js'
import { ConfigError, loadConfig, publicUrlOf, type Config } from './config.js'
import { buildApp } from './app.js'
import { createMetrics, serveClusterMetrics, shareWithCluster } from './operations/metrics.js'
import { startPaymentExpiry } from './payments/expiry.js'
import { startSubscriptionScheduler } from './subscriptions/scheduler.js'
import { openStoreFromUrl, redact } from './store/open.js'
import type { Store } from './store/store.js'
import { VERSION } from './version.js'
import { startWebhookDelivery } from './webhooks/delivery.js'

/** How often expired idempotency records are deleted. */
const PURGE_INTERVAL_MS = 10 * 60 * 1000

/** Where the server listens, read off its sockets once it does (PORT=0 takes any free port). */
interface Listening {
  port: number
  /** Set when TLS_CERT and TLS_KEY are. */
  tlsPort?: number
  publicUrl: string
}

export interface RunningServer {
  store: Store
  listening: Listening
  /** Stops accepting, lets in-flight requests finish, closes the database. */
  close(): Promise<void>
}

/** The process's own log lines, in the format and on the stream of Fastify's (pino JSON on stderr). */
function processLogger(config: Config): Logger {
  return pino({ level: config.logLevel }, process.stderr)
}

/** Logs what the database's idle connections report (a reconnect follows on the next query). */
function databaseLostLogger(logger: Logger): (error: Error) => void {
  return (error) => logger.error({ err: error }, 'database connection lost')
}

async function openDatabase(config: Config, log?: (error: Error) => void): Promise<Store> {
  try {
    return await openStoreFromUrl(config.databaseUrl, {
      poolSize: config.databasePoolSize,
      statementTimeoutMs: config.databaseStatementTimeoutMs,
      connectTimeoutMs: config.databaseConnectTimeoutMs,
      onIdleError: log,
      subscriptionPolicy: { recurringStatus: config.recurringPaymentStatus, testPaymentLimit: config.testSubscriptionPaymentLimit },
    })
  } catch (error) {
    throw new Error(`cannot open the database ${redact(config.databaseUrl)}: ${(error as Error).message}`, { cause: error })
  }
}

/** The port a listening app is bound to. */
function boundPort(app: FastifyInstance): number {
  return (app.server.address() as AddressInfo).port
}

/**
 * Builds the app (and its HTTPS twin) on `store` and listens on the configured ports (0: any free one, in a cluster
 * the same one for every worker); the caller owns `store`. Without PUBLIC_URL, absolute links are read off the
 * bound ports at their first use: HTTPS listens first, since its port makes the public URL when there is TLS.
 */
async function serve(config: Config, store: Store): Promise<RunningServer> {
  const tls = config.tlsCert && config.tlsKey ? readTls(config.tlsCert, config.tlsKey) : undefined
  let port: number | undefined
  let tlsPort: number | undefined
  const listeningUrl = () => {
    if ((tls ? tlsPort : port) === undefined) throw new Error('the public URL was read before the server listened')
    return publicUrlOf(config, port ?? 0, tlsPort)
  }
  // One registry per process, shared by the HTTP and HTTPS apps; a worker's is summed by the primary.
  const metrics = config.metrics === 'on' ? createMetrics() : undefined
  if (metrics && cluster.isWorker) shareWithCluster(metrics)
  const appOptions = {
    store,
    publicUrl: config.publicUrl ?? listeningUrl,
    // stderr: stdout is the banner's alone.
    logger: { level: config.logLevel, stream: process.stderr },
    logRequests: config.logLevel === 'debug' || config.logLevel === 'trace',
    rateLimitPerSecond: config.rateLimitPerSecond,
    addressLimitPerSecond: config.addressLimitPerSecond,
    maxConnections: config.maxConnections,
    requestTimeoutMs: config.requestTimeoutMs,
    version: VERSION,
    metrics,
    metricsToken: config.metricsToken,
    paymentPolicy: {
      recurringStatus: config.recurringPaymentStatus,
      allowPrivateWebhooks: config.webhookAllowPrivate === 'on',
    },
  }
  const apps: FastifyInstance[] = []
  try {
    if (tls) {
      const httpsApp = await buildApp({ ...appOptions, https: tls })
      apps.push(httpsApp)
      await httpsApp.listen({ port: config.tlsPort, host: config.host })
      tlsPort = boundPort(httpsApp)
    }
    const httpApp = await buildApp(appOptions)
    apps.push(httpApp)
    await httpApp.listen({ port: config.port, host: config.host })
    port = boundPort(httpApp)
  } catch (error) {
    await Promise.allSettled(apps.map((app) => app.close()))
    throw error
  }
  const log: FastifyBaseLogger = apps[0]!.log
  const purge = setInterval(() => {
    store.purgeExpired().catch((error) => log.error({ err: error }, 'purging idempotency records failed'))
  }, PURGE_INTERVAL_MS)
  purge.unref()
  const expiry = startPaymentExpiry({ store, logger: log })
  // Every serving process runs one scheduler: claims in the database keep them apart.
  const scheduler = startSubscriptionScheduler({ store, logger: log, metrics })
  // Every serving process runs one delivery worker (WORKERS > 1 too): claims in the database keep them apart.
  const webhooks = startWebhookDelivery({
    store,
    logger: log,
    metrics,
    settings: {
      retryScale: config.webhookRetryScale,
      timeoutMs: config.webhookTimeoutMs,
      pollIntervalMs: config.webhookPollIntervalMs,
      allowPrivate: config.webhookAllowPrivate === 'on',
    },
  })
  return {
    store,
    listening: { port, tlsPort, publicUrl: publicUrlOf(config, port, tlsPort) },
    async close() {
      clearInterval(purge)
      await expiry.stop()
      await scheduler.stop()
      // In parallel with the apps' close: attempts in flight finish and are recorded before the store closes.
      await Promise.all([...apps.map((app) => app.close()), webhooks.stop()])
      await store.close()
    },
  }
}

/**
 * One process: prepare the database, serve, print the banner. `beforeBanner` runs once the server listens and
 * before the banner is printed (main installs its signal handling there, so no SIGTERM can fall in between).
 */
export async function startServer(
  config: Config,
  print: (line: string) => void = console.log,
  logger: Logger = processLogger(config),
  beforeBanner: (running: RunningServer) => void = () => {},
): Promise<RunningServer> {
  const store = await openDatabase(config, databaseLostLogger(logger))
  try {
    const keys = await ensureStartupKeys(store, { testKey: config.testKey, liveKey: config.liveKey })
    const organizations = await organizationNames(store)
    const running = await serve(config, store)
    beforeBanner(running)
    for (const line of banner(config, store.description, running.listening, keys, organizations)) print(line)
    return running
  } catch (error) {
    await store.close()
    throw error
  }
}

function readTls(certFile: string, keyFile: string): { cert: Buffer; key: Buffer } {
  const read = (variable: string, file: string) => {
    try {
      return readFileSync(file)
    } catch (error) {
      throw new ConfigError(`${variable} '${file}' cannot be read: ${(error as NodeJS.ErrnoException).code ?? error}`)
    }
  }
  return { cert: read('TLS_CERT', certFile), key: read('TLS_KEY', keyFile) }
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

async function organizationNames(store: Store): Promise<string[]> {
  return (await store.organizations.list()).map(({ name }) => name)
}

/**
 * The organization to suggest a new key for when a key cannot be shown: `default`, where it exists; else the
 * database's own (after an import, say), since `keys create` would make a new, empty organization of any other
 * name.
 */
function keyCommandOrganization(organizations: string[]): string {
  if (organizations.length === 0 || organizations.includes(DEFAULT_ORGANIZATION)) return DEFAULT_ORGANIZATION
  if (organizations.length === 1) return organizations[0]!
  return 'NAME'
}

/** A name as a shell argument: bare when it is safe bare, else single-quoted. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`
}

function banner(
  config: Config,
  database: string,
  listening: Listening,
  keys: StartupKey[],
  organizations: string[],
): string[] {
  const { publicUrl, port, tlsPort } = listening
  const httpUrl = `http://${urlHost(config.host)}:${port}`
  const httpsUrl = tlsPort === undefined ? undefined : `https://${urlHost(config.host)}:${tlsPort}`
  const processes = config.workers > 1 ? `, ${config.workers} workers` : ''
  const lines = ['', `Clientele ${VERSION}: Mollie's Customers, Mandates, Payments and Subscriptions APIs v2, on ${database}${processes}`, '', `  API base URL   ${publicUrl}/v2`]
  if (publicUrl !== httpUrl && publicUrl !== httpsUrl) lines.push(`  Listening on   ${httpUrl}${httpsUrl ? ` and ${httpsUrl}` : ''}`)
  else if (httpsUrl) lines.push(`  Also on        ${publicUrl === httpsUrl ? httpUrl : httpsUrl}`)
  lines.push(`  Dashboard      ${publicUrl}/dashboard`, `  API docs       ${publicUrl}/docs`)
  const organization = shellWord(keyCommandOrganization(organizations))
  for (const key of keys) {
    const label = key.kind === 'test' ? 'Test API key' : 'Live API key'
    // A configured key is shown by its hint only: the banner ends up in logs, and the key is in the environment.
    const variable = key.kind === 'test' ? 'CLIENTELE_TEST_KEY' : 'CLIENTELE_LIVE_KEY'
    if (key.key && key.revoked) lines.push(`  ${label}   ${keyHint(key.key)}  (${variable}: revoked, it will be refused)`)
    else if (key.key && key.generated) lines.push(`  ${label}   ${key.key}  (new: shown only this once)`)
    else if (key.key) lines.push(`  ${label}   ${keyHint(key.key)}  (from ${variable})`)
    else {
      lines.push(
        `  ${label}   (shown at first start; for a new one: npx clientele keys create --organization ${organization} --mode ${key.kind})`,
      )
    }
  }
  if (organization === 'NAME') lines.push(`  Organizations  ${organizations.join(', ')}`)
  const usable = keys.find((key) => key.kind === 'test' && key.key && !key.revoked)
  const testKey = usable?.generated ? usable.key : usable ? '$CLIENTELE_TEST_KEY' : 'test_…'
  lines.push('', `  Try it:  curl ${publicUrl}/v2/customers -H "Authorization: Bearer ${testKey}"`, '')
  return lines
}

/** A worker's message to its primary once it serves: where it listens (the same for every worker). */
interface ReadyMessage {
  ready: Listening
}

function isReady(message: unknown): message is ReadyMessage {
  return typeof message === 'object' && message !== null && 'ready' in message
}

/** The cluster's primary: prepares once, forks, restarts crashed workers, stops them all on a signal. */
async function runPrimary(config: Config): Promise<void> {
  if (config.databaseUrl === 'sqlite::memory:') {
    throw new ConfigError('WORKERS > 1 needs a shared database: sqlite::memory: would give each worker its own.')
  }
  const logger = processLogger(config)
  const store = await openDatabase(config)
  let keys: StartupKey[]
  let organizations: string[]
  try {
    keys = await ensureStartupKeys(store, { testKey: config.testKey, liveKey: config.liveKey })
    organizations = await organizationNames(store)
  } finally {
    await store.close()
  }
  let stopping = false
  if (config.metrics === 'on') serveClusterMetrics()
  // Workers listen on the configured ports themselves; with port 0, node:cluster gives them all the same one.
  const fork = () => cluster.fork()
  const ready = Array.from({ length: config.workers }, () => {
    const worker = fork()
    return new Promise<Listening>((resolve, reject) => {
      worker.once('message', (message) => (isReady(message) ? resolve(message.ready) : reject(new Error(String(message)))))
      worker.once('exit', (code) => reject(new Error(`a worker exited during start-up (code ${code})`)))
    })
  })
  let listening: Listening
  try {
    listening = (await Promise.all(ready))[0]!
  } catch (error) {
    stopping = true
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM')
    throw error
  }
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return
    logger.error({ pid: worker.process.pid, code, signal }, 'worker stopped; starting another')
    fork()
  })
  const stop = async () => {
    if (stopping) return
    stopping = true
    const workers = Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined)
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            worker.once('exit', () => resolve())
            worker.kill('SIGTERM')
          }),
      ),
    )
    process.exit(0)
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
  // Only now: a tool that stops the server as soon as it reads the banner must find the handlers in place.
  for (const line of banner(config, store.description, listening, keys, organizations)) console.log(line)
}

/** A cluster worker: serves with its own store, graceful shutdown; tells the primary where it listens. */
async function runWorker(config: Config): Promise<void> {
  const logger = processLogger(config)
  const store = await openDatabase(config, databaseLostLogger(logger))
  let running: RunningServer
  try {
    running = await serve(config, store)
  } catch (error) {
    await store.close()
    throw error
  }
  closeWithGrace({ delay: 10_000 }, async ({ err }) => {
    if (err) logger.error({ err }, 'stopping after an uncaught error')
    await running.close()
  })
  process.send?.({ ready: running.listening } satisfies ReadyMessage)
}

/** Runs the server for `config`: one process, or a cluster when WORKERS > 1. */
export async function main(config: Config): Promise<void> {
  if (config.workers > 1 && cluster.isPrimary) return runPrimary(config)
  if (!cluster.isPrimary) return runWorker(config)
  const logger = processLogger(config)
  // Graceful shutdown is in place before the banner is out: tools send SIGTERM as soon as they read it.
  await startServer(config, console.log, logger, (server) =>
    closeWithGrace({ delay: 10_000 }, async ({ err }) => {
      if (err) logger.error({ err }, 'stopping after an uncaught error')
      await server.close()
    }),
  )
}

export async function runFromEnvironment(flags: Record<string, string | undefined> = {}): Promise<void> {
  try {
    await main(loadConfig(process.env, flags))
  } catch (error) {
    console.error(`clientele: cannot start: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 1
    // A worker tells its primary, then leaves: its IPC channel would otherwise keep it alive.
    if (!cluster.isPrimary) process.send?.(`failed: ${(error as Error).message}`, () => process.exit(1))
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runFromEnvironment()
}
