/**
 * Background webhook delivery: the one owner of it in a process. It claims due deliveries from the outbox in the
 * database (store.webhooks, see WebhookStore), POSTs them concurrently (post.ts), and records the outcomes in
 * batched transactions; a failed attempt is retried on Mollie's schedule (schedule.ts), scaled by
 * `settings.retryScale`.
 *
 * Guarantees:
 *   - At least once: a delivery stays due until an outcome is recorded. An instance that dies mid-attempt (kill -9)
 *     records nothing; its lease (`leaseMs`) expires and any instance, this one restarted or another, claims the
 *     delivery again. A receiver can therefore get the same webhook twice, as with Mollie.
 *   - One attempt at a time per delivery, among any number of instances: a claim takes the lease in a write
 *     transaction, and an outcome is recorded only by the lease's holder.
 *   - Prompt: wake() (store.webhooks.wake, after a commit that enqueued) makes this process claim at once; deliveries
 *     enqueued by other instances, and retries, are found by polling every `pollIntervalMs`, sooner when the
 *     earliest due delivery is sooner.
 *
 * Reports: `clientele_webhook_deliveries_total{outcome}` per recorded attempt, outcome `delivered` (a 2xx),
 * `retry` (failed, tried again later) or `gave_up` (failed, the schedule's last attempt);
 * `clientele_webhook_delivery_lag_seconds`, from the change (`at` of the enqueue) to its delivery. Every failed
 * attempt is one warn line; a failure of the database is an error line, and the work is found again later.
 */
import { hostname } from 'node:os'
import { performance } from 'node:perf_hooks'
import { randomBase62 } from '../domain/ids.js'
import type { Metrics } from '../operations/metrics.js'
import type { Store, WebhookClaim, WebhookOutcome } from '../store/store.js'
import { createPoster } from './post.js'
import { isDelivered, MOLLIE_TIMEOUT_MS, retryDelayMs } from './schedule.js'

export interface WebhookDeliverySettings {
  /** > 0: multiplies every wait of Mollie's schedule (WEBHOOK_RETRY_SCALE; 1 = Mollie's). */
  retryScale: number
  /** How long a receiver has to answer, in ms (WEBHOOK_TIMEOUT_MS; Mollie's: 15,000). */
  timeoutMs?: number
  /** Whether live-mode deliveries may connect to private and loopback addresses (WEBHOOK_ALLOW_PRIVATE). */
  allowPrivate?: boolean
  /** How often to look for work no wake() announced (other instances', retries), in ms (WEBHOOK_POLL_INTERVAL_MS). */
  pollIntervalMs?: number
  /** Attempts in flight at most. Default 256. */
  concurrency?: number
  /** Deliveries claimed per transaction at most. Default 64. */
  batchSize?: number
  /**
   * How long a claim is held, in ms: past it, the delivery is due again for anyone. Default: twice the timeout plus
   * a second, enough for the attempt and the recording of its outcome. (An outcome recorded after its lease passed
   * to another instance is dropped; that instance attempts again: at least once, never lost.)
   */
  leaseMs?: number
  /**
   * How long stop() waits for attempts in flight, in ms. Default: the timeout and a second more, at most 8 s (the
   * process's graceful shutdown allows 10 s in all).
   */
  stopWaitMs?: number
  /** The name of this instance's leases (`claimed_by`). Default: host/pid/random. */
  instance?: string
  /** The clock, ms since the epoch. Default Date.now. */
  now?: () => number
}

/** What the worker logs with: pino's (or Fastify's) logger fits. */
export interface DeliveryLogger {
  warn(object: object, message: string): void
  error(object: object, message: string): void
}

export interface WebhookDelivery {
  /** The name of this instance's leases. */
  readonly instance: string
  /**
   * Stops claiming, waits for the attempts in flight (at most `stopWaitMs`), records their outcomes, and closes
   * its connections. Leases of attempts it abandons are not released: they expire.
   */
  stop(): Promise<void>
}

const DEFAULT_POLL_INTERVAL_MS = 1_000
/** A due delivery that could not be claimed (another instance is claiming it) is looked at again this soon. */
const MIN_RECHECK_MS = 5
/** Outcomes recorded per transaction at most. */
const RECORD_BATCH = 512

export function startWebhookDelivery(options: {
  store: Store
  logger: DeliveryLogger
  metrics?: Metrics
  settings: WebhookDeliverySettings
}): WebhookDelivery {
  const { store, logger, metrics, settings } = options
  const webhooks = store.webhooks
  const timeoutMs = settings.timeoutMs ?? MOLLIE_TIMEOUT_MS
  const pollIntervalMs = settings.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS
  const concurrency = Math.max(1, settings.concurrency ?? 256)
  const batchSize = Math.max(1, Math.min(settings.batchSize ?? 64, concurrency))
  const leaseMs = settings.leaseMs ?? 2 * timeoutMs + 1_000
  const instance = settings.instance ?? `${hostname()}/${process.pid}/${randomBase62(6)}`
  const now = settings.now ?? Date.now
  const stopWaitMs = settings.stopWaitMs ?? Math.min(timeoutMs + 1_000, 8_000)
  const retryScale = settings.retryScale
  retryDelayMs(1, retryScale) // throws now on a bad scale, not at the first failure

  const deliveries = metrics?.counter({
    name: 'webhook_deliveries_total',
    help: 'Webhook delivery attempts recorded, by outcome: delivered (2xx), retry (failed, tried again later), gave_up (failed, the last attempt).',
    labelNames: ['outcome'],
  })
  const lag = metrics?.histogram({
    name: 'webhook_delivery_lag_seconds',
    help: 'From the change a webhook reports to its delivery (a 2xx), in seconds.',
  })

  const poster = createPoster(timeoutMs)
  const inFlight = new Set<Promise<void>>()
  let pending: WebhookOutcome[] = []
  let flushing: Promise<void> | undefined
  let claiming: Promise<void> | undefined
  let claimAgain = false
  let stopping = false
  /** Attempts still running when stop() gave up waiting: their outcomes are dropped, their leases expire. */
  let abandoned = false
  let timer: NodeJS.Timeout | undefined
  let timerAt = Infinity

  /** Makes sure the worker looks for work at `atMs` at the latest. */
  const lookAt = (atMs: number) => {
    if (stopping || atMs >= timerAt) return
    clearTimeout(timer)
    timerAt = atMs
    timer = setTimeout(() => {
      timer = undefined
      timerAt = Infinity
      kick()
    }, Math.max(0, atMs - now()))
    timer.unref()
  }

  const kick = () => {
    if (stopping) return
    if (claiming) {
      claimAgain = true
      return
    }
    claiming = claimLoop().finally(() => {
      claiming = undefined
    })
  }

  async function claimLoop(): Promise<void> {
    for (;;) {
      claimAgain = false
      for (;;) {
        if (stopping) return
        const room = concurrency - inFlight.size
        // Full: a finishing attempt kicks again once a batch fits.
        if (room < Math.min(batchSize, concurrency)) break
        const limit = Math.min(room, batchSize)
        let claims: WebhookClaim[]
        try {
          claims = await webhooks.claim({ instance, limit, nowMs: now(), leaseMs })
        } catch (error) {
          logger.error({ err: error }, 'claiming webhook deliveries failed; trying again at the next poll')
          lookAt(now() + pollIntervalMs)
          return
        }
        for (const claim of claims) attempt(claim)
        if (claims.length < limit) {
          await scheduleNextLook()
          break
        }
      }
      if (!claimAgain) return
    }
  }

  /** Arms the timer for the earliest due delivery, or the poll interval, whichever comes first. */
  async function scheduleNextLook(): Promise<void> {
    const poll = now() + pollIntervalMs
    try {
      const due = await webhooks.nextDueAtMs()
      lookAt(due === undefined ? poll : Math.min(poll, Math.max(due, now() + MIN_RECHECK_MS)))
    } catch (error) {
      logger.error({ err: error }, 'reading the next due webhook failed')
      lookAt(poll)
    }
  }

  function attempt(claim: WebhookClaim): void {
    const startedAtMs = now()
    const started = performance.now()
    const publicOnly = claim.mode === 'live' && !settings.allowPrivate
    const running = poster.post(claim.url, claim.body, { publicOnly }).then((result) => {
      if (abandoned) return
      const durationMs = performance.now() - started
      const attemptNumber = claim.attempts + 1
      let next: WebhookOutcome['next']
      let error = result.error
      if (result.status !== undefined && isDelivered(result.status)) {
        next = { kind: 'delivered' }
      } else {
        if (result.status !== undefined) error = undefined
        const delay = retryDelayMs(attemptNumber, retryScale)
        next = delay === undefined ? { kind: 'gave-up' } : { kind: 'retry', retryAtMs: now() + delay }
        logger.warn(
          {
            delivery: claim.id,
            resourceId: claim.resourceId,
            url: claim.url,
            attempt: attemptNumber,
            status: result.status,
            error,
            durationMs: Math.round(durationMs),
            next: next.kind === 'retry' ? new Date(next.retryAtMs).toISOString() : 'none: given up',
          },
          'webhook attempt failed',
        )
      }
      pending.push({ claim, startedAtMs, durationMs, status: result.status, error, next })
      flush()
    })
    inFlight.add(running)
    void running.finally(() => {
      inFlight.delete(running)
      if (concurrency - inFlight.size >= batchSize) kick()
    })
  }

  /** Records the outcomes gathered so far, in batches, one transaction at a time. */
  function flush(): void {
    if (flushing) return
    flushing = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      while (pending.length > 0) {
        const batch = pending.slice(0, RECORD_BATCH)
        pending = pending.slice(batch.length)
        await recordBatch(batch)
      }
      flushing = undefined
    })
  }

  async function recordBatch(batch: WebhookOutcome[]): Promise<void> {
    let recorded: boolean[]
    try {
      recorded = await webhooks.record(batch)
    } catch (error) {
      logger.error(
        { err: error, outcomes: batch.length },
        'recording webhook outcomes failed; their leases expire and the attempts are made again',
      )
      lookAt(now() + leaseMs)
      return
    }
    let earliestRetry = Infinity
    batch.forEach((outcome, index) => {
      if (!recorded[index]) {
        logger.warn({ delivery: outcome.claim.id, instance }, 'webhook outcome not recorded: the lease had passed to another instance')
        return
      }
      const { next } = outcome
      if (next.kind === 'delivered') {
        deliveries?.inc({ outcome: 'delivered' })
        lag?.observe(Math.max(0, outcome.startedAtMs + outcome.durationMs - outcome.claim.createdAtMs) / 1000)
      } else if (next.kind === 'retry') {
        deliveries?.inc({ outcome: 'retry' })
        earliestRetry = Math.min(earliestRetry, next.retryAtMs)
      } else {
        deliveries?.inc({ outcome: 'gave_up' })
      }
    })
    if (earliestRetry < Infinity) lookAt(earliestRetry)
  }

  const unsubscribe = webhooks.onWake(kick)
  kick()

  return {
    instance,
    async stop() {
      if (stopping) return
      stopping = true
      unsubscribe()
      clearTimeout(timer)
      await claiming
      let bound: NodeJS.Timeout | undefined
      const waited = await Promise.race([
        Promise.allSettled([...inFlight]).then(() => true),
        new Promise<false>((resolve) => {
          bound = setTimeout(() => resolve(false), stopWaitMs)
        }),
      ])
      clearTimeout(bound)
      if (!waited) abandoned = true
      for (let current = flushing; current !== undefined; current = flushing) await current
      poster.destroy()
    },
  }
}
