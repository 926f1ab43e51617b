/**
 * `npm run bench -- --abuse`: how much one tenant's flood costs another. On a fresh SQLite file with two
 * organizations (a flooder with 300 customers, a victim with 10) it first measures one process's capacity with the
 * limit off (single-customer GETs a second, pages of 250 a second: what a page costs in reads, and what the default
 * budget is of the whole), then starts the server with the limits as deployed (RATE_LIMIT_PER_SECOND's default cost
 * budget, MAX_CONNECTIONS as given) and reports the victim's GET latency (p50, p99, one keep-alive connection, one
 * request at a time, paced to 250 a second, under its own budget) while idle, during a list-250 flood from the
 * flooder's key, and during a connection flood up to MAX_CONNECTIONS. The goal, within 2× the idle p99, is printed,
 * never enforced: the bench fails only on a crash.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { cpuMilliseconds, freePort, processTree, ROOT, runLoad, startServer, type ServerProcess } from './processes.js'
import { COSTS, listedCost } from '../src/http/rate-limit.js'
import { loadConfig } from '../src/config.js'

export interface AbuseOptions {
  durationSeconds: number
  connections: number
  maxConnections: number
}

function cli(args: string[], databaseUrl: string): string {
  return execFileSync(process.execPath, ['bin/clientele.js', ...args, '--database-url', databaseUrl], { cwd: ROOT, encoding: 'utf8' }).trim()
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!
}

/** The victim's pace: one request per 4 ms at most (250 a second, a quarter of the default budget). */
const PACE_MS = 4

/**
 * `connections` connections of `path` requests for `seconds`, limits off: answered requests a second, and the
 * server's CPU per answer in ms (what a request costs, whatever else loads the machine).
 */
async function throughput(server: ServerProcess, path: string, key: string, connections: number, seconds: number) {
  let cpuAtStart = 0
  const result = await runLoad(
    { origin: server.origin, connections, durationSeconds: seconds, warmupSeconds: 1, method: 'GET', paths: [path], headers: { authorization: `Bearer ${key}` } },
    () => (cpuAtStart = cpuMilliseconds(processTree(server.pid))),
  )
  const cpuMs = cpuMilliseconds(processTree(server.pid)) - cpuAtStart
  const answered = result.statusCodes['200'] ?? 0
  return { perSecond: answered / result.durationSeconds, cpuMsEach: cpuMs / answered }
}

/** One GET at a time on one kept-alive connection, for `seconds`: latencies in ms and statuses. */
async function victimLatencies(agent: Agent, origin: string, path: string, key: string, seconds: number) {
  const latencies: number[] = []
  const statuses: Record<string, number> = {}
  const end = performance.now() + seconds * 1000
  while (performance.now() < end) {
    const started = performance.now()
    const next = started + PACE_MS
    const status = await new Promise<number>((resolve, reject) => {
      const call = request(`${origin}${path}`, { agent, headers: { authorization: `Bearer ${key}` } }, (response) => {
        response.resume()
        response.on('end', () => resolve(response.statusCode ?? 0))
      })
      call.on('error', reject)
      call.end()
    }).catch(() => 0)
    latencies.push(performance.now() - started)
    statuses[status] = (statuses[status] ?? 0) + 1
    const wait = next - performance.now()
    if (wait > 0) await sleep(wait)
  }
  latencies.sort((a, b) => a - b)
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), requests: latencies.length, statuses }
}

export async function runAbuse(options: AbuseOptions, log: (line?: string) => void): Promise<number> {
  const directory = mkdtempSync(join(tmpdir(), 'clientele-abuse-'))
  const databaseUrl = `sqlite:${join(directory, 'abuse.sqlite')}`
  const flooderKey = cli(['keys', 'create', '--organization', 'flooder', '--mode', 'test'], databaseUrl)
  const victimKey = cli(['keys', 'create', '--organization', 'victim', '--mode', 'test'], databaseUrl)
  cli(['seed', '--count', '300', '--organization', 'flooder'], databaseUrl)
  cli(['seed', '--count', '10', '--organization', 'victim'], databaseUrl)
  const port = await freePort()
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'error', MAX_CONNECTIONS: String(options.maxConnections) }
  for (const name of ['PUBLIC_URL', 'TLS_CERT', 'TLS_KEY', 'TLS_PORT', 'WORKERS', 'RATE_LIMIT_PER_SECOND', 'ADDRESS_LIMIT_PER_SECOND']) delete env[name]
  const budget = loadConfig({}).rateLimitPerSecond

  // One process's capacity, the limit off: what a read and a page of 250 really cost.
  const unlimited = await startServer({ name: 'Clientele (no limit)', args: ['dist/main.js'], env: { ...env, RATE_LIMIT_PER_SECOND: '0' }, port, ready: /Try it:/ })
  let victimPath: string
  try {
    const list = await fetch(`${unlimited.origin}/v2/customers?limit=1`, { headers: { authorization: `Bearer ${victimKey}` } })
    victimPath = `/v2/customers/${((await list.json()) as { _embedded: { customers: Array<{ id: string }> } })._embedded.customers[0]!.id}`
    const reads = await throughput(unlimited, victimPath, victimKey, options.connections, options.durationSeconds)
    const pages = await throughput(unlimited, '/v2/customers?limit=250', flooderKey, options.connections, options.durationSeconds)
    const charged = COSTS.read + listedCost(250)
    // A read's server CPU is one cost unit: a core serves 1000 / that many units a second.
    const unitsPerCore = 1000 / reads.cpuMsEach
    const row = (name: string, result: typeof reads, note: string) =>
      log(`| ${name.padEnd(27)} | ${result.perSecond.toFixed(0).padStart(6)} | ${result.cpuMsEach.toFixed(3).padStart(9)} | ${note} |`)
    log('')
    log(`One process's capacity, limit off, ${options.connections} connections, ${options.durationSeconds} s each (the server's CPU per answer is what counts; the rate depends on what else runs)`)
    log('')
    log(`| ${'Request'.padEnd(27)} | per s  | server CPU ms each | note |`)
    log(`|${'-'.repeat(29)}|-------:|----------:|------|`)
    row('GET /v2/customers/{id}', reads, `1 unit: one core serves about ${unitsPerCore.toFixed(0)} units a second`)
    row('GET /v2/customers?limit=250', pages, `≈ ${(pages.cpuMsEach / reads.cpuMsEach).toFixed(0)} reads; charged ${charged}`)
    log('')
    log(`RATE_LIMIT_PER_SECOND's default, ${budget} units a second, is ${((100 * budget) / unitsPerCore).toFixed(0)}% of one core for one key (${(budget / charged).toFixed(0)} pages of 250 a second).`)
  } finally {
    await unlimited.stop()
  }
  const server = await startServer({ name: 'Clientele', args: ['dist/main.js'], env, port, ready: /Try it:/ })
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  try {
    await victimLatencies(agent, server.origin, victimPath, victimKey, 1)
    const seconds = options.durationSeconds
    const idle = await victimLatencies(agent, server.origin, victimPath, victimKey, seconds)
    const row = (name: string, result: typeof idle, extra = '') => {
      const ratio = result.p99 / idle.p99
      log(
        `| ${name.padEnd(52)} | ${result.p50.toFixed(2).padStart(6)} | ${result.p99.toFixed(2).padStart(7)} | ${`${ratio.toFixed(1)}×`.padStart(6)} | ${ratio <= 2 ? 'met' : 'MISSED'} | ${JSON.stringify(result.statuses)}${extra} |`,
      )
    }
    log('')
    log(`Another tenant's GET /v2/customers/{id}, one keep-alive connection, paced to ${1000 / PACE_MS}/s, ${seconds} s each, RATE_LIMIT_PER_SECOND ${budget} (goal: p99 within 2× idle; reported, never enforced)`)
    log('')
    log(`| ${'While'.padEnd(52)} | p50 ms | p99 ms  | × idle | goal | victim statuses |`)
    log(`|${'-'.repeat(54)}|-------:|--------:|-------:|------|-----------------|`)
    row('idle', idle)

    // One tenant lists 250-customer pages as fast as its connections allow.
    let measuring: () => void = () => {}
    const started = new Promise<void>((resolve) => (measuring = resolve))
    const load = runLoad(
      {
        origin: server.origin,
        connections: options.connections,
        durationSeconds: seconds + 1,
        warmupSeconds: 0,
        method: 'GET',
        paths: ['/v2/customers?limit=250'],
        headers: { authorization: `Bearer ${flooderKey}` },
      },
      () => measuring(),
    )
    await started
    const flood = await victimLatencies(agent, server.origin, victimPath, victimKey, seconds)
    const result = await load
    const floodSummary = ` (flooder: ${result.statusCodes['200'] ?? 0} pages served, ${result.statusCodes['429'] ?? 0} × 429 in ${result.durationSeconds.toFixed(0)} s)`
    await sleep(1500)
    row(`a list-250 flood, ${options.connections} connections, one key`, flood, floodSummary)

    // Connections up to the cap, held open without a byte: the victim's existing connection goes on.
    const sockets: Socket[] = []
    for (let i = 0; i < options.maxConnections; i++) {
      const socket = connect(port, '127.0.0.1')
      socket.on('error', () => {})
      sockets.push(socket)
    }
    await sleep(500)
    const held = sockets.filter((socket) => !socket.destroyed).length
    const connectionFlood = await victimLatencies(agent, server.origin, victimPath, victimKey, seconds)
    const fresh = await fetch(`${server.origin}${victimPath}`, { headers: { authorization: `Bearer ${victimKey}`, connection: 'close' } })
      .then((response) => String(response.status))
      .catch(() => 'refused')
    for (const socket of sockets) socket.destroy()
    row(`a connection flood up to MAX_CONNECTIONS (${options.maxConnections})`, connectionFlood, ` (${held} held; a new connection meanwhile: ${fresh})`)
    const crash = server.crash()
    if (crash) {
      log(crash)
      return 1
    }
    return 0
  } finally {
    agent.destroy()
    await server.stop()
    rmSync(directory, { recursive: true, force: true })
  }
}
