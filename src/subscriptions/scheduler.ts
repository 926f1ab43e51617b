/**
 * The subscription scheduler: the owner of charging subscriptions on their dates. Every serving process runs one; each
 * sweep asks the store to make every payment due up to now (SubscriptionStore.chargeDue), which claims due
 * subscriptions in the database and commits each claim with its payments, their webhooks and the advanced schedules,
 * so several instances charge each payment once and a sweep interrupted by a crash is simply done by the next.
 *
 * Dates are Amsterdam's (as Mollie's): a subscription due on 2025-03-01 is charged from 00:00 that day in Amsterdam.
 * A test clock (`/_clientele/clock`) calls the same chargeDue with its own time, for its organization's test mode.
 */
import type { Logger } from 'pino'
import type { Metrics } from '../operations/metrics.js'
import type { Store } from '../store/store.js'

export interface SubscriptionSchedulerOptions {
  store: Store
  logger: Pick<Logger, 'error'>
  metrics?: Metrics
  /** How often to look for subscriptions due, in ms. */
  intervalMs?: number
  /** The clock; injectable for tests. */
  now?: () => Date
}

/** Subscriptions claimed per transaction. */
const BATCH = 100

export function startSubscriptionScheduler({
  store,
  logger,
  metrics,
  intervalMs = 10_000,
  now = () => new Date(),
}: SubscriptionSchedulerOptions): { sweep(): Promise<void>; stop(): Promise<void> } {
  const charged = metrics?.counter({
    name: 'subscription_payments_total',
    help: 'Payments made by the subscription scheduler of this process (not by test clocks).',
  })
  let running: Promise<void> | undefined
  const state = { stopped: false }
  const sweepOnce = async () => {
    if (state.stopped) return
    try {
      const summary = await store.subscriptions.chargeDue({ upTo: now(), limit: BATCH })
      if (summary.paymentsCreated > 0) charged?.inc(summary.paymentsCreated)
      // A test clock runs ahead of real time: what its own time makes due is charged too, as time passes on it.
      for (const clock of await store.clocks.advanced()) {
        if (state.stopped) return
        const ahead = await store.subscriptions.chargeDue({ upTo: clock.now, organizationId: clock.organizationId, mode: 'test', limit: BATCH })
        if (ahead.paymentsCreated > 0) charged?.inc(ahead.paymentsCreated)
      }
    } catch (error) {
      logger.error({ err: error }, 'charging subscriptions failed')
    }
  }
  const sweep = () =>
    (running ??= sweepOnce().finally(() => {
      running = undefined
    }))
  const timer = setInterval(() => void sweep(), intervalMs)
  timer.unref()
  // At start: what came due while no process ran.
  const first = setTimeout(() => void sweep(), 0)
  first.unref()
  return {
    sweep,
    async stop() {
      state.stopped = true
      clearInterval(timer)
      clearTimeout(first)
      await running
    },
  }
}
