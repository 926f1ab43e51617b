/**
 * `GET /_clientele/health`: whether this process can serve, for CI scripts that wait for Clientele and for load
 * balancers that route around an instance that cannot. No authentication, no write.
 *
 *   200 {"status":"ok","version":"0.1.0","store":"sqlite"}
 *   503 {"status":"unavailable","version":"0.1.0","store":"postgres","reason":"database unreachable"}  + Retry-After: 1
 *
 * `store` is `sqlite` or `postgres`. `reason` is one of the fixed texts of REASONS (never a driver's message,
 * which could name hosts or SQL): the database cannot be reached, did not answer within `timeoutMs` (default
 * 1000 ms), its schema is not at this code's latest migration, some other database error (logged), or this
 * process is shutting down (so a balancer stops sending it requests while it drains).
 *
 * Cost: at most one trivial read (Store.ping(): the newest migration's name), bounded by `timeoutMs`. Checks
 * that arrive while one is running share its answer, so a balancer calling every second, or many at once, never
 * queue reads. Every process answers for itself: with WORKERS > 1 each worker serves this route on the shared
 * port and checks through its own connections.
 */
import type { FastifyPluginAsync } from 'fastify'
import { SchemaNotReadyError, type Store } from '../store/store.js'

export interface HealthOptions {
  store: Store
  /** Reported as `version`. */
  version: string
  /** The longest the database may take to answer, in ms. */
  timeoutMs?: number
}

export interface HealthBody {
  status: 'ok' | 'unavailable'
  version: string
  store: Store['engine']
  /** Only when unavailable. */
  reason?: string
}

export const HEALTH_TIMEOUT_MS = 1000
/** What a 503 asks a client to wait before checking again, in seconds. */
const RETRY_AFTER_SECONDS = 1

export const REASONS = {
  unreachable: 'database unreachable',
  timeout: (timeoutMs: number) => `database did not answer within ${timeoutMs} ms`,
  migrations: 'migrations have not finished',
  databaseError: 'database error',
  shuttingDown: 'shutting down',
}

const HealthBodySchema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'unavailable'] },
    version: { type: 'string' },
    store: { type: 'string', enum: ['sqlite', 'postgres'] },
    reason: { type: 'string' },
  },
  required: ['status', 'version', 'store'],
} as const

class TimeoutError extends Error {}

/** Runs Store.ping() bounded by `timeoutMs`; concurrent checks share one ping. Resolves to a reason, or undefined when healthy. */
function storeProbe(store: Store, timeoutMs: number, log: (error: unknown) => void): () => Promise<string | undefined> {
  let running: Promise<string | undefined> | undefined
  const probe = async (): Promise<string | undefined> => {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new TimeoutError()), timeoutMs)
    })
    try {
      await Promise.race([store.ping(), timeout])
      return undefined
    } catch (error) {
      if (error instanceof TimeoutError) return REASONS.timeout(timeoutMs)
      if (store.isUnavailable(error)) return REASONS.unreachable
      if (error instanceof SchemaNotReadyError) return REASONS.migrations
      log(error)
      return REASONS.databaseError
    } finally {
      clearTimeout(timer)
    }
  }
  return () => (running ??= probe().finally(() => (running = undefined)))
}

/** Registered under `/_clientele`. */
export const health: FastifyPluginAsync<HealthOptions> = async (scope, options) => {
  const { store, version, timeoutMs = HEALTH_TIMEOUT_MS } = options
  let closing = false
  scope.addHook('preClose', (done) => {
    closing = true
    done()
  })
  const check = storeProbe(store, timeoutMs, (error) => scope.log.warn({ err: error }, 'health check: database error'))

  scope.get(
    '/health',
    {
      schema: { hide: true, response: { 200: HealthBodySchema, 503: HealthBodySchema } },
    },
    async (_request, reply): Promise<HealthBody> => {
      const reason = closing ? REASONS.shuttingDown : await check()
      reply.header('cache-control', 'no-store').type('application/json; charset=utf-8')
      if (reason === undefined) return { status: 'ok', version, store: store.engine }
      reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS))
      return { status: 'unavailable', version, store: store.engine, reason }
    },
  )
}
