/**
 * The wire shapes of the Customers API, composed from the domain's facts. Routes validate and serialize with
 * them, the served OpenAPI document is generated from them, and the typed client derives its types from them.
 * This module imports nothing but TypeBox and the domain schemas, so the client can load it.
 *
 * Source: Mollie's OpenAPI document of 2025-09-05: `customer-response`, `entity-event`, `list-links`,
 * `error-response`, `url`, `url-nullable`, and the parameters of `/customers` and `/customers/{customerId}`.
 */
import Type, { type Static } from 'typebox'
import { describeEventTypes } from '../domain/events.js'
import {
  CreatedAtSchema,
  CustomerFieldsSchema,
  CustomerIdSchema,
  CustomerSchema,
  LocaleSchema,
  MetadataSchema,
  ModeSchema,
} from '../domain/schemas.js'

export const HAL_JSON = 'application/hal+json'
export const TEXT_HTML = 'text/html'

export const UrlSchema = Type.Object(
  {
    href: Type.String({ description: 'The actual URL string.' }),
    type: Type.String({ description: 'The content type of the page or endpoint the URL points to.' }),
  },
  { description: 'A URL with the content type of what it points to.' },
)
export type Url = Static<typeof UrlSchema>

export const NullableUrlSchema = Type.Union([UrlSchema, Type.Null()], { description: 'A URL, or null when there is none.' })

export const CustomerLinksSchema = Type.Object(
  {
    self: UrlSchema,
    dashboard: UrlSchema,
    documentation: UrlSchema,
    payments: Type.Optional(NullableUrlSchema),
    mandates: Type.Optional(NullableUrlSchema),
    subscriptions: Type.Optional(NullableUrlSchema),
  },
  {
    description:
      '`self` is this customer in the API; `dashboard` its page in the dashboard; `documentation` the reference ' +
      'of the operation. `payments`, `mandates` and `subscriptions` are omitted while none exist.',
  },
)

const customerProperties = {
  resource: Type.Literal('customer', { description: 'Always `customer`.' }),
  id: CustomerIdSchema,
  mode: ModeSchema,
  name: CustomerSchema.properties.name,
  email: CustomerSchema.properties.email,
  locale: Type.Union([LocaleSchema, Type.Null()], { description: 'Allows you to preset the language to be used.' }),
  metadata: MetadataSchema,
  createdAt: CreatedAtSchema,
  _links: CustomerLinksSchema,
}

export const CustomerResponseSchema = Type.Object(customerProperties, { description: 'The customer object.' })
export type CustomerResponse = Static<typeof CustomerResponseSchema>

export const EventResponseSchema = Type.Object(
  {
    resource: Type.Literal('event', { description: 'Always `event`.' }),
    type: Type.Integer({ description: `What happened. Codes: ${describeEventTypes()}.` }),
    createdAt: CreatedAtSchema,
    message: Type.String({ description: 'A short human-readable description.', examples: ['Customer created'] }),
    _links: Type.Optional(
      Type.Object({
        url: Type.Optional(UrlSchema),
      }),
    ),
  },
  { description: 'One entry of a customer’s history.' },
)
export type EventResponse = Static<typeof EventResponseSchema>

export const CustomerWithEventsResponseSchema = Type.Object(
  {
    ...customerProperties,
    events: Type.Optional(
      Type.Array(EventResponseSchema, { description: 'The customer’s history, oldest first; only with `include=events`.' }),
    ),
  },
  { description: 'The customer object, with its events when `include=events` was given.' },
)
export type CustomerWithEventsResponse = Static<typeof CustomerWithEventsResponseSchema>

export const ListLinksSchema = Type.Object(
  {
    self: UrlSchema,
    previous: NullableUrlSchema,
    next: NullableUrlSchema,
    documentation: UrlSchema,
  },
  { description: 'Links to navigate the list. `previous` is null on the first page, `next` on the last.' },
)
export type ListLinks = Static<typeof ListLinksSchema>

export const CustomerListResponseSchema = Type.Object(
  {
    count: Type.Integer({ minimum: 0, maximum: 250, description: 'The number of customers on this page.' }),
    _embedded: Type.Object({ customers: Type.Array(CustomerResponseSchema) }),
    _links: ListLinksSchema,
  },
  { description: 'A page of customers.' },
)
export type CustomerListResponse = Static<typeof CustomerListResponseSchema>

export const ErrorResponseSchema = Type.Object(
  {
    status: Type.Integer({ minimum: 400, maximum: 599, description: 'The HTTP status code, repeated.' }),
    title: Type.String({ description: 'The HTTP reason phrase.', examples: ['Not Found'] }),
    detail: Type.String({ description: 'What went wrong, and what to send instead.' }),
    field: Type.Optional(Type.String({ description: 'The request field or parameter at fault, when there is one.' })),
    _links: Type.Object({ documentation: UrlSchema }),
  },
  { description: 'An error, in Mollie’s format.' },
)
export type ErrorResponse = Static<typeof ErrorResponseSchema>

const TESTMODE_DESCRIPTION =
  'With an organization access token: `true` to act in test mode. API keys are bound to one mode, so it can ' +
  'be omitted; when given it must match the key.'
export const TestmodeBodySchema = Type.Union([Type.Boolean(), Type.Null()], { description: TESTMODE_DESCRIPTION })
export const TestmodeQuerySchema = Type.Boolean({ description: TESTMODE_DESCRIPTION })

/**
 * Request schemas are closed (`additionalProperties: false`): a name an operation does not define is refused with
 * Mollie's 422 "Non-existent body parameter" / "Non-existent query parameter", never ignored (http/validation.ts).
 */
export const closed = { additionalProperties: false } as const

/** The body of create and update: the customer fields and `testmode`. */
export const CustomerBodySchema = Type.Object(
  { ...CustomerFieldsSchema.properties, testmode: Type.Optional(TestmodeBodySchema) },
  { ...closed, description: 'No field is required. On update, an omitted field is left as it is and `null` clears it.' },
)
export type CustomerBody = Static<typeof CustomerBodySchema>

export const DeleteCustomerBodySchema = Type.Object({ testmode: Type.Optional(TestmodeBodySchema) }, closed)

/**
 * The headers a write declares: `Idempotency-Key`, 1–255 printable ASCII characters. Open: every other header is
 * allowed.
 */
export const IdempotencyHeadersSchema = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      pattern: '^[\\x21-\\x7E]{1,255}$',
      description:
        'Makes the write safe to repeat: a repeat with the same key (from the same credential, within 24 hours) gets ' +
        'the first response back, marked `Idempotent-Replayed: true`, and changes nothing.',
      examples: ['123e4567-e89b-12d3-a456-426614174000'],
    }),
  ),
})

/** The query of an operation that takes none: writes carry `testmode` in their body, as Mollie's clients send it. */
export const NoQuerySchema = Type.Object({}, closed)

export const LIST_LIMIT_DEFAULT = 50
export const LIST_LIMIT_MAX = 250

export const ListCustomersQuerySchema = Type.Object({
  from: Type.Optional(
    Type.String({ description: 'The id of the customer to start the page from (inclusive), as `next` links carry it.' }),
  ),
  limit: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: LIST_LIMIT_MAX,
      description: `The number of customers per page, from 1 to ${LIST_LIMIT_MAX}. Defaults to ${LIST_LIMIT_DEFAULT}.`,
    }),
  ),
  sort: Type.Optional(
    Type.Enum(['asc', 'desc'], { description: '`desc` (the default) lists the newest first; `asc` the oldest.' }),
  ),
  testmode: Type.Optional(TestmodeQuerySchema),
}, closed)
export type ListCustomersQuery = Static<typeof ListCustomersQuerySchema>

export const GetCustomerQuerySchema = Type.Object({
  include: Type.Optional(Type.Enum(['events'], { description: '`events` adds the customer’s history.' })),
  testmode: Type.Optional(TestmodeQuerySchema),
}, closed)

export const CustomerParamsSchema = Type.Object({ customerId: CustomerIdSchema })
