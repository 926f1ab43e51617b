/**
 * The Payments API: `payments.create`, `get`, `update`, `cancel`, `list` and `iterate`; a customer's payments
 * (`createForCustomer`, `listForCustomer`, `iterateForCustomer`); and Clientele's test helper `setStatus`, which
 * lives beside `/v2` (`/_clientele/payments/{id}/status`). As CustomersApi: one call through the Transport each,
 * the wire object validated; testmode in the query on GET, in the body otherwise.
 */
import { LIST_LIMIT_MAX } from '../http/schemas.js'
import type { RequestOptions, WriteOptions } from './customers-api.js'
import type { Payment, PaymentChanges, PaymentFields, PaymentList, PaymentListItem, PaymentStatusChange, Url } from './schemas.js'
import type { Transport } from './transport.js'
import { responseChecks, validateResponse } from './validation.js'
import { queryString, testmodeBody } from './testmode.js'

/**
 * `from` (a payment id; the page starts at it), `limit` (1–250, default 50), `sort` (`desc` by default), `profileId`
 * (with API keys, the key's profile; another profile's list is empty).
 */
export interface PaymentListParams {
  from?: string
  limit?: number
  sort?: 'asc' | 'desc'
  profileId?: string
}

export interface PaymentGetOptions extends RequestOptions {
  /** Accepted by Clientele, which has no QR codes or gift-card remainders to add. */
  include?: 'details.qrCode' | 'details.remainderDetails'
  /** Accepted by Clientele, which has no captures, refunds or chargebacks to embed. */
  embed?: 'captures' | 'refunds' | 'chargebacks'
}

/** A page of payments: the wire object, with `payments`, `next()` and `previous()` attached (not enumerable). */
export type PaymentPage = PaymentList & {
  /** The payments on this page (`_embedded.payments`). */
  readonly payments: PaymentListItem[]
  /** The following page, or undefined on the last one. */
  next(options?: RequestOptions): Promise<PaymentPage | undefined>
  /** The page before, or undefined on the first one. */
  previous(options?: RequestOptions): Promise<PaymentPage | undefined>
}

export class PaymentsApi {
  readonly #transport: Transport
  readonly #testmode: boolean | undefined

  constructor(transport: Transport, testmode: boolean | undefined) {
    this.#transport = transport
    this.#testmode = testmode
  }

  /** Creates a payment (201); send the customer to its `_links.checkout`. */
  async create(data: PaymentFields, options: WriteOptions = {}): Promise<Payment> {
    return this.#write('POST', '/payments', data, options)
  }

  /**
   * Creates a payment for the customer (201): as create with `customerId`. A `first` payment that is paid gives the
   * customer a mandate; a `recurring` one is charged on it. An ApiError of status 404 when there is no such customer.
   */
  async createForCustomer(customerId: string, data: PaymentFields, options: WriteOptions = {}): Promise<Payment> {
    return this.#write('POST', customerPaymentsPath(customerId), data, options)
  }

  /** Fetches a payment; rejects with an ApiError of status 404 when there is none. */
  async get(id: string, options: PaymentGetOptions = {}): Promise<Payment> {
    const query = this.#query([
      ['include', options.include],
      ['embed', options.embed],
    ])
    const response = await this.#transport.send({ method: 'GET', path: `${paymentPath(id)}${query}`, signal: options.signal })
    return validateResponse(responseChecks.payment, response)
  }

  /**
   * Changes the fields given: an omitted field stays as it is, `null` clears it. Once the payment is final only
   * `description`, `metadata` and `webhookUrl` can change (else an ApiError of status 422). Answers the whole payment.
   */
  async update(id: string, data: PaymentChanges, options: WriteOptions = {}): Promise<Payment> {
    return this.#write('PATCH', paymentPath(id), data, options)
  }

  /** Cancels a payment whose `isCancelable` is true and answers it; otherwise an ApiError of status 422. */
  async cancel(id: string, options: WriteOptions = {}): Promise<Payment> {
    const testmode = this.#testmodeBody()
    const response = await this.#transport.send({
      method: 'DELETE',
      path: paymentPath(id),
      body: Object.keys(testmode).length > 0 ? testmode : undefined,
      idempotencyKey: options.idempotencyKey ?? crypto.randomUUID(),
      signal: options.signal,
    })
    return validateResponse(responseChecks.payment, response)
  }

  /** One page of payments, newest first unless `sort: 'asc'`. */
  async list(params: PaymentListParams = {}, options: RequestOptions = {}): Promise<PaymentPage> {
    return this.#page('/payments', `/payments${this.#listQuery(params)}`, options)
  }

  /** Every payment from `params.from` on, page after page (250 per page by default), fetched as the loop reaches them. */
  iterate(params: PaymentListParams = {}, options: RequestOptions = {}): AsyncGenerator<PaymentListItem, void, undefined> {
    return walk(() => this.list({ limit: LIST_LIMIT_MAX, ...params }, options), options)
  }

  /** One page of the customer's payments, newest first unless `sort: 'asc'`; 404 when there is no such customer. */
  async listForCustomer(customerId: string, params: PaymentListParams = {}, options: RequestOptions = {}): Promise<PaymentPage> {
    const path = customerPaymentsPath(customerId)
    return this.#page(path, `${path}${this.#listQuery(params)}`, options)
  }

  /** Every payment of the customer from `params.from` on, page after page, fetched as the loop reaches them. */
  iterateForCustomer(
    customerId: string,
    params: PaymentListParams = {},
    options: RequestOptions = {},
  ): AsyncGenerator<PaymentListItem, void, undefined> {
    return walk(() => this.listForCustomer(customerId, { limit: LIST_LIMIT_MAX, ...params }, options), options)
  }

  /** One page of the payments a subscription made, newest first unless `sort: 'asc'`; 404 when there is no such subscription. */
  async listForSubscription(customerId: string, subscriptionId: string, params: PaymentListParams = {}, options: RequestOptions = {}): Promise<PaymentPage> {
    if (typeof subscriptionId !== 'string' || subscriptionId === '') throw new TypeError('A subscription id is required, e.g. sub_rVKGtNd6s3.')
    const path = `${customerPaymentsPath(customerId).replace(/\/payments$/, '')}/subscriptions/${encodeURIComponent(subscriptionId)}/payments`
    return this.#page(path, `${path}${this.#listQuery(params)}`, options)
  }

  /** Every payment of the subscription from `params.from` on, page after page. */
  iterateForSubscription(
    customerId: string,
    subscriptionId: string,
    params: PaymentListParams = {},
    options: RequestOptions = {},
  ): AsyncGenerator<PaymentListItem, void, undefined> {
    return walk(() => this.listForSubscription(customerId, subscriptionId, { limit: LIST_LIMIT_MAX, ...params }, options), options)
  }

  /**
   * Clientele only (`POST /_clientele/payments/{id}/status`, beside `/v2`): sets a test-mode payment's outcome as
   * the checkout page would, webhook and first-payment mandate included, and answers the payment. A change Mollie's
   * status machine forbids is an ApiError of status 422; a live payment, 404. `method` picks the method of a payment
   * without one. Like every write, it carries an Idempotency-Key that its retries share.
   */
  async setStatus(id: string, change: PaymentStatusChange, options: WriteOptions = {}): Promise<Payment> {
    if (typeof id !== 'string' || id === '') throw new TypeError('A payment id is required, e.g. tr_5B8cwPMGnU.')
    const response = await this.#transport.send({
      method: 'POST',
      path: `/_clientele/payments/${encodeURIComponent(id)}/status`,
      fromRoot: true,
      body: { ...change, ...this.#testmodeBody() },
      idempotencyKey: options.idempotencyKey ?? crypto.randomUUID(),
      signal: options.signal,
    })
    return validateResponse(responseChecks.payment, response)
  }

  async #write(method: 'POST' | 'PATCH', path: string, data: object, options: WriteOptions): Promise<Payment> {
    const response = await this.#transport.send({
      method,
      path,
      body: { ...data, ...this.#testmodeBody() },
      idempotencyKey: options.idempotencyKey ?? crypto.randomUUID(),
      signal: options.signal,
    })
    return validateResponse(responseChecks.payment, response)
  }

  #listQuery(params: PaymentListParams): string {
    return this.#query([
      ['from', params.from],
      ['limit', params.limit],
      ['sort', params.sort],
      ['profileId', params.profileId],
    ])
  }

  /** `listPath`: the list's own path (`/payments`, or the customer's), where its `next`/`previous` links lead. */
  async #page(listPath: string, pathAndQuery: string, options: RequestOptions): Promise<PaymentPage> {
    const response = await this.#transport.send({ method: 'GET', path: pathAndQuery, signal: options.signal })
    const list = validateResponse(responseChecks.paymentList, response)
    const follow = (link: Url | null) => (pageOptions: RequestOptions = {}) =>
      link ? this.#page(listPath, this.#linkedPage(listPath, link.href), pageOptions) : Promise.resolve(undefined)
    return Object.defineProperties(list, {
      payments: { value: list._embedded.payments },
      next: { value: follow(list._links.next) },
      previous: { value: follow(list._links.previous) },
    }) as PaymentPage
  }

  /** Only the link's query is used: the request goes to this client's own base URL (see CustomersApi). */
  #linkedPage(listPath: string, href: string): string {
    const search = new URL(href, `${this.#transport.baseUrl}/`).searchParams
    if (this.#testmode !== undefined && !search.has('testmode')) search.set('testmode', String(this.#testmode))
    const query = search.toString()
    return query ? `${listPath}?${query}` : listPath
  }

  #query(entries: [string, string | number | undefined][]): string {
    return queryString(entries, this.#testmode)
  }

  #testmodeBody(): Record<string, boolean> {
    return testmodeBody(this.#testmode)
  }
}

/** The items of the first page and of every page after it, each fetched when the loop reaches it. */
async function* walk(first: () => Promise<PaymentPage>, options: RequestOptions): AsyncGenerator<PaymentListItem, void, undefined> {
  let page: PaymentPage | undefined = await first()
  while (page) {
    yield* page.payments
    page = await page.next(options)
  }
}

function paymentPath(id: string): string {
  if (typeof id !== 'string' || id === '') throw new TypeError('A payment id is required, e.g. tr_5B8cwPMGnU.')
  return `/payments/${encodeURIComponent(id)}`
}

function customerPaymentsPath(customerId: string): string {
  if (typeof customerId !== 'string' || customerId === '') throw new TypeError('A customer id is required, e.g. cst_8wmqcHMN4U.')
  return `/customers/${encodeURIComponent(customerId)}/payments`
}
