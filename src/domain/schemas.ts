/**
 * The facts of the customer object, each written once. Everything else (request validation, response
 * serialization, TypeScript types, the served OpenAPI document, the typed client) is derived from these.
 *
 * Source: Mollie's OpenAPI document of 2025-09-05, schemas `entity-customer`, `locale-response`, `metadata`,
 * `mode` and `entity-event`.
 */
import Type, { type Static } from 'typebox'
import { METADATA_FAULTS, METADATA_MAX_BYTES, PLAIN_TEXT_RULE, isStorableText, metadataFault } from './rules.js'

export { METADATA_MAX_BYTES }

export const MODES = ['live', 'test'] as const

/**
 * Locales accepted on input and returned on output. The spec's `locale-response` lists the first 22; Mollie's own
 * clients also send `de_LU`, `fr_LU` (`@mollie/api-client`) and `cs_CZ`, `en_BE`, `en_NL`, `sk_SK`
 * (`mollie-api-typescript`), which the live API accepts for payments, so refusing them would break those clients.
 */
export const LOCALES = [
  'en_US', 'en_GB', 'nl_NL', 'nl_BE', 'de_DE', 'de_AT', 'de_CH', 'fr_FR', 'fr_BE', 'es_ES', 'ca_ES',
  'pt_PT', 'it_IT', 'nb_NO', 'sv_SE', 'fi_FI', 'da_DK', 'is_IS', 'hu_HU', 'pl_PL', 'lv_LV', 'lt_LT',
  'de_LU', 'fr_LU', 'cs_CZ', 'en_BE', 'en_NL', 'sk_SK',
] as const

/** Longest accepted `name`, in characters (Unicode code points, as JSON Schema's maxLength counts them). */
export const NAME_MAX_LENGTH = 255
/** Longest accepted `email`: RFC 5321 limits a forward path to 254 characters. */
export const EMAIL_MAX_LENGTH = 254

export const ModeSchema = Type.Enum(MODES, {
  description: 'Whether this entity was created in live mode or in test mode.',
})
export type Mode = Static<typeof ModeSchema>

export const LocaleSchema = Type.Enum(LOCALES, {
  description: 'Allows you to preset the language to be used.',
})
export type Locale = Static<typeof LocaleSchema>

export const MetadataSchema = Type.Refine(
  Type.Union(
    [
      Type.String(),
      Type.Object({}, { additionalProperties: true }),
      Type.Array(Type.String()),
      Type.Null(),
    ],
    {
      description: `Any data you like: a string, a JSON object or an array of strings. Up to ${METADATA_MAX_BYTES} bytes once JSON-encoded.`,
    },
  ),
  (value) => metadataFault(value) === undefined,
  (value) => METADATA_FAULTS[metadataFault(value)!],
)
export type Metadata = Static<typeof MetadataSchema>

export const CustomerIdSchema = Type.String({
  description: 'The identifier of a customer: `cst_` followed by 10 alphanumeric characters.',
  examples: ['cst_5B8cwPMGnU'],
})

export const CreatedAtSchema = Type.String({
  description: "The entity's date and time of creation, in ISO 8601 format.",
  examples: ['2024-03-20T09:13:37+00:00'],
})

/** A string of at most `maxLength` characters that can be stored and given back unchanged (rules.ts). */
export function StorableText(maxLength: number) {
  return Type.Refine(Type.String({ maxLength }), isStorableText, () => PLAIN_TEXT_RULE)
}

export const NameSchema = Type.Union([StorableText(NAME_MAX_LENGTH), Type.Null()], {
  description: 'The full name of the customer.',
  examples: ['John Doe'],
})
export const EmailSchema = Type.Union(
  [Type.String({ maxLength: EMAIL_MAX_LENGTH, format: 'email' }), Type.Null()],
  { description: 'The email address of the customer.', examples: ['example@email.com'] },
)
export const NullableLocaleSchema = Type.Union([LocaleSchema, Type.Null()], {
  description:
    'Preconfigure the language to be used in the hosted payment pages shown to the customer. Should only be provided if absolutely necessary.',
})

/** The writable fields of a customer, as a create or update request carries them. None is required. */
export const CustomerFieldsSchema = Type.Object({
  name: Type.Optional(NameSchema),
  email: Type.Optional(EmailSchema),
  locale: Type.Optional(NullableLocaleSchema),
  metadata: Type.Optional(MetadataSchema),
})
export type CustomerFields = Static<typeof CustomerFieldsSchema>
export type CustomerField = keyof CustomerFields
/** The writable fields' names, in the schema's order. */
export const CUSTOMER_FIELDS = Object.keys(CustomerFieldsSchema.properties) as readonly CustomerField[]

/** A customer as the domain and the store know it: the wire object without `resource` and `_links`. */
export const CustomerSchema = Type.Object({
  id: CustomerIdSchema,
  mode: ModeSchema,
  name: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  locale: Type.Union([LocaleSchema, Type.Null()]),
  metadata: MetadataSchema,
  createdAt: CreatedAtSchema,
})
export type Customer = Static<typeof CustomerSchema>

/** One entry of a customer's history, as the domain and the store know it (`entity-event` without `resource`). */
export const CustomerEventSchema = Type.Object({
  type: Type.Integer({ description: 'What happened: a code of Clientele\'s event catalogue (events.ts).' }),
  message: Type.String({ description: 'A short human-readable description.', examples: ['Customer created'] }),
  createdAt: CreatedAtSchema,
})
export type CustomerEvent = Static<typeof CustomerEventSchema>
