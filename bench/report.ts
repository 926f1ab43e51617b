/**
 * The results of a run: the table printed for people (Markdown, so it can go into the README as is), the
 * ratios between rows, and bench/results/latest.json for tools.
 */
import type { LoadResult } from './load-plan.js'
import type { Row, RowKey } from './rows.js'

export interface RowResult {
  row: Row
  load: LoadResult
  /** The server's peak resident memory during the measured period (all its processes). */
  serverRssBytes: number
  /** CPU the server used during the measured period, in ms. */
  serverCpuMs: number
}

export interface ResultRow {
  name: string
  reqPerSec: number
  p50Ms: number
  p99Ms: number
  maxMs: number
  /** Non-2xx responses, socket errors and timeouts. */
  errors: number
  rssMb: number
}

/** Throughput ratios (req/s over req/s); null when a row was not run. */
export interface Ratios {
  getVsBaseline: number | null
  deepVsFirstPage: number | null
  createVsBaseline: number | null
}

export interface BenchResults {
  rows: ResultRow[]
  ratios: Ratios
}

/** The issue's goals. They are reported, never enforced: a slow run is not a failed run. */
export const GOALS = {
  getVsBaseline: 0.75,
  getP99Ms: 5,
  /** "Deep page within 1.2× of the first page", as a throughput ratio. */
  deepVsFirstPage: 1 / 1.2,
  createsPerSecond: 5000,
  serverRssMb: 200,
  /** Webhook deliveries per second on SQLite to a local receiver. */
  webhookDeliveriesPerSecond: 1000,
  /** All payments of 100,000 subscriptions made by one advance of the clock, on SQLite (issue 17). */
  subscriptionChargeSeconds: 60,
}

export function errorsOf(load: LoadResult): number {
  return load.non2xx + load.socketErrors
}

const round = (value: number, decimals: number) => Number(value.toFixed(decimals))

export function toResults(results: readonly RowResult[]): BenchResults {
  const rate = (key: RowKey) => results.find((result) => result.row.key === key)?.load.reqPerSec
  const ratio = (numerator: RowKey, denominator: RowKey) => {
    const top = rate(numerator)
    const bottom = rate(denominator)
    return top === undefined || !bottom ? null : round(top / bottom, 2)
  }
  return {
    rows: results.map(({ row, load, serverRssBytes }) => ({
      name: row.name,
      reqPerSec: round(load.reqPerSec, 0),
      p50Ms: round(load.p50Ms, 2),
      p99Ms: round(load.p99Ms, 2),
      maxMs: round(load.maxMs, 1),
      errors: errorsOf(load),
      rssMb: round(serverRssBytes / 1024 / 1024, 1),
    })),
    ratios: {
      getVsBaseline: ratio('get', 'baseline'),
      deepVsFirstPage: ratio('list-deep', 'list-first'),
      createVsBaseline: ratio('create', 'baseline'),
    },
  }
}

function percentOfCore(cpuMs: number, seconds: number): string {
  return `${Math.round(cpuMs / (seconds * 10))}%`
}

/** The table in Markdown, with the two CPU columns that show who was the bottleneck. */
export function formatTable(results: readonly RowResult[]): string {
  const header = ['Row', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'server RSS MB', 'server CPU', 'load generator CPU']
  const lines = results.map(({ row, load, serverRssBytes, serverCpuMs }) => [
    row.name,
    Math.round(load.reqPerSec).toLocaleString('en'),
    load.p50Ms.toFixed(2),
    load.p99Ms.toFixed(2),
    load.maxMs.toFixed(1),
    String(errorsOf(load)),
    (serverRssBytes / 1024 / 1024).toFixed(0),
    percentOfCore(serverCpuMs, load.durationSeconds),
    percentOfCore(load.cpuMs, load.durationSeconds),
  ])
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)))
  const format = (cells: string[]) =>
    `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(' | ')} |`
  const rule = `|${widths.map((width, column) => (column === 0 ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`
  return [format(header), rule, ...lines.map(format)].join('\n')
}

/** The ratios and each goal with its state. */
export function formatGoals(results: readonly RowResult[], { ratios }: BenchResults): string {
  const find = (key: RowKey) => results.find((result) => result.row.key === key)
  const verdict = (met: boolean) => (met ? 'met' : 'NOT MET')
  const lines: string[] = []
  const get = find('get')
  if (ratios.getVsBaseline !== null) {
    lines.push(`GET vs baseline         ${ratios.getVsBaseline.toFixed(2)}×   goal ≥ ${GOALS.getVsBaseline}×: ${verdict(ratios.getVsBaseline >= GOALS.getVsBaseline)}`)
  }
  if (get) {
    lines.push(`GET p99                 ${get.load.p99Ms.toFixed(2)} ms   goal ≤ ${GOALS.getP99Ms} ms: ${verdict(get.load.p99Ms <= GOALS.getP99Ms)}`)
  }
  if (ratios.deepVsFirstPage !== null) {
    lines.push(
      `deep page vs first page ${ratios.deepVsFirstPage.toFixed(2)}×   goal ≥ ${GOALS.deepVsFirstPage.toFixed(2)}× (deep within 1.2× of first): ${verdict(ratios.deepVsFirstPage >= GOALS.deepVsFirstPage)}`,
    )
  }
  const create = find('create')
  if (create) {
    lines.push(
      `creates                 ${Math.round(create.load.reqPerSec).toLocaleString('en')}/s   goal ≥ ${GOALS.createsPerSecond.toLocaleString('en')}/s: ${verdict(create.load.reqPerSec >= GOALS.createsPerSecond)}` +
        (ratios.createVsBaseline === null ? '' : `   (${ratios.createVsBaseline.toFixed(2)}× baseline)`),
    )
  }
  const webhooks = find('webhooks')
  if (webhooks) {
    lines.push(
      `webhook deliveries      ${Math.round(webhooks.load.reqPerSec).toLocaleString('en')}/s   goal ≥ ${GOALS.webhookDeliveriesPerSecond.toLocaleString('en')}/s on SQLite: ${verdict(webhooks.load.reqPerSec >= GOALS.webhookDeliveriesPerSecond)}`,
    )
  }
  const subscriptions = find('subscriptions')
  if (subscriptions) {
    const { responses, durationSeconds } = subscriptions.load
    const full = responses >= 100_000
    lines.push(
      `subscription charges    ${responses.toLocaleString('en')} payments in ${durationSeconds.toFixed(1)} s, server RSS peak ${(subscriptions.serverRssBytes / 1024 / 1024).toFixed(0)} MB   ` +
        `goal 100,000 in < ${GOALS.subscriptionChargeSeconds} s on SQLite: ` +
        (full
          ? verdict(durationSeconds < GOALS.subscriptionChargeSeconds)
          : `not judged at ${responses.toLocaleString('en')} (at this rate 100,000 would take ${Math.round((durationSeconds * 100_000) / Math.max(responses, 1))} s)`),
    )
  }
  const clienteleRss = results.filter((result) => result.row.target === 'clientele').map((result) => result.serverRssBytes)
  if (clienteleRss.length > 0) {
    const peakMb = Math.max(...clienteleRss) / 1024 / 1024
    lines.push(`server RSS peak         ${peakMb.toFixed(0)} MB   goal ≤ ${GOALS.serverRssMb} MB: ${verdict(peakMb <= GOALS.serverRssMb)}`)
  }
  return lines.join('\n')
}
