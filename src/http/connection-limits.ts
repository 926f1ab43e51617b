/**
 * What a client can hold before it is authenticated, bounded in number as well as in time, and the requests Node
 * would answer outside Mollie's format answered in it:
 * - at most `maxConnections` open connections per process (Node refuses the rest at once, and each refusal is
 *   logged, at most once a second); a reverse proxy with per-client limits belongs in front of a shared deployment;
 * - headers: more than MAX_HEADERS are refused with 431 instead of being silently dropped after Node's 1,000th (an
 *   `Authorization` sent after 999 fillers would otherwise be lost);
 * - HTTP/1.1 without `Host` gets Mollie's 400 instead of Node's empty one; `CONNECT` gets a 405 instead of a closed
 *   socket.
 */
import type { Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { ApiError, errorBody } from './errors.js'
import type { Urls } from './urls.js'
import { HAL_JSON } from './schemas.js'

export const DEFAULT_MAX_CONNECTIONS = 4096

/** More headers than any client sends (Mollie's clients send about ten). */
export const MAX_HEADERS = 100

/** Writes a Mollie-format answer on a raw socket and closes it. */
function answerRaw(socket: Socket, error: ApiError, urls: Urls): void {
  const body = JSON.stringify(errorBody(error, urls))
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${error.statusCode} ${error.title}\r\nContent-Type: ${HAL_JSON}; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    )
  }
  socket.destroy()
}

export function limitConnections(app: FastifyInstance, urls: Urls, maxConnections: number): void {
  const server = app.server
  server.maxConnections = maxConnections
  // Node keeps every header up to this count and drops the rest; one more than allowed tells "too many" apart.
  server.maxHeadersCount = MAX_HEADERS + 1
  let lastDropLogged = 0
  server.on('drop', (data?: { remoteAddress?: string }) => {
    const now = Date.now()
    if (now - lastDropLogged < 1000) return
    lastDropLogged = now
    app.log.warn({ maxConnections, remoteAddress: data?.remoteAddress }, 'connection limit reached: refusing new connections')
  })
  server.on('connect', (_request, socket: Socket) => {
    answerRaw(socket, new ApiError(405, 'CONNECT is not supported: this is an HTTP API, not a proxy.'), urls)
  })
  app.addHook('onRequest', (request, _reply, done) => {
    const raw = request.raw
    if (raw.rawHeaders.length > MAX_HEADERS * 2) {
      return done(new ApiError(431, `The request has more than ${MAX_HEADERS} headers.`))
    }
    if (raw.httpVersion === '1.1' && raw.headers.host === undefined) {
      return done(new ApiError(400, 'An HTTP/1.1 request needs a Host header.'))
    }
    done()
  })
}
