/**
 * `npm run bench -- --load`: a sustained mixed load (creates, gets, lists, updates, deletes) over many keys of
 * many organizations, against a fresh database, checking that nothing fails and that the server's memory
 * settles instead of growing (see RSS_GROWTH_SHARE). Fails on any error, or on RSS that keeps growing; prints
 * its figures and writes bench/results/load.json.
 *
 *   npm run bench -- --load                60 s (CI: --load --duration 10)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKey, hashKey, keyHint } from '../src/domain/keys.js'
import { openStoreFromUrl } from '../src/store/open.js'
import { freePort, processTree, residentBytes, ROOT, startServer } from './processes.js'

export interface MixedLoadOptions {
  durationSeconds: number
  /** Organizations; each gets a test and a live key. */
  organizations: number
  /** Requests in flight at once. */
  concurrency: number
}

/** What share of requests does what; each client works on its own customers, so every answer must be 2xx. */
const MIX = [
  ['create', 30],
  ['get', 30],
  ['list', 15],
  ['update', 15],
  ['delete', 10],
] as const
type Operation = (typeof MIX)[number][0]

/**
 * After a warm-up, the run is cut in two halves and the peak RSS of each compared: memory that settles peaks
 * about alike in both (the garbage collector's sawtooth), memory that leaks peaks higher and higher. The second
 * peak may exceed the first by this share plus this many bytes.
 */
const RSS_GROWTH_SHARE = 0.25
const RSS_GROWTH_BYTES = 32 * 1024 * 1024
const WARM_UP_SHARE = 0.2

function pickOperation(): Operation {
  let roll = Math.random() * 100
  for (const [operation, weight] of MIX) {
    roll -= weight
    if (roll < 0) return operation
  }
  return 'get'
}

export async function runMixedLoad(options: MixedLoadOptions, log: (line?: string) => void): Promise<number> {
  const directory = mkdtempSync(join(tmpdir(), 'clientele-load-'))
  const databaseUrl = `sqlite:${join(directory, 'load.sqlite')}`
  try {
    const keys: string[] = []
    const store = await openStoreFromUrl(databaseUrl)
    for (let organization = 0; organization < options.organizations; organization++) {
      for (const kind of ['test', 'live'] as const) {
        const key = generateKey(kind)
        await store.credentials.create(`load-${organization}`, kind, hashKey(key), keyHint(key))
        keys.push(key)
      }
    }
    await store.close()

    const port = await freePort()
    const server = await startServer({
      name: 'Clientele',
      args: ['dist/main.js'],
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', RATE_LIMIT_PER_SECOND: '0' },
      port,
      ready: /Try it:/,
    })
    const counts = Object.fromEntries(MIX.map(([operation]) => [operation, 0])) as Record<Operation, number>
    const errors: string[] = []
    const rss = { firstHalfPeak: 0, secondHalfPeak: 0, end: 0 }
    const started = performance.now()
    const durationMs = options.durationSeconds * 1000
    const deadline = started + durationMs
    const warmAt = started + durationMs * WARM_UP_SHARE
    const halfway = warmAt + (deadline - warmAt) / 2
    const sampler = setInterval(() => {
      const now = performance.now()
      if (now < warmAt) return
      const bytes = residentBytes(processTree(server.pid))
      if (now < halfway) rss.firstHalfPeak = Math.max(rss.firstHalfPeak, bytes)
      else rss.secondHalfPeak = Math.max(rss.secondHalfPeak, bytes)
    }, 250)

    log(
      `Mixed load: ${options.durationSeconds} s, ${options.concurrency} clients, ${keys.length} keys in ${options.organizations} organizations, ` +
        `on a fresh SQLite database; the load runs in this process, the server in its own.`,
    )
    await Promise.all(
      Array.from({ length: options.concurrency }, async (_, client) => {
        const key = keys[client % keys.length]!
        const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' }
        const mine: string[] = []
        while (performance.now() < deadline && errors.length < 10) {
          let operation = pickOperation()
          if (mine.length === 0 && operation !== 'list') operation = 'create'
          const id = mine[Math.floor(Math.random() * mine.length)]
          const request: [string, RequestInit] =
            operation === 'create'
              ? ['/v2/customers', { method: 'POST', headers, body: JSON.stringify({ name: `Load ${client}`, email: `load${client}@example.org`, metadata: { client: String(client) } }) }]
              : operation === 'get'
                ? [`/v2/customers/${id}?include=events`, { headers }]
                : operation === 'list'
                  ? ['/v2/customers?limit=50', { headers }]
                  : operation === 'update'
                    ? [`/v2/customers/${id}`, { method: 'PATCH', headers, body: JSON.stringify({ name: `Load ${client} ${counts.update}` }) }]
                    : [`/v2/customers/${id}`, { method: 'DELETE', headers }]
          try {
            const response = await fetch(`${server.origin}${request[0]}`, request[1])
            const body = await response.text()
            if (!response.ok) {
              errors.push(`${operation} answered ${response.status}: ${body.slice(0, 200)}`)
              continue
            }
            if (operation === 'create') mine.push(JSON.parse(body).id)
            if (operation === 'delete') mine.splice(mine.indexOf(id!), 1)
            counts[operation]++
          } catch (error) {
            errors.push(`${operation} failed: ${(error as Error).cause ?? error}`)
          }
        }
      }),
    )
    clearInterval(sampler)
    rss.end = residentBytes(processTree(server.pid))
    const crash = server.crash()
    await server.stop()
    if (crash) errors.push(`the server stopped: ${crash}`)

    const seconds = (performance.now() - started) / 1000
    const total = Object.values(counts).reduce((sum, count) => sum + count, 0)
    const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(0)
    const ceiling = rss.firstHalfPeak * (1 + RSS_GROWTH_SHARE) + RSS_GROWTH_BYTES
    if (rss.secondHalfPeak > ceiling) {
      errors.push(
        `RSS keeps growing: it peaked at ${megabytes(rss.firstHalfPeak)} MB in the first half and ${megabytes(rss.secondHalfPeak)} MB ` +
          `in the second (allowed: ${megabytes(ceiling)} MB)`,
      )
    }
    log(
      `load: ${seconds.toFixed(0)} s, ${total.toLocaleString('en')} requests (${Math.round(total / seconds).toLocaleString('en')}/s: ` +
        MIX.map(([operation]) => `${operation} ${counts[operation].toLocaleString('en')}`).join(', ') +
        `), ${errors.length} errors, server RSS peak ${megabytes(rss.firstHalfPeak)} MB in the first half, ` +
        `${megabytes(rss.secondHalfPeak)} MB in the second, ${megabytes(rss.end)} MB at the end`,
    )
    writeFileSync(
      join(ROOT, 'bench/results/load.json'),
      `${JSON.stringify({
          seconds,
          requests: counts,
          errors,
          rssMb: { firstHalfPeak: +megabytes(rss.firstHalfPeak), secondHalfPeak: +megabytes(rss.secondHalfPeak), end: +megabytes(rss.end) },
        }, null, 2)}\n`,
    )
    for (const error of errors) log(`  error: ${error}`)
    return errors.length === 0 ? 0 : 1
  } finally {
    rmSync(directory, { recursive: true, force: true })
  }
}
