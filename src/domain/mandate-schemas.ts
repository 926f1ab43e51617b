/**
 * The facts of the mandate object, each written once; the wire shapes (http/mandate-schemas.ts), the served
 * OpenAPI document and the typed client derive from these.
 *
 * Source: Mollie's OpenAPI document of 2025-09-05: schemas `entity-mandate`, `entity-mandate-response`,
 * `mandate-response`, `mandate-request` (required: `method`, `consumerName`), `mandateToken`; operation
 * `create-mandate` ("only possible to create mandates for IBANs and PayPal billing agreements with this endpoint").
 */
import Type, { type Static } from 'typebox'
import { BIC_RULE, IBAN_FAULTS, ibanFault, isBic } from './iban.js'
import { CreatedAtSchema, CustomerIdSchema, EMAIL_MAX_LENGTH, ModeSchema, StorableText } from './schemas.js'

/** Every method a mandate can have (spec `entity-mandate.method`). */
export const MANDATE_METHODS = ['creditcard', 'directdebit', 'paypal'] as const
export type MandateMethod = (typeof MANDATE_METHODS)[number]
/** The methods `create-mandate` takes; card mandates come from a first payment (spec `create-mandate`). */
export const DIRECT_MANDATE_METHODS = ['directdebit', 'paypal'] as const satisfies readonly MandateMethod[]

export const MANDATE_STATUSES = ['valid', 'pending', 'invalid'] as const
export type MandateStatus = (typeof MANDATE_STATUSES)[number]

/** Longest accepted text field of a mandate. SEPA allows 35 characters for a mandate reference; we are lenient. */
export const MANDATE_TEXT_MAX_LENGTH = 255

export const CARD_MANDATE_RULE =
  "must be directdebit or paypal: creditcard mandates can only be created through a first payment with the customer's card"

export const MandateIdSchema = Type.String({
  description: 'The identifier of a mandate: `mdt_` followed by 10 alphanumeric characters.',
  examples: ['mdt_5B8cwPMGnU'],
})

export const MandateMethodSchema = Type.Enum(MANDATE_METHODS, {
  description: 'Payment method of the mandate. SEPA Direct Debit and PayPal mandates can be created directly.',
  examples: ['directdebit'],
})

/** `method` as create-mandate takes it: the spec's enum, with `creditcard` refused in words that say why. */
export const CreateMandateMethodSchema = Type.Refine(
  Type.Enum(MANDATE_METHODS, {
    description:
      'Payment method of the mandate: `directdebit` or `paypal`. `creditcard` mandates can only be created through a ' +
      'first payment.',
    examples: ['directdebit'],
  }),
  (value) => value !== 'creditcard',
  () => CARD_MANDATE_RULE,
)

export const MandateStatusSchema = Type.Enum(MANDATE_STATUSES, {
  description: 'The status of the mandate: `pending` while a first payment is not final, `valid`, or `invalid`.',
})

/** A date as `YYYY-MM-DD`, a real calendar date. */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value)
  if (!match) return false
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value
}

/** Today's date where Mollie is (Amsterdam): a mandate signed "today" there is never in the future. */
export function todayInAmsterdam(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(now)
}

export const SIGNATURE_DATE_RULE = 'must be a date in YYYY-MM-DD format, not in the future'

export const SignatureDateSchema = Type.Union(
  [
    Type.Refine(
      Type.String(),
      // "Not in the future" depends on the tenant's clock (the test clock in test mode): checkSignatureDate
      // (mandate.ts) decides it where the clock is known. The message states the whole rule.
      isCalendarDate,
      () => SIGNATURE_DATE_RULE,
    ),
    Type.Null(),
  ],
  { description: 'The date when the mandate was signed, in `YYYY-MM-DD` format; not in the future.', examples: ['2025-01-01'] },
)

export const IbanSchema = Type.Refine(
  Type.String({ maxLength: 64 }),
  (value) => ibanFault(value) === undefined,
  (value) => IBAN_FAULTS[ibanFault(value)!],
)

export const BicSchema = Type.Refine(Type.String({ maxLength: 11 }), isBic, () => BIC_RULE)

/** As the customer's `email`: `format: email` is rules.ts's isEmailAddress. */
export const EmailAddressSchema = Type.String({ maxLength: EMAIL_MAX_LENGTH, format: 'email' })

/**
 * The fields of a create-mandate request, as the spec's `entity-mandate` names them. Which are required depends
 * on the method (mandate.ts checks that): `directdebit` needs `consumerAccount`; `paypal` needs `consumerEmail`
 * and one of `paypalBillingAgreementId` and `payPalVaultId`.
 */
export const MandateFieldsSchema = Type.Object(
  {
    method: CreateMandateMethodSchema,
    consumerName: StorableText(MANDATE_TEXT_MAX_LENGTH),
    consumerAccount: Type.Optional(
      Type.Union([IbanSchema, Type.Null()], {
        description: "The customer's IBAN. Required for SEPA Direct Debit mandates; spaces are removed.",
        examples: ['NL55INGB0000000000'],
      }),
    ),
    consumerBic: Type.Optional(
      Type.Union([BicSchema, Type.Null()], {
        description: "The BIC of the customer's bank. Derived from the IBAN where its bank code tells it (Dutch IBANs).",
        examples: ['INGBNL2A'],
      }),
    ),
    consumerEmail: Type.Optional(
      Type.Union([EmailAddressSchema, Type.Null()], {
        description: "The customer's email address. Required for PayPal mandates.",
        examples: ['example@email.com'],
      }),
    ),
    signatureDate: Type.Optional(SignatureDateSchema),
    mandateReference: Type.Optional(
      Type.Union([StorableText(MANDATE_TEXT_MAX_LENGTH), Type.Null()], {
        description: 'A custom mandate reference; for SEPA Direct Debit it should be unique.',
        examples: ['ID-1023892'],
      }),
    ),
    paypalBillingAgreementId: Type.Optional(
      Type.Union([StorableText(MANDATE_TEXT_MAX_LENGTH), Type.Null()], {
        description: 'The billing agreement id given by PayPal. For PayPal mandates: this or `payPalVaultId`, not both.',
        examples: ['B-12A34567B8901234CD'],
      }),
    ),
    payPalVaultId: Type.Optional(
      Type.Union([StorableText(MANDATE_TEXT_MAX_LENGTH), Type.Null()], {
        description: 'The vault id given by PayPal. For PayPal mandates: this or `paypalBillingAgreementId`, not both.',
        examples: ['8kk8451t'],
      }),
    ),
  },
  { description: 'The fields of a new mandate. `method` and `consumerName` are always required.' },
)
export type MandateFields = Static<typeof MandateFieldsSchema>
export type MandateField = keyof MandateFields
export const MANDATE_FIELDS = Object.keys(MandateFieldsSchema.properties) as readonly MandateField[]

/** What `details` shows for a direct debit (IBAN) or PayPal (email in `consumerAccount`) mandate. */
export const MandateDetailsSchema = Type.Object(
  {
    consumerName: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: "The customer's name." })),
    consumerAccount: Type.Optional(
      Type.Union([Type.String(), Type.Null()], { description: "The customer's IBAN, or for PayPal their email address." }),
    ),
    consumerBic: Type.Optional(
      Type.Union([Type.String(), Type.Null()], { description: "The BIC of the customer's bank (direct debit only)." }),
    ),
    cardHolder: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'Card mandates: the name on the card.' })),
    cardNumber: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'Card mandates: the last four digits.' })),
    cardExpiryDate: Type.Optional(
      Type.Union([Type.String(), Type.Null()], { description: 'Card mandates: the card’s expiry date (`YYYY-MM-DD`).' }),
    ),
    cardLabel: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'Card mandates: the card’s brand.' })),
    cardFingerprint: Type.Optional(
      Type.Union([Type.String(), Type.Null()], { description: 'Card mandates: a fingerprint unique to the card.' }),
    ),
  },
  {
    description:
      'The mandate’s payment details; which fields appear depends on the method: `consumer*` for direct debit and ' +
      'PayPal, `card*` for card mandates (made by a first payment).',
  },
)
export type MandateDetails = Static<typeof MandateDetailsSchema>

/** A mandate as the domain and the store know it: the wire object without `resource` and `_links`. */
export const MandateSchema = Type.Object({
  id: MandateIdSchema,
  mode: ModeSchema,
  status: MandateStatusSchema,
  method: MandateMethodSchema,
  details: MandateDetailsSchema,
  mandateReference: Type.Union([Type.String(), Type.Null()]),
  signatureDate: Type.Union([Type.String(), Type.Null()]),
  customerId: CustomerIdSchema,
  createdAt: CreatedAtSchema,
  /** When it was revoked (by the API or with its customer); null while it can be charged. Never on the wire. */
  revokedAt: Type.Union([CreatedAtSchema, Type.Null()]),
})
export type Mandate = Static<typeof MandateSchema>
