/**
 * The server process: config → store → app → listen, then the banner that tells a new user how to use it.
 * `npm start` runs this file with the environment's configuration; `clientele serve` calls startServer with
 * its flags.
 */
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { pathToFileURL } from 'node:url'
import closeWithGrace from 'close-with-grace'
import type { FastifyInstance } from 'fastify'
import { ensureStartupKeys, DEFAULT_ORGANIZATION, type StartupKey } from './bootstrap.js'
import { ConfigError, loadConfig, publicUrlOf, type Config } from './config.js'
import { buildApp } from './http/app.js'
import { openStoreFromUrl, redact } from './store/open.js'
import type { Store } from './store/store.js'
import { VERSION } from './version.js'

export interface RunningServer {
  /** The base URL that links are built from, without `/v2`. */
  publicUrl: string
  httpUrl: string
  httpsUrl?: string
  store: Store
  /** Stops accepting, lets in-flight requests finish, closes the database. */
  close(): Promise<void>
}

/** How often expired idempotency records are deleted. */
const PURGE_INTERVAL_MS = 10 * 60 * 1000

export async function startServer(config: Config, print: (line: string) => void = console.log): Promise<RunningServer> {
  const tls = config.tlsCert && config.tlsKey ? readTls(config.tlsCert, config.tlsKey) : undefined
  const store = await openStoreFromUrl(config.databaseUrl).catch((error: unknown) => {
    throw new Error(`cannot open the database ${redact(config.databaseUrl)}: ${(error as Error).message}`, { cause: error })
  })
  const apps: FastifyInstance[] = []
  try {
    const keys = await ensureStartupKeys(store, { testKey: config.testKey, liveKey: config.liveKey })
    // Links must carry the real port, so a requested port 0 is resolved before the app is built.
    const port = config.port === 0 ? await freePort(config.host) : config.port
    const tlsPort = tls ? (config.tlsPort === 0 ? await freePort(config.host) : config.tlsPort) : undefined
    const publicUrl = publicUrlOf(config, port, tlsPort)
    const appOptions = {
      store,
      publicUrl,
      logger: { level: config.logLevel },
      logRequests: config.logLevel === 'debug' || config.logLevel === 'trace',
      version: VERSION,
    }

    const httpApp = await buildApp(appOptions)
    apps.push(httpApp)
    await httpApp.listen({ port, host: config.host })
    const httpUrl = `http://${urlHost(config.host)}:${port}`
    let httpsUrl: string | undefined
    if (tls && tlsPort !== undefined) {
      const httpsApp = await buildApp({ ...appOptions, https: tls })
      apps.push(httpsApp)
      await httpsApp.listen({ port: tlsPort, host: config.host })
      httpsUrl = `https://${urlHost(config.host)}:${tlsPort}`
    }

    const purge = setInterval(() => {
      store.purgeExpired().catch((error) => httpApp.log.error({ err: error }, 'purging idempotency records failed'))
    }, PURGE_INTERVAL_MS)
    purge.unref()

    for (const line of banner({ config, store, publicUrl, httpUrl, httpsUrl, keys })) print(line)
    return {
      publicUrl,
      httpUrl,
      httpsUrl,
      store,
      async close() {
        clearInterval(purge)
        await Promise.all(apps.map((app) => app.close()))
        await store.close()
      },
    }
  } catch (error) {
    await Promise.allSettled(apps.map((app) => app.close()))
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

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, host, () => {
      const address = probe.address()
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

function banner(context: {
  config: Config
  store: Store
  publicUrl: string
  httpUrl: string
  httpsUrl?: string
  keys: StartupKey[]
}): string[] {
  const { store, publicUrl, httpUrl, httpsUrl, keys } = context
  const lines = [
    '',
    `Clientele ${VERSION}: Mollie's Customers API v2, on ${store.description}`,
    '',
    `  API base URL   ${publicUrl}/v2`,
  ]
  if (publicUrl !== httpUrl && publicUrl !== httpsUrl) lines.push(`  Listening on   ${httpUrl}${httpsUrl ? ` and ${httpsUrl}` : ''}`)
  else if (httpsUrl) lines.push(`  Also on        ${publicUrl === httpsUrl ? httpUrl : httpsUrl}`)
  lines.push(`  Dashboard      ${publicUrl}/dashboard`, `  API docs       ${publicUrl}/docs`)
  for (const key of keys) {
    const label = key.kind === 'test' ? 'Test API key' : 'Live API key'
    if (key.key && key.revoked) lines.push(`  ${label}   ${key.key}  (revoked: it will be refused)`)
    else if (key.key) lines.push(`  ${label}   ${key.key}${key.generated ? '  (new: shown only this once)' : ''}`)
    else {
      lines.push(
        `  ${label}   (shown at first start; for a new one: npx clientele keys create --organization ${DEFAULT_ORGANIZATION} --mode ${key.kind})`,
      )
    }
  }
  const testKey = keys.find((key) => key.kind === 'test' && key.key && !key.revoked)?.key ?? 'test_…'
  lines.push('', `  Try it:  curl ${publicUrl}/v2/customers -H "Authorization: Bearer ${testKey}"`, '')
  return lines
}

/** `npm start`: configuration from the environment, graceful shutdown on SIGINT/SIGTERM. */
export async function main(config: Config): Promise<void> {
  const server = await startServer(config)
  closeWithGrace({ delay: 10_000 }, async ({ err }) => {
    if (err) console.error(err)
    await server.close()
  })
}

export async function runFromEnvironment(flags: Record<string, string | undefined> = {}): Promise<void> {
  try {
    await main(loadConfig(process.env, flags))
  } catch (error) {
    console.error(`clientele: cannot start: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 1
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runFromEnvironment()
}
