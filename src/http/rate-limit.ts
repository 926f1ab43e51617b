/**
 * A per-credential rate limit for the API scope: a runaway loop in one integration gets 429 with Retry-After
 * (both official clients honour it) instead of starving everyone else. Counted per process, in memory: with
 * WORKERS or several instances the effective limit is the sum of theirs.
 */
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'
import { apiErrors } from './errors.js'

/** Registers the limit in the calling scope; `perSecond` 0 switches it off. */
export async function registerRateLimit(app: FastifyInstance, perSecond: number): Promise<void> {
  if (perSecond <= 0) return
  await app.register(rateLimit, {
    max: perSecond,
    timeWindow: 1000,
    // After authentication: the limit belongs to the key, not to an address many clients may share.
    hook: 'preHandler',
    keyGenerator: (request) => request.credential.id,
    errorResponseBuilder: (_request, context) => apiErrors.rateLimited(context.max, Math.max(1, Math.ceil(context.ttl / 1000))),
    // Headers only on a refusal: adding three to every answer costs the hot path for nothing.
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
  })
}
