/**
 * The webhook row: deliveries per second on SQLite to a local receiver. The receiver is a bare node:http server in
 * this (the bench's) process, answering 200 to every POST and counting them; the worker runs in a process of its
 * own (bench/webhook-worker.ts), so the two share the machine's cores as a server and its webhook receiver
 * would. Reported in the row format of the other rows: req/s is deliveries per second, latencies are the
 * attempts' (POST to status), errors are failed attempts and webhooks that did not arrive exactly once, the
 * "server" columns are the worker process's and the "load generator" column the receiver's.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { LoadResult } from './load-plan.js'
import { cpuMilliseconds, residentBytes, ROOT } from './processes.js'
import type { RowResult } from './report.js'
import type { Row } from './rows.js'
import type { WebhookWorkerResult } from './webhook-worker.js'

/** The goal of the webhooks issue, reported and never enforced. */
export const WEBHOOK_GOAL_PER_SECOND = 1_000

export async function measureWebhooks(row: Row, count: number): Promise<RowResult> {
  const seen = new Map<string, number>()
  let received = 0
  const server = createServer((request, response) => {
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => (body += chunk))
    request.on('end', () => {
      received++
      seen.set(body, (seen.get(body) ?? 0) + 1)
      response.writeHead(200).end()
    })
  })
  server.keepAliveTimeout = 10_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/webhook-worker.ts', JSON.stringify({ url: `http://127.0.0.1:${port}/webhook`, count })], {
      cwd: ROOT,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout!.on('data', (chunk) => (stdout += chunk))
    child.stderr!.on('data', (chunk) => (stderr += chunk))
    let peakRss = 0
    let cpuAtStart = -1
    let receiverCpuAtStart = 0
    const sampler = setInterval(() => {
      if (received > 0 && cpuAtStart < 0) {
        cpuAtStart = cpuMilliseconds([child.pid!])
        receiverCpuAtStart = cpuMilliseconds([process.pid])
      }
      peakRss = Math.max(peakRss, residentBytes([child.pid!]))
    }, 50)
    let workerCpuMs = 0
    let receiverCpuMs = 0
    child.stdout!.on('data', () => {
      // `delivered` comes right after the last delivery: the CPU up to now is the delivering's.
      if (stdout.includes('delivered\n') && workerCpuMs === 0 && cpuAtStart >= 0) {
        workerCpuMs = cpuMilliseconds([child.pid!]) - cpuAtStart
        receiverCpuMs = cpuMilliseconds([process.pid]) - receiverCpuAtStart
      }
    })
    const [code] = await once(child, 'exit')
    clearInterval(sampler)
    if (code !== 0) throw new Error(`the webhook worker exited with code ${code}: ${stderr.trim()}`)
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as WebhookWorkerResult
    const missing = count - seen.size
    const duplicates = [...seen.values()].reduce((sum, times) => sum + times - 1, 0)
    const load: LoadResult = {
      responses: result.deliveries,
      durationSeconds: result.seconds,
      reqPerSec: result.deliveries / result.seconds,
      p50Ms: result.p50Ms,
      p99Ms: result.p99Ms,
      maxMs: result.maxMs,
      socketErrors: result.failures,
      timeouts: 0,
      non2xx: missing + duplicates,
      statusCodes: { 200: received },
      cpuMs: receiverCpuMs,
    }
    return { row, load, serverRssBytes: peakRss, serverCpuMs: workerCpuMs }
  } finally {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
}
