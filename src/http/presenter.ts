/**
 * The presenter: domain objects become Mollie's wire objects (`customer`, `mandate`, `payment`), in the spec's key
 * order, with absolute `_links` built by the API's URLs (`urls.ts`). The response serializers write what it returns.
 */
import type { Mandate } from '../domain/mandate-schemas.js'
import { isCancelable, isFinal } from '../domain/payment.js'
import type { Payment } from '../domain/payment-schemas.js'
import type { Customer, CustomerEvent } from '../domain/schemas.js'
import { profileIdOf } from '../domain/ids.js'
import type { Subscription } from '../domain/subscription-schemas.js'
import type { SubscriptionResponse } from './subscription-schemas.js'
import type { MandateResponse } from './mandate-schemas.js'
import type { PaymentResponse } from './payment-schemas.js'
import { HAL_JSON, TEXT_HTML, type CustomerResponse, type CustomerWithEventsResponse, type EventResponse } from './schemas.js'
import type { OperationId, Urls } from './urls.js'

export interface Presenter {
  /**
   * `hasMandates`: whether the customer has a mandate that is not revoked (then `_links.mandates` appears);
   * `hasPayments`: whether it has a payment (then `_links.payments`); `hasSubscriptions`: whether it has a
   * subscription (then `_links.subscriptions`).
   */
  customer(customer: Customer, operation: OperationId, hasMandates?: boolean, hasPayments?: boolean, hasSubscriptions?: boolean): CustomerResponse
  /** The customer as `get-customer` answers it, with its events when `include=events` asked for them. */
  customerWithEvents(
    customer: Customer,
    events: CustomerEvent[] | undefined,
    hasMandates?: boolean,
    hasPayments?: boolean,
    hasSubscriptions?: boolean,
  ): CustomerWithEventsResponse
  mandate(mandate: Mandate, operation: OperationId): MandateResponse
  payment(payment: Payment, operation: OperationId): PaymentResponse
  /** `organizationId`: whose it is, for `_links.profile`. */
  subscription(subscription: Subscription, organizationId: string, operation: OperationId): SubscriptionResponse
}

/** The entries whose value is not null: Mollie omits null fields of a payment. */
function withoutNulls<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: NonNullable<T[K]> } {
  const result: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(fields)) if (value !== null && value !== undefined) result[name] = value
  return result as { [K in keyof T]?: NonNullable<T[K]> }
}

export function createPresenter(urls: Urls): Presenter {
  const customer = (
    value: Customer,
    operation: OperationId,
    hasMandates = false,
    hasPayments = false,
    hasSubscriptions = false,
  ): CustomerResponse => ({
    resource: 'customer',
    id: value.id,
    mode: value.mode,
    name: value.name,
    email: value.email,
    locale: value.locale,
    metadata: value.metadata,
    createdAt: value.createdAt,
    _links: {
      self: { href: urls.customerUrl(value.id), type: HAL_JSON },
      dashboard: { href: urls.customerDashboardUrl(value.id), type: TEXT_HTML },
      documentation: urls.documentation(operation),
      // Spec `customer-response`: `payments` and `mandates` are omitted while the customer has none.
      ...(hasPayments ? { payments: { href: urls.paymentListUrl({}, value.id), type: HAL_JSON } } : {}),
      ...(hasMandates ? { mandates: { href: urls.mandateListUrl(value.id), type: HAL_JSON } } : {}),
      ...(hasSubscriptions ? { subscriptions: { href: urls.subscriptionListUrl({}, value.id), type: HAL_JSON } } : {}),
    },
  })

  return {
    customer,
    customerWithEvents(value, events, hasMandates, hasPayments, hasSubscriptions) {
      const response: CustomerWithEventsResponse = customer(value, 'get-customer', hasMandates, hasPayments, hasSubscriptions)
      if (events) {
        const url = { href: urls.customerUrl(value.id), type: HAL_JSON }
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
        ...withoutNulls({
          authorizedAt: value.authorizedAt,
          paidAt: value.paidAt,
          canceledAt: value.canceledAt,
          expiresAt: value.expiresAt,
          captureBefore: value.status === 'authorized' ? value.expiresAt : null,
          expiredAt: value.expiredAt,
          failedAt: value.failedAt,
        }),
        profileId: value.profileId,
        ...withoutNulls({ customerId: value.customerId, mandateId: value.mandateId, subscriptionId: value.subscriptionId }),
        sequenceType: value.sequenceType,
        redirectUrl: value.redirectUrl,
        ...withoutNulls({
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
          self: { href: urls.paymentUrl(value.id), type: HAL_JSON },
          ...(value.status === 'open' && value.sequenceType !== 'recurring'
            ? { checkout: { href: urls.checkoutUrl(value.id), type: TEXT_HTML } }
            : {}),
          // Mollie's test mode: recurring payments have no checkout; this page sets their outcome.
          ...(value.mode === 'test' && value.sequenceType === 'recurring' && !isFinal(value.status)
            ? { changePaymentState: { href: urls.checkoutUrl(value.id), type: TEXT_HTML } }
            : {}),
          dashboard: { href: urls.paymentDashboardUrl(value.id), type: TEXT_HTML },
          ...(value.customerId ? { customer: { href: urls.customerUrl(value.customerId), type: HAL_JSON } } : {}),
          ...(value.customerId && value.mandateId
            ? { mandate: { href: urls.mandateUrl(value.customerId, value.mandateId), type: HAL_JSON } }
            : {}),
          ...(value.customerId && value.subscriptionId
            ? { subscription: { href: urls.subscriptionUrl(value.customerId, value.subscriptionId), type: HAL_JSON } }
            : {}),
          documentation: urls.documentation(operation),
        },
      }
      return response
    },
    subscription: (value, organizationId, operation) => ({
      // Key order as the spec's `get-subscription` example.
      resource: 'subscription',
      id: value.id,
      mode: value.mode,
      amount: value.amount,
      times: value.times,
      timesRemaining: value.timesRemaining,
      interval: value.interval,
      startDate: value.startDate,
      ...withoutNulls({ nextPaymentDate: value.nextPaymentDate }),
      description: value.description,
      metadata: value.metadata,
      method: value.method,
      status: value.status,
      webhookUrl: value.webhookUrl,
      customerId: value.customerId,
      mandateId: value.mandateId,
      createdAt: value.createdAt,
      ...withoutNulls({ canceledAt: value.canceledAt }),
      _links: {
        self: { href: urls.subscriptionUrl(value.customerId, value.id), type: HAL_JSON },
        customer: { href: urls.customerUrl(value.customerId), type: HAL_JSON },
        mandate: { href: urls.mandateUrl(value.customerId, value.mandateId), type: HAL_JSON },
        profile: { href: urls.profileUrl(profileIdOf(organizationId)), type: HAL_JSON },
        ...(value.paymentsCreated > 0
          ? { payments: { href: urls.subscriptionPaymentListUrl(value.customerId, value.id), type: HAL_JSON } }
          : {}),
        documentation: urls.documentation(operation),
      },
    }),
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
        self: { href: urls.mandateUrl(value.customerId, value.id), type: HAL_JSON },
        customer: { href: urls.customerUrl(value.customerId), type: HAL_JSON },
        documentation: urls.documentation(operation),
      },
    }),
  }
}
