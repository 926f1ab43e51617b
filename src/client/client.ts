/**
 * createClient: options checked once, up front, with messages that say what to pass instead, so that a
 * misconfigured client fails where it is made, not on its first request.
 */
import { ClockApi } from './clock-api.js'
import { CustomersApi } from './customers-api.js'
import { MandatesApi } from './mandates-api.js'
import { PaymentsApi } from './payments-api.js'
import { SubscriptionsApi } from './subscriptions-api.js'
import { DEFAULT_RETRIES, RetryPolicy, type BackoffOptions } from './retry.js'
import { Transport } from './transport.js'

export const DEFAULT_BASE_URL = 'https://api.mollie.com/v2'
export const DEFAULT_TIMEOUT_MS = 30_000

interface CommonOptions {
  /** The API's base URL, version path included. Default `https://api.mollie.com/v2`. */
  baseUrl?: string
  /** The fetch to use. Default: the global fetch. */
  fetch?: typeof fetch
  /** How long one attempt may take, response body included. Default 30,000 ms. */
  timeoutMs?: number
  /** How many times a call is retried after a network error, a timeout, 429 or 5xx. Default 3. */
  retries?: number
  /** How long to wait between attempts. */
  backoff?: BackoffOptions
}

export type ClientOptions = CommonOptions &
  (
    | {
        /** A `test_` or `live_` API key; its prefix fixes the mode. */
        apiKey: string
        accessToken?: never
        testmode?: never
      }
    | {
        /** An organization access token (`access_…`, or an OAuth token). */
        accessToken: string
        apiKey?: never
        /** `true` acts in test mode; sent with every call. Left out, the API acts in live mode. */
        testmode?: boolean
      }
  )

export interface Client {
  /** create, get, update, delete, list and iterate. */
  readonly customers: CustomersApi
  /** A customer's mandates: create, get, revoke, list and iterate, each taking the customer id first. */
  readonly mandates: MandatesApi
  /**
   * create, get, update, cancel, list and iterate; a customer's (createForCustomer, listForCustomer,
   * iterateForCustomer); and Clientele's setStatus.
   */
  readonly payments: PaymentsApi
  /** Clientele's test clock (test mode only): get, and advance({ to } | { by }). */
  readonly clock: ClockApi
  /** A customer's subscriptions (create, get, update, cancel, list, iterate), every customer's (listAll), their payments. */
  readonly subscriptions: SubscriptionsApi
}

export function createClient(options: ClientOptions): Client {
  const token = credentialOf(options)
  const testmode = (options as { testmode?: unknown }).testmode
  if (testmode !== undefined) {
    if (options.apiKey !== undefined) {
      throw new TypeError(
        'testmode is for access tokens only: an API key works in the mode of its prefix (test_ or live_). ' +
          'Leave testmode out, or use a test_ key.',
      )
    }
    if (typeof testmode !== 'boolean') throw new TypeError('testmode must be true or false.')
  }
  const fetchImplementation = options.fetch ?? globalThis.fetch
  if (typeof fetchImplementation !== 'function') {
    throw new TypeError('No fetch is available: run on Node.js 20 or later, or pass one as the fetch option.')
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw new TypeError('timeoutMs must be a positive number.')
  const retries = options.retries ?? DEFAULT_RETRIES
  if (!(Number.isInteger(retries) && retries >= 0)) throw new TypeError('retries must be a whole number, 0 or more.')

  const transport = new Transport({
    baseUrl: normalizeBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL),
    token,
    fetch: fetchImplementation,
    timeoutMs,
    retry: new RetryPolicy(retries, options.backoff),
  })
  const payments = new PaymentsApi(transport, testmode)
  return {
    customers: new CustomersApi(transport, testmode),
    mandates: new MandatesApi(transport, testmode),
    payments,
    subscriptions: new SubscriptionsApi(transport, testmode, payments),
    clock: new ClockApi(transport, testmode),
  }
}

function credentialOf(options: ClientOptions): string {
  const { apiKey, accessToken } = options as { apiKey?: unknown; accessToken?: unknown }
  if (apiKey !== undefined && accessToken !== undefined) {
    throw new TypeError('Pass either apiKey or accessToken, not both.')
  }
  const token = apiKey ?? accessToken
  if (typeof token !== 'string' || token.trim() === '') {
    throw new TypeError('An apiKey (test_… or live_…) or an accessToken (access_…) is required.')
  }
  if (/\s/.test(token)) throw new TypeError('The apiKey or accessToken contains whitespace; check how it was copied.')
  return token
}

/**
 * The base URL without a trailing slash. It must name the API version, because paths are appended to it
 * as they are (`/customers`): an origin alone is the most common mistake, and would only show as 404s.
 */
function normalizeBaseUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new TypeError(`baseUrl must be an absolute URL such as https://api.mollie.com/v2, not '${value}'.`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`baseUrl must be an http:// or https:// URL, not '${value}'.`)
  }
  if (url.username || url.password) {
    throw new TypeError('baseUrl must not carry credentials: pass the key as apiKey or accessToken.')
  }
  if (url.search || url.hash) throw new TypeError(`baseUrl must not carry a query or a fragment: '${value}'.`)
  const path = url.pathname.replace(/\/+$/, '')
  if (path === '') {
    throw new TypeError(`baseUrl must include the API version, e.g. '${url.origin}/v2', not '${value}'.`)
  }
  return `${url.origin}${path}`
}
