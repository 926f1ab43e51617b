/**
 * Every error the API answers, in Mollie's format, from one catalogue through one handler. Handlers, the store
 * and the domain never build error bodies: they throw ApiError from here, FieldError from the domain, or a typed
 * store error, and registerErrorHandling maps each to its status and body.
 */
import { randomUUID } from 'node:crypto'
import { STATUS_CODES, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { PaymentStatusError } from '../domain/payment.js'
import { FieldError } from '../domain/validation.js'
import { IdempotencyKeyReusedError, MandateRevokedError } from '../store/store.js'
import { sendApiHelpPage, wantsHtml } from './browser-page.js'
import type { Urls } from './urls.js'
import type { MethodTable } from './methods.js'
import { HAL_JSON, type ErrorResponse } from './schemas.js'

export class ApiError extends Error {
  readonly title: string

  constructor(
    readonly statusCode: number,
    readonly detail: string,
    readonly field?: string,
    title?: string,
  ) {
    super(detail)
    this.name = 'ApiError'
    this.title = title ?? STATUS_CODES[statusCode] ?? 'Error'
  }
}

/** The catalogue. Details use Mollie's wording where clients show it; otherwise they say what to send. */
export const apiErrors = {
  /** Mollie's own title and text for a missing, malformed, unknown or revoked key: all look alike on purpose. */
  unauthorized: () =>
    new ApiError(401, 'Missing authentication, or failed to authenticate', undefined, 'Unauthorized Request'),
  /** Also for another organization's or mode's customer: 404, not 403, so ids cannot be probed. */
  customerNotFound: (id: string) => new ApiError(404, `No customer exists with token ${id}.`),
  /** Also for another customer's, organization's or mode's mandate. */
  mandateNotFound: (id: string) => new ApiError(404, `No mandate exists with token ${id}.`),
  /**
   * A revoked mandate: Mollie answers `410 Gone` for it (compat §11, api-documentation `get-mandate.rst`); a second
   * revocation gets the same.
   */
  mandateRevoked: (id: string) => new ApiError(410, `The mandate ${id} has been revoked and can no longer be used.`),
  /** Also for another customer's, organization's or mode's subscription. */
  subscriptionNotFound: (id: string) => new ApiError(404, `No subscription exists with token ${id}.`),
  /** Also for another organization's or mode's payment. */
  paymentNotFound: (id: string) => new ApiError(404, `No payment exists with token ${id}.`),
  /** Clientele's test clock with a live key (or an access token in live mode): it exists in test mode only. */
  testModeOnly: () =>
    new ApiError(403, 'The test clock is test-mode only: use a test API key, or an access token with testmode set to true.'),
  /** An advance of the test clock needs exactly one of `to` and `by`. */
  clockAdvanceNeedsOne: (both: boolean) =>
    both
      ? new ApiError(422, "Send either 'to' or 'by' to advance the test clock, not both.", 'by')
      : new ApiError(422, "Send 'to' (an ISO 8601 date-time) or 'by' (an ISO 8601 duration such as P3M) to advance the test clock.", 'to'),
  /** A known path called with a method it does not take (Mollie answers 405); the route sets `Allow`. */
  methodNotAllowed: (method: string, path: string, allowed: readonly string[]) =>
    new ApiError(405, `${method} is not supported on ${path}: it takes ${allowed.join(', ')}.`),
  routeNotFound: (method: string, path: string) =>
    new ApiError(404, `There is no ${method} ${path} in this API. See the documentation link for what there is.`),
  /** Mollie's wording for a `from` that is not a cursor of this list (spec: 400-invalid-list-request). */
  invalidCursor: () => new ApiError(400, 'Invalid cursor value', 'from'),
  invalidParameter: (field: string, detail: string) => new ApiError(400, detail, field),
  invalidField: (field: string, detail: string) => new ApiError(422, detail, field),
  /** Mollie's wording for a name the operation does not define; `field` names it down to the leaf (`metaData.user`). */
  unknownParameter: (where: 'body' | 'query', path: string, suggestion?: string) =>
    new ApiError(
      422,
      `Non-existent ${where} parameter "${path}" for this API call.${suggestion ? ` Did you mean: "${suggestion}"?` : ''}`,
      path,
    ),
  invalidBody: (detail: string) => new ApiError(400, detail),
  unsupportedMediaType: (contentType: string) =>
    new ApiError(
      415,
      contentType
        ? `Unsupported Content-Type '${contentType.slice(0, 100)}': send application/json or application/x-www-form-urlencoded.`
        : 'A request body needs a Content-Type: send application/json or application/x-www-form-urlencoded.',
    ),
  payloadTooLarge: (limitBytes: number) =>
    new ApiError(413, `The request body is larger than the limit of ${limitBytes} bytes.`),
  idempotencyKeyReused: () =>
    new ApiError(
      422,
      'This Idempotency-Key was already used for a different request. Send a new key for a new request, or repeat ' +
        'the original request exactly to get its response again.',
    ),
  /** A header its operation's `headers` schema refuses; the only one checked today is Idempotency-Key. */
  invalidHeader: (name: string) =>
    name === 'idempotency-key'
      ? new ApiError(400, 'The Idempotency-Key header must be between 1 and 255 printable ASCII characters.')
      : new ApiError(400, `The ${name} header is invalid.`),
  rateLimited: (perSecond: number, retryAfterSeconds: number) =>
    new ApiError(
      429,
      `Too many requests with this key: at most ${perSecond} per second. Retry after ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`,
    ),
  tooManyRefusals: (perSecond: number, retryAfterSeconds: number) =>
    new ApiError(
      429,
      `Too many refused keys from this address: at most ${perSecond} per second. Retry after ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`,
    ),
  /** The database is down or unreachable: a retry may work, so clients that retry 5xx (both official ones) will. */
  unavailable: () =>
    new ApiError(503, 'The service cannot reach its database right now. Please retry in a moment.'),
  internal: () =>
    new ApiError(500, 'An unexpected error occurred while handling your request. It has been logged; please retry.'),
}

/** Fastify's own errors that are the caller's fault, by code, with what we tell the caller. */
function fromFastifyError(error: FastifyError, request: FastifyRequest, bodyLimit: number): ApiError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return apiErrors.payloadTooLarge(bodyLimit)
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return apiErrors.unsupportedMediaType(request.headers['content-type'] ?? '')
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return apiErrors.invalidBody('The Content-Length header does not match the body sent.')
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return apiErrors.invalidBody('The request body is not valid JSON.')
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_INVALID_URL':
      return apiErrors.invalidBody('The request URL is malformed.')
    default:
      return undefined
  }
}

export interface ErrorContext {
  bodyLimit: number
  /** Whether an error means the database is unavailable (the store decides). */
  isUnavailable(error: unknown): boolean
}

export function toApiError(error: unknown, request: FastifyRequest, context: ErrorContext): ApiError {
  if (error instanceof ApiError) return error
  if (error instanceof FieldError) return apiErrors.invalidField(error.field, error.detail)
  if (error instanceof IdempotencyKeyReusedError) return apiErrors.idempotencyKeyReused()
  if (error instanceof MandateRevokedError) return apiErrors.mandateRevoked(error.mandateId)
  if (error instanceof PaymentStatusError) return new ApiError(422, error.detail, error.field)
  if (context.isUnavailable(error)) return apiErrors.unavailable()
  const bodyLimit = context.bodyLimit
  const fastifyError = error as FastifyError
  const known = typeof fastifyError?.code === 'string' ? fromFastifyError(fastifyError, request, bodyLimit) : undefined
  if (known) return known
  // Any other client error Fastify raises (it never puts internals in those messages).
  const status = fastifyError?.statusCode
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new ApiError(status, fastifyError.message || STATUS_CODES[status] || 'Bad Request')
  }
  return apiErrors.internal()
}

export function errorBody(error: ApiError, urls: Urls): ErrorResponse {
  return {
    status: error.statusCode,
    title: error.title,
    detail: error.detail,
    // Left out rather than null: mollie-api-typescript rejects `field: null`.
    ...(error.field === undefined ? {} : { field: error.field }),
    _links: { documentation: urls.errorDocumentation },
  }
}

export function sendError(reply: FastifyReply, error: ApiError, urls: Urls): FastifyReply {
  return reply.code(error.statusCode).type(HAL_JSON).send(errorBody(error, urls))
}

/** For the few paths that answer on Node's raw response, before Fastify's reply exists. */
export function sendRawError(response: ServerResponse, error: ApiError, urls: Urls): void {
  const body = JSON.stringify(errorBody(error, urls))
  response.writeHead(error.statusCode, {
    'content-type': `${HAL_JSON}; charset=utf-8`,
    'content-length': Buffer.byteLength(body),
  })
  response.end(body)
}

/**
 * Answers requests that never reach the app (unparseable HTTP, a request that stopped arriving, oversized
 * headers) in Mollie's format too, then closes the connection, as Node does by default.
 */
export function clientErrorHandler(urls: Urls) {
  return (error: NodeJS.ErrnoException, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return
    // Bytes that are not HTTP after a request that arrived whole and is still being answered (a body longer
    // than its Content-Length, say): that request was taken and may have changed something, so its answer goes
    // out first, and the connection closes after it instead of carrying a 400 that would hide it. A request
    // that is itself malformed (a broken chunk) gets the 400.
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage
    if (inFlight && inFlight.req.complete && !inFlight.writableFinished) {
      inFlight.once('finish', () => socket.destroy())
      inFlight.once('close', () => socket.destroy())
      return
    }
    const apiError =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new ApiError(408, 'The request did not arrive in time.')
        : error.code === 'HPE_HEADER_OVERFLOW'
          ? new ApiError(431, 'The request headers are too large.')
          : new ApiError(400, 'The request is not valid HTTP.')
    const body = JSON.stringify(errorBody(apiError, urls))
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 ${apiError.statusCode} ${apiError.title}\r\nContent-Type: ${HAL_JSON}; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${randomUUID()}\r\nConnection: close\r\n\r\n${body}`,
      )
    }
    socket.destroy()
  }
}

/** Seconds a client should wait before retrying a 503; short, as @mollie/api-client waits it out uncapped. */
const RETRY_AFTER_SECONDS = 1

/**
 * The error path of a scope that answers in Mollie's format (the API's `/v2`, and the root for `/_clientele` and
 * the OpenAPI document). 5xx are logged with the request id (as `reqId`, with method and URL) and answered with a
 * fixed text: no stack, SQL or path ever reaches a response.
 */
export function setMollieErrorHandler(scope: FastifyInstance, urls: Urls, context: ErrorContext): void {
  scope.setErrorHandler((error, request, reply) => {
    const apiError = toApiError(error, request, context)
    // request.log binds the request id (reqId) to every line, the same id the answer's X-Request-Id carries.
    if (apiError.statusCode === 503) {
      request.log.warn({ err: error, method: request.method, url: request.url }, 'database unavailable')
      reply.header('retry-after', String(RETRY_AFTER_SECONDS))
    } else if (apiError.statusCode >= 500) {
      request.log.error({ err: error, method: request.method, url: request.url }, 'request failed')
    }
    // A person who opened an API URL in a browser gets a page saying how to call it; API clients get Mollie's JSON.
    if (apiError.statusCode === 401 && wantsHtml(request)) {
      return sendApiHelpPage(reply, urls, 401, `${urls.apiBase}${request.url.replace(/^\/v2/, '')}`, 'This address needs an API key.')
    }
    return sendError(reply, apiError, urls)
  })
}

/**
 * The answer for a path no route serves: 405 with `Allow` for a known path called with another method (204 for
 * `OPTIONS`), else 404, in Mollie's format.
 */
export function setNotFoundAnswer(scope: FastifyInstance, urls: Urls, methods: MethodTable): void {
  scope.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/'
    if ((path === '/v2' || path === '/v2/') && wantsHtml(request)) {
      return sendApiHelpPage(reply, urls, 404, `${urls.apiBase}/customers`, 'This is the base URL of the API; its resources live below it.')
    }
    const allowed = methods.allowed(path)
    if (allowed) {
      reply.header('allow', allowed.join(', '))
      if (request.method === 'OPTIONS') return reply.code(204).send()
      return sendError(reply, apiErrors.methodNotAllowed(request.method, path.slice(0, 200), allowed), urls)
    }
    return sendError(reply, apiErrors.routeNotFound(request.method, path.slice(0, 200)), urls)
  })
}
