/**
 * The list envelope's links. A cursor is the id of a page's first customer, as Mollie's `from` is, and the
 * `next`/`previous` links carry every parameter the caller gave: mollie-api-typescript requests `next` verbatim
 * and @mollie/api-client's iterate() keeps its query, so nothing may depend on the caller re-adding them.
 */
import type { ListRequest } from '../store/store.js'
import type { OperationId, Urls } from './urls.js'
import { HAL_JSON, type ListLinks } from './schemas.js'

export interface ListQuery extends ListRequest {
  /** Repeated in links only when the caller gave it. */
  sortGiven: boolean
  testmode?: boolean
}

export function listLinks(urls: Urls, query: ListQuery, page: Cursors): ListLinks {
  return pageLinks(urls, query, page, 'list-customers', (parameters) => urls.customerListUrl(parameters))
}

/** The `from` of the pages around one; undefined where there is none. */
export interface Cursors {
  previousFrom?: string
  nextFrom?: string
}

/** The same links for any list: `url` makes the list's URL from its query parameters. */
export function pageLinks(
  urls: Urls,
  query: ListQuery,
  page: Cursors,
  operation: OperationId,
  url: (query: Record<string, string | number | boolean | undefined>) => string,
): ListLinks {
  const at = (from: string | undefined) =>
    url({
      from,
      limit: query.limit,
      sort: query.sortGiven ? query.sort : undefined,
      testmode: query.testmode,
    })
  return {
    self: { href: at(query.from), type: HAL_JSON },
    previous: page.previousFrom === undefined ? null : { href: at(page.previousFrom), type: HAL_JSON },
    next: page.nextFrom === undefined ? null : { href: at(page.nextFrom), type: HAL_JSON },
    documentation: urls.documentation(operation),
  }
}
