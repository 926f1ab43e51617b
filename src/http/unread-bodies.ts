/**
 * Request bodies that no parser reads. Two rules:
 * - An answer sent before the request's body has fully arrived (a 401 or 429 decided in a hook, a 404, an error
 *   raised before parsing) says `Connection: close`, and Node closes the connection after it: the unread bytes can
 *   then never be taken for the next request on a keep-alive connection, and the client knows not to reuse it.
 * - Reads (GET, HEAD) take no body, so Fastify never parses one; Mollie refuses parameters sent where the operation
 *   does not take them, so a body on a read that holds any parameter (`{"testmode": true}`) is refused as a
 *   "Non-existent body parameter", and an empty one (`{}`, what some clients send) is accepted.
 */
import type { IncomingMessage } from 'node:http'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { checkCharset, decodeUtf8, parseFormBody, parseJsonBody, parseUntypedBody } from './content-types.js'
import { leafPath } from '../domain/validation.js'
import { apiErrors } from './errors.js'

/** Whether the request announced a body (a length above zero, or chunks). */
function announcesBody(raw: IncomingMessage): boolean {
  const length = raw.headers['content-length']
  return raw.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
}

/** Registers the first rule on `app` (the root: it holds for every answer, API, dashboard and docs alike). */
export function closeUnreadBodies(app: FastifyInstance): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    if (!request.raw.complete && announcesBody(request.raw)) reply.header('connection', 'close')
    done(null, payload)
  })
}

async function readBody(raw: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let length = 0
  for await (const chunk of raw) {
    length += (chunk as Buffer).length
    if (length > limit) throw apiErrors.payloadTooLarge(limit)
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

function parseByType(contentType: string | undefined, text: string): Record<string, unknown> {
  const essence = contentType?.split(';', 1)[0]!.trim().toLowerCase()
  if (essence === undefined) return parseUntypedBody(text)
  if (essence === 'application/json' || essence === 'application/hal+json') return parseJsonBody(text)
  if (essence === 'application/x-www-form-urlencoded') return parseFormBody(text)
  throw apiErrors.unsupportedMediaType(contentType!)
}

/** Registers the second rule in the API scope: a body sent with a read is read, and refused if it says anything. */
export function refuseBodyOnReads(api: FastifyInstance, bodyLimit: number): void {
  const refuse = async (request: FastifyRequest) => {
    const contentType = request.headers['content-type']
    checkCharset(contentType)
    const body = parseByType(contentType, decodeUtf8(await readBody(request.raw, bodyLimit)))
    const [name] = Object.keys(body)
    if (name !== undefined) throw apiErrors.unknownParameter('body', leafPath(name, body[name]))
  }
  // Callback style: the reads that carry no body (nearly all) pass without a promise.
  api.addHook('preValidation', (request, _reply, done) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !announcesBody(request.raw)) return done()
    refuse(request).then(() => done(), done)
  })
}
