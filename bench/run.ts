/**
 * `npm run bench`: Clientele side by side with the Node limit on this machine, in one run. Seeds (or reuses) a
 * database of realistic customers, starts the built server exactly as users do (`node dist/main.js`), then drives
 * one row after another with autocannon from a separate process, each at the same connections and duration
 * against the same server settings, and prints the table and the ratios. Fails only on errors (a non-2xx
 * response, a socket error, a crash), never on speed.
 *
 *   npm run bench                      1,000,000 customers on SQLite, 50 connections, 10 s per row
 *   npm run bench -- --quick           20,000 customers, 2 s per row (CI)
 *   npm run bench -- --help            every option
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { cpus, loadavg } from 'node:os'
import { join, relative } from 'node:path'
import { parseArgs } from 'node:util'
import { redact } from '../src/store/open.js'
import { DEEP_PAGE_DEPTH, prepareBenchDatabase, type BenchDatabase } from './bench-database.js'
import type { LoadPlan } from './load-plan.js'
import {
  cpuMilliseconds,
  freePort,
  processTree,
  residentBytes,
  ROOT,
  runLoad,
  startServer,
  type ServerProcess,
} from './processes.js'
import { runMixedLoad } from './mixed-load.js'
import { runAbuse } from './abuse.js'
import { measureWebhooks } from './webhooks.js'
import { measureSubscriptions } from './subscriptions.js'
import { errorsOf, formatGoals, formatTable, toResults, type RowResult } from './report.js'
import { defineRows, ROW_KEYS, type Row, type RowKey } from './rows.js'
import { formatSummary, readProfile, summarizeProfile } from './summarize-profile.js'

const HELP = `Usage: npm run bench -- [options]

  --customers N     customers to seed (default 1,000,000; --quick: 20,000); a seeded database is reused
  --duration S      measured seconds per row (default 10; --quick: 2)
  --warmup S        unmeasured seconds of load before each row (default 3; --quick: 1)
  --connections C   concurrent connections (default 50)
  --quick           CI size: 20,000 customers, 2 s per row
  --store S         sqlite (default; bench/data/customers-N.sqlite) or postgres (DATABASE_URL)
  --workers N       server processes (clientele serve --workers N); default 1
  --subscriptions N active subscriptions the subscriptions row charges (default 100,000; --quick: 5,000)
  --rows LIST       only these rows, comma-separated: ${ROW_KEYS.join(', ')}
  --profile         afterwards, run one row again on a server started with --cpu-prof, and summarise it
  --profile-row R   the row to profile (default get); profiles go to bench/results/profiles/
  --fresh           seed again even if a seeded database exists
  --skip-build      measure dist/ as it is instead of building it first
  --load            instead of the rows: a mixed load (creates, gets, lists, updates, deletes) over many keys for
                    --duration seconds (default 60; --quick: 10), failing on any error or on RSS that keeps growing
  --organizations N with --load: organizations, each with a test and a live key (default 10)
  --abuse           instead of the rows: another tenant's GET p99 while one tenant floods (list-250 pages on
                    --connections connections; connections up to --max-connections, default 1024), against its
                    idle p99; the goal (within 2×) is printed, never enforced
  --max-connections N  with --abuse: the server's MAX_CONNECTIONS, and the connection flood's size (default 1024)
`

/** The webhook row delivers this many webhooks per second of --duration: about a row's length at the goal's rate. */
const WEBHOOKS_PER_SECOND_OF_ROW = 2_000

class UsageError extends Error {}
/** A failure with nothing to add beyond its message: no stack trace. */
class BenchError extends Error {}

interface BenchOptions {
  customers: number
  subscriptions: number
  durationSeconds: number
  warmupSeconds: number
  connections: number
  store: 'sqlite' | 'postgres'
  workers: number
  rows: RowKey[]
  profileRow?: RowKey
  fresh: boolean
  build: boolean
  load: boolean
  organizations: number
  abuse: boolean
  maxConnections: number
}

function wholeNumber(flag: string, text: string | undefined, fallback: number, minimum: number): number {
  if (text === undefined) return fallback
  const value = Number(text.replace(/[_,]/g, ''))
  if (!Number.isSafeInteger(value) || value < minimum) throw new UsageError(`--${flag} must be a whole number ≥ ${minimum}, not '${text}'.`)
  return value
}

function rowKey(text: string, flag: string): RowKey {
  const key = ROW_KEYS.find((candidate) => candidate === text.trim())
  if (!key) throw new UsageError(`--${flag}: '${text}' is not a row; rows are ${ROW_KEYS.join(', ')}.`)
  return key
}

function parseOptions(args: string[]): BenchOptions | undefined {
  let values
  try {
    ;({ values } = parseArgs({
      args,
      strict: true,
      options: {
        customers: { type: 'string' },
        subscriptions: { type: 'string' },
        duration: { type: 'string' },
        warmup: { type: 'string' },
        connections: { type: 'string' },
        quick: { type: 'boolean', default: false },
        store: { type: 'string', default: 'sqlite' },
        workers: { type: 'string' },
        rows: { type: 'string' },
        profile: { type: 'boolean', default: false },
        'profile-row': { type: 'string' },
        fresh: { type: 'boolean', default: false },
        'skip-build': { type: 'boolean', default: false },
        load: { type: 'boolean', default: false },
        organizations: { type: 'string' },
        abuse: { type: 'boolean', default: false },
        'max-connections': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }))
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  if (values.help) return undefined
  if (values.store !== 'sqlite' && values.store !== 'postgres') throw new UsageError('--store must be sqlite or postgres.')
  if (values.store === 'postgres' && !process.env.DATABASE_URL) {
    throw new UsageError('--store postgres measures the database at DATABASE_URL (postgres://user:password@host:5432/database); set it.')
  }
  const quick = values.quick
  const profileRow = values['profile-row'] === undefined ? undefined : rowKey(values['profile-row'], 'profile-row')
  if (profileRow === 'baseline') throw new UsageError('--profile-row: the baseline is not Clientele; pick another row.')
  return {
    customers: wholeNumber('customers', values.customers, quick ? 20_000 : 1_000_000, 100),
    subscriptions: wholeNumber('subscriptions', values.subscriptions, quick ? 5_000 : 100_000, 1),
    durationSeconds: wholeNumber('duration', values.duration, values.load ? (quick ? 10 : 60) : quick ? 2 : 10, 1),
    warmupSeconds: wholeNumber('warmup', values.warmup, quick ? 1 : 3, 0),
    connections: wholeNumber('connections', values.connections, 50, 1),
    store: values.store,
    workers: wholeNumber('workers', values.workers, 1, 1),
    rows: values.rows === undefined ? [...ROW_KEYS] : values.rows.split(',').map((text) => rowKey(text, 'rows')),
    profileRow: values.profile || profileRow ? (profileRow ?? 'get') : undefined,
    fresh: values.fresh,
    build: !values['skip-build'],
    load: values.load,
    organizations: wholeNumber('organizations', values.organizations, 10, 1),
    abuse: values.abuse,
    maxConnections: wholeNumber('max-connections', values['max-connections'], 1024, 1),
  }
}

const log = (line = '') => console.log(line)

/** dist/ is what users run; building first means the numbers are always those of the source in front of you. */
function build(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  const started = performance.now()
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' })
  } catch {
    throw new BenchError('npm run build failed: the bench measures dist/, built from src/. Fix the build, or pass --skip-build.')
  }
  log(`Built dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s.`)
}

/** How the server is started: as `npm start` does, or through `clientele serve` for several processes. */
function serverCommand(options: BenchOptions): string[] {
  if (options.workers === 1) return ['dist/main.js']
  const help = execFileSync(process.execPath, ['bin/clientele.js', 'serve', '--help'], { cwd: ROOT, encoding: 'utf8' })
  if (!help.includes('--workers')) {
    throw new UsageError(`--workers ${options.workers}: this build of clientele serve has no --workers option yet.`)
  }
  return ['bin/clientele.js', 'serve', '--workers', String(options.workers)]
}

/** The settings every Clientele server of the run gets, and nothing from the environment that would change them. */
function serverEnvironment(database: BenchDatabase, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: database.databaseUrl,
    LOG_LEVEL: 'warn',
    CLIENTELE_TEST_KEY: database.key,
    // The per-key limit stays on, so its cost is measured as deployed, but at its ceiling: one key sends it all.
    RATE_LIMIT_PER_SECOND: '1000000',
  }
  for (const name of ['PUBLIC_URL', 'TLS_CERT', 'TLS_KEY', 'TLS_PORT', 'WORKERS']) delete env[name]
  return env
}

async function startClientele(command: string[], database: BenchDatabase, nodeOptions: string[] = []): Promise<ServerProcess> {
  const port = await freePort()
  return startServer({
    name: 'Clientele',
    args: [...nodeOptions, ...command],
    env: serverEnvironment(database, port),
    port,
    ready: /Try it:/,
  })
}

/** A real GET response, so that the baseline sends as many bytes as Clientele does: the median of a few. */
async function typicalCustomerResponse(server: ServerProcess, database: BenchDatabase) {
  const responses = []
  for (const id of database.sampleIds.slice(0, 21)) {
    const response = await fetch(`${server.origin}/v2/customers/${id}`, { headers: { authorization: `Bearer ${database.key}` } })
    const body = await response.text()
    if (response.status !== 200) throw new Error(`GET /v2/customers/${id} answered ${response.status}: ${body}`)
    responses.push({ body, contentType: response.headers.get('content-type') ?? 'application/hal+json' })
  }
  responses.sort((a, b) => Buffer.byteLength(a.body) - Buffer.byteLength(b.body))
  return responses[Math.floor(responses.length / 2)]!
}

/** One request of each row before any load, so that a broken row fails at once with the answer it got. */
async function preflight(server: ServerProcess, row: Row): Promise<string | undefined> {
  const response = await fetch(`${server.origin}${row.plan.paths[0]}`, {
    method: row.plan.method,
    headers: row.plan.headers,
    body: row.plan.bodies?.[0],
  })
  const body = await response.text()
  if (response.ok) return undefined
  return `${row.name}: a single ${row.plan.method} ${row.plan.paths[0]} answered ${response.status}: ${body.slice(0, 500)}`
}

async function measure(row: Row, server: ServerProcess, options: BenchOptions): Promise<RowResult> {
  const pids = options.workers > 1 && row.target === 'clientele' ? processTree(server.pid) : [server.pid]
  const plan: LoadPlan = {
    ...row.plan,
    origin: server.origin,
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    warmupSeconds: options.warmupSeconds,
  }
  let measuring = false
  let peakRss = 0
  let cpuAtStart = 0
  const sampler = setInterval(() => {
    if (measuring) peakRss = Math.max(peakRss, residentBytes(pids))
  }, 200)
  try {
    const load = await runLoad(plan, () => {
      measuring = true
      cpuAtStart = cpuMilliseconds(pids)
    })
    const serverCpuMs = cpuMilliseconds(pids) - cpuAtStart
    peakRss = Math.max(peakRss, residentBytes(pids))
    return { row, load, serverRssBytes: peakRss, serverCpuMs }
  } finally {
    clearInterval(sampler)
  }
}

function progressLine(result: RowResult): string {
  const { load } = result
  const errors = errorsOf(load)
  const codes = Object.entries(load.statusCodes)
    .map(([code, count]) => `${code}×${count}`)
    .join(' ')
  return (
    `  ${result.row.name}: ${Math.round(load.reqPerSec).toLocaleString('en')} req/s, p99 ${load.p99Ms.toFixed(2)} ms` +
    (errors > 0 ? `, ${errors} ERRORS (${codes}; socket errors ${load.socketErrors}, timeouts ${load.timeouts})` : '')
  )
}

async function profile(options: BenchOptions, command: string[], database: BenchDatabase, row: Row): Promise<void> {
  const directory = join(ROOT, 'bench/results/profiles')
  mkdirSync(directory, { recursive: true })
  const before = new Set(readdirSync(directory))
  const server = await startClientele(command, database, ['--cpu-prof', '--cpu-prof-dir', directory])
  log('')
  log(`Profiling ${row.name} on a server started with --cpu-prof (not in the table: profiling slows it down) …`)
  try {
    log(progressLine(await measure(row, server, options)))
  } finally {
    // The profile is written when the process exits, which SIGTERM makes it do gracefully.
    await server.stop()
  }
  for (const file of readdirSync(directory).filter((name) => !before.has(name) && name.endsWith('.cpuprofile'))) {
    const path = join(directory, file)
    const summary = formatSummary(summarizeProfile(readProfile(path)), { top: 25 })
    writeFileSync(path.replace(/\.cpuprofile$/, '.txt'), `${summary}\n`)
    log('')
    log(`${relative(ROOT, path)} (open it in Chrome DevTools or speedscope for a flame graph; summary in .txt beside it):`)
    log(summary)
  }
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2))
  if (!options) {
    process.stdout.write(HELP)
    return 0
  }
  const cores = cpus()
  log(`Clientele bench, ${new Date().toISOString()}: Node ${process.version}, ${cores.length} × ${cores[0]?.model.trim() ?? 'CPU'}`)
  log(`Load average at start: ${loadavg().map((value) => value.toFixed(2)).join(' ')} (other work on this machine makes numbers noisy)`)
  if (options.build) build()
  if (options.abuse) {
    return runAbuse({ durationSeconds: options.durationSeconds, connections: options.connections, maxConnections: options.maxConnections }, log)
  }
  if (options.load) {
    return runMixedLoad(
      { durationSeconds: options.durationSeconds, organizations: options.organizations, concurrency: options.connections },
      log,
    )
  }
  const command = serverCommand(options)

  const database = await prepareBenchDatabase({ store: options.store, customers: options.customers, fresh: options.fresh, log })
  if (!database.seeding.reused) {
    log(
      `Seeded ${database.customers.toLocaleString('en')} customers in ${(database.seeding.elapsedMs / 1000).toFixed(1)} s ` +
        `(${Math.round(database.seeding.customersPerSecond).toLocaleString('en')}/s).`,
    )
  }
  const allRows = defineRows(database)
  const rows = allRows.filter((row) => options.rows.includes(row.key))

  const failures: string[] = []
  const results: RowResult[] = []
  let clientele: ServerProcess | undefined
  let baseline: ServerProcess | undefined
  try {
    clientele = await startClientele(command, database)
    log('')
    log(`Server:          node ${command.join(' ')} (pid ${clientele.pid}) on ${redact(database.databaseUrl)}`)
    log('                 LOG_LEVEL=warn, per-key rate limit at its ceiling; one server, same settings, for every Clientele row')
    log(
      `Load generator:  autocannon in a process of its own, ${options.connections} connections, ` +
        `${options.durationSeconds} s per row after ${options.warmupSeconds} s of warm-up, loopback only`,
    )
    if (cores.length <= 2) {
      log(`                 this machine has ${cores.length} cores: the load generator takes about one, leaving the server the other`)
    }
    log(`Data:            ${database.customers.toLocaleString('en')} seeded customers; deep page starts ${DEEP_PAGE_DEPTH * 100}% down the list`)
    log('')

    for (const row of rows.filter((candidate) => candidate.target === 'clientele')) {
      const failure = await preflight(clientele, row)
      if (failure) failures.push(failure)
    }
    if (failures.length > 0) throw new Error('a row failed its first request')

    for (const row of rows) {
      if (row.target === 'webhooks') {
        const result = await measureWebhooks(row, options.durationSeconds * WEBHOOKS_PER_SECOND_OF_ROW)
        results.push(result)
        log(progressLine(result))
        if (errorsOf(result.load) > 0) failures.push(`${row.name}: ${errorsOf(result.load)} failed attempts or webhooks not delivered exactly once`)
        continue
      }
      if (row.target === 'subscriptions') {
        const result = await measureSubscriptions(row, options.subscriptions, process.env, log)
        results.push(result)
        log(
          `  ${row.name}: ${result.load.responses.toLocaleString('en')} payments in ${result.load.durationSeconds.toFixed(1)} s ` +
            `(${Math.round(result.load.reqPerSec).toLocaleString('en')}/s), server RSS peak ${(result.serverRssBytes / 1024 / 1024).toFixed(0)} MB`,
        )
        if (errorsOf(result.load) > 0) failures.push(`${row.name}: the advance failed, or not exactly one payment per subscription (${JSON.stringify(result.load.statusCodes)})`)
        continue
      }
      let server = clientele
      if (row.target === 'baseline') {
        const { body, contentType } = await typicalCustomerResponse(clientele, database)
        const port = await freePort()
        baseline = await startServer({
          name: 'baseline',
          args: ['--import', 'tsx', 'bench/baseline-server.ts', JSON.stringify({ port, body, contentType })],
          env: process.env,
          port,
          ready: /listening/,
        })
        server = baseline
      }
      const result = await measure(row, server, options)
      results.push(result)
      log(progressLine(result))
      if (errorsOf(result.load) > 0) failures.push(`${row.name}: ${errorsOf(result.load)} errors (${JSON.stringify(result.load.statusCodes)})`)
      const crash = server.crash()
      if (crash) {
        failures.push(crash)
        break
      }
      if (server === baseline) {
        await baseline.stop()
        baseline = undefined
      }
    }
  } catch (error) {
    if (failures.length === 0) failures.push((error as Error).message)
  } finally {
    await baseline?.stop()
    await clientele?.stop()
  }

  if (results.length > 0) {
    const output = toResults(results)
    log('')
    log(formatTable(results))
    log('')
    log('Ratios are req/s over req/s. Goals (reported, never enforced):')
    log(formatGoals(results, output))
    const file = join(ROOT, 'bench/results/latest.json')
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true })
    writeFileSync(file, `${JSON.stringify(output, null, 2)}\n`)
    log('')
    log(`Wrote ${relative(ROOT, file)}. Load average at end: ${loadavg().map((value) => value.toFixed(2)).join(' ')}`)
  }

  if (failures.length === 0 && options.profileRow) {
    await profile(options, command, database, allRows.find((row) => row.key === options.profileRow)!)
  }

  if (failures.length > 0) {
    log('')
    log('FAILED (the bench fails on errors, never on speed):')
    for (const failure of failures) log(`  ${failure}`)
    return 1
  }
  return 0
}

try {
  process.exitCode = await main()
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`bench: ${error.message}\n\n${HELP}`)
    process.exitCode = 2
  } else if (error instanceof BenchError) {
    process.stderr.write(`bench: ${error.message}\n`)
    process.exitCode = 1
  } else {
    process.stderr.write(`bench: ${(error as Error).stack ?? error}\n`)
    process.exitCode = 1
  }
}
