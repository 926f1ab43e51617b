/**
 * What every operation of the API declares alike, for the route modules (routes/*.ts) to share: the body types it
 * takes, its security scheme, and the error statuses it can answer (the OpenAPI drift tests provoke each one).
 */
import { ErrorResponseSchema } from '../schemas.js'

/** JSON (both official clients) and form-encoded (Mollie's own curl examples). */
export const BODY_TYPES = ['application/json', 'application/x-www-form-urlencoded']

/** Every operation takes a bearer key: `test_`, `live_` or `access_`. */
export const API_KEY_SECURITY = [{ apiKey: [] }]

/**
 * The error statuses an operation can answer, each in Mollie's format. Every operation: 400 (a bad parameter value
 * or an unreadable body), 401, 408 (a request that stopped arriving), 413 and 415 (a body, even on a read), 422 (a
 * name the operation does not define, an invalid field), 429 and 503; `extra` adds the operation's own (404 for
 * one resource, 410 for a revoked mandate).
 */
export function errors(...extra: number[]) {
  const statuses = [400, 401, 408, 413, 415, 422, 429, 503, ...extra].sort()
  return Object.fromEntries(statuses.map((status) => [status, ErrorResponseSchema]))
}
