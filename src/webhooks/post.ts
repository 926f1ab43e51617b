/**
 * One webhook POST as Mollie makes it, over Node's own HTTP client (node:http, node:https) with keep-alive agents:
 * `application/x-www-form-urlencoded`, the body as given (`id=tr_…`), bounded by a timeout that covers connecting,
 * sending and the answer's status line and headers. Never rejects: the outcome is a status or an error text.
 *
 * Node's http.Agent is used rather than undici (not a dependency of this project; Node's bundled copy exposes no
 * Agent): it pools keep-alive connections per origin, which is what a high delivery rate to one receiver needs.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import { isIP, type LookupFunction } from 'node:net'
import { isPrivateHost } from '../domain/payment.js'

export interface PostResult {
  /** The HTTP status answered, if one was within the timeout. */
  status?: number
  /** Why there is no status: `CODE: message` (ETIMEDOUT, ECONNREFUSED, ENOTFOUND …). */
  error?: string
}

export interface Poster {
  /**
   * `publicOnly` (live-mode deliveries without WEBHOOK_ALLOW_PRIVATE): the address connected to, after DNS, must not
   * be loopback, private or link-local, whatever the URL's host name says (`vm`, `localhost.` …).
   */
  post(url: string, body: string, options?: { publicOnly?: boolean }): Promise<PostResult>
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

/** DNS resolution that refuses non-public addresses: the connection fails with EPRIVATE before any byte is sent. */
const publicLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0)
    const refused = addresses.find(({ address }) => isPrivateHost(address))
    if (refused) {
      const denied = Object.assign(new Error(`${hostname} resolves to ${refused.address}, a private or loopback address`), { code: 'EPRIVATE' })
      return callback(denied, '', 0)
    }
    if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses)
    callback(null, addresses[0]!.address, addresses[0]!.family)
  })
}

export function createPoster(timeoutMs: number): Poster {
  const options = { keepAlive: true, scheduling: 'lifo' as const, timeout: IDLE_SOCKET_MS }
  const agents = { http: new http.Agent(options), https: new https.Agent(options) }
  // Apart from the others, so that a connection checked by nobody is never reused for a live delivery.
  const publicAgents = { http: new http.Agent({ ...options, lookup: publicLookup }), https: new https.Agent({ ...options, lookup: publicLookup }) }

  const once = (target: URL, body: string, publicOnly = false): Promise<PostResult & { reused?: boolean }> =>
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
        {
          method: 'POST',
          agent: (publicOnly ? publicAgents : agents)[secure ? 'https' : 'http'],
          ...(publicOnly ? { lookup: publicLookup } : {}),
          headers: { ...HEADERS, 'content-length': Buffer.byteLength(body) },
        },
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
    async post(url, body, { publicOnly = false } = {}) {
      let target: URL
      try {
        target = new URL(url)
      } catch {
        return { error: 'EINVAL: not a valid URL' }
      }
      if (target.protocol !== 'http:' && target.protocol !== 'https:') {
        return { error: `EINVAL: ${target.protocol} is not http: or https:` }
      }
      // An address in the URL is not looked up: it is checked here.
      const literal = target.hostname.replace(/^\[|\]$/g, '')
      if (publicOnly && isIP(literal) && isPrivateHost(literal)) return { error: `EPRIVATE: ${literal} is a private or loopback address` }
      const first = await once(target, body, publicOnly)
      // A pooled connection the receiver closed just as it was reused fails before the request reached anyone:
      // that is not the receiver's failure, so it is tried once more on a fresh connection (as Node's docs advise).
      if (first.reused && first.error?.startsWith('ECONNRESET')) {
        const { status, error } = await once(target, body, publicOnly)
        return status === undefined ? { error } : { status }
      }
      return first.status === undefined ? { error: first.error } : { status: first.status }
    },
    destroy() {
      for (const agent of [agents.http, agents.https, publicAgents.http, publicAgents.https]) agent.destroy()
    },
  }
}

function describe(error: NodeJS.ErrnoException): string {
  return `${error.code ?? error.name}: ${error.message}`
}
