/**
 * The Subscriptions API: a customer's subscriptions (`subscriptions.create(customerId, …)`, `get`, `update`, `cancel`,
 * `list`, `iterate`), every customer's (`listAll`, `iterateAll`), and a subscription's payments (`listPayments`,
 * `iteratePayments`). As CustomersApi: one call through the Transport each, the wire object validated; testmode in
 * the query on GET, in the body otherwise.
 */
import { LIST_LIMIT_MAX } from '../http/schemas.js'
import type { RequestOptions, WriteOptions } from './customers-api.js'
import type { PaymentListParams, PaymentPage, PaymentsApi } from './payments-api.js'
import type { PaymentListItem, Subscription, SubscriptionChanges, SubscriptionFields, SubscriptionList, SubscriptionListItem, Url } from './schemas.js'
import type { Transport } from './transport.js'
import { responseChecks, validateResponse } from './validation.js'
import { queryString, testmodeBody } from './testmode.js'

/** `from` (a subscription id; the page starts at it), `limit` (1–250, default 50), `sort` (`desc` by default). */
export interface SubscriptionListParams {
  from?: string
  limit?: number
  sort?: 'asc' | 'desc'
}

/** list-all-subscriptions takes no `sort`; `profileId`: another profile's list is empty. */
export interface AllSubscriptionsListParams {
  from?: string
  limit?: number
  profileId?: string
}

/** A page of subscriptions: the wire object, with `subscriptions`, `next()` and `previous()` attached (not enumerable). */
export type SubscriptionPage = SubscriptionList & {
  readonly subscriptions: SubscriptionListItem[]
  next(options?: RequestOptions): Promise<SubscriptionPage | undefined>
  previous(options?: RequestOptions): Promise<SubscriptionPage | undefined>
}

export class SubscriptionsApi {
  readonly #transport: Transport
  readonly #testmode: boolean | undefined
  readonly #payments: PaymentsApi

  constructor(transport: Transport, testmode: boolean | undefined, payments: PaymentsApi) {
    this.#transport = transport
    this.#testmode = testmode
    this.#payments = payments
  }

  /** Creates a subscription charged on a valid mandate of the customer (201); 422 when it has none that fits. */
  create(customerId: string, data: SubscriptionFields, options: WriteOptions = {}): Promise<Subscription> {
    return this.#write('POST', subscriptionsPath(customerId), data, options)
  }

  /** Fetches a subscription; an ApiError of status 404 when there is none. */
  async get(customerId: string, id: string, options: RequestOptions = {}): Promise<Subscription> {
    const response = await this.#transport.send({
      method: 'GET',
      path: `${subscriptionPath(customerId, id)}${queryString([], this.#testmode)}`,
      signal: options.signal,
    })
    return validateResponse(responseChecks.subscription, response)
  }

  /** Changes the fields given (a field left out stays); a canceled or completed subscription is a 422. */
  update(customerId: string, id: string, changes: SubscriptionChanges, options: WriteOptions = {}): Promise<Subscription> {
    return this.#write('PATCH', subscriptionPath(customerId, id), changes, options)
  }

  /** Cancels the subscription and answers it, `canceled`; the customer's mandates stay. */
  cancel(customerId: string, id: string, options: WriteOptions = {}): Promise<Subscription> {
    return this.#write('DELETE', subscriptionPath(customerId, id), {}, options)
  }

  /** One page of the customer's subscriptions, newest first unless `sort: 'asc'`. */
  list(customerId: string, params: SubscriptionListParams = {}, options: RequestOptions = {}): Promise<SubscriptionPage> {
    const path = subscriptionsPath(customerId)
    const query = queryString([['from', params.from], ['limit', params.limit], ['sort', params.sort]], this.#testmode)
    return this.#page(path, `${path}${query}`, options)
  }

  /** Every subscription of the customer from `params.from` on, page after page. */
  iterate(customerId: string, params: SubscriptionListParams = {}, options: RequestOptions = {}): AsyncGenerator<SubscriptionListItem, void, undefined> {
    return walk(() => this.list(customerId, { limit: LIST_LIMIT_MAX, ...params }, options), options)
  }

  /** One page of every customer's subscriptions, newest first. */
  listAll(params: AllSubscriptionsListParams = {}, options: RequestOptions = {}): Promise<SubscriptionPage> {
    const query = queryString([['from', params.from], ['limit', params.limit], ['profileId', params.profileId]], this.#testmode)
    return this.#page('/subscriptions', `/subscriptions${query}`, options)
  }

  iterateAll(params: AllSubscriptionsListParams = {}, options: RequestOptions = {}): AsyncGenerator<SubscriptionListItem, void, undefined> {
    return walk(() => this.listAll({ limit: LIST_LIMIT_MAX, ...params }, options), options)
  }

  /** One page of the payments the subscription made (list-subscription-payments). */
  listPayments(customerId: string, id: string, params: PaymentListParams = {}, options: RequestOptions = {}): Promise<PaymentPage> {
    return this.#payments.listForSubscription(customerId, id, params, options)
  }

  iteratePayments(customerId: string, id: string, params: PaymentListParams = {}, options: RequestOptions = {}): AsyncGenerator<PaymentListItem, void, undefined> {
    return this.#payments.iterateForSubscription(customerId, id, params, options)
  }

  async #write(method: 'POST' | 'PATCH' | 'DELETE', path: string, data: object, options: WriteOptions): Promise<Subscription> {
    const body = { ...data, ...testmodeBody(this.#testmode) }
    const response = await this.#transport.send({
      method,
      path,
      body: method === 'DELETE' && Object.keys(body).length === 0 ? undefined : body,
      idempotencyKey: options.idempotencyKey ?? crypto.randomUUID(),
      signal: options.signal,
    })
    return validateResponse(responseChecks.subscription, response)
  }

  /** `listPath`: the list's own path, where its `next`/`previous` links lead. */
  async #page(listPath: string, pathAndQuery: string, options: RequestOptions): Promise<SubscriptionPage> {
    const response = await this.#transport.send({ method: 'GET', path: pathAndQuery, signal: options.signal })
    const list = validateResponse(responseChecks.subscriptionList, response)
    const follow = (link: Url | null) => (pageOptions: RequestOptions = {}) =>
      link ? this.#page(listPath, this.#linkedPage(listPath, link.href), pageOptions) : Promise.resolve(undefined)
    return Object.defineProperties(list, {
      subscriptions: { value: list._embedded.subscriptions },
      next: { value: follow(list._links.next) },
      previous: { value: follow(list._links.previous) },
    }) as SubscriptionPage
  }

  /** Only the link's query is used: the request goes to this client's own base URL (see CustomersApi). */
  #linkedPage(listPath: string, href: string): string {
    const search = new URL(href, `${this.#transport.baseUrl}/`).searchParams
    if (this.#testmode !== undefined && !search.has('testmode')) search.set('testmode', String(this.#testmode))
    const query = search.toString()
    return query ? `${listPath}?${query}` : listPath
  }
}

async function* walk(first: () => Promise<SubscriptionPage>, options: RequestOptions): AsyncGenerator<SubscriptionListItem, void, undefined> {
  let page: SubscriptionPage | undefined = await first()
  while (page) {
    yield* page.subscriptions
    page = await page.next(options)
  }
}

function subscriptionsPath(customerId: string): string {
  if (typeof customerId !== 'string' || customerId === '') throw new TypeError('A customer id is required, e.g. cst_8wmqcHMN4U.')
  return `/customers/${encodeURIComponent(customerId)}/subscriptions`
}

function subscriptionPath(customerId: string, id: string): string {
  if (typeof id !== 'string' || id === '') throw new TypeError('A subscription id is required, e.g. sub_rVKGtNd6s3.')
  return `${subscriptionsPath(customerId)}/${encodeURIComponent(id)}`
}
