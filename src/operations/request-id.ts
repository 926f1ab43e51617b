/**
 * Request ids: every answer carries `X-Request-Id`, and every log line of a request carries the same id as
 * `reqId`, so a client's failed call can be found in the server's log.
 *
 * The id is the client's own `X-Request-Id` when it is sane (1–128 printable ASCII characters, no spaces; a
 * header sent twice arrives joined by ", " and is therefore not), otherwise a new random UUID v4. It is chosen
 * once, by Fastify's `genReqId`, before routing, so 404s, framework errors and every scope (API, dashboard,
 * docs, `/_clientele/`) share it. Answers written on Node's raw response (the few paths that answer before
 * Fastify's reply exists) take theirs from requestIdOf(), or a new one when no headers could be read.
 *
 * Logging: a child logger per request (Fastify's default) costs a measurable share of a GET, and almost every
 * request logs nothing. requestLoggerFactory gives each request a RequestLogger instead: a small object that
 * creates the real child logger, bound to `{ reqId }`, only when a line is actually written at an enabled level.
 */
import { randomUUID } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import type { Bindings, ChildLoggerOptions } from 'pino'

/** The header, lower-cased as Node presents it. */
export const REQUEST_ID_HEADER = 'x-request-id'

/** 1–128 printable ASCII characters without spaces: safe in a header and in a log line, and long enough for any tracer. */
const SANE_REQUEST_ID = /^[\x21-\x7e]{1,128}$/

/** The client's id when it is sane, otherwise a new one. */
export function requestIdOf(headers: IncomingHttpHeaders): string {
  const given = headers[REQUEST_ID_HEADER]
  return typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID()
}

/** Fastify's `genReqId` option: called once per request, with Node's raw request. */
export function genReqId(request: { headers: IncomingHttpHeaders }): string {
  return requestIdOf(request.headers)
}

/** Sets `X-Request-Id` on every answer that goes through Fastify's reply (errors and 404s included). */
export function registerRequestIdHeader(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id)
    done()
  })
}

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace'

/**
 * A request's logger: writes through a child of the app's logger bound to the request id, created on the first
 * line that is actually written, so requests that log nothing pay one small object.
 */
export class RequestLogger implements FastifyBaseLogger {
  #child: FastifyBaseLogger | undefined

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  get level(): FastifyBaseLogger['level'] {
    return this.#child?.level ?? this.parent.level
  }

  set level(level: FastifyBaseLogger['level']) {
    this.#own().level = level
  }

  fatal(...args: unknown[]): void {
    this.#write('fatal', args)
  }
  error(...args: unknown[]): void {
    this.#write('error', args)
  }
  warn(...args: unknown[]): void {
    this.#write('warn', args)
  }
  info(...args: unknown[]): void {
    this.#write('info', args)
  }
  debug(...args: unknown[]): void {
    this.#write('debug', args)
  }
  trace(...args: unknown[]): void {
    this.#write('trace', args)
  }
  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.#own().child(bindings, options)
  }

  #own(): FastifyBaseLogger {
    return (this.#child ??= this.parent.child(this.bindings, this.options))
  }

  #write(level: Level, args: unknown[]): void {
    // A level that is off writes nothing: no child logger is made for it (pino loggers can tell).
    const enabled = (this.#child ?? this.parent) as FastifyBaseLogger & { isLevelEnabled?(level: string): boolean }
    if (enabled.isLevelEnabled && !enabled.isLevelEnabled(level)) return
    ;(this.#own()[level] as (...args: unknown[]) => void)(...args)
  }
}

/** Fastify's `childLoggerFactory` option: a RequestLogger per request (bindings are `{ reqId }`). */
export function requestLoggerFactory(
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger {
  return new RequestLogger(logger, bindings, options)
}
