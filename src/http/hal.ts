/**
 * HAL presentation: domain objects become Mollie's wire objects with absolute `_links`. All URLs derive from
 * the externally visible base (PUBLIC_URL) because both official clients follow hrefs as given, host included.
 * Link objects that never vary are built once, here, not per request.
 */
import type { Mandate } from '../domain/mandate-schemas.js'
import type { Customer, CustomerEvent } from '../domain/schemas.js'
import type { MandateResponse } from './mandate-schemas.js'
import {
  HAL_JSON,
  TEXT_HTML,
  type CustomerResponse,
  type CustomerWithEventsResponse,
  type EventResponse,
  type Url,
} from './schemas.js'

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
] as const
export type OperationId = (typeof OPERATIONS)[number]

export interface Links {
  /** The API's base URL, `…/v2`. */
  readonly apiBase: string
  /** The dashboard's URL, `…/dashboard`. */
  readonly dashboardBase: string
  readonly errorDocumentation: Url
  documentation(operation: OperationId): Url
  customerUrl(id: string): string
  dashboardUrl(id: string): string
  /** `hasMandates`: whether the customer has a mandate that is not revoked (then `_links.mandates` appears). */
  customer(customer: Customer, operation: OperationId, hasMandates?: boolean): CustomerResponse
  customerWithEvents(customer: Customer, events: CustomerEvent[] | undefined, hasMandates?: boolean): CustomerWithEventsResponse
  /** An absolute URL of the customer list with these query parameters, in this order. */
  listUrl(query: Record<string, string | number | boolean | undefined>): string
  mandate(mandate: Mandate, operation: OperationId): MandateResponse
  /** An absolute URL of a customer's mandate list with these query parameters, in this order. */
  mandateListUrl(customerId: string, query?: Record<string, string | number | boolean | undefined>): string
}

function withQuery(url: string, query: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) search.append(name, String(value))
  }
  const text = search.toString()
  return text ? `${url}?${text}` : url
}

export function createLinks(publicUrl: string): Links {
  const base = publicUrl.replace(/\/+$/, '')
  const apiBase = `${base}/v2`
  const docs = new Map(
    OPERATIONS.map((operation) => [operation, { href: `${base}/docs#${operation}`, type: TEXT_HTML }] as const),
  )
  const errorDocumentation = { href: `${base}/docs#errors`, type: TEXT_HTML }
  const customerUrl = (id: string) => `${apiBase}/customers/${id}`
  const dashboardUrl = (id: string) => `${base}/dashboard/customers/${id}`

  const mandateListUrl = (customerId: string) => `${customerUrl(customerId)}/mandates`

  const customer = (value: Customer, operation: OperationId, hasMandates = false): CustomerResponse => ({
    resource: 'customer',
    id: value.id,
    mode: value.mode,
    name: value.name,
    email: value.email,
    locale: value.locale,
    metadata: value.metadata,
    createdAt: value.createdAt,
    _links: {
      self: { href: customerUrl(value.id), type: HAL_JSON },
      dashboard: { href: dashboardUrl(value.id), type: TEXT_HTML },
      documentation: docs.get(operation)!,
      // Spec `customer-response`: `mandates` is omitted while the customer has none.
      ...(hasMandates ? { mandates: { href: mandateListUrl(value.id), type: HAL_JSON } } : {}),
    },
  })

  return {
    apiBase,
    dashboardBase: `${base}/dashboard`,
    errorDocumentation,
    documentation: (operation) => docs.get(operation)!,
    customerUrl,
    dashboardUrl,
    customer,
    customerWithEvents(value, events, hasMandates) {
      const response: CustomerWithEventsResponse = customer(value, 'get-customer', hasMandates)
      if (events) {
        const url = { href: customerUrl(value.id), type: HAL_JSON }
        response.events = events.map(
          (event): EventResponse => ({
            resource: 'event',
            type: event.type,
            createdAt: event.createdAt,
            message: event.message,
            _links: { url },
          }),
        )
      }
      return response
    },
    listUrl: (query) => withQuery(`${apiBase}/customers`, query),
    mandateListUrl: (customerId, query = {}) => withQuery(mandateListUrl(customerId), query),
    mandate: (value, operation) => ({
      resource: 'mandate',
      id: value.id,
      mode: value.mode,
      status: value.status,
      method: value.method,
      details: value.details,
      mandateReference: value.mandateReference,
      signatureDate: value.signatureDate,
      customerId: value.customerId,
      createdAt: value.createdAt,
      _links: {
        self: { href: `${mandateListUrl(value.customerId)}/${value.id}`, type: HAL_JSON },
        customer: { href: customerUrl(value.customerId), type: HAL_JSON },
        documentation: docs.get(operation)!,
      },
    }),
  }
}
