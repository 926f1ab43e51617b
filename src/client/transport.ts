/**
 * One API call: authentication and headers, a timeout per attempt, and retries. A write cannot be sent without
 * an Idempotency-Key (the request type requires one), and every attempt of a call sends the same key, so a
 * repeat of a write the API already executed is answered from its record instead of being executed again.
 * GETs change nothing and are retried as they are.
 */
import { ApiError, NetworkError, TimeoutError, type RequestDescription } from './errors.js'
import { parseRetryAfter, type AttemptOutcome, type RetryPolicy } from './retry.js'

/**
 * `path` is appended to the base URL (`/customers` → `https://api.mollie.com/v2/customers`). With `fromRoot` it is
 * appended to the base URL's parent instead, the server's root, for Clientele's own helpers that live beside `/v2`
 * (`/_clientele/…` → `http://127.0.0.1:8080/_clientele/…`; behind a proxy that serves `/v2` under a path, beside it).
 */
export type ApiRequest =
  | { method: 'GET'; path: string; fromRoot?: boolean; signal?: AbortSignal }
  | {
      method: 'POST' | 'PATCH' | 'DELETE'
      path: string
      fromRoot?: boolean
      /** Sent as JSON; none at all when undefined. */
      body?: Record<string, unknown>
      idempotencyKey: string
      signal?: AbortSignal
    }

/** A 2xx response, read to the end. */
export interface ApiResponse {
  status: number
  body: string
  headers: Headers
  request: RequestDescription
}

export interface TransportOptions {
  /** Absolute, without a trailing slash, e.g. `https://api.mollie.com/v2`. */
  baseUrl: string
  token: string
  fetch: typeof fetch
  timeoutMs: number
  retry: RetryPolicy
}

interface Received {
  status: number
  statusText: string
  headers: Headers
  body: string
}

const HAL_JSON = 'application/hal+json'

export class Transport {
  readonly baseUrl: string
  /** The base URL without its last path segment (the API version): where `fromRoot` paths go. */
  readonly rootUrl: string
  readonly #options: TransportOptions

  constructor(options: TransportOptions) {
    this.baseUrl = options.baseUrl
    this.rootUrl = options.baseUrl.replace(/\/[^/]*$/, '')
    this.#options = options
  }

  /** Resolves with a 2xx response; rejects with ApiError, NetworkError or TimeoutError, or the abort reason. */
  async send(request: ApiRequest): Promise<ApiResponse> {
    const url = `${request.fromRoot ? this.rootUrl : this.baseUrl}${request.path}`
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.#options.token}`,
      accept: HAL_JSON,
    }
    let body: string | undefined
    let description: RequestDescription = { method: request.method, url }
    if (request.method !== 'GET') {
      headers['idempotency-key'] = request.idempotencyKey
      description = { ...description, idempotencyKey: request.idempotencyKey }
      if (request.body !== undefined) {
        headers['content-type'] = 'application/json'
        body = JSON.stringify(request.body)
      }
    }
    const init: RequestInit = { method: request.method, headers, body, redirect: 'manual' }
    const { retry } = this.#options

    for (let attempt = 1; ; attempt++) {
      let outcome: AttemptOutcome
      let failure: Error
      try {
        const received = await this.#attempt(init, description, request.signal)
        if (received.status >= 200 && received.status < 300) {
          return { status: received.status, body: received.body, headers: received.headers, request: description }
        }
        const retryAfterMs = parseRetryAfter(received.headers.get('retry-after'), Date.now())
        outcome = { kind: 'status', status: received.status, retryAfterMs }
        failure = new ApiError({ ...received, retryAfterMs }, description)
      } catch (error) {
        if (!(error instanceof NetworkError)) throw error
        outcome = { kind: 'network' }
        failure = error
      }
      const delay = retry.delayAfter(attempt, outcome)
      if (delay === undefined) throw failure
      await retry.sleep(delay, request.signal)
    }
  }

  /** One request, its body read to the end within `timeoutMs`. A caller's abort is passed through untouched. */
  async #attempt(init: RequestInit, description: RequestDescription, signal: AbortSignal | undefined): Promise<Received> {
    signal?.throwIfAborted()
    const { timeoutMs } = this.#options
    const controller = new AbortController()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, timeoutMs)
    const forwardAbort = () => controller.abort(signal!.reason)
    signal?.addEventListener('abort', forwardAbort, { once: true })
    try {
      const response = await this.#options.fetch(description.url, { ...init, signal: controller.signal })
      // The body is read under the same timer: a connection that stalls or drops mid-body is a network failure too.
      const body = await response.text()
      return { status: response.status, statusText: response.statusText, headers: response.headers, body }
    } catch (error) {
      if (signal?.aborted) throw signal.reason
      if (timedOut) throw new TimeoutError(timeoutMs, description)
      throw new NetworkError(`${description.method} ${description.url} failed: ${rootCause(error)}`, description, {
        cause: error,
      })
    } finally {
      clearTimeout(timer)
      signal?.removeEventListener('abort', forwardAbort)
    }
  }
}

/** The innermost reason fetch gives (`connect ECONNREFUSED 127.0.0.1:9`, `other side closed`), not `fetch failed`. */
function rootCause(error: unknown): string {
  let current = error
  while (current instanceof Error && current.cause instanceof Error) current = current.cause
  if (!(current instanceof Error)) return String(current)
  const code = (current as { code?: unknown }).code
  return typeof code === 'string' && !current.message.includes(code) ? `${current.message} (${code})` : current.message
}
