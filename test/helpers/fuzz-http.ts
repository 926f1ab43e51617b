/**
 * How the fuzz suite talks to the server and judges single answers: fetch for anything fetch can express, a
 * raw socket for the rest (bytes fetch refuses to send, malformed request lines, bodies cut short), and the
 * checks every answer must pass: Mollie's error body, or the customer object exactly as stored.
 */
import assert from 'node:assert/strict'
import { STATUS_CODES } from 'node:http'
import { connect } from 'node:net'
import type { Customer } from '../../src/domain/schemas.js'
import type { CustomerState, Outcome } from './fuzz-model.js'

export const HAL = 'application/hal+json; charset=utf-8'

export interface Answer {
  status: number
  headers: Headers
  text: string
  /** The parsed body; undefined when it is empty or not JSON. */
  body: any
}

export interface FuzzRequest {
  method: string
  path: string
  headers?: Record<string, string>
  /** Bytes, so that fetch adds no Content-Type of its own. */
  body?: Uint8Array
}

export async function send(baseUrl: string, request: FuzzRequest): Promise<Answer> {
  const response = await fetch(`${baseUrl}${request.path}`, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    redirect: 'manual',
  })
  const text = await response.text()
  let body: unknown
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    body = undefined
  }
  return { status: response.status, headers: response.headers, text, body }
}

/** Mollie's title for a status: the HTTP reason phrase, except its own wording for 401. */
function mollieTitle(status: number): string {
  return status === 401 ? 'Unauthorized Request' : STATUS_CODES[status]!
}

/** Mollie's sentence for a name an operation does not define, read back: where, the name, and any suggestion. */
export function readUnknownDetail(detail: string): { where: string; path: string; suggestion?: string } | undefined {
  const match = /^Non-existent (body|query) parameter "(.*)" for this API call\.(?: Did you mean: "(.*)"\?)?$/s.exec(detail)
  return match ? { where: match[1]!, path: match[2]!, suggestion: match[3] } : undefined
}

/**
 * Asserts Mollie's error body exactly: `status` repeating the HTTP status, the title, a detail, `field` absent or
 * one of `fields`, and the error documentation link; served as HAL.
 */
export function assertMollieError(
  answer: Pick<Answer, 'status' | 'body' | 'text'>,
  baseUrl: string,
  fields?: readonly string[],
  contentType?: string | null,
) {
  assert.ok(answer.status >= 400 && answer.status < 500, `status ${answer.status} is not a 4xx: ${answer.text.slice(0, 300)}`)
  if (contentType !== undefined) assert.equal(contentType, HAL, 'an error is served as application/hal+json')
  assert.ok(answer.body && typeof answer.body === 'object', `the error body is JSON: ${answer.text.slice(0, 300)}`)
  const { status, title, detail, field, _links, ...rest } = answer.body
  assert.deepEqual(Object.keys(rest), [], `the error body has Mollie's keys only: ${answer.text.slice(0, 300)}`)
  assert.equal(status, answer.status, 'the body repeats the HTTP status')
  assert.equal(title, mollieTitle(answer.status))
  assert.ok(typeof detail === 'string' && detail.length > 0, 'detail is a non-empty string')
  assert.deepEqual(_links, { documentation: { href: `${baseUrl}/docs#errors`, type: 'text/html' } })
  if (fields === undefined) {
    assert.ok(!('field' in answer.body), `no field is named: ${answer.text.slice(0, 300)}`)
  } else {
    assert.ok(typeof field === 'string' && fields.includes(field), `field ${JSON.stringify(field)} is one of ${JSON.stringify(fields)}`)
    // Every field message names the field it is about, so a caller can act on it without the `field` key: quoted
    // in single quotes, or in Mollie's "Non-existent … parameter" sentence; the one exception is Mollie's own
    // wording for a bad cursor.
    const names = detail.includes(`'${field}'`) || readUnknownDetail(detail)?.path === field
    if (detail !== 'Invalid cursor value') assert.ok(names, `the detail names '${field}': ${detail}`)
  }
}

const CREATED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/
const CUSTOMER_ID = /^cst_[0-9A-Za-z]{10}$/

/** Asserts a customer object exactly: every key, the fields as expected, and its three links. */
export function assertCustomerBody(body: any, baseUrl: string, fields: CustomerState, operation: string) {
  assert.ok(body && typeof body === 'object', 'a customer object')
  assert.deepEqual(Object.keys(body).sort(), ['_links', 'createdAt', 'email', 'id', 'locale', 'metadata', 'mode', 'name', 'resource'])
  assert.equal(body.resource, 'customer')
  assert.match(body.id, CUSTOMER_ID)
  assert.equal(body.mode, 'test')
  assert.match(body.createdAt, CREATED_AT)
  assert.deepStrictEqual(
    { name: body.name, email: body.email, locale: body.locale, metadata: body.metadata },
    fields,
    'the fields come back exactly as sent',
  )
  assert.deepEqual(body._links, {
    self: { href: `${baseUrl}/v2/customers/${body.id}`, type: 'application/hal+json' },
    dashboard: { href: `${baseUrl}/dashboard/customers/${body.id}`, type: 'text/html' },
    documentation: { href: `${baseUrl}/docs#${operation}`, type: 'text/html' },
  })
}

export function storedFields(customer: Customer): CustomerState {
  return { name: customer.name, email: customer.email, locale: customer.locale, metadata: customer.metadata }
}

function describeOutcome(outcome: Outcome): string {
  if (!('field' in outcome && outcome.field)) return `${outcome.status}`
  const unknown = 'unknown' in outcome && outcome.unknown ? ` unknown ${outcome.unknown.where} parameter` : ''
  return `${outcome.status} (field ${outcome.field.join('|')}${unknown})`
}

/**
 * Asserts that the answer is one of the outcomes; returns the one it is. Error bodies are checked completely (an
 * unknown name with Mollie's sentence, any suggestion one of the operation's names, and always one when the name
 * differs from a known one only in case); a 2xx is left to the caller, who knows the operation.
 */
export function assertOneOf(answer: Answer, outcomes: readonly Outcome[], baseUrl: string): Outcome {
  const matching = outcomes.filter((outcome) => outcome.status === answer.status)
  assert.ok(
    matching.length > 0,
    `expected ${outcomes.map(describeOutcome).join(' or ')}, got ${answer.status}: ${answer.text.slice(0, 400)}`,
  )
  if (answer.status < 400) return matching[0]!
  const named = matching.flatMap((outcome) => ('field' in outcome && outcome.field ? outcome.field : []))
  // When one reading names no field and another does, either body is right.
  const fieldless = matching.some((outcome) => !('field' in outcome && outcome.field))
  const hasField = answer.body !== null && typeof answer.body === 'object' && 'field' in answer.body
  assertMollieError(answer, baseUrl, hasField || !fieldless ? named : undefined, answer.headers.get('content-type'))
  if (!hasField) return matching.find((outcome) => !('field' in outcome && outcome.field))!
  const field: string = answer.body.field
  const candidates = matching.filter((outcome) => 'field' in outcome && outcome.field?.includes(field))
  const wording = readUnknownDetail(answer.body.detail)
  const fits = candidates.filter((outcome) => {
    const unknown = 'unknown' in outcome ? outcome.unknown : undefined
    if (!unknown) return wording === undefined
    if (!wording || wording.where !== unknown.where) return false
    const caseOnly = unknown.known.some((known) => known.toLowerCase() === unknown.name.toLowerCase())
    return wording.suggestion === undefined ? !caseOnly : unknown.known.includes(wording.suggestion)
  })
  assert.ok(
    fits.length > 0,
    `the detail is not the one expected for field ${JSON.stringify(field)} (${candidates.map(describeOutcome).join(' or ')}): ${answer.body.detail}`,
  )
  return fits[0]!
}

/**
 * Sends a request that fetch will not (a GET with a body) over a raw socket, and reads its answer as `send` does.
 * The connection is closed after the one answer.
 */
export async function sendRaw(
  port: number,
  request: { method: string; path: string; headers: Record<string, string>; body: Uint8Array },
): Promise<Answer> {
  const lines = [`${request.method} ${request.path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close']
  for (const [name, value] of Object.entries(request.headers)) lines.push(`${name}: ${value}`)
  lines.push(`Content-Length: ${request.body.byteLength}`)
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1')
  const exchange = await rawExchange(port, Buffer.concat([head, request.body]), { incomplete: false, head: request.method === 'HEAD' })
  const final = exchange.responses.find((response) => response.status >= 200)
  assert.ok(final, `an answer to ${request.method} ${request.path} (${exchange.ending}): ${exchange.rest.slice(0, 200)}`)
  const text = Buffer.from(final.body, 'latin1').toString('utf8')
  let body: unknown
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    body = undefined
  }
  return { status: final.status, headers: new Headers(final.headers), text, body }
}

export interface RawExchange {
  /** Every response the server wrote, in order (1xx interim responses included). */
  responses: RawResponse[]
  /** Bytes after the last complete response (a response cut off mid-way). */
  rest: string
  /** How the exchange ended. */
  ending: 'closed' | 'timeout'
}

export interface RawResponse {
  status: number
  headers: Record<string, string>
  body: string
}

/**
 * Writes bytes to the server and reads until it closes the connection. When the request is knowingly incomplete
 * the sending half is closed at once, as a client that gives up does; otherwise the server's answer is awaited
 * and the connection is closed once one final answer has fully arrived.
 */
export function rawExchange(
  port: number,
  bytes: Uint8Array,
  options: { incomplete: boolean; head?: boolean; timeoutMs?: number },
): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let settled = false
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(bytes)
      if (options.incomplete) socket.end()
    })
    const finish = (ending: RawExchange['ending']) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      const { responses, rest } = parseResponses(Buffer.concat(chunks).toString('latin1'), options.head)
      resolve({ responses, rest, ending })
    }
    socket.on('data', (chunk) => {
      chunks.push(chunk)
      const { responses } = parseResponses(Buffer.concat(chunks).toString('latin1'), options.head)
      // A final answer has arrived: nothing more is owed to this request, so stop waiting for keep-alive to end.
      if (!options.incomplete && responses.some((response) => response.status >= 200)) finish('closed')
    })
    socket.on('close', () => finish('closed'))
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') finish('closed')
      else if (!settled) reject(error)
    })
    const timer = setTimeout(() => finish('timeout'), options.timeoutMs ?? 5000)
  })
}

/**
 * Splits a byte stream (latin1) into HTTP/1.1 responses; bodies by Content-Length or chunked encoding. The final
 * answer to a HEAD has no body, whatever its headers announce.
 */
function parseResponses(stream: string, head = false): { responses: RawResponse[]; rest: string } {
  const responses: RawResponse[] = []
  let offset = 0
  for (;;) {
    const headEnd = stream.indexOf('\r\n\r\n', offset)
    if (headEnd < 0) break
    const [statusLine, ...lines] = stream.slice(offset, headEnd).split('\r\n')
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')
    if (!status) break
    const headers: Record<string, string> = {}
    for (const line of lines) {
      const colon = line.indexOf(':')
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
    }
    let cursor = headEnd + 4
    let body = ''
    const code = Number(status[1])
    const hasBody = code >= 200 && code !== 204 && code !== 304 && !(head && !responses.some((response) => response.status >= 200))
    if (hasBody && headers['transfer-encoding']?.toLowerCase() === 'chunked') {
      let complete = false
      for (;;) {
        const sizeEnd = stream.indexOf('\r\n', cursor)
        if (sizeEnd < 0) break
        const size = parseInt(stream.slice(cursor, sizeEnd), 16)
        if (Number.isNaN(size) || stream.length < sizeEnd + 2 + size + 2) break
        body += stream.slice(sizeEnd + 2, sizeEnd + 2 + size)
        cursor = sizeEnd + 2 + size + 2
        if (size === 0) {
          complete = true
          break
        }
      }
      if (!complete) break
    } else if (hasBody) {
      const length = Number(headers['content-length'] ?? 0)
      if (stream.length < cursor + length) break
      body = stream.slice(cursor, cursor + length)
      cursor += length
    }
    responses.push({ status: code, headers, body })
    offset = cursor
  }
  return { responses, rest: stream.slice(offset) }
}
