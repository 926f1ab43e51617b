/**
 * The named schemas of the served OpenAPI document, with Mollie's own component names. Route schemas embed the
 * TypeBox objects themselves (they validate and serialize); for the document, each embedded occurrence of a named
 * schema (found by identity, so two equal-looking schemas are never confused) becomes a `$ref` to
 * `#/components/schemas/<name>`, and the component holds the schema once. A generated client then gets one
 * `ErrorResponse` type instead of 60 anonymous copies.
 */
import type { TSchema } from 'typebox'
import { MetadataSchema, ModeSchema } from '../domain/schemas.js'
import {
  CustomerBodySchema,
  CustomerLinksSchema,
  CustomerListResponseSchema,
  CustomerResponseSchema,
  CustomerWithEventsResponseSchema,
  ErrorResponseSchema,
  EventResponseSchema,
  ListLinksSchema,
  NullableUrlSchema,
  UrlSchema,
} from './schemas.js'
import { MandateBodySchema, MandateLinksSchema, MandateListResponseSchema, MandateResponseSchema } from './mandate-schemas.js'
import { MandateDetailsSchema, MandateIdSchema } from '../domain/mandate-schemas.js'
import {
  AmountSchema,
  PaymentAddressSchema,
  PaymentIdSchema,
  PaymentLineSchema,
  PaymentMethodSchema,
  ProfileIdSchema,
  SequenceTypeSchema,
} from '../domain/payment-schemas.js'
import {
  PaymentBodySchema,
  PaymentLinksSchema,
  PaymentListResponseSchema,
  PaymentResponseSchema,
  PaymentStatusBodySchema,
  UpdatePaymentBodySchema,
} from './payment-schemas.js'
import { ClockAdvanceBodySchema, ClockAdvanceResponseSchema, ClockResponseSchema } from './clock-schemas.js'
import {
  SubscriptionBodySchema,
  SubscriptionLinksSchema,
  SubscriptionListResponseSchema,
  SubscriptionResponseSchema,
  UpdateSubscriptionBodySchema,
} from './subscription-schemas.js'
import { SubscriptionIdSchema } from '../domain/subscription-schemas.js'

/** Name → schema, Mollie's names where the spec has the component (`url`, `error-response`, `customer-response` …). */
export const COMPONENTS: Readonly<Record<string, TSchema>> = {
  url: UrlSchema,
  'url-nullable': NullableUrlSchema,
  'list-links': ListLinksSchema,
  'error-response': ErrorResponseSchema,
  mode: ModeSchema,
  metadata: MetadataSchema,
  'entity-event': EventResponseSchema,
  'customer-links': CustomerLinksSchema,
  'customer-response': CustomerResponseSchema,
  'customer-with-events-response': CustomerWithEventsResponseSchema,
  'list-customers-response': CustomerListResponseSchema,
  'entity-customer': CustomerBodySchema,
  mandateToken: MandateIdSchema,
  'mandate-details': MandateDetailsSchema,
  'mandate-links': MandateLinksSchema,
  'mandate-response': MandateResponseSchema,
  'list-mandates-response': MandateListResponseSchema,
  'entity-mandate': MandateBodySchema,
  amount: AmountSchema,
  method: PaymentMethodSchema,
  'sequence-type': SequenceTypeSchema,
  paymentToken: PaymentIdSchema,
  profileToken: ProfileIdSchema,
  'payment-address': PaymentAddressSchema,
  'payment-line-item': PaymentLineSchema,
  'payment-links': PaymentLinksSchema,
  'payment-response': PaymentResponseSchema,
  'list-payments-response': PaymentListResponseSchema,
  'payment-request': PaymentBodySchema,
  'update-payment-request': UpdatePaymentBodySchema,
  'payment-status-request': PaymentStatusBodySchema,
  'clock-response': ClockResponseSchema,
  'clock-advance-request': ClockAdvanceBodySchema,
  'clock-advance-response': ClockAdvanceResponseSchema,
  subscriptionToken: SubscriptionIdSchema,
  'subscription-links': SubscriptionLinksSchema,
  'subscription-response': SubscriptionResponseSchema,
  'list-subscriptions-response': SubscriptionListResponseSchema,
  'subscription-request': SubscriptionBodySchema,
  'update-subscription-request': UpdateSubscriptionBodySchema,
}

const nameOf = new Map<unknown, string>(Object.entries(COMPONENTS).map(([name, schema]) => [schema, name]))

/** A copy of `value` with every named schema below it (not `value` itself when `keep` is its name) replaced by a `$ref`. */
export function withReferences(value: unknown, keep?: string): unknown {
  const name = nameOf.get(value)
  if (name !== undefined && name !== keep) return { $ref: `#/components/schemas/${name}` }
  if (Array.isArray(value)) return value.map((item) => withReferences(item))
  if (typeof value !== 'object' || value === null) return value
  const copy: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(value)) copy[key] = withReferences(child)
  return copy
}

/** The `components.schemas` of the document: each named schema once, referring to the others. */
export function componentSchemas(): Record<string, unknown> {
  return Object.fromEntries(Object.entries(COMPONENTS).map(([name, schema]) => [name, withReferences(schema, name)]))
}
