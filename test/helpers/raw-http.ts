/**
 * HTTP at the byte level, for what fetch cannot send: a body without a Content-Type, bytes that are not UTF-8,
 * chunked bodies, and several requests on one keep-alive connection (pipelined or one after another). Answers are
 * parsed just enough for the tests: status, headers, a Content-Length body, and whether the server closed.
 */
import { connect, type Socket } from 'node:net'

export interface RawResponse {
  status: number
  headers: Record<string, string>
  body: string
}

export interface RawExchange {
  responses: RawResponse[]
  /** The server closed the connection. */
  closed: boolean
}

/** A request's bytes: head lines joined with CRLF, then the body. */
export function rawRequest(method: string, path: string, headers: Record<string, string>, body?: string | Buffer): Buffer {
  const head = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)]
  const bytes = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(body)
  if (body !== undefined && !Object.keys(headers).some((name) => /^(content-length|transfer-encoding)$/i.test(name))) {
    head.push(`Content-Length: ${bytes.length}`)
  }
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), bytes])
}

/** A chunked body of `text` in two chunks. */
export function chunked(text: string): string {
  const half = Math.floor(text.length / 2)
  const parts = [text.slice(0, half), text.slice(half)].filter(Boolean)
  return parts.map((part) => `${Buffer.byteLength(part).toString(16)}\r\n${part}\r\n`).join('') + '0\r\n\r\n'
}

/** Parses as many whole responses as `buffer` holds; returns them and the bytes left over. */
function parseResponses(buffer: Buffer): { responses: RawResponse[]; rest: Buffer } {
  const responses: RawResponse[] = []
  let rest = buffer
  for (;;) {
    const end = rest.indexOf('\r\n\r\n')
    if (end < 0) break
    const [statusLine, ...lines] = rest.subarray(0, end).toString('latin1').split('\r\n')
    const headers: Record<string, string> = {}
    for (const line of lines) {
      const colon = line.indexOf(':')
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim()
    }
    const length = Number(headers['content-length'] ?? 0)
    if (rest.length < end + 4 + length) break
    responses.push({
      status: Number(statusLine!.split(' ')[1]),
      headers,
      body: rest.subarray(end + 4, end + 4 + length).toString('utf8'),
    })
    rest = rest.subarray(end + 4 + length)
  }
  return { responses, rest }
}

/**
 * Sends `requests` on one connection, pipelined (all at once) or one after another (each once the previous answer
 * arrived), and collects the answers until `expected` arrived or the server closed (bounded by `timeoutMs`).
 */
export async function exchange(
  port: number,
  requests: Buffer[],
  options: { pipelined?: boolean; timeoutMs?: number } = {},
): Promise<RawExchange> {
  const socket: Socket = connect(port, '127.0.0.1')
  socket.on('error', () => {})
  let received: Buffer = Buffer.alloc(0)
  const responses: RawResponse[] = []
  let closed = false
  let next = 0
  const sendNext = () => {
    if (next < requests.length && !socket.destroyed) socket.write(requests[next++]!)
  }
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, options.timeoutMs ?? 5000)
    const finish = () => {
      clearTimeout(timer)
      resolve()
    }
    socket.on('connect', () => {
      if (options.pipelined) while (next < requests.length) sendNext()
      else sendNext()
    })
    socket.on('data', (chunk: Buffer) => {
      const parsed = parseResponses(Buffer.concat([received, chunk]))
      received = parsed.rest
      for (const response of parsed.responses) {
        responses.push(response)
        if (!options.pipelined) sendNext()
      }
      if (responses.length >= requests.length) finish()
    })
    socket.on('close', () => {
      closed = true
      finish()
    })
  })
  await new Promise((resolve) => setTimeout(resolve, 50))
  closed ||= socket.destroyed || socket.readableEnded
  socket.destroy()
  return { responses, closed }
}
