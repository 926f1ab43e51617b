/**
 * When to try a request again, and how long to wait first. Only failures that may pass are retried: no
 * response at all (a refused or dropped connection, a timeout), 429 and 5xx. Retrying a write is safe only
 * because every write carries an Idempotency-Key that all its attempts share (see Transport).
 */

export interface BackoffOptions {
  /** The wait before the first retry, before jitter; it doubles with each retry. Default 500 ms. */
  initialDelayMs?: number
  /** The most a backoff wait grows to, before jitter. Default 8,000 ms. */
  maxDelayMs?: number
  /**
   * The longest `Retry-After` that is waited out. When the API asks for a longer pause the call fails at once
   * with the ApiError (its `retryAfterMs` says how long to wait) instead of sleeping for minutes, or retrying
   * sooner than asked. Default 10,000 ms.
   */
  maxRetryAfterMs?: number
  /** A random number in [0, 1) for the jitter. Default Math.random. */
  random?: () => number
  /** Waits `ms`; rejects with the signal's reason when `signal` aborts. Default: a timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

export const DEFAULT_RETRIES = 3
export const DEFAULT_INITIAL_DELAY_MS = 500
export const DEFAULT_MAX_DELAY_MS = 8_000
export const DEFAULT_MAX_RETRY_AFTER_MS = 10_000

export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599)
}

const HTTP_DATE_START = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /

/**
 * A `Retry-After` value in milliseconds: delay-seconds (`120`) or an HTTP date, as RFC 9110 §10.2.3 allows.
 * A date in the past means no wait; anything unreadable means the header is ignored.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  // Every HTTP-date form starts with the day's name; Date.parse alone would read `1.5` as a date in 2001.
  if (!HTTP_DATE_START.test(text)) return undefined
  const date = Date.parse(text)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal!.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/** What the last attempt ended with. */
export type AttemptOutcome = { kind: 'network' } | { kind: 'status'; status: number; retryAfterMs: number | undefined }

export class RetryPolicy {
  readonly retries: number
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  readonly #initialDelayMs: number
  readonly #maxDelayMs: number
  readonly #maxRetryAfterMs: number
  readonly #random: () => number

  constructor(retries: number, backoff: BackoffOptions = {}) {
    this.retries = retries
    this.sleep = backoff.sleep ?? sleep
    this.#initialDelayMs = backoff.initialDelayMs ?? DEFAULT_INITIAL_DELAY_MS
    this.#maxDelayMs = backoff.maxDelayMs ?? DEFAULT_MAX_DELAY_MS
    this.#maxRetryAfterMs = backoff.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS
    this.#random = backoff.random ?? Math.random
  }

  /** How long to wait before attempt `attempt + 1`, or undefined when attempt `attempt` was the last. */
  delayAfter(attempt: number, outcome: AttemptOutcome): number | undefined {
    if (attempt > this.retries) return undefined
    if (outcome.kind === 'status') {
      if (!isRetryableStatus(outcome.status)) return undefined
      if (outcome.retryAfterMs !== undefined) {
        return outcome.retryAfterMs <= this.#maxRetryAfterMs ? outcome.retryAfterMs : undefined
      }
    }
    return this.backoff(attempt)
  }

  /**
   * Exponential backoff with "equal jitter": half of the doubled delay is fixed, half random. The fixed half
   * guarantees the pause grows; the random half keeps many clients failing at once from retrying in lockstep.
   */
  backoff(retry: number): number {
    const ceiling = Math.min(this.#maxDelayMs, this.#initialDelayMs * 2 ** (retry - 1))
    return Math.round(ceiling / 2 + (this.#random() * ceiling) / 2)
  }
}
