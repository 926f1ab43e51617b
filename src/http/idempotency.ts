/**
 * The HTTP side of idempotency. The header is accepted on every method (mollie-api-typescript sends one with
 * every request) and honoured on mutations: the store records a mutation's outcome under the key and replays it
 * for a repeat, in the same transaction as the mutation itself.
 */
import { createHash } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { IdempotencyClaim } from '../store/store.js'
import { apiErrors } from './errors.js'

const KEY_FORMAT = /^[\x21-\x7E]{1,255}$/

/** The claim for this request, or undefined when it carries no Idempotency-Key. */
export function idempotencyClaim(request: FastifyRequest): IdempotencyClaim | undefined {
  const key = request.headers['idempotency-key']
  if (key === undefined) return undefined
  if (typeof key !== 'string' || !KEY_FORMAT.test(key)) throw apiErrors.invalidIdempotencyKey()
  const path = request.url.split('?', 1)[0]
  const fingerprint = createHash('sha256')
    .update(`${request.method} ${path}\n${canonicalJson(request.body ?? {})}`)
    .digest('hex')
  return { scope: request.credential.id, key, fingerprint }
}

/** Marks a replayed response, as Stripe and the IETF idempotency draft's implementations do. */
export function markReplay(reply: FastifyReply, replayed: boolean): void {
  if (replayed) reply.header('idempotent-replayed', 'true')
}

/** JSON with object keys sorted, so that the same body in another key order is the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
    return `{${entries.join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
