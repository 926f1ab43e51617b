/**
 * One webhook POST as Mollie makes it, over Node's own HTTP client (node:http, node:https) with keep-alive agents:
 * `application/x-www-form-urlencoded`, the body as given (`id=tr_…`), bounded by a timeout that covers connecting,
 * sending and the answer's status line and headers. Never rejects: the outcome is a status or an error text.
 *
 * Node's http.Agent is used rather than undici (not a dependency of this project; Node's bundled copy exposes no
 * Agent): it pools keep-alive connections per origin, which is what a high delivery rate to one receiver needs.
 */
import http from 'node:http'
import https from 'node:https'

export interface PostResult {
  /** The HTTP status answered, if one was within the timeout. */
  status?: number
  /** Why there is no status: `CODE: message` (ETIMEDOUT, ECONNREFUSED, ENOTFOUND …). */
  error?: string
}

export interface Poster {
  post(url: string, body: string): Promise<PostResult>
  /** Closes pooled connections and aborts requests still running (their results then read as errors). */
  destroy(): void
}

/** Mollie's request headers (its docs' example), apart from the length. */
const HEADERS = {
  'content-type': 'application/x-www-form-urlencoded',
  accept: '*/*',
  'user-agent': 'Mollie HTTP client/1.0',
}

/**
 * Idle pooled connections are closed after this long: below Node's and most servers' keep-alive timeout (5 s), so
 * a connection is not reused just as the receiver closes it.
 */
const IDLE_SOCKET_MS = 4_000

export function createPoster(timeoutMs: number): Poster {
  const options = { keepAlive: true, scheduling: 'lifo' as const, timeout: IDLE_SOCKET_MS }
  const agents = { http: new http.Agent(options), https: new https.Agent(options) }

  const once = (target: URL, body: string): Promise<PostResult & { reused?: boolean }> =>
    new Promise((resolve) => {
      const secure = target.protocol === 'https:'
      let settled = false
      const finish = (result: PostResult & { reused?: boolean }) => {
        if (settled) return
        settled = true
        resolve(result)
      }
      const request = (secure ? https : http).request(
        target,
        { method: 'POST', agent: secure ? agents.https : agents.http, headers: { ...HEADERS, 'content-length': Buffer.byteLength(body) } },
        (response) => {
          // The status decides; the body is read and dropped so the connection can serve the next POST, within
          // the same time bound.
          response.on('end', () => clearTimeout(timer))
          response.on('error', () => {})
          response.resume()
          finish({ status: response.statusCode })
        },
      )
      const timer = setTimeout(() => {
        finish({ error: `ETIMEDOUT: no answer within ${timeoutMs} ms` })
        request.destroy()
      }, timeoutMs)
      request.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer)
        finish({ error: describe(error), reused: request.reusedSocket })
      })
      request.end(body)
    })

  return {
    async post(url, body) {
      let target: URL
      try {
        target = new URL(url)
      } catch {
        return { error: 'EINVAL: not a valid URL' }
      }
      if (target.protocol !== 'http:' && target.protocol !== 'https:') {
        return { error: `EINVAL: ${target.protocol} is not http: or https:` }
      }
      const first = await once(target, body)
      // A pooled connection the receiver closed just as it was reused fails before the request reached anyone:
      // that is not the receiver's failure, so it is tried once more on a fresh connection (as Node's docs advise).
      if (first.reused && first.error?.startsWith('ECONNRESET')) {
        const { status, error } = await once(target, body)
        return status === undefined ? { error } : { status }
      }
      return first.status === undefined ? { error: first.error } : { status: first.status }
    },
    destroy() {
      agents.http.destroy()
      agents.https.destroy()
    },
  }
}

function describe(error: NodeJS.ErrnoException): string {
  return `${error.code ?? error.name}: ${error.message}`
}
