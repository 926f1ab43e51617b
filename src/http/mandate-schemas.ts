/**
 * The wire shapes of the Mandates API, composed from the domain's facts (domain/mandate-schemas.ts). Routes
 * validate and serialize with them, the served OpenAPI document and the typed client derive from them. Imports
 * nothing but TypeBox and schemas, so the client can load it.
 *
 * Source: Mollie's OpenAPI document of 2025-09-05: `mandate-response` (required: resource, id, mode, status,
 * method, details, customerId, mandateReference, signatureDate, createdAt, _links), `entity-mandate`, the
 * parameters of `/customers/{customerId}/mandates` and `/customers/{customerId}/mandates/{mandateId}`, and the
 * examples `get-mandate` (key order) and `list-mandates-200-1`.
 */
import Type, { type Static } from 'typebox'
import {
  MandateDetailsSchema,
  MandateFieldsSchema,
  MandateIdSchema,
  MandateMethodSchema,
  MandateStatusSchema,
} from '../domain/mandate-schemas.js'
import { CreatedAtSchema, CustomerIdSchema, ModeSchema } from '../domain/schemas.js'
import {
  closed,
  LIST_LIMIT_DEFAULT,
  LIST_LIMIT_MAX,
  ListLinksSchema,
  TestmodeBodySchema,
  TestmodeQuerySchema,
  UrlSchema,
} from './schemas.js'

export const MandateLinksSchema = Type.Object(
  { self: UrlSchema, customer: UrlSchema, documentation: UrlSchema },
  { description: '`self` is this mandate in the API; `customer` the customer it belongs to; `documentation` the reference of the operation.' },
)

export const MandateResponseSchema = Type.Object(
  {
    resource: Type.Literal('mandate', { description: 'Always `mandate`.' }),
    id: MandateIdSchema,
    mode: ModeSchema,
    status: MandateStatusSchema,
    method: MandateMethodSchema,
    details: MandateDetailsSchema,
    mandateReference: Type.Union([Type.String(), Type.Null()], { description: 'The custom mandate reference, if any.' }),
    signatureDate: Type.Union([Type.String(), Type.Null()], { description: 'The date the mandate was signed (`YYYY-MM-DD`), if given.' }),
    customerId: CustomerIdSchema,
    createdAt: CreatedAtSchema,
    _links: MandateLinksSchema,
  },
  { description: 'The mandate object.' },
)
export type MandateResponse = Static<typeof MandateResponseSchema>

export const MandateListResponseSchema = Type.Object(
  {
    count: Type.Integer({ minimum: 0, maximum: LIST_LIMIT_MAX, description: 'The number of mandates on this page.' }),
    _embedded: Type.Object({ mandates: Type.Array(MandateResponseSchema) }),
    _links: ListLinksSchema,
  },
  { description: 'A page of the customer’s mandates; revoked mandates are not listed.' },
)
export type MandateListResponse = Static<typeof MandateListResponseSchema>

/** The body of create-mandate: the mandate fields and `testmode`. */
export const MandateBodySchema = Type.Object(
  { ...MandateFieldsSchema.properties, testmode: Type.Optional(TestmodeBodySchema) },
  {
    ...closed,
    description:
      '`method` and `consumerName` are required. `directdebit` also needs `consumerAccount` (an IBAN); `paypal` ' +
      'needs `consumerEmail` and one of `paypalBillingAgreementId` and `payPalVaultId`.',
  },
)
export type MandateBody = Static<typeof MandateBodySchema>

export const RevokeMandateBodySchema = Type.Object({ testmode: Type.Optional(TestmodeBodySchema) }, closed)

export const ListMandatesQuerySchema = Type.Object(
  {
    from: Type.Optional(
      Type.String({ description: 'The id of the mandate to start the page from (inclusive), as `next` links carry it.' }),
    ),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: LIST_LIMIT_MAX,
        description: `The number of mandates per page, from 1 to ${LIST_LIMIT_MAX}. Defaults to ${LIST_LIMIT_DEFAULT}.`,
      }),
    ),
    sort: Type.Optional(Type.Enum(['asc', 'desc'], { description: '`desc` (the default) lists the newest first; `asc` the oldest.' })),
    testmode: Type.Optional(TestmodeQuerySchema),
  },
  closed,
)

export const GetMandateQuerySchema = Type.Object({ testmode: Type.Optional(TestmodeQuerySchema) }, closed)

export const CustomerMandatesParamsSchema = Type.Object({ customerId: CustomerIdSchema })
export const MandateParamsSchema = Type.Object({ customerId: CustomerIdSchema, mandateId: MandateIdSchema })
