/**
 * The wire objects as the client sees them, built from the server's own schemas so that each fact stays written
 * once. Where a client has to accept more than Clientele sends, the schema is loosened here, from the shared one:
 * the real API may add locales or modes before this package learns them, and Mollie's list items may lack
 * `_links.documentation` (mollie-api-typescript does not require it there). Unknown extra fields pass everywhere,
 * since no object schema here closes its properties.
 *
 * The modules imported below load nothing but TypeBox, which keeps the client free of server code.
 */
import Type, { type Static } from 'typebox'
import { CustomerFieldsSchema, LocaleSchema, MetadataSchema, ModeSchema } from '../domain/schemas.js'
import { MandateFieldsSchema, MandateMethodSchema, MandateStatusSchema } from '../domain/mandate-schemas.js'
import { MandateLinksSchema, MandateListResponseSchema, MandateResponseSchema } from '../http/mandate-schemas.js'
import { AmountSchema, PaymentAddressSchema, PaymentLineSchema, PaymentMethodSchema, PaymentStatusSchema, SequenceTypeSchema } from '../domain/payment-schemas.js'
import {
  PaymentBodySchema,
  PaymentLinksSchema,
  PaymentListResponseSchema,
  PaymentResponseSchema,
  PaymentStatusBodySchema,
  UpdatePaymentBodySchema,
} from '../http/payment-schemas.js'
import { SubscriptionMethodSchema as DomainSubscriptionMethodSchema, SubscriptionStatusSchema } from '../domain/subscription-schemas.js'
import {
  SubscriptionBodySchema,
  SubscriptionLinksSchema,
  SubscriptionListResponseSchema,
  SubscriptionResponseSchema,
  UpdateSubscriptionBodySchema,
} from '../http/subscription-schemas.js'
import {
  CustomerLinksSchema,
  CustomerListResponseSchema,
  CustomerWithEventsResponseSchema,
  ErrorResponseSchema,
  EventResponseSchema,
  ListLinksSchema,
  UrlSchema,
} from '../http/schemas.js'
import { ClockAdvanceResponseSchema, ClockResponseSchema } from '../http/clock-schemas.js'

/** One of the locales Mollie documents (plus those its official clients send). */
export type KnownLocale = Static<typeof LocaleSchema>
/** A known locale, or any other string: a locale Mollie adds later must not break a client built today. */
export type Locale = KnownLocale | (string & {})
export const OpenLocaleSchema = Type.Unsafe<Locale>(Type.Union([LocaleSchema, Type.String()]))

export type KnownMode = Static<typeof ModeSchema>
/** `live` or `test`; open to other values for the same reason as Locale. */
export type Mode = KnownMode | (string & {})
export const OpenModeSchema = Type.Unsafe<Mode>(Type.Union([ModeSchema, Type.String()]))

/** A string, a JSON object, an array of strings, or null. */
export type Metadata = Static<typeof MetadataSchema>

/** `{ href, type }`: an absolute URL and the content type of what it points to. */
export type Url = Static<typeof UrlSchema>

/** One entry of a customer's history (`include=events`). */
export type CustomerEvent = Static<typeof EventResponseSchema>

const NullableOpenLocaleSchema = Type.Union([OpenLocaleSchema, Type.Null()])

/** The writable fields of create and update. None is required; on update `null` clears a field. */
export const CustomerFieldsInputSchema = Type.Object({
  ...CustomerFieldsSchema.properties,
  locale: Type.Optional(NullableOpenLocaleSchema),
})
export type CustomerFields = Static<typeof CustomerFieldsInputSchema>

/** The customer object, as create, get and update answer it; `events` only with `include: 'events'`. */
export const CustomerSchema = Type.Object({
  ...CustomerWithEventsResponseSchema.properties,
  mode: OpenModeSchema,
  locale: NullableOpenLocaleSchema,
})
export type Customer = Static<typeof CustomerSchema>

export const CustomerWithEventsSchema = Type.Object({
  ...CustomerSchema.properties,
  events: Type.Array(EventResponseSchema),
})
/** A customer fetched with `include: 'events'`: its history is always there. */
export type CustomerWithEvents = Static<typeof CustomerWithEventsSchema>

export const CustomerListItemSchema = Type.Object({
  ...CustomerSchema.properties,
  _links: Type.Object({
    ...CustomerLinksSchema.properties,
    documentation: Type.Optional(CustomerLinksSchema.properties.documentation),
  }),
})
/** A customer as a list page carries it. Every Customer is one, so code written for list items takes both. */
export type CustomerListItem = Static<typeof CustomerListItemSchema>

export const CustomerListSchema = Type.Object({
  ...CustomerListResponseSchema.properties,
  _embedded: Type.Object({ customers: Type.Array(CustomerListItemSchema) }),
})
/** One page of the customer list, exactly as the API sends it. */
export type CustomerList = Static<typeof CustomerListSchema>
/** `self`, `previous`, `next` (null at either end) and `documentation`. */
export type ListLinks = Static<typeof ListLinksSchema>

/** The fields of a new mandate: `method` and `consumerName` always; what else depends on the method. */
export type MandateFields = Static<typeof MandateFieldsSchema>

/** `valid`, `pending` or `invalid`; open to other values, as Mode is. */
export type MandateStatus = Static<typeof MandateStatusSchema> | (string & {})
/** `directdebit`, `paypal` or `creditcard`; open to other values, as Mode is. */
export type MandateMethod = Static<typeof MandateMethodSchema> | (string & {})

/** The mandate object, as create and get answer it. */
export const MandateSchema = Type.Object({
  ...MandateResponseSchema.properties,
  mode: OpenModeSchema,
  status: Type.Unsafe<MandateStatus>(Type.Union([MandateStatusSchema, Type.String()])),
  method: Type.Unsafe<MandateMethod>(Type.Union([MandateMethodSchema, Type.String()])),
})
export type Mandate = Static<typeof MandateSchema>

export const MandateListItemSchema = Type.Object({
  ...MandateSchema.properties,
  _links: Type.Object({
    ...MandateLinksSchema.properties,
    documentation: Type.Optional(MandateLinksSchema.properties.documentation),
  }),
})
/** A mandate as a list page carries it. */
export type MandateListItem = Static<typeof MandateListItemSchema>

export const MandateListSchema = Type.Object({
  ...MandateListResponseSchema.properties,
  _embedded: Type.Object({ mandates: Type.Array(MandateListItemSchema) }),
})
/** One page of a customer's mandates, exactly as the API sends it. */
export type MandateList = Static<typeof MandateListSchema>

/** One of the methods Mollie documents, or any other string (a method Mollie adds later), as Mode is. */
export type PaymentMethod = Static<typeof PaymentMethodSchema> | (string & {})
/** `open`, `pending`, `authorized`, `paid`, `canceled`, `expired` or `failed`; open to other values, as Mode is. */
export type PaymentStatus = Static<typeof PaymentStatusSchema> | (string & {})
/** `oneoff`, `first` or `recurring`; open to other values, as Mode is. */
export type SequenceType = Static<typeof SequenceTypeSchema> | (string & {})
const OpenPaymentMethodSchema = Type.Unsafe<PaymentMethod>(Type.Union([PaymentMethodSchema, Type.String()]))

/** The request fields of create and create-for-customer (the server's body, without `testmode`), methods and locales open. */
const { testmode: _createTestmode, ...paymentBodyProperties } = PaymentBodySchema.properties
export const PaymentFieldsInputSchema = Type.Object({
  ...paymentBodyProperties,
  method: Type.Optional(Type.Union([OpenPaymentMethodSchema, Type.Array(OpenPaymentMethodSchema), Type.Null()])),
  locale: Type.Optional(NullableOpenLocaleSchema),
})
/** A new payment: `amount` and `description` always, `redirectUrl` except for recurring payments. */
export type PaymentFields = Static<typeof PaymentFieldsInputSchema>

const { testmode: _updateTestmode, ...updateBodyProperties } = UpdatePaymentBodySchema.properties
export const PaymentChangesInputSchema = Type.Object({
  ...updateBodyProperties,
  method: Type.Optional(Type.Union([OpenPaymentMethodSchema, Type.Null()])),
  locale: Type.Optional(NullableOpenLocaleSchema),
})
/** What update changes: a field left out stays as it is, `null` clears it. */
export type PaymentChanges = Static<typeof PaymentChangesInputSchema>

const { testmode: _statusTestmode, ...statusBodyProperties } = PaymentStatusBodySchema.properties
export const PaymentStatusChangeSchema = Type.Object(statusBodyProperties)
/** Clientele's status helper: the outcome (any status but `open`) and, for a payment without one, the method. */
export type PaymentStatusChange = Static<typeof PaymentStatusChangeSchema>

/*
 * The server's amounts, addresses and lines are closed objects (a request may not add fields); in a response
 * anything extra must pass, so they are opened here, field for field.
 */
const OpenAmountSchema = Type.Object({ ...AmountSchema.properties })
/** `{ currency, value }`: an ISO 4217 code and a string with the currency's decimals (`"10.00"`). */
export type Amount = Static<typeof OpenAmountSchema>
const OpenAddressSchema = Type.Object({ ...PaymentAddressSchema.properties })
const lineRecurring = PaymentLineSchema.properties.recurring
const OpenLineSchema = Type.Object({
  ...PaymentLineSchema.properties,
  unitPrice: OpenAmountSchema,
  discountAmount: Type.Optional(OpenAmountSchema),
  totalAmount: OpenAmountSchema,
  vatAmount: Type.Optional(OpenAmountSchema),
  recurring: Type.Optional(Type.Object({ ...lineRecurring.properties, amount: Type.Optional(OpenAmountSchema) })),
})
/** An order line, as given at creation. */
export type PaymentLine = Static<typeof OpenLineSchema>
/** A billing or shipping address, as given at creation. */
export type PaymentAddress = Static<typeof OpenAddressSchema>

/**
 * The payment object, as create, get, update, cancel and the status helper answer it. Fields that are unset are
 * omitted (as Mollie sends them), so most are optional here; `method` is null while the customer may still choose.
 */
export const PaymentSchema = Type.Object({
  ...PaymentResponseSchema.properties,
  mode: OpenModeSchema,
  amount: OpenAmountSchema,
  method: Type.Union([OpenPaymentMethodSchema, Type.Null()]),
  status: Type.Unsafe<PaymentStatus>(Type.Union([PaymentStatusSchema, Type.String()])),
  sequenceType: Type.Unsafe<SequenceType>(Type.Union([SequenceTypeSchema, Type.String()])),
  locale: Type.Optional(OpenLocaleSchema),
  lines: Type.Optional(Type.Array(OpenLineSchema)),
  billingAddress: Type.Optional(OpenAddressSchema),
  shippingAddress: Type.Optional(OpenAddressSchema),
})
export type Payment = Static<typeof PaymentSchema>

export const PaymentListItemSchema = Type.Object({
  ...PaymentSchema.properties,
  _links: Type.Object({
    ...PaymentLinksSchema.properties,
    documentation: Type.Optional(PaymentLinksSchema.properties.documentation),
  }),
})
/** A payment as a list page carries it. Every Payment is one. */
export type PaymentListItem = Static<typeof PaymentListItemSchema>

export const PaymentListSchema = Type.Object({
  ...PaymentListResponseSchema.properties,
  _embedded: Type.Object({ payments: Type.Array(PaymentListItemSchema) }),
})
/** One page of payments (all of them, or a customer's), exactly as the API sends it. */
export type PaymentList = Static<typeof PaymentListSchema>

/** Clientele's test clock: `{ now }`, the organization's test-mode time. */
export const TestClockSchema = ClockResponseSchema
export type TestClock = Static<typeof TestClockSchema>
/** What an advance of the test clock answers: the new time, and what the charges due up to it made. */
export const ClockAdvanceSchema = ClockAdvanceResponseSchema
export type ClockAdvance = Static<typeof ClockAdvanceSchema>
/** Where to move the test clock: `to` an ISO 8601 date-time with a zone, or `by` an ISO 8601 duration such as `P3M`. */
export type ClockAdvanceRequest = { to: string; by?: never } | { by: string; to?: never }
export type SubscriptionStatus = Static<typeof SubscriptionStatusSchema> | (string & {})

const { testmode: _subscriptionTestmode, ...subscriptionBodyProperties } = SubscriptionBodySchema.properties
export const SubscriptionFieldsInputSchema = Type.Object(subscriptionBodyProperties)
/** The fields of a new subscription: `amount`, `interval` and `description` are required. */
export type SubscriptionFields = Static<typeof SubscriptionFieldsInputSchema>

const { testmode: _subscriptionUpdateTestmode, ...subscriptionChangesProperties } = UpdateSubscriptionBodySchema.properties
export const SubscriptionChangesInputSchema = Type.Object(subscriptionChangesProperties)
/** update-subscription: a field left out stays as it is. */
export type SubscriptionChanges = Static<typeof SubscriptionChangesInputSchema>

/** The subscription object, as create, get, update and cancel answer it. */
export const SubscriptionSchema = Type.Object({
  ...SubscriptionResponseSchema.properties,
  mode: OpenModeSchema,
  amount: OpenAmountSchema,
  status: Type.Unsafe<SubscriptionStatus>(Type.Union([SubscriptionStatusSchema, Type.String()])),
  method: Type.Union([DomainSubscriptionMethodSchema, Type.String(), Type.Null()]),
})
export type Subscription = Static<typeof SubscriptionSchema>

export const SubscriptionListItemSchema = Type.Object({
  ...SubscriptionSchema.properties,
  _links: Type.Object({
    ...SubscriptionLinksSchema.properties,
    documentation: Type.Optional(SubscriptionLinksSchema.properties.documentation),
  }),
})
export type SubscriptionListItem = Static<typeof SubscriptionListItemSchema>

export const SubscriptionListSchema = Type.Object({
  ...SubscriptionListResponseSchema.properties,
  _embedded: Type.Object({ subscriptions: Type.Array(SubscriptionListItemSchema) }),
})
/** One page of subscriptions (a customer's, or all of them), exactly as the API sends it. */
export type SubscriptionList = Static<typeof SubscriptionListSchema>

/** Mollie's error body: `status`, `title`, `detail`, `field` when one is at fault, `_links.documentation`. */
export type ErrorResponse = Static<typeof ErrorResponseSchema>
/**
 * The parts of Mollie's error body, each checked on its own: whatever is present and well-typed is used. A proxy
 * in front of the API can answer with anything (an HTML 502 page, say), and that must still become an ApiError.
 */
export const ErrorFieldsSchema = Type.Partial(Type.Omit(ErrorResponseSchema, ['_links']))
export const ErrorLinksSchema = Type.Object({ _links: ErrorResponseSchema.properties._links })
