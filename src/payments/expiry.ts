/**
 * Expires open payments whose `expiresAt` has passed, as Mollie does (spec `entity-payment.expiresAt`; the webhook is
 * called for `expired`). The owner of that background work: every process runs one sweeper; each payment's expiry
 * is decided in its own transaction under a row lock (PaymentStore.expireDue), so several instances expire each
 * payment once, and a sweep interrupted by a crash is simply done again by the next.
 */
import type { Logger } from 'pino'
import type { Store } from '../store/store.js'

export interface PaymentExpiryOptions {
  store: Store
  logger: Pick<Logger, 'error'>
  /** How often to look for payments due, in ms. */
  intervalMs?: number
}

/** One sweep's batch: a sweep continues while batches come back full. */
const BATCH = 100

export function startPaymentExpiry({ store, logger, intervalMs = 5_000 }: PaymentExpiryOptions): { stop(): Promise<void> } {
  let running: Promise<void> | undefined
  const state = { stopped: false }
  const sweep = async () => {
    try {
      while (!state.stopped && (await store.payments.expireDue(BATCH)) === BATCH);
    } catch (error) {
      logger.error({ err: error }, 'expiring payments failed')
    }
  }
  const timer = setInterval(() => {
    running ??= sweep().finally(() => {
      running = undefined
    })
  }, intervalMs)
  timer.unref()
  return {
    async stop() {
      state.stopped = true
      clearInterval(timer)
      await running
    },
  }
}
