/**
 * The four operations of the Mandates API, plus walking a customer's list: `mandates.create(customerId, …)`,
 * `get`, `list`, `iterate`, `revoke`. As CustomersApi: one call through the Transport each, the wire object
 * validated; testmode in the query on GET, in the body otherwise.
 */
import { LIST_LIMIT_MAX } from '../http/schemas.js'
import type { RequestOptions, WriteOptions } from './customers-api.js'
import type { Mandate, MandateFields, MandateList, MandateListItem, Url } from './schemas.js'
import type { Transport } from './transport.js'
import { responseChecks, validateResponse } from './validation.js'
import { queryString, testmodeBody } from './testmode.js'

/** `from` (a mandate id; the page starts at it), `limit` (1–250, default 50), `sort` (`desc` by default). */
export interface MandateListParams {
  from?: string
  limit?: number
  sort?: 'asc' | 'desc'
}

/** A page of mandates: the wire object, with `mandates`, `next()` and `previous()` attached (not enumerable). */
export type MandatePage = MandateList & {
  readonly mandates: MandateListItem[]
  next(options?: RequestOptions): Promise<MandatePage | undefined>
  previous(options?: RequestOptions): Promise<MandatePage | undefined>
}

export class MandatesApi {
  readonly #transport: Transport
  readonly #testmode: boolean | undefined

  constructor(transport: Transport, testmode: boolean | undefined) {
    this.#transport = transport
    this.#testmode = testmode
  }

  /** Creates a `directdebit` or `paypal` mandate for the customer (201). */
  async create(customerId: string, data: MandateFields, options: WriteOptions = {}): Promise<Mandate> {
    const response = await this.#transport.send({
      method: 'POST',
      path: mandatesPath(customerId),
      body: { ...data, ...this.#testmodeBody() },
      idempotencyKey: options.idempotencyKey ?? crypto.randomUUID(),
      signal: options.signal,
    })
    return validateResponse(responseChecks.mandate, response)
  }

  /** Fetches a mandate; an ApiError of status 404 when there is none, 410 when it was revoked. */
  async get(customerId: string, id: string, options: RequestOptions = {}): Promise<Mandate> {
    const response = await this.#transport.send({
      method: 'GET',
      path: `${mandatePath(customerId, id)}${this.#query([])}`,
      signal: options.signal,
    })
    return validateResponse(responseChecks.mandate, response)
  }

  /** Revokes a mandate (204): it can no longer be charged, and then answers 410. */
  async revoke(customerId: string, id: string, options: WriteOptions = {}): Promise<void> {
    const testmode = this.#testmodeBody()
    await this.#transport.send({
      method: 'DELETE',
      path: mandatePath(customerId, id),
      body: Object.keys(testmode).length > 0 ? testmode : undefined,
      idempotencyKey: options.idempotencyKey ?? crypto.randomUUID(),
      signal: options.signal,
    })
  }

  /** One page of the customer's mandates (revoked ones are not listed), newest first unless `sort: 'asc'`. */
  async list(customerId: string, params: MandateListParams = {}, options: RequestOptions = {}): Promise<MandatePage> {
    const query = this.#query([
      ['from', params.from],
      ['limit', params.limit],
      ['sort', params.sort],
    ])
    return this.#page(customerId, `${mandatesPath(customerId)}${query}`, options)
  }

  /** Every mandate of the customer from `params.from` on, page after page, fetched as the loop reaches them. */
  async *iterate(
    customerId: string,
    params: MandateListParams = {},
    options: RequestOptions = {},
  ): AsyncGenerator<MandateListItem, void, undefined> {
    let page: MandatePage | undefined = await this.list(customerId, { limit: LIST_LIMIT_MAX, ...params }, options)
    while (page) {
      yield* page.mandates
      page = await page.next(options)
    }
  }

  async #page(customerId: string, pathAndQuery: string, options: RequestOptions): Promise<MandatePage> {
    const response = await this.#transport.send({ method: 'GET', path: pathAndQuery, signal: options.signal })
    const list = validateResponse(responseChecks.mandateList, response)
    const follow = (link: Url | null) => (pageOptions: RequestOptions = {}) =>
      link ? this.#page(customerId, this.#linkedPage(customerId, link.href), pageOptions) : Promise.resolve(undefined)
    return Object.defineProperties(list, {
      mandates: { value: list._embedded.mandates },
      next: { value: follow(list._links.next) },
      previous: { value: follow(list._links.previous) },
    }) as MandatePage
  }

  /** Only the link's query is used: the request goes to this client's own base URL (see CustomersApi). */
  #linkedPage(customerId: string, href: string): string {
    const search = new URL(href, `${this.#transport.baseUrl}/`).searchParams
    if (this.#testmode !== undefined && !search.has('testmode')) search.set('testmode', String(this.#testmode))
    const query = search.toString()
    return query ? `${mandatesPath(customerId)}?${query}` : mandatesPath(customerId)
  }

  #query(entries: [string, string | number | undefined][]): string {
    return queryString(entries, this.#testmode)
  }

  #testmodeBody(): Record<string, boolean> {
    return testmodeBody(this.#testmode)
  }
}

function mandatesPath(customerId: string): string {
  if (typeof customerId !== 'string' || customerId === '') throw new TypeError('A customer id is required, e.g. cst_8wmqcHMN4U.')
  return `/customers/${encodeURIComponent(customerId)}/mandates`
}

function mandatePath(customerId: string, id: string): string {
  if (typeof id !== 'string' || id === '') throw new TypeError('A mandate id is required, e.g. mdt_pWUnw6pkBN.')
  return `${mandatesPath(customerId)}/${encodeURIComponent(id)}`
}
