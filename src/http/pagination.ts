/**
 * The list envelope's links. A cursor is the id of a page's first customer, as Mollie's `from` is, and the
 * `next`/`previous` links carry every parameter the caller gave: mollie-api-typescript requests `next` verbatim
 * and @mollie/api-client's iterate() keeps its query, so nothing may depend on the caller re-adding them.
 */
import type { CustomerPage, ListRequest } from '../store/store.js'
import type { Links } from './hal.js'
import { HAL_JSON, type ListLinks } from './schemas.js'

export interface ListQuery extends ListRequest {
  /** Repeated in links only when the caller gave it. */
  sortGiven: boolean
  testmode?: boolean
}

export function listLinks(links: Links, query: ListQuery, page: CustomerPage): ListLinks {
  const url = (from: string | undefined) =>
    links.listUrl({
      from,
      limit: query.limit,
      sort: query.sortGiven ? query.sort : undefined,
      testmode: query.testmode,
    })
  return {
    self: { href: url(query.from), type: HAL_JSON },
    previous: page.previousFrom === undefined ? null : { href: url(page.previousFrom), type: HAL_JSON },
    next: page.nextFrom === undefined ? null : { href: url(page.nextFrom), type: HAL_JSON },
    documentation: links.documentation('list-customers'),
  }
}
