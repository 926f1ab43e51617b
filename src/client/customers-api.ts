/**
 * The five operations of the Customers API, plus walking the list. Each method sends one call through the
 * Transport and returns the validated wire object.
 */
import { LIST_LIMIT_MAX, type ListCustomersQuery } from '../http/schemas.js'
import type { Customer, CustomerFields, CustomerList, CustomerListItem, CustomerWithEvents, Url } from './schemas.js'
import type { Transport } from './transport.js'
import { responseChecks, validateResponse } from './validation.js'
import { queryString, testmodeBody } from './testmode.js'

export interface RequestOptions {
  /** Aborts the call, retries included; it then rejects with the signal's reason. */
  signal?: AbortSignal
}

export interface WriteOptions extends RequestOptions {
  /**
   * The Idempotency-Key to send, for repeating a write across processes (e.g. after a crash). Default: a new
   * UUID v4 per call, which its retries share.
   */
  idempotencyKey?: string
}

export interface GetOptions extends RequestOptions {
  /** `'events'` adds the customer's history as `events`. */
  include?: 'events'
}

/** `from` (a customer id; the page starts at it), `limit` (1–250, default 50), `sort` (`desc` by default). */
export type ListParams = Omit<ListCustomersQuery, 'testmode'>

/**
 * A page of customers: the wire object (`count`, `_embedded`, `_links`, exactly as received), with
 * `customers`, `next()` and `previous()` attached as non-enumerable properties, so that logging or
 * serializing a page shows what the API sent.
 */
export type CustomerPage = CustomerList & {
  /** The customers on this page (`_embedded.customers`). */
  readonly customers: CustomerListItem[]
  /** The following page, or undefined on the last one. */
  next(options?: RequestOptions): Promise<CustomerPage | undefined>
  /** The page before, or undefined on the first one. */
  previous(options?: RequestOptions): Promise<CustomerPage | undefined>
}

export class CustomersApi {
  readonly #transport: Transport
  readonly #testmode: boolean | undefined

  /**
   * @param testmode sent with every call when defined (access tokens only): in the query on GET, in the body
   * otherwise, as Mollie takes it.
   */
  constructor(transport: Transport, testmode: boolean | undefined) {
    this.#transport = transport
    this.#testmode = testmode
  }

  /** Creates a customer (201). Every field is optional. */
  async create(data: CustomerFields = {}, options: WriteOptions = {}): Promise<Customer> {
    const response = await this.#transport.send({
      method: 'POST',
      path: '/customers',
      body: { ...data, ...this.#testmodeBody() },
      idempotencyKey: options.idempotencyKey ?? crypto.randomUUID(),
      signal: options.signal,
    })
    return validateResponse(responseChecks.customer, response)
  }

  /** Fetches a customer; rejects with an ApiError of status 404 when there is none. */
  get(id: string, options: GetOptions & { include: 'events' }): Promise<CustomerWithEvents>
  get(id: string, options?: GetOptions): Promise<Customer>
  async get(id: string, options: GetOptions = {}): Promise<Customer> {
    const query = this.#query([['include', options.include]])
    const response = await this.#transport.send({
      method: 'GET',
      path: `${customerPath(id)}${query}`,
      signal: options.signal,
    })
    const check = options.include === 'events' ? responseChecks.customerWithEvents : responseChecks.customer
    return validateResponse(check, response)
  }

  /** Changes the fields given: an omitted field stays as it is, `null` clears it. Answers the whole customer. */
  async update(id: string, data: CustomerFields, options: WriteOptions = {}): Promise<Customer> {
    const response = await this.#transport.send({
      method: 'PATCH',
      path: customerPath(id),
      body: { ...data, ...this.#testmodeBody() },
      idempotencyKey: options.idempotencyKey ?? crypto.randomUUID(),
      signal: options.signal,
    })
    return validateResponse(responseChecks.customer, response)
  }

  /** Deletes a customer (204). Its id then answers 404. */
  async delete(id: string, options: WriteOptions = {}): Promise<void> {
    const testmode = this.#testmodeBody()
    await this.#transport.send({
      method: 'DELETE',
      path: customerPath(id),
      body: Object.keys(testmode).length > 0 ? testmode : undefined,
      idempotencyKey: options.idempotencyKey ?? crypto.randomUUID(),
      signal: options.signal,
    })
  }

  /** One page of customers, newest first unless `sort: 'asc'`. */
  async list(params: ListParams = {}, options: RequestOptions = {}): Promise<CustomerPage> {
    const query = this.#query([
      ['from', params.from],
      ['limit', params.limit],
      ['sort', params.sort],
    ])
    return this.#page(`/customers${query}`, options)
  }

  /**
   * Every customer from `params.from` on, page after page, as one async iterator; pages are fetched as the
   * loop reaches them, and breaking out stops fetching. `limit` is the page size, by default the largest the
   * API allows, which makes the fewest calls.
   */
  async *iterate(params: ListParams = {}, options: RequestOptions = {}): AsyncGenerator<CustomerListItem, void, undefined> {
    let page: CustomerPage | undefined = await this.list({ limit: LIST_LIMIT_MAX, ...params }, options)
    while (page) {
      yield* page.customers
      page = await page.next(options)
    }
  }

  async #page(pathAndQuery: string, options: RequestOptions): Promise<CustomerPage> {
    const response = await this.#transport.send({ method: 'GET', path: pathAndQuery, signal: options.signal })
    const list = validateResponse(responseChecks.customerList, response)
    const follow = (link: Url | null) => (pageOptions: RequestOptions = {}) =>
      link ? this.#page(this.#linkedPage(link.href), pageOptions) : Promise.resolve(undefined)
    return Object.defineProperties(list, {
      customers: { value: list._embedded.customers },
      next: { value: follow(list._links.next) },
      previous: { value: follow(list._links.previous) },
    }) as CustomerPage
  }

  /**
   * The list request a `next`/`previous` link stands for. Only the link's query is used; the request goes to
   * this client's own base URL, so the token is never sent to a host named in a response.
   */
  #linkedPage(href: string): string {
    const search = new URL(href, `${this.#transport.baseUrl}/`).searchParams
    // Clientele repeats `testmode` in its links; should a server not, the page must stay in the same mode.
    if (this.#testmode !== undefined && !search.has('testmode')) search.set('testmode', String(this.#testmode))
    const query = search.toString()
    return query ? `/customers?${query}` : '/customers'
  }

  #query(entries: [string, string | number | undefined][]): string {
    return queryString(entries, this.#testmode)
  }

  #testmodeBody(): Record<string, boolean> {
    return testmodeBody(this.#testmode)
  }
}

function customerPath(id: string): string {
  if (typeof id !== 'string' || id === '') throw new TypeError('A customer id is required, e.g. cst_8wmqcHMN4U.')
  return `/customers/${encodeURIComponent(id)}`
}
