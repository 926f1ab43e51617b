/**
 * Authentication and tenancy for the API scope. `onRequest` identifies the credential before any body is read;
 * once the request is validated, `preHandler` fixes the tenant (organization and mode) that every store call
 * receives.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { LruMap } from 'toad-cache'
import { fixedModeOf, hashKey } from '../domain/keys.js'
import type { Mode } from '../domain/schemas.js'
import type { Credential, CredentialStore, Tenant } from '../store/store.js'
import { apiErrors } from './errors.js'
import { costOf, type RequestLimits } from './rate-limit.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated credential; set for every request in the API scope. */
    credential: Credential
    /** The organization and mode this request acts in; set for every request in the API scope. */
    tenant: Tenant
  }
  interface FastifyContextConfig {
    /** Where this operation takes `testmode` from: the query string (GET) or the body (POST, PATCH, DELETE). */
    testmodeIn?: 'query' | 'body'
  }
}

/**
 * Looks credentials up by key hash, remembering answers for `ttlMs`. A revoked key therefore stops working
 * within `ttlMs`, on every instance, without a database read per request. Keyed by hash, so that no key sits in
 * memory longer than its request.
 */
export class CredentialCache {
  readonly #store: CredentialStore
  /** Least recently used entries go first when full, so a flood of random keys cannot evict the busy ones at once. */
  readonly #entries: LruMap<{ credential: Credential | undefined }> | undefined
  static readonly #maxEntries = 10_000
  /**
   * Hashes of keys that authenticated in this process lately, whatever `ttlMs` is: an address over its budget of
   * refused keys may still use these (the per-address limit must not lock out a working key behind a shared NAT).
   * Never an answer in itself: the credential is still looked up as usual.
   */
  readonly #worked = new LruMap<true>(CredentialCache.#maxEntries, 10 * 60 * 1000)

  /** `ttlMs` 0 remembers nothing (every request asks the store). */
  constructor(store: CredentialStore, ttlMs = 1000) {
    this.#store = store
    this.#entries = ttlMs > 0 ? new LruMap(CredentialCache.#maxEntries, ttlMs) : undefined
  }

  /**
   * The credential for `key`: at once (no promise) when the answer is cached, else a promise of the store's
   * answer. Most requests take the first path, and skipping a promise there is measurable.
   */
  authenticate(key: string): Credential | undefined | Promise<Credential | undefined> {
    const hash = hashKey(key)
    const cached = this.#entries?.get(hash)
    if (cached) return cached.credential
    return this.#lookUp(hash)
  }

  /** Whether `key` authenticated in this process in the last ten minutes. */
  hasWorked(key: string): boolean {
    return this.#worked.get(hashKey(key)) === true
  }

  async #lookUp(hash: string): Promise<Credential | undefined> {
    const credential = await this.#store.findByHash(hash)
    if (credential) this.#worked.set(hash, true)
    // Unknown keys are remembered too (briefly), so that a flood of them does not become a flood of queries;
    // the size cap keeps random keys from growing the map without bound.
    this.#entries?.set(hash, { credential })
    return credential
  }
}

const BEARER = /^Bearer +(\S+) *$/i

/**
 * Adds the authentication hooks to the scope they are called in. The same `onRequest` hook applies `limits`, so that
 * a refused request never has its body read: an address over its budget of refused keys gets 429 before any lookup
 * (unless its key worked lately), a refused key is charged to its address, and an accepted one pays its request's
 * cost from the credential's budget.
 */
export function registerAuthentication(app: FastifyInstance, cache: CredentialCache, limits: RequestLimits): void {
  app.decorateRequest('credential', null as unknown as Credential)
  app.decorateRequest('tenant', null as unknown as Tenant)
  const { budget, addresses } = limits

  // Callback-style hooks: with a cached credential the whole check is synchronous.
  app.addHook('onRequest', (request, reply, done) => {
    // A missing or malformed header takes the same path as an unknown key (hash, cache, lookup), so that
    // neither the answer nor its timing tells them apart.
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1] ?? ''
    if (addresses) {
      const wait = addresses.waitFor(request.ip)
      if (wait !== undefined && !cache.hasWorked(token)) {
        addresses.charge(request.ip, 1)
        reply.header('retry-after', String(wait))
        return done(apiErrors.tooManyRefusals(addresses.perSecond, wait))
      }
    }
    const accept = (credential: Credential | undefined) => {
      if (!credential) {
        addresses?.charge(request.ip, 1)
        return done(apiErrors.unauthorized())
      }
      request.credential = credential
      if (budget) {
        const wait = budget.take(credential.id, costOf(request.method))
        if (wait !== undefined) {
          reply.header('retry-after', String(wait))
          return done(apiErrors.rateLimited(budget.perSecond, wait))
        }
      }
      done()
    }
    const found = cache.authenticate(token)
    if (found instanceof Promise) found.then(accept, done)
    else accept(found)
  })

  app.addHook('preHandler', (request, _reply, done) => {
    try {
      request.tenant = { organizationId: request.credential.organizationId, mode: resolveMode(request) }
    } catch (error) {
      return done(error as Error)
    }
    done()
  })
}

/**
 * API keys fix the mode; an access token takes it from `testmode` (absent or false: live). An explicit
 * `testmode` that contradicts an API key is refused rather than ignored, so a test suite never silently
 * talks to live data. Mollie's docs leave this open; a matching value is accepted because clients send it.
 */
function resolveMode(request: FastifyRequest): Mode {
  const location = request.routeOptions.config.testmodeIn ?? 'query'
  const source = (location === 'query' ? request.query : request.body) as { testmode?: boolean | null } | undefined
  const testmode = source?.testmode ?? undefined
  const fixed = fixedModeOf(request.credential.kind)
  if (fixed === undefined) return testmode ? 'test' : 'live'
  if (testmode !== undefined && (testmode ? 'test' : 'live') !== fixed) {
    const detail = `This ${fixed} API key only works in ${fixed} mode: leave 'testmode' out, or set it to ${fixed === 'test'}.`
    throw location === 'query'
      ? apiErrors.invalidParameter('testmode', detail)
      : apiErrors.invalidField('testmode', detail)
  }
  return fixed
}
