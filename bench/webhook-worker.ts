/**
 * The webhook row's delivering side, in a process of its own (bench/webhooks.ts starts it): a SQLite store in a
 * fresh file, `count` deliveries enqueued to the receiver's URL (not measured), then the delivery worker
 * (src/webhooks/delivery.ts) with its default batch and concurrency, timed from its start to the last delivery
 * recorded. Writes `delivered` on stdout when the last is recorded, then one JSON line: WebhookWorkerResult.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createMetrics } from '../src/operations/metrics.js'
import { openStoreFromUrl } from '../src/store/open.js'
import { startWebhookDelivery } from '../src/webhooks/delivery.js'

export interface WebhookWorkerResult {
  deliveries: number
  seconds: number
  /** Failed attempts (there should be none). */
  failures: number
  /** The attempts' durations (POST to status), in ms. */
  p50Ms: number
  p99Ms: number
  maxMs: number
}

const { url, count } = JSON.parse(process.argv[2]!) as { url: string; count: number }
const directory = mkdtempSync(join(tmpdir(), 'clientele-bench-webhooks-'))
try {
  const store = await openStoreFromUrl(`sqlite:${join(directory, 'webhooks.sqlite')}`)
  const organization = await store.organizations.ensure('bench')
  const at = new Date()
  for (let start = 0; start < count; start += 1000) {
    await store.webhooks.enqueue(
      Array.from({ length: Math.min(1000, count - start) }, (_, index) => ({
        organizationId: organization.id,
        mode: 'test' as const,
        resourceId: `tr_bench${start + index}`,
        url,
        at,
      })),
    )
  }
  const metrics = createMetrics({ processMetrics: false })
  const counter = metrics.counter({ name: 'webhook_deliveries_total', help: 'as delivery.ts', labelNames: ['outcome'] })
  const value = async (outcome: string) => (await counter.get()).values.find((entry) => entry.labels.outcome === outcome)?.value ?? 0
  const logger = { warn: () => {}, error: (object: object, message: string) => process.stderr.write(`${message} ${JSON.stringify(object)}\n`) }

  const started = performance.now()
  const worker = startWebhookDelivery({ store, logger, metrics, settings: { retryScale: 1 } })
  while ((await value('delivered')) + (await value('gave_up')) < count) await new Promise((resolve) => setTimeout(resolve, 5))
  const seconds = (performance.now() - started) / 1000
  // Tells the bench the delivering is over (it reads the CPU used so far), before the attempts are read back.
  process.stdout.write('delivered\n')
  await worker.stop()

  const durations: number[] = []
  for (let start = 0; start < count; start += 1000) {
    for (let index = start; index < Math.min(count, start + 1000); index++) {
      const [delivery] = await store.webhooks.deliveriesOf({ organizationId: organization.id, mode: 'test' }, `tr_bench${index}`)
      for (const attempt of delivery?.attempts ?? []) durations.push(attempt.durationMs)
    }
  }
  durations.sort((a, b) => a - b)
  const percentile = (p: number) => durations[Math.min(durations.length - 1, Math.floor(durations.length * p))] ?? 0
  const result: WebhookWorkerResult = {
    deliveries: await value('delivered'),
    seconds,
    failures: (await value('retry')) + (await value('gave_up')),
    p50Ms: percentile(0.5),
    p99Ms: percentile(0.99),
    maxMs: durations.at(-1) ?? 0,
  }
  await store.close()
  process.stdout.write(`${JSON.stringify(result)}\n`)
} finally {
  rmSync(directory, { recursive: true, force: true })
}
