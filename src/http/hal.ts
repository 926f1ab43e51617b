/**
 * HAL presentation: domain objects become Mollie's wire objects with absolute `_links`. All URLs derive from
 * the externally visible base (PUBLIC_URL) because both official clients follow hrefs as given, host included.
 * Link objects that never vary are built once, here, not per request.
 */
import type { Mandate } from '../domain/mandate-schemas.js'
import { isCancelable, isFinal } from '../domain/payment.js'
import type { Payment } from '../domain/payment-schemas.js'
import type { Customer, CustomerEvent } from '../domain/schemas.js'
import type { MandateResponse } from './mandate-schemas.js'
import type { PaymentResponse } from './payment-schemas.js'
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
  'create-payment',
  'list-payments',
  'get-payment',
  'update-payment',
  'cancel-payment',
  'create-customer-payment',
  'list-customer-payments',
  'change-payment-status',
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
  /**
   * `hasMandates`: whether the customer has a mandate that is not revoked (then `_links.mandates` appears);
   * `hasPayments`: whether it has a payment (then `_links.payments`).
   */
  customer(customer: Customer, operation: OperationId, hasMandates?: boolean, hasPayments?: boolean): CustomerResponse
  customerWithEvents(
    customer: Customer,
    events: CustomerEvent[] | undefined,
    hasMandates?: boolean,
    hasPayments?: boolean,
  ): CustomerWithEventsResponse
  /** An absolute URL of the customer list with these query parameters, in this order. */
  listUrl(query: Record<string, string | number | boolean | undefined>): string
  mandate(mandate: Mandate, operation: OperationId): MandateResponse
  /** An absolute URL of a customer's mandate list with these query parameters, in this order. */
  mandateListUrl(customerId: string, query?: Record<string, string | number | boolean | undefined>): string
  payment(payment: Payment, operation: OperationId): PaymentResponse
  /** An absolute URL of the payment list (a customer's, with `customerId`) with these query parameters, in this order. */
  paymentListUrl(query: Record<string, string | number | boolean | undefined>, customerId?: string): string
  /** The checkout page of a payment (and, for test-mode recurring payments, its changePaymentState page). */
  checkoutUrl(paymentId: string): string
  /** The payment's page in the dashboard. */
  paymentDashboardUrl(paymentId: string): string
}

/** The entries whose value is not null: Mollie omits null fields of a payment. */
function present<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: NonNullable<T[K]> } {
  const result: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(fields)) if (value !== null && value !== undefined) result[name] = value
  return result as { [K in keyof T]?: NonNullable<T[K]> }
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
  const paymentUrl = (id: string) => `${apiBase}/payments/${id}`
  const checkoutUrl = (id: string) => `${base}/checkout/${id}`
  const paymentDashboardUrl = (id: string) => `${base}/dashboard/payments/${id}`

  const customer = (value: Customer, operation: OperationId, hasMandates = false, hasPayments = false): CustomerResponse => ({
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
      // Spec `customer-response`: `payments` and `mandates` are omitted while the customer has none.
      ...(hasPayments ? { payments: { href: `${customerUrl(value.id)}/payments`, type: HAL_JSON } } : {}),
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
    customerWithEvents(value, events, hasMandates, hasPayments) {
      const response: CustomerWithEventsResponse = customer(value, 'get-customer', hasMandates, hasPayments)
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
    paymentListUrl: (query, customerId) =>
      withQuery(customerId === undefined ? `${apiBase}/payments` : `${customerUrl(customerId)}/payments`, query),
    checkoutUrl,
    paymentDashboardUrl,
    payment(value, operation) {
      // Key order as the spec's `get-payment` example; null fields omitted, as Mollie's examples show.
      const response: PaymentResponse = {
        resource: 'payment',
        id: value.id,
        mode: value.mode,
        amount: value.amount,
        description: value.description,
        method: value.method,
        metadata: value.metadata,
        status: value.status,
        ...(isFinal(value.status) ? {} : { isCancelable: isCancelable(value) }),
        createdAt: value.createdAt,
        ...present({
          authorizedAt: value.authorizedAt,
          paidAt: value.paidAt,
          canceledAt: value.canceledAt,
          expiresAt: value.expiresAt,
          captureBefore: value.status === 'authorized' ? value.expiresAt : null,
          expiredAt: value.expiredAt,
          failedAt: value.failedAt,
        }),
        profileId: value.profileId,
        ...present({ customerId: value.customerId, mandateId: value.mandateId, subscriptionId: value.subscriptionId }),
        sequenceType: value.sequenceType,
        redirectUrl: value.redirectUrl,
        ...present({
          cancelUrl: value.cancelUrl,
          webhookUrl: value.webhookUrl,
          locale: value.locale,
          restrictPaymentMethodsToCountry: value.restrictPaymentMethodsToCountry,
          captureMode: value.captureMode,
          captureDelay: value.captureDelay,
          lines: value.lines,
          billingAddress: value.billingAddress,
          shippingAddress: value.shippingAddress,
          details: value.details,
        }),
        _links: {
          self: { href: paymentUrl(value.id), type: HAL_JSON },
          ...(value.status === 'open' && value.sequenceType !== 'recurring'
            ? { checkout: { href: checkoutUrl(value.id), type: TEXT_HTML } }
            : {}),
          // Mollie's test mode: recurring payments have no checkout; this page sets their outcome.
          ...(value.mode === 'test' && value.sequenceType === 'recurring' && !isFinal(value.status)
            ? { changePaymentState: { href: checkoutUrl(value.id), type: TEXT_HTML } }
            : {}),
          dashboard: { href: paymentDashboardUrl(value.id), type: TEXT_HTML },
          ...(value.customerId ? { customer: { href: customerUrl(value.customerId), type: HAL_JSON } } : {}),
          ...(value.customerId && value.mandateId
            ? { mandate: { href: `${mandateListUrl(value.customerId)}/${value.mandateId}`, type: HAL_JSON } }
            : {}),
          ...(value.customerId && value.subscriptionId
            ? { subscription: { href: `${customerUrl(value.customerId)}/subscriptions/${value.subscriptionId}`, type: HAL_JSON } }
            : {}),
          documentation: docs.get(operation)!,
        },
      }
      return response
    },
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
