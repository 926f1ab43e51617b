/**
 * The load generator, in a process of its own so that it never shares an event loop with a server it measures.
 * Reads a LoadPlan as JSON on stdin, runs autocannon (warm-up, then the measured period) and writes
 * WorkerMessage lines on stdout: `measuring` when the measured period starts, then `done` with the result.
 */
import { text } from 'node:stream/consumers'
import autocannon from 'autocannon'
import type { LoadPlan, LoadResult, WorkerMessage } from './load-plan.js'

const plan = JSON.parse(await text(process.stdin)) as LoadPlan

function send(message: WorkerMessage): void {
  process.stdout.write(`${JSON.stringify(message)}\n`)
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)]!
}

// autocannon's own histogram keeps whole milliseconds; sub-millisecond latencies need their own record.
let latencies = new Float64Array(1 << 16)
let recorded = 0
function record(milliseconds: number): void {
  if (recorded === latencies.length) {
    const grown = new Float64Array(latencies.length * 2)
    grown.set(latencies)
    latencies = grown
  }
  latencies[recorded++] = milliseconds
}

function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!
}

const { paths, bodies } = plan
// Only the promise form runs a warm-up; what it returns is also the measured period's event emitter, which the
// typings leave out.
const instance = autocannon({
  url: plan.origin,
  connections: plan.connections,
  duration: plan.durationSeconds,
  ...(plan.warmupSeconds > 0 ? { warmup: { connections: plan.connections, duration: plan.warmupSeconds } } : {}),
  method: plan.method,
  headers: plan.headers,
  requests: [
    {
      setupRequest(request) {
        request.path = pick(paths)
        if (bodies) request.body = pick(bodies)
        return request
      },
    },
  ],
}) as Promise<autocannon.Result> & autocannon.Instance

let cpuAtStart = process.cpuUsage()
// With a warm-up, this is the tracker of the measured period only.
instance.on('start', () => {
  cpuAtStart = process.cpuUsage()
  send({ event: 'measuring' })
})
instance.on('response', (_client, _statusCode, _bytes, responseTime) => record(responseTime))

const summary = await instance
const cpu = process.cpuUsage(cpuAtStart)
const sorted = latencies.subarray(0, recorded).sort()
const responses = summary.requests.total
const statusCodes = Object.fromEntries(
  Object.entries(summary.statusCodeStats ?? {}).map(([code, stats]) => [code, (stats as { count: number }).count]),
)
const result: LoadResult = {
  responses,
  durationSeconds: summary.duration,
  reqPerSec: summary.duration > 0 ? responses / summary.duration : 0,
  p50Ms: percentile(sorted, 0.5),
  p99Ms: percentile(sorted, 0.99),
  maxMs: sorted.length > 0 ? sorted[sorted.length - 1]! : 0,
  socketErrors: summary.errors,
  timeouts: summary.timeouts,
  non2xx: summary.non2xx,
  statusCodes,
  cpuMs: (cpu.user + cpu.system) / 1000,
}
send({ event: 'done', result })
