/**
 * Raw HTTP/1.1 requests for the fuzz suite, built byte by byte: request lines, header bytes and body framing
 * that fetch cannot send. A case is a structure rendered with the test's key, so that shrinking keeps it
 * readable and the report can say what was sent.
 */
import fc from 'fast-check'


const bytes = (...values: number[]) => String.fromCharCode(...values)

const method = fc.oneof(
  { arbitrary: fc.constantFrom('GET', 'POST', 'POST', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'), weight: 9 },
  {
    arbitrary: fc.constantFrom('G@T', 'get', 'post', '', 'GET GET', 'PRI', 'CONNECT', 'TRACE', 'A'.repeat(100), bytes(0xc3, 0xa9), 'POST\u0000'),
    weight: 1,
  },
)

const target = fc.oneof(
  { arbitrary: fc.constantFrom('/v2/customers', '/v2/customers', '/v2/customers/cst_aaaaaaaaaa', '/v2/customers?limit=2'), weight: 8 },
  {
    arbitrary: fc.constantFrom(
      '*', 'http://127.0.0.1/v2/customers', 'http://evil.example/v2/customers', 'v2/customers', '/v2/cust omers', '/v2/customers/../customers',
      '/v2/customers/./', '/v2/customers/%', '/v2/customers/%ZZ', '/v2/customers?limit=%ZZ', '/v2/customers#x', '//v2/customers', '/v2/customers\u0000',
      `/v2/customers/${bytes(0x7f)}`, `/v2/customers/${bytes(0xff, 0xfe)}`, `/v2/customers/${bytes(0xc3, 0xa9)}`, `/v2/customers/${'x'.repeat(300)}`,
      `/v2/customers?x=${'y'.repeat(20_000)}`, '', '/\t/', '/v2/customers\\x',
    ),
    weight: 2,
  },
)

const version = fc.oneof(
  { arbitrary: fc.constant('HTTP/1.1'), weight: 9 },
  { arbitrary: fc.constantFrom('HTTP/1.0', 'HTTP/2.0', 'HTTP/1.9', 'HTTP/1', 'http/1.1', '', 'HTTP/1.1 extra', 'HTTP/11', 'HTTP/1.1\u0000'), weight: 1 },
)

/** Header lines that break the grammar, or are grammatical but unusual. */
const oddHeaderLine = fc.oneof(
  fc.constantFrom(
    `X-Fuzz: a${bytes(0)}b`, `X-Fuzz: ${bytes(0x7f)}`, `X-Fuzz: ${bytes(0x80, 0xff, 0xfe)}`, `X-Fuzz: a\rb`, `X-Fuzz: a\nb`, 'No-Colon-Here',
    ' Leading-Space: x', 'Space Before : x', 'X-Fold: a\r\n b', ': empty-name', 'X(Bad): x', `X-${bytes(0xe9)}: x`, `X-Huge: ${'h'.repeat(20_000)}`,
    'Expect: 100-continue', 'Expect: banana', 'Connection: close', 'Connection: Upgrade', 'Upgrade: h2c', 'Upgrade: websocket',
    'Content-Encoding: gzip', 'Content-Encoding: banana', `Content-Type: application/json; x=${bytes(0xe9)}`, `Content-Type: ${bytes(0x80)}`,
    `Idempotency-Key: ${bytes(0xe9)}`, 'Idempotency-Key: ', 'Idempotency-Key: a b', `Authorization: Bearer ${bytes(0xff)}`, 'Authorization: ',
    'Host: ', 'Host: a, b', `Host: ${bytes(0xff)}`, 'Accept-Encoding: gzip;q=x', 'Transfer-Encoding: identity',
  ),
  fc.string({ unit: 'binary-ascii', maxLength: 30 }).map((value) => `X-Random: ${value}`),
)

const TRANSFER_ENCODINGS = ['gzip', 'chunked, gzip', ' chunked', 'chunked;x', 'CHUNKED', 'chunked, chunked']

export type Framing =
  | 'none' | 'length' | 'length-short' | 'length-long' | 'length-garbage' | 'length-twice'
  | 'chunked' | 'chunked-cut' | 'chunked-bad' | 'chunked-extension' | 'length-and-chunked' | 'te-garbage'

export const rawCase = fc.record({
  method,
  target,
  version,
  lineEnd: fc.oneof({ arbitrary: fc.constant('\r\n'), weight: 9 }, { arbitrary: fc.constantFrom('\n', '\r'), weight: 1 }),
  host: fc.oneof({ arbitrary: fc.constant(true), weight: 9 }, { arbitrary: fc.constant(false), weight: 1 }),
  authorized: fc.constantFrom(true, true, true, false),
  contentType: fc.constantFrom('application/json', 'application/json', 'application/x-www-form-urlencoded', 'text/plain', undefined),
  body: fc.constantFrom('json', 'form', 'garbage', 'empty'),
  framing: fc.oneof(
    { arbitrary: fc.constantFrom<Framing>('none', 'length', 'chunked', 'chunked-extension'), weight: 3 },
    {
      arbitrary: fc.constantFrom<Framing>(
        'length-short', 'length-long', 'length-garbage', 'length-twice', 'chunked-cut', 'chunked-bad', 'length-and-chunked', 'te-garbage',
      ),
      weight: 2,
    },
  ),
  garbageLength: fc.constantFrom('-1', 'abc', '1e3', '99999999999999999999', '2, 2', ' 2', '0x10', '+5', ''),
  extraLines: fc.oneof(fc.array(oddHeaderLine, { maxLength: 0 }), fc.array(oddHeaderLine, { minLength: 1, maxLength: 3 })),
  cut: fc.nat(),
})
export type RawCase = typeof rawCase extends fc.Arbitrary<infer T> ? T : never

export interface RenderedRaw {
  bytes: Uint8Array
  /** The request stops short of what it announces: the client gives up and closes its half. */
  incomplete: boolean
}

/** Renders a case as latin1 bytes (each character one byte), with `key` as the bearer token. */
export function renderRaw(raw: RawCase, key: string): RenderedRaw {
  const end = raw.lineEnd
  const body =
    raw.body === 'json' ? '{"name":"raw-fuzz"}'
    : raw.body === 'form' ? 'name=raw-fuzz'
    : raw.body === 'garbage' ? `${bytes(0, 0xff)}{{{`
    : ''
  const lines = [`${raw.method} ${raw.target} ${raw.version}`.trimEnd()]
  if (raw.host) lines.push('Host: 127.0.0.1')
  if (raw.authorized) lines.push(`Authorization: Bearer ${key}`)
  if (raw.contentType) lines.push(`Content-Type: ${raw.contentType}`)
  lines.push(...raw.extraLines)
  let payload = ''
  let incomplete = false
  const chunked = (text: string) => (text ? `${text.length.toString(16)}${end}${text}${end}` : '') + `0${end}${end}`
  switch (raw.framing) {
    case 'none':
      break
    case 'length':
      lines.push(`Content-Length: ${body.length}`)
      payload = body
      break
    case 'length-short':
      // The bytes past the announced length arrive as the start of a second request.
      lines.push(`Content-Length: ${Math.max(0, body.length - 1 - (raw.cut % 5))}`)
      payload = body
      break
    case 'length-long':
      lines.push(`Content-Length: ${body.length + 1 + (raw.cut % 100)}`)
      payload = body
      incomplete = true
      break
    case 'length-garbage':
      lines.push(`Content-Length: ${raw.garbageLength}`)
      payload = body
      // Some of these still read as a length (" 2" is 2), which the body may not reach.
      incomplete = true
      break
    case 'length-twice':
      lines.push(`Content-Length: ${body.length}`, `Content-Length: ${raw.cut % 2 === 0 ? body.length : body.length + 1}`)
      payload = body
      break
    case 'chunked':
      lines.push('Transfer-Encoding: chunked')
      payload = chunked(body)
      break
    case 'chunked-cut': {
      lines.push('Transfer-Encoding: chunked')
      const whole = chunked(body)
      payload = whole.slice(0, raw.cut % Math.max(1, whole.length - 1))
      incomplete = true
      break
    }
    case 'chunked-bad':
      lines.push('Transfer-Encoding: chunked')
      payload = `zz${end}${body}${end}0${end}${end}`
      break
    case 'chunked-extension':
      lines.push('Transfer-Encoding: chunked')
      payload = body ? `${body.length.toString(16)};name=value${end}${body}${end}0${end}X-Trailer: t${end}${end}` : `0${end}${end}`
      break
    case 'length-and-chunked':
      lines.push(`Content-Length: ${body.length}`, 'Transfer-Encoding: chunked')
      payload = chunked(body)
      break
    case 'te-garbage':
      lines.push(`Transfer-Encoding: ${TRANSFER_ENCODINGS[raw.cut % TRANSFER_ENCODINGS.length]}`)
      payload = chunked(body)
      break
  }
  const text = lines.join(end) + end + end + payload
  return { bytes: new Uint8Array(Buffer.from(text, 'latin1')), incomplete }
}
