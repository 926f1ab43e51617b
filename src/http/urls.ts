/**
 * The API's URLs: every absolute URL Clientele emits (`_links`, list pages, documentation links, the checkout, the
 * dashboard pages the API links to) is built here, from the externally visible base. Both official clients follow
 * hrefs as given, host included. That base is PUBLIC_URL when set; otherwise the origin the server listens on,
 * known only once it listens (port 0 takes any free port), so it is read at the first use, not when the app is
 * built. Link objects that never vary are built once, at that first use, not per request.
 */
import { TEXT_HTML, type Url } from './schemas.js'

/** The operations of the API; each has an anchor of this name on the docs page. */
export const OPERATIONS = [
  'create-customer',
  'list-customers',
  'get-customer',
  'update-customer',
  'delete-customer',
  'create-mandate',
  'list-mandates',
  'get-mandate',
  'revoke-mandate',
  'create-payment',
  'list-payments',
  'get-payment',
  'update-payment',
  'cancel-payment',
  'create-customer-payment',
  'list-customer-payments',
  'change-payment-status',
  'get-test-clock',
  'advance-test-clock',
  'create-subscription',
  'list-subscriptions',
  'get-subscription',
  'update-subscription',
  'cancel-subscription',
  'list-all-subscriptions',
  'list-subscription-payments',
] as const
export type OperationId = (typeof OPERATIONS)[number]

/** Query parameters of a list URL, in their order; undefined ones are left out. */
export type UrlQuery = Record<string, string | number | boolean | undefined>

/**
 * The externally visible base URL without `/v2`: a fixed URL (PUBLIC_URL), or a function giving the listening
 * origin (a URL at the root), called once, at the first URL built.
 */
export type PublicUrl = string | (() => string)

export interface Urls {
  /** The path of the public base URL, without a trailing slash (`''` at the root, `/clientele` under a path): known at once. */
  readonly basePath: string
  /** The API's base URL, `…/v2`. */
  readonly apiBase: string
  /** The dashboard's URL, `…/dashboard`. */
  readonly dashboardBase: string
  /** The documentation link of every error body. */
  readonly errorDocumentation: Url
  /** The documentation link of an operation (its anchor on the docs page). */
  documentation(operation: OperationId): Url
  customerUrl(id: string): string
  /** The customer list with these query parameters, in this order. */
  customerListUrl(query: UrlQuery): string
  /** The customer's page in the dashboard. */
  customerDashboardUrl(id: string): string
  mandateUrl(customerId: string, id: string): string
  /** A customer's mandate list with these query parameters, in this order. */
  mandateListUrl(customerId: string, query?: UrlQuery): string
  paymentUrl(id: string): string
  /** The payment list (a customer's, with `customerId`) with these query parameters, in this order. */
  paymentListUrl(query: UrlQuery, customerId?: string): string
  /** A customer's subscription. */
  subscriptionUrl(customerId: string, id: string): string
  /** A customer's subscription list, or (without `customerId`) the tenant's, with these query parameters. */
  subscriptionListUrl(query: UrlQuery, customerId?: string): string
  /** A subscription's payment list with these query parameters. */
  subscriptionPaymentListUrl(customerId: string, id: string, query?: UrlQuery): string
  /** The organization's website profile (`_links.profile`; Clientele serves no Profiles API). */
  profileUrl(profileId: string): string
  /** The checkout page of a payment (and, for test-mode recurring payments, its changePaymentState page). */
  checkoutUrl(paymentId: string): string
  /** The payment's page in the dashboard. */
  paymentDashboardUrl(paymentId: string): string
}

function withQuery(url: string, query: UrlQuery): string {
  const search = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) search.append(name, String(value))
  }
  const text = search.toString()
  return text ? `${url}?${text}` : url
}

interface Bases {
  base: string
  apiBase: string
  docs: Map<OperationId, Url>
  errorDocumentation: Url
}

function basesOf(publicUrl: string): Bases {
  const base = publicUrl.replace(/\/+$/, '')
  return {
    base,
    apiBase: `${base}/v2`,
    docs: new Map(OPERATIONS.map((operation) => [operation, { href: `${base}/docs#${operation}`, type: TEXT_HTML }] as const)),
    errorDocumentation: { href: `${base}/docs#errors`, type: TEXT_HTML },
  }
}

export function createUrls(publicUrl: PublicUrl): Urls {
  let bases: Bases | undefined = typeof publicUrl === 'string' ? basesOf(publicUrl) : undefined
  const at = (): Bases => (bases ??= basesOf((publicUrl as () => string)()))
  const basePath = typeof publicUrl === 'string' ? new URL(publicUrl).pathname.replace(/\/+$/, '') : ''
  const customerUrl = (id: string) => `${at().apiBase}/customers/${id}`
  const mandateListUrl = (customerId: string) => `${customerUrl(customerId)}/mandates`
  return {
    basePath,
    get apiBase() {
      return at().apiBase
    },
    get dashboardBase() {
      return `${at().base}/dashboard`
    },
    get errorDocumentation() {
      return at().errorDocumentation
    },
    documentation: (operation) => at().docs.get(operation)!,
    customerUrl,
    customerListUrl: (query) => withQuery(`${at().apiBase}/customers`, query),
    customerDashboardUrl: (id) => `${at().base}/dashboard/customers/${id}`,
    mandateUrl: (customerId, id) => `${mandateListUrl(customerId)}/${id}`,
    mandateListUrl: (customerId, query = {}) => withQuery(mandateListUrl(customerId), query),
    paymentUrl: (id) => `${at().apiBase}/payments/${id}`,
    paymentListUrl: (query, customerId) =>
      withQuery(customerId === undefined ? `${at().apiBase}/payments` : `${customerUrl(customerId)}/payments`, query),
    subscriptionUrl: (customerId, id) => `${customerUrl(customerId)}/subscriptions/${id}`,
    subscriptionListUrl: (query, customerId) =>
      withQuery(customerId === undefined ? `${at().apiBase}/subscriptions` : `${customerUrl(customerId)}/subscriptions`, query),
    subscriptionPaymentListUrl: (customerId, id, query = {}) => withQuery(`${customerUrl(customerId)}/subscriptions/${id}/payments`, query),
    profileUrl: (profileId) => `${at().apiBase}/profiles/${profileId}`,
    checkoutUrl: (id) => `${at().base}/checkout/${id}`,
    paymentDashboardUrl: (id) => `${at().base}/dashboard/payments/${id}`,
  }
}
