/**
 * The facts of the payment object, each written once; the wire shapes (http/payment-schemas.ts), the served OpenAPI
 * document and the typed client derive from these.
 *
 * Source: Mollie's OpenAPI document of 2025-09-05: `entity-payment`, `payment-request` (required: amount,
 * description, redirectUrl), `payment-response`, `amount`, `method`, `sequence-type`, `payment-address`,
 * `payment-line-item`, `recurring-line-item`, `capture-mode`, `extra-parameter-parameters`, `paymentToken`,
 * `profileToken`; the operations `create-payment`, `update-payment`, `cancel-payment`.
 */
import Type, { type Static } from 'typebox'
import { isStorableText, PLAIN_TEXT_RULE } from './rules.js'
import {
  CreatedAtSchema,
  CustomerIdSchema,
  LocaleSchema,
  MetadataSchema,
  ModeSchema,
} from './schemas.js'
import { MandateIdSchema } from './mandate-schemas.js'

/** Every method of the spec's `method` enum. */
export const PAYMENT_METHODS = [
  'alma', 'applepay', 'bacs', 'bancomatpay', 'bancontact', 'banktransfer', 'belfius', 'billie', 'bizum', 'blik',
  'creditcard', 'directdebit', 'eps', 'giftcard', 'ideal', 'in3', 'kbc', 'klarna', 'klarnapaylater', 'klarnapaynow',
  'klarnasliceit', 'mbway', 'multibanco', 'mybank', 'paybybank', 'payconiq', 'paypal', 'paysafecard', 'pointofsale',
  'przelewy24', 'riverty', 'satispay', 'swish', 'trustly', 'twint', 'voucher',
] as const
export type PaymentMethod = (typeof PAYMENT_METHODS)[number]

export const PAYMENT_STATUSES = ['open', 'pending', 'authorized', 'paid', 'canceled', 'expired', 'failed'] as const
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number]

export const SEQUENCE_TYPES = ['oneoff', 'first', 'recurring'] as const
export type SequenceType = (typeof SEQUENCE_TYPES)[number]

/**
 * Currencies Mollie accepts, with the decimals their `value` must have (Mollie's docs, "Multicurrency": "the
 * amount of decimals must match the currency"; JPY and ISK have none).
 */
export const CURRENCY_DECIMALS: Readonly<Record<string, number>> = {
  AED: 2, AUD: 2, BGN: 2, BRL: 2, CAD: 2, CHF: 2, CZK: 2, DKK: 2, EUR: 2, GBP: 2, HKD: 2, HUF: 2, ILS: 2, ISK: 0,
  JPY: 0, MXN: 2, MYR: 2, NOK: 2, NZD: 2, PHP: 2, PLN: 2, RON: 2, RUB: 2, SEK: 2, SGD: 2, THB: 2, TWD: 2, USD: 2,
  ZAR: 2,
}

/** Longest `description` kept: Mollie accepts longer ones and truncates them to this (spec `entity-payment`). */
export const DESCRIPTION_MAX_LENGTH = 255
/** Longest URL accepted (redirect, cancel and webhook URLs). */
export const URL_MAX_LENGTH = 2048
/** Longest free text in addresses and lines. */
const TEXT_MAX_LENGTH = 255

export const PaymentIdSchema = Type.String({
  description: 'The identifier of a payment: `tr_` followed by 10 alphanumeric characters.',
  examples: ['tr_5B8cwPMGnU'],
})

export const ProfileIdSchema = Type.String({
  description: 'The identifier of the website profile the payment belongs to: `pfl_` and 10 alphanumeric characters.',
  examples: ['pfl_5B8cwPMGnU'],
})

export const SubscriptionIdSchema = Type.String({
  description: 'The identifier of a subscription: `sub_` followed by 10 alphanumeric characters.',
  examples: ['sub_5B8cwPMGnU'],
})

export const PaymentMethodSchema = Type.Enum(PAYMENT_METHODS, {
  description: 'A payment method.',
  examples: ['ideal'],
})

export const PaymentStatusSchema = Type.Enum(PAYMENT_STATUSES, {
  description:
    'The payment’s status: `open` until the customer acts, then `pending`, `authorized`, `paid`, `canceled`, ' +
    '`expired` or `failed`.',
  examples: ['open'],
})

export const SequenceTypeSchema = Type.Enum(SEQUENCE_TYPES, {
  description:
    '`oneoff` (the default), `first` (the customer agrees to later charges: a paid first payment makes a mandate) or ' +
    '`recurring` (charged on a mandate, without the customer).',
  examples: ['oneoff'],
})

/** A `value` in Mollie's form: digits, and a decimal point with up to 3 decimals (the currency decides how many). */
const AMOUNT_VALUE = /^(0|[1-9]\d{0,14})(\.\d{1,3})?$/
export const AMOUNT_VALUE_RULE = 'must be a string such as "10.00", without leading zeros, with as many decimals as the currency has'

export const AmountSchema = Type.Object(
  {
    currency: Type.String({ description: 'An ISO 4217 currency code.', examples: ['EUR'], maxLength: 3 }),
    value: Type.Refine(
      Type.String({ description: 'The amount, a string with the currency’s decimals.', examples: ['10.00'], maxLength: 19 }),
      (value) => AMOUNT_VALUE.test(value),
      () => AMOUNT_VALUE_RULE,
    ),
  },
  { additionalProperties: false, description: 'An amount of money: `{"currency":"EUR","value":"10.00"}`.' },
)
export type Amount = Static<typeof AmountSchema>

const URL_RULE = 'must be an absolute URL, such as https://example.org/return (not javascript:, data:, file: …)'
/** Schemes a browser would run or read locally instead of going somewhere: never a place to send a customer. */
const UNSAFE_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:', 'about:'])
/** An absolute URL with a scheme (apps use their own schemes for `redirectUrl`), without spaces, not a script. */
export function isAbsoluteUrl(value: string): boolean {
  if (/\s/.test(value)) return false
  try {
    const url = new URL(value)
    return url.protocol.length > 1 && !UNSAFE_SCHEMES.has(url.protocol)
  } catch {
    return false
  }
}

function UrlField(description: string, example: string) {
  return Type.Union(
    [Type.Refine(Type.String({ maxLength: URL_MAX_LENGTH }), isAbsoluteUrl, () => URL_RULE), Type.Null()],
    { description, examples: [example] },
  )
}

export const RedirectUrlSchema = UrlField(
  'Where the customer is sent after the checkout. Required, except for recurring payments.',
  'https://example.org/redirect',
)
export const CancelUrlSchema = UrlField(
  'Where the customer is sent when they cancel at the checkout; without it, `redirectUrl`.',
  'https://example.org/cancel',
)
export const WebhookUrlSchema = UrlField(
  'Where Clientele POSTs `id=tr_…` when the payment’s status changes (`http` or `https`).',
  'https://example.org/webhooks',
)

export const DESCRIPTION_RULE = 'must be plain text that is not empty, without control characters or invalid Unicode'
/**
 * Shown to the customer. Longer than 255 characters is truncated, as Mollie does ("The API will not reject strings
 * longer than the maximum length but it will truncate them"); the request's size limit (64 KiB) bounds it.
 */
export const DescriptionSchema = Type.Refine(
  Type.String({ description: 'Shown to the customer; longer than 255 characters is truncated, as Mollie does.', maxLength: 65_536 }),
  (value) => isStorableText(value) && value.trim() !== '',
  () => DESCRIPTION_RULE,
)

function TextField(maxLength = TEXT_MAX_LENGTH) {
  return Type.Refine(Type.String({ maxLength }), isStorableText, () => PLAIN_TEXT_RULE)
}

/** Spec `payment-address`: every field optional; stored and given back. */
export const PaymentAddressSchema = Type.Object(
  {
    title: Type.Optional(TextField()),
    givenName: Type.Optional(TextField()),
    familyName: Type.Optional(TextField()),
    organizationName: Type.Optional(TextField()),
    streetAndNumber: Type.Optional(TextField()),
    streetAdditional: Type.Optional(TextField()),
    postalCode: Type.Optional(TextField(20)),
    email: Type.Optional(Type.String({ maxLength: 254, format: 'email' })),
    phone: Type.Optional(TextField(32)),
    city: Type.Optional(TextField()),
    region: Type.Optional(TextField()),
    country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2.' })),
  },
  { additionalProperties: false, description: 'An address. Stored and given back; Clientele does no address checks.' },
)

const LINE_TYPES = ['physical', 'digital', 'shipping_fee', 'discount', 'store_credit', 'gift_card', 'surcharge', 'tip'] as const
const LINE_CATEGORIES = ['meal', 'eco', 'gift', 'sport_culture'] as const

/** Spec `payment-line-item` with `recurring` (`recurring-line-item`): stored and given back. */
export const PaymentLineSchema = Type.Object(
  {
    type: Type.Optional(Type.Enum(LINE_TYPES)),
    description: TextField(),
    quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    quantityUnit: Type.Optional(TextField(32)),
    unitPrice: AmountSchema,
    discountAmount: Type.Optional(AmountSchema),
    totalAmount: AmountSchema,
    vatRate: Type.Optional(Type.String({ pattern: '^\\d{1,3}(\\.\\d{1,2})?$' })),
    vatAmount: Type.Optional(AmountSchema),
    sku: Type.Optional(TextField(64)),
    categories: Type.Optional(Type.Array(Type.Enum(LINE_CATEGORIES), { maxItems: 4 })),
    imageUrl: Type.Optional(Type.String({ maxLength: URL_MAX_LENGTH })),
    productUrl: Type.Optional(Type.String({ maxLength: URL_MAX_LENGTH })),
    recurring: Type.Optional(
      Type.Object(
        {
          interval: Type.String({ pattern: '^(\\d+) (months|weeks|days)$' }),
          description: Type.Optional(TextField()),
          amount: Type.Optional(AmountSchema),
          times: Type.Optional(Type.Integer({ minimum: 1 })),
          startDate: Type.Optional(Type.Union([Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), Type.Null()])),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false, description: 'An order line. Stored and given back.' },
)

export const CaptureModeSchema = Type.Union([Type.Enum(['automatic', 'manual']), Type.Null()], {
  description: '`manual`: a successful checkout leaves the payment `authorized` instead of `paid`.',
})

/**
 * The request fields Clientele cannot honour (a real wallet token, a card token from Mollie Components, a terminal,
 * Mollie Connect): the schema accepts their shape so that the refusal can say why (payment.ts, UNSUPPORTED_FIELDS).
 */
const Unsupported = Type.Unknown()

/**
 * The fields of a payment request (create-payment and create-customer-payment), as the spec names them. Rules that
 * look at several fields (the amount's decimals, what a sequence type needs) are payment.ts's.
 */
export const PaymentFieldsSchema = Type.Object(
  {
    description: DescriptionSchema,
    amount: AmountSchema,
    redirectUrl: Type.Optional(RedirectUrlSchema),
    cancelUrl: Type.Optional(CancelUrlSchema),
    webhookUrl: Type.Optional(WebhookUrlSchema),
    lines: Type.Optional(Type.Union([Type.Array(PaymentLineSchema, { maxItems: 250 }), Type.Null()])),
    billingAddress: Type.Optional(PaymentAddressSchema),
    shippingAddress: Type.Optional(PaymentAddressSchema),
    locale: Type.Optional(Type.Union([LocaleSchema, Type.Null()])),
    method: Type.Optional(
      Type.Union([PaymentMethodSchema, Type.Array(PaymentMethodSchema, { minItems: 1, maxItems: 36 }), Type.Null()], {
        description: 'The method, or the methods the checkout offers (an array, as Mollie’s clients send it).',
      }),
    ),
    issuer: Type.Optional(Type.Union([TextField(64), Type.Null()])),
    restrictPaymentMethodsToCountry: Type.Optional(Type.Union([Type.String({ pattern: '^[A-Z]{2}$' }), Type.Null()])),
    metadata: Type.Optional(MetadataSchema),
    captureMode: Type.Optional(CaptureModeSchema),
    captureDelay: Type.Optional(Type.Union([Type.String({ pattern: '^\\d+ (hours|days)$' }), Type.Null()])),
    applicationFee: Type.Optional(Unsupported),
    routing: Type.Optional(Unsupported),
    sequenceType: Type.Optional(SequenceTypeSchema),
    mandateId: Type.Optional(Type.Union([MandateIdSchema, Type.Null()])),
    customerId: Type.Optional(Type.Union([CustomerIdSchema, Type.Null()])),
    profileId: Type.Optional(Type.Union([ProfileIdSchema, Type.Null()])),
    dueDate: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Bank transfers: the date by which to pay (`YYYY-MM-DD`).' })),
    // extra-parameter-parameters: method-specific, write-only.
    applePayPaymentToken: Type.Optional(Unsupported),
    company: Type.Optional(
      Type.Object(
        { registrationNumber: Type.Optional(TextField(64)), vatNumber: Type.Optional(TextField(64)), entityType: Type.Optional(TextField(64)) },
        { additionalProperties: false },
      ),
    ),
    cardToken: Type.Optional(Unsupported),
    voucherNumber: Type.Optional(TextField(64)),
    voucherPin: Type.Optional(TextField(16)),
    consumerDateOfBirth: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
    extraMerchantData: Type.Optional(Type.Object({}, { additionalProperties: true })),
    sessionId: Type.Optional(TextField()),
    digitalGoods: Type.Optional(Type.Boolean()),
    customerReference: Type.Optional(TextField(64)),
    terminalId: Type.Optional(Unsupported),
  },
  { description: 'The fields of a new payment. `amount` and `description` are required; `redirectUrl` too, except for recurring payments.' },
)
export type PaymentFields = Static<typeof PaymentFieldsSchema>
export type PaymentField = keyof PaymentFields
export const PAYMENT_FIELDS = Object.keys(PaymentFieldsSchema.properties) as readonly PaymentField[]

/** The fields update-payment takes (spec `update-payment`, plus `description`, which Mollie's clients send). */
export const PaymentChangesSchema = Type.Object({
  description: Type.Optional(PaymentFieldsSchema.properties.description),
  redirectUrl: Type.Optional(RedirectUrlSchema),
  cancelUrl: Type.Optional(CancelUrlSchema),
  webhookUrl: Type.Optional(WebhookUrlSchema),
  metadata: Type.Optional(MetadataSchema),
  method: Type.Optional(Type.Union([PaymentMethodSchema, Type.Null()])),
  locale: Type.Optional(Type.Union([LocaleSchema, Type.Null()])),
  dueDate: Type.Optional(PaymentFieldsSchema.properties.dueDate),
  restrictPaymentMethodsToCountry: Type.Optional(PaymentFieldsSchema.properties.restrictPaymentMethodsToCountry),
  issuer: Type.Optional(PaymentFieldsSchema.properties.issuer),
  billingAddress: Type.Optional(PaymentAddressSchema),
  shippingAddress: Type.Optional(PaymentAddressSchema),
  billingEmail: Type.Optional(Type.String({ maxLength: 254, format: 'email' })),
})
export type PaymentChanges = Static<typeof PaymentChangesSchema>
export type PaymentChange = keyof PaymentChanges
export const PAYMENT_CHANGES = Object.keys(PaymentChangesSchema.properties) as readonly PaymentChange[]

/** What the checkout collected, by method (spec `entity-payment.details`): free-form, method-specific. */
export const PaymentDetailsSchema = Type.Union(
  [Type.Object({}, { additionalProperties: true }), Type.Null()],
  { description: 'What the payment process collected (card or account details, a failure reason); method-specific.' },
)
export type PaymentDetails = Record<string, unknown> | null

/** A payment as the domain and the store know it: the wire object without `resource` and `_links`. */
export interface Payment {
  id: string
  mode: Static<typeof ModeSchema>
  profileId: string
  status: PaymentStatus
  sequenceType: SequenceType
  amount: Amount
  description: string
  method: PaymentMethod | null
  /** The methods the checkout offers when the request named several; null: every method. Never on the wire. */
  methods: PaymentMethod[] | null
  redirectUrl: string | null
  cancelUrl: string | null
  webhookUrl: string | null
  locale: Static<typeof LocaleSchema> | null
  restrictPaymentMethodsToCountry: string | null
  metadata: Static<typeof MetadataSchema>
  captureMode: 'automatic' | 'manual' | null
  captureDelay: string | null
  lines: Static<typeof PaymentLineSchema>[] | null
  billingAddress: Static<typeof PaymentAddressSchema> | null
  shippingAddress: Static<typeof PaymentAddressSchema> | null
  customerId: string | null
  mandateId: string | null
  subscriptionId: string | null
  details: PaymentDetails
  createdAt: string
  authorizedAt: string | null
  paidAt: string | null
  canceledAt: string | null
  expiresAt: string | null
  expiredAt: string | null
  failedAt: string | null
  /** Write-only request fields (issuer, dueDate, company, …): kept, never on the wire. */
  writeOnly: Record<string, unknown>
}

export const PaymentTimestampSchema = Type.String({ description: 'ISO 8601, UTC.', examples: ['2024-03-20T09:28:37+00:00'] })
export { CreatedAtSchema }
