/**
 * The request bodies the API accepts: JSON (what both official clients send), form-encoded (what Mollie's own curl
 * examples send, `-d name=…`, with `metadata[key]=…` for objects), and a body without a Content-Type (mollie-api-py).
 * Bytes must be UTF-8. Anything else is a 400 or a 415, in Mollie's format.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import qs from 'qs'
import { ApiError, apiErrors } from './errors.js'

const formBodies = new WeakSet<object>()

/** How deep a JSON body may nest. Customer bodies need a handful of levels; code that walks a body (the
 * idempotency fingerprint, JSON encoding) recurses, and must never meet a body deep enough to exhaust the stack. */
export const BODY_MAX_DEPTH = 64

/** Whether JSON text nests deeper than `limit`, counted on the text itself, before anything is parsed. */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0
  let inString = false
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (inString) {
      if (code === 92 /* \\ */) index++
      else if (code === 34 /* " */) inString = false
    } else if (code === 34) {
      inString = true
    } else if (code === 123 /* { */ || code === 91 /* [ */) {
      if (++depth > limit) return true
    } else if (code === 125 /* } */ || code === 93 /* ] */) {
      depth--
    }
  }
  return false
}

/** Whether the body came from a form: its values are text, to be converted to the schema's types. */
export function isFormBody(value: unknown): boolean {
  return typeof value === 'object' && value !== null && formBodies.has(value)
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** The body's text: the bytes must be UTF-8 (a Latin-1 `ü` is refused, never stored as U+FFFD). */
export function decodeUtf8(bytes: Buffer): string {
  try {
    return utf8.decode(bytes)
  } catch {
    throw apiErrors.invalidBody('The request body is not valid UTF-8: send text encoded as UTF-8.')
  }
}

/** A `charset` other than UTF-8 on a body is refused: its bytes would be read as something they are not. */
export function checkCharset(contentType: string | undefined): void {
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType ?? '')?.[1]
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
    throw apiErrors.invalidBody(`The request body's charset '${charset.slice(0, 40)}' is not supported: send UTF-8.`)
  }
}

/** A JSON body: an object (an empty body is an empty object), nesting within BODY_MAX_DEPTH. */
export function parseJsonBody(text: string): Record<string, unknown> {
  // mollie-api-typescript sends create() without arguments, and DELETE, as an empty body with a JSON content type:
  // that is an empty object, not an error.
  if (text.trim() === '') return {}
  if (nestsDeeperThan(text, BODY_MAX_DEPTH)) {
    throw apiErrors.invalidBody(`The request body nests deeper than ${BODY_MAX_DEPTH} levels.`)
  }
  let value: unknown
  try {
    // JSON.parse makes `__proto__` an own key like any other (no prototype is ever set); validation then refuses it
    // as a parameter the operation does not have.
    value = JSON.parse(text)
  } catch {
    throw apiErrors.invalidBody('The request body is not valid JSON.')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw apiErrors.invalidBody('The request body must be a JSON object.')
  }
  return value as Record<string, unknown>
}

/** Form limits, as qs counts them; exceeding one is a 400, never a silently shortened body. */
const FORM_LIMITS = { depth: 5, parameterLimit: 100, arrayLimit: 50 }

/**
 * qs's decoder, made strict where it matters: an escape whose bytes are not UTF-8 (`Ren%E9`) is an error, not
 * literal text. A `%` that starts no escape (`100%`) stays a literal `%`, as the URL standard's form decoding has it.
 */
function decodeComponent(text: string): string {
  const literal = text.replace(/\+/g, ' ')
  if (!literal.includes('%')) return literal
  try {
    return decodeURIComponent(literal.replace(/%(?![0-9A-Fa-f]{2})/g, '%25'))
  } catch {
    throw apiErrors.invalidBody(`The form body holds an escape that is not UTF-8 ('${text.slice(0, 40)}'): encode text as UTF-8.`)
  }
}

/** A form name's path: `metadata[a][b]` → `metadata`, `a`, `b`. */
function namePath(name: string): string[] {
  const root = name.split('[', 1)[0]!
  return [root, ...[...name.slice(root.length).matchAll(/\[([^\]]*)\]/g)].map((match) => match[1]!)]
}

function defineOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

/**
 * qs drops every `__proto__` name segment, at any depth, whatever its options: the form would then say less than
 * was sent. Each is put back where it stood, as an own key of the null-prototype objects qs built, so that validation
 * refuses it as JSON's `__proto__` is refused (an unknown parameter, or a metadata key that is not allowed).
 */
function restorePrototypeKeys(body: Record<string, unknown>, text: string): void {
  for (const pair of text.split('&')) {
    if (!pair.includes('__proto__') && !/%5f|%5b/i.test(pair)) continue
    const path = namePath(decodeComponent(pair.split('=', 1)[0]!))
    const at = path.indexOf('__proto__')
    if (at < 0) continue
    let node: Record<string, unknown> = body
    for (const segment of path.slice(0, at)) {
      const next = Object.hasOwn(node, segment) ? node[segment] : undefined
      if (typeof next === 'object' && next !== null) {
        node = next as Record<string, unknown>
        continue
      }
      if (next !== undefined) break
      const created = Object.create(null) as Record<string, unknown>
      defineOwn(node, segment, created)
      node = created
    }
    if (!Object.hasOwn(node, '__proto__')) defineOwn(node, '__proto__', {})
  }
}

/**
 * A form body (`name=Jane&metadata[order]=12`): null-prototype objects, limits that refuse rather than truncate,
 * strict UTF-8, and `__proto__` names kept (restorePrototypeKeys).
 */
export function parseFormBody(text: string): Record<string, unknown> {
  let body: Record<string, unknown>
  try {
    body = qs.parse(text, {
      ...FORM_LIMITS,
      plainObjects: true,
      allowPrototypes: true,
      throwOnLimitExceeded: true,
      strictDepth: true,
      decoder: decodeComponent,
    }) as Record<string, unknown>
  } catch (error) {
    if (error instanceof ApiError) throw error
    throw apiErrors.invalidBody(
      `The form body exceeds a limit (${(error as Error).message.replace(/\.$/, '')}): at most ${FORM_LIMITS.parameterLimit} ` +
        `parameters, ${FORM_LIMITS.arrayLimit} items per array and ${FORM_LIMITS.depth} levels of brackets.`,
    )
  }
  restorePrototypeKeys(body, text)
  formBodies.add(body)
  return body
}

/**
 * A body sent without a Content-Type, read the way Mollie's clients need: mollie-api-py deletes with
 * `{"testmode": true}` and no Content-Type at all. JSON when it looks like JSON, otherwise form-encoded; text that is
 * neither (a word without `=`) is a 400.
 */
export function parseUntypedBody(text: string): Record<string, unknown> {
  const trimmed = text.trim()
  if (trimmed === '') return {}
  if (/^[[{"]/.test(trimmed)) return parseJsonBody(trimmed)
  if (trimmed.split('&').every((pair) => pair === '' || pair.includes('='))) return parseFormBody(trimmed)
  throw apiErrors.invalidBody(
    'The request body is neither a JSON object nor form-encoded: send application/json or application/x-www-form-urlencoded.',
  )
}

type Parse = (text: string) => Record<string, unknown>

function bodyParser(parse: Parse) {
  return (request: FastifyRequest, bytes: string | Buffer, done: (error: Error | null, body?: unknown) => void) => {
    try {
      checkCharset(request.headers['content-type'])
      done(null, parse(decodeUtf8(bytes as Buffer)))
    } catch (error) {
      done(error as Error, undefined)
    }
  }
}

/**
 * Replaces the scope's body parsers with the API's: JSON (what both official clients send), form-encoded (Mollie's
 * own curl examples), and no Content-Type at all (mollie-api-py). Any other type is a 415, answered only after the
 * body was read (bounded by the body limit), so the connection stays usable. Register inside the API's scope only.
 */
export async function registerBodyParsers(app: FastifyInstance): Promise<void> {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser(['application/json', 'application/hal+json'], { parseAs: 'buffer' }, bodyParser(parseJsonBody))
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, bodyParser(parseFormBody))
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, bytes, done) => {
    const contentType = request.headers['content-type']
    if (contentType !== undefined) return done(apiErrors.unsupportedMediaType(contentType), undefined)
    bodyParser(parseUntypedBody)(request, bytes, done)
  })
}
