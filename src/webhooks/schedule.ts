/**
 * Mollie's webhook retry schedule, pure. Source: Mollie's documentation, "Webhooks", section "Retry schema"
 * (https://docs.mollie.com/overview/webhooks; the same text in Mollie's api-documentation repository,
 * source/guides/webhooks.rst):
 *
 *   - success is the receiver answering `200 OK`; any other answer, or none, is a failure tried again later;
 *   - "Our webhook calls time out after 15 seconds": an answer after that is a failure, even a 200;
 *   - "In total we will call your webhook 10 times with an increasing interval", the last one 26 hours after the
 *     status change, then Mollie stops trying. The intervals between attempts:
 *
 *       attempt     1    2    3    4    5     6     7     8    9    10
 *       waits       0    1m   2m   4m   8m    16m   29m   1h   2h   22h
 *       at (h:mm)   0:00 0:01 0:03 0:07 0:15  0:31  1:00  2:00 4:00 26:00
 *
 * Clientele counts any 2xx as success (a receiver answering 204 has plainly received the call; Mollie's text says
 * 200). Redirects are not followed: a 3xx is a failure, as Mollie's docs warn a 301/302 loses the POST body.
 */

/** How many attempts Mollie makes, the first included. */
export const MOLLIE_ATTEMPTS = 10

/** The wait after each failed attempt before the next, in ms: index 0 follows attempt 1. */
export const MOLLIE_RETRY_INTERVALS_MS: readonly number[] = [
  60_000, // 1 minute
  120_000, // 2 minutes
  240_000, // 4 minutes
  480_000, // 8 minutes
  960_000, // 16 minutes
  1_740_000, // 29 minutes
  3_600_000, // 1 hour
  7_200_000, // 2 hours
  79_200_000, // 22 hours
]

/** How long Mollie waits for a receiver's answer, in ms. */
export const MOLLIE_TIMEOUT_MS = 15_000

/** Whether an HTTP status counts as delivered: any 2xx. */
export function isDelivered(status: number): boolean {
  return status >= 200 && status < 300
}

/**
 * The wait in ms before the next attempt after `attemptsMade` attempts (≥ 1) have failed, scaled by `scale`
 * (> 0; 1 is Mollie's schedule, 0.001 a thousand times shorter), rounded to whole ms; undefined when
 * `attemptsMade` was the schedule's last attempt, and the delivery is given up.
 */
export function retryDelayMs(attemptsMade: number, scale: number): number | undefined {
  if (!Number.isInteger(attemptsMade) || attemptsMade < 1) throw new RangeError(`attemptsMade must be a whole number ≥ 1, not ${attemptsMade}`)
  if (!(scale > 0)) throw new RangeError(`scale must be > 0, not ${scale}`)
  const interval = MOLLIE_RETRY_INTERVALS_MS[attemptsMade - 1]
  return interval === undefined ? undefined : Math.round(interval * scale)
}
