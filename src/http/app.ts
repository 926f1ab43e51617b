/**
 * Builds the Fastify application; never listens (main.ts and the tests do). Scopes decide who may call what:
 * the API scope has its own body parsers, authentication and content type; the OpenAPI document is public;
 * `/_clientele/` (src/operations: health, metrics) is Clientele's own, outside Mollie's `/v2`. Every answer
 * carries `X-Request-Id` (src/operations/request-id.ts).
 */
import compress from '@fastify/compress'
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { dashboard } from '../dashboard/index.js'
import { docs } from '../docs/index.js'
import { health } from '../operations/health.js'
import { metricsRoute, registerRequestMetrics, type Metrics } from '../operations/metrics.js'
import { genReqId, registerRequestIdHeader, requestLoggerFactory, requestIdOf, REQUEST_ID_HEADER } from '../operations/request-id.js'
import type { Store } from '../store/store.js'
import { CredentialCache, registerAuthentication } from './auth.js'
import { registerBodyParsers } from './content-types.js'
import { apiErrors, clientErrorHandler, registerErrorHandling, sendError, sendRawError, toApiError } from './errors.js'
import { registerRateLimit } from './rate-limit.js'
import { closeConnectionsOnShutdown } from './shutdown.js'
import { closeUnreadBodies, refuseBodyOnReads } from './unread-bodies.js'
import { recordMethods, type MethodTable } from './methods.js'
import { registerIdempotency } from './idempotency.js'
import { createLinks } from './hal.js'
import { openApiRoute, registerOpenApi } from './openapi.js'
import { customerRoutes } from './routes/customers.js'
import { mandateRoutes } from './routes/mandates.js'
import { HAL_JSON } from './schemas.js'
import { serializerCompiler } from './serialization.js'
import { refuseUnknownQueryFirst, validatorCompiler } from './validation.js'

export interface AppOptions {
  store: Store
  /** The externally visible base URL, without `/v2`: every absolute link starts with it. */
  publicUrl: string
  /** Fastify's logger option: false, or pino options. */
  logger?: FastifyServerOptions['logger']
  /** Log a line per request (costly on the hot path; for debugging). */
  logRequests?: boolean
  /** The largest request body accepted, in bytes. Customer bodies are a few kB at most. */
  bodyLimit?: number
  /** How long a credential lookup is remembered: a revoked key stops working within this time. */
  credentialCacheMs?: number
  /** Reported in the OpenAPI document. */
  version?: string
  /** Requests per second one credential may make (per process); 0 switches the limit off. Default 0. */
  rateLimitPerSecond?: number
  /** The longest a client may take to send a whole request, in ms (slow-sender protection). Default 30 s. */
  requestTimeoutMs?: number
  /** Serve HTTPS with this certificate and key (PEM) instead of HTTP. */
  https?: { cert: Buffer; key: Buffer }
  /** Count requests into these metrics and serve them at /_clientele/metrics; none (the default): no metrics. */
  metrics?: Metrics
  /** With `metrics`: the bearer token /_clientele/metrics requires. */
  metricsToken?: string
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The routes under `/v2` and the methods each path takes (405/OPTIONS answers, the OpenAPI drift test). */
    apiRoutes: MethodTable
  }
}

export const DEFAULT_BODY_LIMIT = 64 * 1024
/** Longer path parameters are not looked up at all. */
const MAX_ID_LENGTH = 200

/**
 * The answer for a path with a parameter too long to look up (the router stops before any route runs): the
 * customer or mandate that cannot exist, for a method a route with that parameter takes; otherwise no such route.
 */
function overlongPathError(path: string, method: string) {
  const [pathOnly = ''] = path.split('?', 1)
  const mandate = /^\/v2\/customers\/([^/]+)\/mandates\/([^/]+)\/?$/.exec(pathOnly)
  if (mandate && mandate[1]!.length <= MAX_ID_LENGTH && ['GET', 'HEAD', 'DELETE'].includes(method)) {
    return apiErrors.mandateNotFound(`${mandate[2]!.slice(0, 40)}…`)
  }
  const customer = /^\/v2\/customers\/([^/]+)/.exec(pathOnly)
  // POST takes a customer id only on its mandates (create-mandate); GET, PATCH and DELETE on the customer.
  const takesCustomerId =
    ['GET', 'HEAD', 'PATCH', 'DELETE'].includes(method) || (method === 'POST' && /^\/v2\/customers\/[^/]+\/mandates\/?$/.test(pathOnly))
  return customer && takesCustomerId
    ? apiErrors.customerNotFound(`${customer[1]!.slice(0, 40)}…`)
    : apiErrors.routeNotFound(method, `${pathOnly.slice(0, 60)}…`)
}

/** The prefix of Clientele's own routes (health, metrics), apart from Mollie's `/v2`. */
export const OPERATIONS_PREFIX = '/_clientele'

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { store, publicUrl, bodyLimit = DEFAULT_BODY_LIMIT } = options
  const links = createLinks(publicUrl)
  const errorContext = { bodyLimit, isUnavailable: (error: unknown) => store.isUnavailable(error) }
  const requestTimeout = options.requestTimeoutMs ?? 30_000
  // Given to Node's server constructor: set later (as Fastify's own option does) the timeout covers only the
  // headers, not a body that stops arriving. Node checks connections every 30 s by default; check often enough
  // that the timeout means what it says.
  const serverTimeouts = {
    requestTimeout,
    headersTimeout: Math.min(requestTimeout, 60_000),
    connectionsCheckingInterval: Math.max(250, Math.min(5_000, Math.floor(requestTimeout / 4))),
  }
  // Fastify types an HTTPS instance apart; this app treats both alike, so it is typed as the plain one.
  const app = Fastify({
    ...(options.https ? { https: { ...options.https, ...serverTimeouts } } : {}),
    http: serverTimeouts,
    clientErrorHandler: clientErrorHandler(links),
    logger: options.logger ?? false,
    bodyLimit,
    // Per-request log lines cost more than the request itself on the hot path; errors are logged regardless.
    logController: new LogController({ disableRequestLogging: !options.logRequests }),
    // The client's X-Request-Id when sane, else a new one; every log line of the request carries it as reqId,
    // through a child logger made only when the request writes a line (a child per request is a measurable
    // share of a GET).
    genReqId,
    childLoggerFactory: requestLoggerFactory,
    routerOptions: {
      ignoreTrailingSlash: true,
      maxParamLength: MAX_ID_LENGTH,
      // No customer id is that long: the same 404 as for any unknown id, instead of the router's own 414.
      onMaxParamLength: (path, request, response) => {
        response.setHeader(REQUEST_ID_HEADER, requestIdOf(request.headers))
        sendRawError(response, overlongPathError(path, request.method ?? 'GET'), links)
      },
    },
    frameworkErrors: (error, request, reply) => {
      // Answered before any hook runs: the request id header is set here.
      reply.header(REQUEST_ID_HEADER, request.id)
      sendError(reply.type(HAL_JSON), toApiError(error, request, errorContext), links)
    },
    requestTimeout,
    // While closing, requests already on an open connection are served, not answered with Fastify's own 503
    // (which is not in Mollie's format): shutdown drains them within close-with-grace's bound.
    return503OnClosing: false,
  }) as unknown as FastifyInstance
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  const methods = recordMethods(app, '/v2', { ignoreTrailingSlash: true, maxParamLength: MAX_ID_LENGTH })
  app.decorate('apiRoutes', methods)
  registerErrorHandling(app, links, errorContext, methods)
  // Root hooks, added before any scope is registered so that every scope (and the 404 handler) runs them.
  registerRequestIdHeader(app)
  closeUnreadBodies(app)
  if (options.metrics) registerRequestMetrics(app, options.metrics)
  closeConnectionsOnShutdown(app)
  await registerOpenApi(app, links, options.version ?? '0.0.0')
  // Off by default: only routes that can answer more than a kilobyte (the list) switch it on, so that the
  // rest do not pay its hooks on every request.
  await app.register(compress, { global: false, encodings: ['gzip', 'deflate', 'br'] })

  const credentials = new CredentialCache(store.credentials, options.credentialCacheMs)
  await app.register(
    async (api) => {
      // Set up front so that every answer of this scope, errors included, is HAL: mollie-api-typescript
      // accepts nothing else.
      api.addHook('onRequest', (_request, reply, done) => {
        reply.header('content-type', HAL_JSON)
        done()
      })
      await registerBodyParsers(api)
      registerAuthentication(api, credentials)
      refuseBodyOnReads(api, bodyLimit)
      registerIdempotency(api)
      refuseUnknownQueryFirst(api)
      await registerRateLimit(api, options.rateLimitPerSecond ?? 0)
      await api.register(customerRoutes, { store, links })
      await api.register(mandateRoutes, { store, links })
    },
    { prefix: '/v2' },
  )
  await app.register(openApiRoute, { prefix: '/v2' })
  await app.register(dashboard, { prefix: '/dashboard', store, links })
  await app.register(docs, { prefix: '/docs', links })
  await app.register(
    async (operations) => {
      await operations.register(health, { store, version: options.version ?? '0.0.0' })
      if (options.metrics) await operations.register(metricsRoute, { metrics: options.metrics, token: options.metricsToken })
    },
    { prefix: OPERATIONS_PREFIX },
  )
  return app
}
