/**
 * The HTTP side of idempotency. Every write of the API scope declares the `Idempotency-Key` header (checked by a
 * `headers` schema, so a malformed key is a 400 before anything runs) and gets one preHandler that turns it into the
 * claim the store records the outcome under, in the same transaction as the write, and replays for a repeat. Reads
 * accept any header (mollie-api-typescript sends a key with every request) and ignore it.
 *
 * Source: `@mollie/api-client` sends a key on POST and DELETE, mollie-api-typescript on every request (compat §8).
 */
import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyReply, preHandlerHookHandler } from 'fastify'
import type { IdempotencyClaim } from '../store/store.js'
import { IdempotencyHeadersSchema } from './schemas.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The claim of a write that carries an Idempotency-Key; undefined otherwise. */
    idempotency: IdempotencyClaim | undefined
  }
}

const WRITES = new Set(['POST', 'PATCH', 'DELETE', 'PUT'])

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

const claimIdempotencyKey: preHandlerHookHandler = (request, _reply, done) => {
  const key = (request.headers as { 'idempotency-key'?: string })['idempotency-key']
  if (key !== undefined) {
    const path = request.url.split('?', 1)[0]
    const fingerprint = createHash('sha256')
      .update(`${request.method} ${path}\n${canonicalJson(request.body ?? {})}`)
      .digest('hex')
    request.idempotency = { scope: request.credential.id, key, fingerprint }
  }
  done()
}

/** Gives every write route registered in `api` from now on the header schema and the claim. */
export function registerIdempotency(api: FastifyInstance): void {
  api.decorateRequest('idempotency', undefined)
  api.addHook('onRoute', (route) => {
    if (![route.method].flat().some((method) => WRITES.has(method))) return
    route.schema = { ...route.schema, headers: IdempotencyHeadersSchema }
    route.preHandler = [...[route.preHandler ?? []].flat(), claimIdempotencyKey]
  })
}

/** Marks a replayed response, as Stripe and the IETF idempotency draft's implementations do. */
export function markReplay(reply: FastifyReply, written: { replayed: boolean }): void {
  if (written.replayed) reply.header('idempotent-replayed', 'true')
}

