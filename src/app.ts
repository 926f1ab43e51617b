/**
 * The composition root: builds the Fastify application from its scopes; never listens (main.ts and the tests do).
 * Scopes decide who may call what, each with its own compilers and error handling:
 *
 *   /v2           Mollie's API (src/http/api.ts): Mollie's errors, HAL, keys, rate limit, idempotency
 *   /v2/openapi.json   the OpenAPI document, public
 *   /_clientele   Clientele's own (src/operations: health, metrics), apart from Mollie's `/v2`
 *   /dashboard    HTML pages with their own sessions and error pages (src/dashboard)
 *   /checkout     the public test checkout of a payment, HTML without a session (src/checkout)
 *   /docs         the API reference, rendered from the OpenAPI document (src/docs)
 *
 * What no scope can own is set here: the server's timeouts, answers to unparseable HTTP and overlong paths (in
 * Mollie's format), the request id on every answer, the 404/405 answer, and closing connections whose request
 * body was never read.
 */
import type { ServerResponse } from 'node:http'
import compress from '@fastify/compress'
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { checkout } from './checkout/index.js'
import { dashboard, type DeliveriesOf } from './dashboard/index.js'
import { docs } from './docs/index.js'
import { api } from './http/api.js'
import type { ChargeDue } from './http/routes/test-helpers.js'
import {
  apiErrors,
  clientErrorHandler,
  sendError,
  sendRawError,
  setMollieErrorHandler,
  setNotFoundAnswer,
  toApiError,
} from './http/errors.js'
import { recordMethods, type MethodTable } from './http/methods.js'
import { openApiRoute, registerOpenApi } from './http/openapi.js'
import { createPresenter } from './http/presenter.js'
import { HAL_JSON } from './http/schemas.js'
import { DEFAULT_MAX_CONNECTIONS, limitConnections } from './http/connection-limits.js'
import { createRequestLimits } from './http/rate-limit.js'
import { closeConnectionsOnShutdown } from './http/shutdown.js'
import { closeUnreadBodies } from './http/unread-bodies.js'
import { createUrls, type PublicUrl } from './http/urls.js'
import { health } from './operations/health.js'
import { metricsRoute, registerRequestMetrics, type Metrics } from './operations/metrics.js'
import { genReqId, registerRequestIdHeader, requestLoggerFactory, requestIdOf, REQUEST_ID_HEADER } from './operations/request-id.js'
import type { PaymentPolicy, Store } from './store/store.js'

export interface AppOptions {
  store: Store
  /**
   * The externally visible base URL, without `/v2`: every absolute link starts with it. A function gives it once
   * the server listens (the port may have been 0), read at the first link built. Default: the app's own
   * `listeningOrigin`.
   */
  publicUrl?: PublicUrl
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
  /**
   * Cost units per second one credential may spend (per process), API and dashboard together; 0 switches the limit
   * off. Default 0. See src/http/rate-limit.ts for the costs.
   */
  rateLimitPerSecond?: number
  /** Refused keys (401s) per second per client address (per process) before lookups stop; 0 (the default): off. */
  addressLimitPerSecond?: number
  /** The longest a client may take to send a whole request, in ms (slow-sender protection). Default 30 s. */
  requestTimeoutMs?: number
  /** Serve HTTPS with this certificate and key (PEM) instead of HTTP. */
  https?: { cert: Buffer; key: Buffer }
  /** Count requests into these metrics and serve them at /_clientele/metrics; none (the default): no metrics. */
  metrics?: Metrics
  /** Open connections one process keeps at most; more are refused at once (and logged). Default 4096. */
  maxConnections?: number
  /** With `metrics`: the bearer token /_clientele/metrics requires. */
  metricsToken?: string
  /** Payment settings; default: recurring test payments begin `pending`, live webhooks never call private hosts. */
  paymentPolicy?: PaymentPolicy
  /** The webhook deliveries a payment's dashboard page lists (the webhook store's); default: none. */
  deliveriesOf?: DeliveriesOf
  /** Makes the charges due when a test clock is advanced (the subscription scheduler's); default: none due. */
  chargeDue?: ChargeDue
}

export const DEFAULT_PAYMENT_POLICY: PaymentPolicy = { allowPrivateWebhooks: false, recurringStatus: 'pending' }

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
  const payment = /^(?:\/v2\/payments\/([^/]+)\/?|\/_clientele\/payments\/([^/]+)\/status\/?)$/.exec(pathOnly)
  if (payment && (payment[1] !== undefined ? ['GET', 'HEAD', 'PATCH', 'DELETE'].includes(method) : method === 'POST')) {
    return apiErrors.paymentNotFound(`${(payment[1] ?? payment[2])!.slice(0, 40)}…`)
  }
  const customer = /^\/v2\/customers\/([^/]+)/.exec(pathOnly)
  // POST takes a customer id only on its mandates and payments; GET, PATCH and DELETE on the customer.
  const takesCustomerId =
    ['GET', 'HEAD', 'PATCH', 'DELETE'].includes(method) ||
    (method === 'POST' && /^\/v2\/customers\/[^/]+\/(mandates|payments)\/?$/.test(pathOnly))
  return customer && takesCustomerId
    ? apiErrors.customerNotFound(`${customer[1]!.slice(0, 40)}…`)
    : apiErrors.routeNotFound(method, `${pathOnly.slice(0, 60)}…`)
}

/** An `Authorization` header of the bearer form, whatever the key: enough to tell "no key" from "some key". */
const BEARER = /^Bearer +\S+ *$/i

/** The HTML scopes: a malformed or overlong URL under them gets a page, not the API's JSON. */
function isPagePath(path: string): boolean {
  return /^\/(dashboard|docs|checkout)(\/|$|\?)/.test(path)
}

/** A minimal HTML answer on Node's raw response, for the few errors answered before a scope exists. */
function sendRawPage(response: ServerResponse, status: number, heading: string, message: string): void {
  const escape = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
  const html = `<!doctype html><html lang="en"><meta charset="utf-8"><title>${escape(heading)}</title><h1>${escape(heading)}</h1><p>${escape(message)}</p></html>\n`
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  })
  response.end(html)
}

/** The prefix of Clientele's own routes (health, metrics), apart from Mollie's `/v2`. */
export const OPERATIONS_PREFIX = '/_clientele'

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { store, bodyLimit = DEFAULT_BODY_LIMIT } = options
  const urls = createUrls(options.publicUrl ?? (() => app.listeningOrigin))
  const present = createPresenter(urls)
  const errorContext = { bodyLimit, isUnavailable: (error: unknown) => store.isUnavailable(error) }
  const requestTimeout = options.requestTimeoutMs ?? 30_000
  // Given to Node's server constructor: set later (as Fastify's own option does) the timeout covers only the
  // headers, not a body that stops arriving. Node checks connections every 30 s by default; check often enough
  // that the timeout means what it says.
  const serverTimeouts = {
    requestTimeout,
    // A connection that sends no complete head within 10 s is closed: idle sockets are what a flood holds.
    headersTimeout: Math.min(requestTimeout, 10_000),
    connectionsCheckingInterval: Math.max(250, Math.min(5_000, Math.floor(requestTimeout / 4))),
    // Answered in Mollie's format by limitConnections instead of Node's empty 400.
    requireHostHeader: false,
  }
  // Fastify types an HTTPS instance apart; this app treats both alike, so it is typed as the plain one.
  const app = Fastify({
    ...(options.https ? { https: { ...options.https, ...serverTimeouts } } : {}),
    http: serverTimeouts,
    clientErrorHandler: clientErrorHandler(urls),
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
        if (isPagePath(path)) return sendRawPage(response, 404, 'Page not found', 'There is no page at this address.')
        // Without a key, the answer every unauthenticated request gets; with one, the 404 of an unknown id.
        const error = BEARER.test(request.headers.authorization ?? '') ? overlongPathError(path, request.method ?? 'GET') : apiErrors.unauthorized()
        sendRawError(response, error, urls)
      },
    },
    frameworkErrors: (error, request, reply) => {
      // Answered before any hook runs: the request id header is set here.
      reply.header(REQUEST_ID_HEADER, request.id)
      const apiError = toApiError(error, request, errorContext)
      if (isPagePath(request.url)) return sendRawPage(reply.raw, apiError.statusCode, apiError.title, apiError.detail)
      sendError(reply.type(HAL_JSON), apiError, urls)
    },
    requestTimeout,
    // An idle keep-alive connection is closed after 10 s (Fastify's default, 72 s, suits load balancers that
    // keep connections for 60 s; a proxy in front sets its own).
    keepAliveTimeout: 10_000,
    // While closing, requests already on an open connection are served, not answered with Fastify's own 503
    // (which is not in Mollie's format): shutdown drains them within close-with-grace's bound.
    return503OnClosing: false,
  }) as unknown as FastifyInstance
  limitConnections(app, urls, options.maxConnections ?? DEFAULT_MAX_CONNECTIONS)
  const methods = recordMethods(app, '/v2', { ignoreTrailingSlash: true, maxParamLength: MAX_ID_LENGTH })
  app.decorate('apiRoutes', methods)
  // The root answers in Mollie's format too: its routes are /v2/openapi.json and /_clientele.
  setMollieErrorHandler(app, urls, errorContext)
  setNotFoundAnswer(app, urls, methods)
  // Root hooks, added before any scope is registered so that every scope (and the 404 handler) runs them.
  registerRequestIdHeader(app)
  closeUnreadBodies(app)
  if (options.metrics) registerRequestMetrics(app, options.metrics)
  closeConnectionsOnShutdown(app)
  await registerOpenApi(app, urls, options.version ?? '0.0.0')
  // Off by default: only routes that can answer more than a kilobyte (the list) switch it on, so that the
  // rest do not pay its hooks on every request.
  await app.register(compress, { global: false, encodings: ['gzip', 'deflate', 'br'] })

  // One budget per credential for the API and the dashboard, and one per address for refused keys.
  const limits = createRequestLimits(options.rateLimitPerSecond ?? 0, options.addressLimitPerSecond ?? 0)
  await app.register(api, {
    store,
    urls,
    present,
    errorContext,
    bodyLimit,
    credentialCacheMs: options.credentialCacheMs,
    limits,
    paymentPolicy: options.paymentPolicy ?? DEFAULT_PAYMENT_POLICY,
    chargeDue: options.chargeDue,
  })
  await app.register(openApiRoute, { prefix: '/v2' })
  // The server's root is for people: it leads to the dashboard (under PUBLIC_URL's path, where there is one).
  app.get('/', { schema: { hide: true } }, (_request, reply) => reply.redirect(new URL(urls.dashboardBase).pathname))
  await app.register(dashboard, { prefix: '/dashboard', store, urls, present, deliveriesOf: options.deliveriesOf, limits })
  await app.register(checkout, { prefix: '/checkout', store, urls })
  await app.register(docs, { prefix: '/docs', urls })
  await app.register(
    async (operations) => {
      await operations.register(health, { store, version: options.version ?? '0.0.0' })
      if (options.metrics) await operations.register(metricsRoute, { metrics: options.metrics, token: options.metricsToken })
    },
    { prefix: OPERATIONS_PREFIX },
  )
  return app
}
