/**
 * HAL presentation: domain objects become Mollie's wire objects with absolute `_links`. All URLs derive from
 * the externally visible base (PUBLIC_URL) because both official clients follow hrefs as given, host included.
 * Link objects that never vary are built once, here, not per request.
 */
import type { Customer, CustomerEvent } from '../domain/schemas.js'
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
  customer(customer: Customer, operation: OperationId): CustomerResponse
  customerWithEvents(customer: Customer, events: CustomerEvent[] | undefined): CustomerWithEventsResponse
  /** An absolute URL of the customer list with these query parameters, in this order. */
  listUrl(query: Record<string, string | number | boolean | undefined>): string
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

  const customer = (value: Customer, operation: OperationId): CustomerResponse => ({
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
    customerWithEvents(value, events) {
      const response: CustomerWithEventsResponse = customer(value, 'get-customer')
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
    listUrl(query) {
      const search = new URLSearchParams()
      for (const [name, value] of Object.entries(query)) {
        if (value !== undefined) search.append(name, String(value))
      }
      const text = search.toString()
      return text ? `${apiBase}/customers?${text}` : `${apiBase}/customers`
    },
  }
}
