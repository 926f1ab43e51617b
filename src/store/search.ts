/**
 * The customer search's bounds and patterns, shared by the store and the dialects. A search is a substring of a
 * name or an email, ignoring case; it costs at most:
 *
 * - `probeLimit` (2,000) candidates from the search index (SearchIndex), when there is one and the text is long
 *   enough for it: a selective search is then a handful of row lookups, whatever the tenant's size;
 * - `scanRows` (5,000) rows of the tenant, walked in list order from the cursor, otherwise (no index, text too
 *   short, or so common that the index finds more than `probeLimit`): a page may then hold fewer than
 *   `limit` customers and still have a `next` cursor, where the scan stopped.
 *
 * On PostgreSQL the pool's statement timeout bounds each statement besides (postgres.ts).
 */

export interface SearchBounds {
  /** Index candidates a search takes before it counts as unselective, and scans instead. */
  probeLimit: number
  /** Rows one search page walks at most, in either direction. */
  scanRows: number
}

export const DEFAULT_SEARCH_BOUNDS: SearchBounds = { probeLimit: 2_000, scanRows: 5_000 }

/** A LIKE pattern matching `search` anywhere, with LIKE's own wildcards taken literally; ignores case. */
export function likePattern(search: string): string {
  return `%${search.replaceAll('\u0000', '').toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`
}
