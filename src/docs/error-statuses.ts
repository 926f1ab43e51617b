/**
 * What each error status of the API means. The statuses an operation can answer come from the OpenAPI document;
 * this is the explanation a reader needs beside them, as the README gives it.
 */
export const ERROR_STATUS_MEANINGS: Record<number, string> = {
  400:
    'A bad query parameter value (`Invalid cursor value` with `field: from`, a `limit` out of range, a `testmode` ' +
    'that contradicts an API key), a malformed `Idempotency-Key`, or a body that cannot be read (not JSON, not ' +
    'UTF-8, over a form limit).',
  401: 'A missing, malformed, unknown or revoked key: all look alike on purpose.',
  408:
    'The request did not arrive whole within `REQUEST_TIMEOUT_MS` (30 seconds by default): a client that stalls ' +
    'while sending. Nothing was changed; send it again.',
  403: 'The test clock (`/_clientele/clock`) with a live key, or an access token in live mode: it is test-mode only.',
  404:
    'An unknown or deleted customer, or another organization’s or mode’s: 404, never 403, so ids cannot be ' +
    'probed. Also an unknown route.',
  405: 'A known path called with a method it does not take; the `Allow` header lists those it does.',
  410: 'A revoked mandate: it can no longer be fetched, and revoking it again changes nothing.',
  413: 'A request body over the size limit (64 KiB by default).',
  415: 'A body whose content type is neither `application/json` nor `application/x-www-form-urlencoded`.',
  422:
    'An invalid field (`field` names it, `detail` says what to send), a parameter the operation does not define ' +
    '(`Non-existent body parameter`), a `testmode` in the body that contradicts an API key, or an ' +
    '`Idempotency-Key` reused for a different request.',
  431: 'More request headers than the server takes (100).',
  429:
    'Too many requests with one key: more than `RATE_LIMIT_PER_SECOND` cost units in a second (per server process; ' +
    'a read costs 1, a list page 1 per 50 items, a write 3), or too many refused keys from one address. Wait ' +
    'the seconds in `Retry-After`, then retry; both official clients do.',
  500: 'An unexpected error on our side. It is logged; the response says nothing about internals. Retry.',
  503: 'The database cannot be reached right now. Retry after the seconds in `Retry-After`.',
}

/**
 * Statuses any operation may answer, whether or not its schema lists them: 408 for a request that stalls while
 * arriving (answered before routing), 500 and 503.
 */
export const ALWAYS_POSSIBLE = [408, 500, 503]
