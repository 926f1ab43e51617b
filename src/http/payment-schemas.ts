/**
 * The wire shapes of the Payments API, composed from the domain's facts (domain/payment-schemas.ts). Routes validate
 * and serialize with them; the served OpenAPI document and the typed client derive from them. Imports nothing but
 * TypeBox and schemas, so the client can load it.
 *
 * Source: Mollie's OpenAPI document of 2025-09-05: `payment-response` (required: resource, id, mode, createdAt,
 * amount, description, status, profileId, sequenceType, _links), `entity-payment`, the parameters of `/payments`,
 * `/payments/{paymentId}` and `/customers/{customerId}/payments`, and the example `get-payment` (key order). Fields
 * that are null are omitted, as Mollie's examples show ("omitted if …"); mollie-api-typescript refuses a null
 * `customerId` or `billingAddress`.
 */
import Type, { type Static } from 'typebox'
import {
  AmountSchema,
  CaptureModeSchema,
  PaymentAddressSchema,
  PaymentChangesSchema,
  PaymentDetailsSchema,
  PaymentFieldsSchema,
  PaymentIdSchema,
  PaymentLineSchema,
  PaymentMethodSchema,
  PaymentStatusSchema,
  PaymentTimestampSchema,
  ProfileIdSchema,
  SequenceTypeSchema,
  SubscriptionIdSchema,
  PAYMENT_STATUSES,
} from '../domain/payment-schemas.js'
import { MandateIdSchema } from '../domain/mandate-schemas.js'
import { CreatedAtSchema, CustomerIdSchema, LocaleSchema, MetadataSchema, ModeSchema } from '../domain/schemas.js'
import {
  closed,
  LIST_LIMIT_DEFAULT,
  LIST_LIMIT_MAX,
  ListLinksSchema,
  TestmodeBodySchema,
  TestmodeQuerySchema,
  UrlSchema,
} from './schemas.js'

export const PaymentLinksSchema = Type.Object(
  {
    self: UrlSchema,
    checkout: Type.Optional(UrlSchema),
    changePaymentState: Type.Optional(UrlSchema),
    dashboard: UrlSchema,
    customer: Type.Optional(UrlSchema),
    mandate: Type.Optional(UrlSchema),
    subscription: Type.Optional(UrlSchema),
    documentation: UrlSchema,
  },
  {
    description:
      '`checkout`: the page where the customer pays (open `oneoff` and `first` payments); `changePaymentState`: the ' +
      'test-mode page where a tester sets the outcome (pending recurring payments); `dashboard`: the payment in the ' +
      'dashboard; `customer`, `mandate`, `subscription`: what it belongs to.',
  },
)

const optionalNullable = <T extends Parameters<typeof Type.Optional>[0]>(schema: T, description: string) =>
  Type.Optional(Type.Union([schema, Type.Null()], { description }))

const timestamp = (description: string) => Type.Optional(Type.String({ ...PaymentTimestampSchema, description }))

export const PaymentResponseSchema = Type.Object(
  {
    resource: Type.Literal('payment', { description: 'Always `payment`.' }),
    id: PaymentIdSchema,
    mode: ModeSchema,
    amount: AmountSchema,
    description: Type.String({ description: 'The description, as shown to the customer.' }),
    method: Type.Union([PaymentMethodSchema, Type.Null()], { description: 'The method, once chosen; null while the customer may choose.' }),
    metadata: MetadataSchema,
    status: PaymentStatusSchema,
    isCancelable: Type.Optional(Type.Boolean({ description: 'Whether cancel-payment is allowed now; omitted once the payment is final.' })),
    createdAt: CreatedAtSchema,
    authorizedAt: timestamp('When it was authorized; omitted until then.'),
    paidAt: timestamp('When it was paid; omitted until then.'),
    canceledAt: timestamp('When it was canceled; omitted until then.'),
    expiresAt: timestamp('When it expires unless paid; omitted once it can no longer expire.'),
    captureBefore: timestamp('While authorized: the capture must happen before this, or the authorization expires.'),
    expiredAt: timestamp('When it expired; omitted until then.'),
    failedAt: timestamp('When it failed; omitted until then.'),
    profileId: ProfileIdSchema,
    customerId: Type.Optional(CustomerIdSchema),
    mandateId: Type.Optional(MandateIdSchema),
    subscriptionId: Type.Optional(SubscriptionIdSchema),
    sequenceType: SequenceTypeSchema,
    redirectUrl: optionalNullable(Type.String(), 'Where the customer goes after the checkout.'),
    cancelUrl: Type.Optional(Type.String({ description: 'Where the customer goes after canceling at the checkout.' })),
    webhookUrl: Type.Optional(Type.String({ description: 'Where status changes are POSTed.' })),
    locale: Type.Optional(LocaleSchema),
    restrictPaymentMethodsToCountry: Type.Optional(Type.String({ description: 'The country the methods are restricted to.' })),
    captureMode: Type.Optional(Type.Exclude(CaptureModeSchema, Type.Null())),
    captureDelay: Type.Optional(Type.String({ description: 'How long after authorization the capture happens.' })),
    lines: Type.Optional(Type.Array(PaymentLineSchema)),
    billingAddress: Type.Optional(PaymentAddressSchema),
    shippingAddress: Type.Optional(PaymentAddressSchema),
    details: Type.Optional(PaymentDetailsSchema),
    _links: PaymentLinksSchema,
  },
  { description: 'The payment object.' },
)
export type PaymentResponse = Static<typeof PaymentResponseSchema>

export const PaymentListResponseSchema = Type.Object(
  {
    count: Type.Integer({ minimum: 0, maximum: LIST_LIMIT_MAX, description: 'The number of payments on this page.' }),
    _embedded: Type.Object({ payments: Type.Array(PaymentResponseSchema) }),
    _links: ListLinksSchema,
  },
  { description: 'A page of payments, newest first unless `sort=asc`.' },
)
export type PaymentListResponse = Static<typeof PaymentListResponseSchema>

/** The body of create-payment and create-customer-payment: the payment fields and `testmode`. */
const PAYMENT_BODY_DESCRIPTION =
  '`amount` and `description` are required, and `redirectUrl` except for recurring payments. A `first` payment ' +
  'needs a customer; a `recurring` one a customer with a valid mandate.'

export const PaymentBodySchema = Type.Object(
  { ...PaymentFieldsSchema.properties, testmode: Type.Optional(TestmodeBodySchema) },
  { ...closed, description: PAYMENT_BODY_DESCRIPTION },
)
export type PaymentBody = Static<typeof PaymentBodySchema>

export const UpdatePaymentBodySchema = Type.Object(
  { ...PaymentChangesSchema.properties, testmode: Type.Optional(TestmodeBodySchema) },
  {
    ...closed,
    description:
      'An omitted field is left as it is. After the payment is final only `description`, `metadata` and `webhookUrl` ' +
      'can change; the checkout’s fields (`method`, `locale`, …) only while it is open.',
  },
)

export const CancelPaymentBodySchema = Type.Object({ testmode: Type.Optional(TestmodeBodySchema) }, closed)

const listQuery = {
  from: Type.Optional(Type.String({ description: 'The id of the payment to start the page from (inclusive), as `next` links carry it.' })),
  limit: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: LIST_LIMIT_MAX,
      description: `The number of payments per page, from 1 to ${LIST_LIMIT_MAX}. Defaults to ${LIST_LIMIT_DEFAULT}.`,
    }),
  ),
  sort: Type.Optional(Type.Enum(['asc', 'desc'], { description: '`desc` (the default) lists the newest first; `asc` the oldest.' })),
  profileId: Type.Optional(ProfileIdSchema),
  testmode: Type.Optional(TestmodeQuerySchema),
}
export const ListPaymentsQuerySchema = Type.Object(listQuery, closed)

export const GetPaymentQuerySchema = Type.Object(
  {
    include: Type.Optional(Type.Enum(['details.qrCode', 'details.remainderDetails'], { description: 'Accepted; Clientele has no QR codes or gift cards to add.' })),
    embed: Type.Optional(
      Type.String({
        pattern: '^(captures|refunds|chargebacks)(,(captures|refunds|chargebacks))*$',
        description: 'A comma-separated list of `captures`, `refunds`, `chargebacks`. Accepted; Clientele has none of these to embed.',
      }),
    ),
    testmode: Type.Optional(TestmodeQuerySchema),
  },
  closed,
)

export const CreatePaymentQuerySchema = Type.Object(
  { include: Type.Optional(Type.Enum(['details.qrCode'], { description: 'Accepted; Clientele has no QR codes to add.' })) },
  closed,
)

export const PaymentParamsSchema = Type.Object({ paymentId: PaymentIdSchema })
export const CustomerPaymentsParamsSchema = Type.Object({ customerId: CustomerIdSchema })

/** `POST /_clientele/payments/{paymentId}/status`: the outcome a tester chooses. */
export const PaymentStatusBodySchema = Type.Object(
  {
    status: Type.Enum(PAYMENT_STATUSES.filter((status) => status !== 'open'), {
      description: 'The new status: what the customer (or the bank) did.',
    }),
    method: Type.Optional(PaymentMethodSchema),
    testmode: Type.Optional(TestmodeBodySchema),
  },
  { ...closed, description: '`method`: for a payment without one, the method the customer "chose"; defaults to what fits.' },
)
