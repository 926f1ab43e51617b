/**
 * The wire shapes of the Subscriptions API, composed from the domain's facts (domain/subscription-schemas.ts). Routes
 * validate and serialize with them; the served OpenAPI document and the typed client derive from them. Imports
 * nothing but TypeBox and schemas, so the client can load it.
 *
 * Source: Mollie's OpenAPI document of 2025-09-05: `subscription-response` (required: resource, id, mode, customerId,
 * createdAt, status, amount, description, method, times, timesRemaining, interval, startDate, webhookUrl, metadata,
 * _links; `_links` requires self, profile, customer, documentation), `entity-subscription`, the parameters of
 * `/customers/{customerId}/subscriptions…` and `/subscriptions`, and the example `get-subscription` (key order).
 * mollie-api-typescript 1.12.28 refuses a subscription without `_links.profile` or `_links.customer`, or with a null
 * `mandateId` (compat §11).
 */
import Type, { type Static } from 'typebox'
import { MandateIdSchema } from '../domain/mandate-schemas.js'
import { AmountSchema, ProfileIdSchema } from '../domain/payment-schemas.js'
import { CreatedAtSchema, CustomerIdSchema, MetadataSchema, ModeSchema } from '../domain/schemas.js'
import {
  SubscriptionChangesSchema,
  SubscriptionFieldsSchema,
  SubscriptionIdSchema,
  SubscriptionMethodSchema,
  SubscriptionStatusSchema,
} from '../domain/subscription-schemas.js'
import {
  closed,
  LIST_LIMIT_DEFAULT,
  LIST_LIMIT_MAX,
  ListLinksSchema,
  TestmodeBodySchema,
  TestmodeQuerySchema,
  UrlSchema,
} from './schemas.js'

export const SubscriptionLinksSchema = Type.Object(
  {
    self: UrlSchema,
    customer: UrlSchema,
    mandate: Type.Optional(UrlSchema),
    profile: UrlSchema,
    payments: Type.Optional(UrlSchema),
    documentation: UrlSchema,
  },
  {
    description:
      '`customer`, `mandate` (the mandate charged) and `profile`: what it belongs to; `payments`: its payments, ' +
      'omitted until it has one.',
  },
)

export const SubscriptionResponseSchema = Type.Object(
  {
    resource: Type.Literal('subscription', { description: 'Always `subscription`.' }),
    id: SubscriptionIdSchema,
    mode: ModeSchema,
    amount: AmountSchema,
    times: Type.Union([Type.Integer(), Type.Null()], { description: 'How many payments in all; null: until canceled.' }),
    timesRemaining: Type.Union([Type.Integer(), Type.Null()], { description: 'How many payments are left; null: until canceled.' }),
    interval: Type.String({ description: 'Time between payments, as given: `1 month`, `14 days` …' }),
    startDate: Type.String({ description: 'The date of the first payment (`YYYY-MM-DD`).' }),
    nextPaymentDate: Type.Optional(Type.String({ description: 'The date of the next payment (`YYYY-MM-DD`); omitted once completed or canceled.' })),
    description: Type.String({ description: 'The description of its payments; unique among the customer’s active subscriptions.' }),
    metadata: MetadataSchema,
    method: SubscriptionMethodSchema,
    status: SubscriptionStatusSchema,
    webhookUrl: Type.Union([Type.String(), Type.Null()], { description: 'Where its payments’ status changes are POSTed; null when none.' }),
    customerId: CustomerIdSchema,
    mandateId: MandateIdSchema,
    createdAt: CreatedAtSchema,
    canceledAt: Type.Optional(Type.String({ description: 'When it was canceled (ISO 8601); omitted unless canceled.' })),
    _links: SubscriptionLinksSchema,
  },
  { description: 'The subscription object.' },
)
export type SubscriptionResponse = Static<typeof SubscriptionResponseSchema>

export const SubscriptionListResponseSchema = Type.Object(
  {
    count: Type.Integer({ minimum: 0, maximum: LIST_LIMIT_MAX, description: 'The number of subscriptions on this page.' }),
    _embedded: Type.Object({ subscriptions: Type.Array(SubscriptionResponseSchema) }),
    _links: ListLinksSchema,
  },
  { description: 'A page of subscriptions, newest first unless `sort=asc`; canceled and completed ones included.' },
)
export type SubscriptionListResponse = Static<typeof SubscriptionListResponseSchema>

export const SubscriptionBodySchema = Type.Object(
  { ...SubscriptionFieldsSchema.properties, testmode: Type.Optional(TestmodeBodySchema) },
  {
    ...closed,
    description:
      '`amount`, `interval` and `description` are required. The customer needs a valid mandate (of `method`, when ' +
      'given); `mandateId` names one.',
  },
)
export type SubscriptionBody = Static<typeof SubscriptionBodySchema>

export const UpdateSubscriptionBodySchema = Type.Object(
  { ...SubscriptionChangesSchema.properties, testmode: Type.Optional(TestmodeBodySchema) },
  { ...closed, description: 'An omitted field is left as it is. A canceled or completed subscription cannot be updated.' },
)

export const CancelSubscriptionBodySchema = Type.Object({ testmode: Type.Optional(TestmodeBodySchema) }, closed)

const from = Type.Optional(Type.String({ description: 'The id of the subscription to start the page from (inclusive), as `next` links carry it.' }))
const limit = Type.Optional(
  Type.Integer({
    minimum: 1,
    maximum: LIST_LIMIT_MAX,
    description: `The number of subscriptions per page, from 1 to ${LIST_LIMIT_MAX}. Defaults to ${LIST_LIMIT_DEFAULT}.`,
  }),
)
const sort = Type.Optional(Type.Enum(['asc', 'desc'], { description: '`desc` (the default) lists the newest first; `asc` the oldest.' }))

export const ListSubscriptionsQuerySchema = Type.Object({ from, limit, sort, testmode: Type.Optional(TestmodeQuerySchema) }, closed)

export const ListAllSubscriptionsQuerySchema = Type.Object(
  { from, limit, profileId: Type.Optional(Type.Union([ProfileIdSchema, Type.Null()])), testmode: Type.Optional(TestmodeQuerySchema) },
  closed,
)

export const ListSubscriptionPaymentsQuerySchema = Type.Object(
  {
    from: Type.Optional(Type.String({ description: 'The id of the payment to start the page from (inclusive), as `next` links carry it.' })),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: LIST_LIMIT_MAX,
        description: `The number of payments per page, from 1 to ${LIST_LIMIT_MAX}. Defaults to ${LIST_LIMIT_DEFAULT}.`,
      }),
    ),
    sort,
    profileId: Type.Optional(ProfileIdSchema),
    testmode: Type.Optional(TestmodeQuerySchema),
  },
  closed,
)

export const GetSubscriptionQuerySchema = Type.Object({ testmode: Type.Optional(TestmodeQuerySchema) }, closed)

export const CustomerSubscriptionsParamsSchema = Type.Object({ customerId: CustomerIdSchema })
export const SubscriptionParamsSchema = Type.Object({ customerId: CustomerIdSchema, subscriptionId: SubscriptionIdSchema })
