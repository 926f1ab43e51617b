/**
 * The export format: NDJSON, one record per line, everything a database holds that the API's answers depend on
 * (organizations, key hashes, customers including deleted ones, mandates including revoked ones, payments, events), so
 * that importing an export into a fresh database, SQLite or PostgreSQL, makes the same keys work and the API answer
 * byte for byte the same. Idempotency records (short-lived), webhook deliveries (transient: a delivery due is sent,
 * or given up, within minutes, and an import must not call anyone's webhook) and settings (per deployment) are not
 * part of it.
 *
 * Records come in dependency order: the header, organizations, credentials, customers (in list order), mandates
 * (in creation order), subscriptions (in creation order), payments (in creation order), events (in history order).
 * Version 1; a reader refuses versions it does not know. Mandate, payment and then subscription records were added
 * within version 1: an export without them reads as before, and a reader from before them refuses such a record by
 * its type, naming the line.
 *
 * A subscription record holds every field of the domain's Subscription, the schedule's anchor and the count of its
 * payments too (never on the wire), so that the copy charges on the same dates.
 *
 * A payment record holds every field of the domain's Payment, the ones never on the wire too (`methods`, the
 * checkout's choice of several methods, and `writeOnly`, the request's write-only fields), so that the copy's
 * checkout and answers are the same.
 */
import Type, { type Static } from 'typebox'
import { CREDENTIAL_KINDS } from '../domain/keys.js'
import { MandateSchema } from '../domain/mandate-schemas.js'
import {
  AmountSchema,
  CaptureModeSchema,
  DESCRIPTION_MAX_LENGTH,
  PaymentAddressSchema,
  PaymentChangesSchema,
  PaymentDetailsSchema,
  PaymentFieldsSchema,
  type PaymentDetails,
  PaymentMethodSchema,
  PaymentStatusSchema,
  SequenceTypeSchema,
} from '../domain/payment-schemas.js'
import { isStorableText, PLAIN_TEXT_RULE } from '../domain/rules.js'
import { CreatedAtSchema, CustomerIdSchema, CustomerSchema, ModeSchema } from '../domain/schemas.js'
import {
  IntervalSchema,
  StartDateSchema,
  SubscriptionMethodSchema,
  SubscriptionStatusSchema,
  TimesSchema,
} from '../domain/subscription-schemas.js'

export const EXPORT_FORMAT_VERSION = 1

const NullableTimestamp = Type.Union([CreatedAtSchema, Type.Null()])

export const ExportHeaderSchema = Type.Object({
  type: Type.Literal('clientele-export'),
  version: Type.Literal(EXPORT_FORMAT_VERSION),
  exportedAt: CreatedAtSchema,
})

export const OrganizationRecordSchema = Type.Object({
  type: Type.Literal('organization'),
  id: Type.String({ pattern: '^org_[0-9A-Za-z]+$' }),
  name: Type.String({ minLength: 1 }),
  createdAt: CreatedAtSchema,
})

export const CredentialRecordSchema = Type.Object({
  type: Type.Literal('credential'),
  id: Type.String({ pattern: '^key_[0-9A-Za-z]+$' }),
  organizationId: Type.String(),
  kind: Type.Enum(CREDENTIAL_KINDS),
  keyHash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  hint: Type.String(),
  createdAt: CreatedAtSchema,
  revokedAt: NullableTimestamp,
})

export const CustomerRecordSchema = Type.Object({
  type: Type.Literal('customer'),
  ...CustomerSchema.properties,
  organizationId: Type.String(),
  updatedAt: CreatedAtSchema,
  deletedAt: NullableTimestamp,
})

export const MandateRecordSchema = Type.Object({
  type: Type.Literal('mandate'),
  ...MandateSchema.properties,
  id: Type.String({ pattern: '^mdt_[0-9A-Za-z]+$' }),
  organizationId: Type.String(),
})

/** The request's fields that a payment keeps as they came, with the API's own schemas (rules included). */
const requestField = Type.Required(
  Type.Pick(PaymentFieldsSchema, ['redirectUrl', 'cancelUrl', 'webhookUrl', 'locale', 'restrictPaymentMethodsToCountry', 'metadata', 'captureDelay', 'lines']),
).properties

/**
 * The write-only fields a payment keeps (domain/payment.ts: those of create, and those of update it has no field
 * for), each with the API's schema; no others.
 */
const WriteOnlySchema = Type.Object(
  {
    ...Type.Pick(PaymentFieldsSchema, [
      'issuer',
      'dueDate',
      'company',
      'voucherNumber',
      'voucherPin',
      'consumerDateOfBirth',
      'extraMerchantData',
      'sessionId',
      'digitalGoods',
      'customerReference',
    ]).properties,
    billingEmail: PaymentChangesSchema.properties.billingEmail,
  },
  { additionalProperties: false },
)

export const PaymentRecordSchema = Type.Object({
  type: Type.Literal('payment'),
  id: Type.String({ pattern: '^tr_[0-9A-Za-z]+$' }),
  mode: ModeSchema,
  profileId: Type.String({ pattern: '^pfl_[0-9A-Za-z]+$' }),
  status: PaymentStatusSchema,
  sequenceType: SequenceTypeSchema,
  amount: AmountSchema,
  // Stored truncated to Mollie's 255 characters (code points, as maxLength counts them).
  description: Type.Refine(Type.String({ maxLength: DESCRIPTION_MAX_LENGTH }), isStorableText, () => PLAIN_TEXT_RULE),
  method: Type.Union([PaymentMethodSchema, Type.Null()]),
  methods: Type.Union([Type.Array(PaymentMethodSchema, { minItems: 2, maxItems: 36 }), Type.Null()]),
  redirectUrl: requestField.redirectUrl,
  cancelUrl: requestField.cancelUrl,
  webhookUrl: requestField.webhookUrl,
  locale: requestField.locale,
  restrictPaymentMethodsToCountry: requestField.restrictPaymentMethodsToCountry,
  metadata: requestField.metadata,
  captureMode: CaptureModeSchema,
  captureDelay: requestField.captureDelay,
  lines: requestField.lines,
  billingAddress: Type.Union([PaymentAddressSchema, Type.Null()]),
  shippingAddress: Type.Union([PaymentAddressSchema, Type.Null()]),
  customerId: Type.Union([CustomerIdSchema, Type.Null()]),
  mandateId: Type.Union([Type.String({ pattern: '^mdt_[0-9A-Za-z]+$' }), Type.Null()]),
  subscriptionId: Type.Union([Type.String({ pattern: '^sub_[0-9A-Za-z]+$' }), Type.Null()]),
  // PaymentDetailsSchema's check, typed as the domain's Record<string, unknown> | null.
  details: Type.Unsafe<PaymentDetails>(PaymentDetailsSchema),
  createdAt: CreatedAtSchema,
  authorizedAt: NullableTimestamp,
  paidAt: NullableTimestamp,
  canceledAt: NullableTimestamp,
  expiresAt: NullableTimestamp,
  expiredAt: NullableTimestamp,
  failedAt: NullableTimestamp,
  writeOnly: WriteOnlySchema,
  organizationId: Type.String(),
})

export const SubscriptionRecordSchema = Type.Object({
  type: Type.Literal('subscription'),
  id: Type.String({ pattern: '^sub_[0-9A-Za-z]+$' }),
  mode: ModeSchema,
  customerId: CustomerIdSchema,
  status: SubscriptionStatusSchema,
  amount: AmountSchema,
  times: TimesSchema,
  timesRemaining: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  interval: IntervalSchema,
  startDate: StartDateSchema,
  nextPaymentDate: Type.Union([StartDateSchema, Type.Null()]),
  description: Type.Refine(Type.String({ maxLength: DESCRIPTION_MAX_LENGTH }), isStorableText, () => PLAIN_TEXT_RULE),
  method: SubscriptionMethodSchema,
  mandateId: Type.String({ pattern: '^mdt_[0-9A-Za-z]+$' }),
  webhookUrl: requestField.webhookUrl,
  metadata: requestField.metadata,
  createdAt: CreatedAtSchema,
  canceledAt: NullableTimestamp,
  paymentsCreated: Type.Integer({ minimum: 0 }),
  anchor: Type.Object({ date: StartDateSchema, periods: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }),
  organizationId: Type.String(),
})

export const EventRecordSchema = Type.Object({
  type: Type.Literal('event'),
  customerId: CustomerIdSchema,
  eventType: Type.Integer(),
  message: Type.String(),
  createdAt: CreatedAtSchema,
})

export const ExportRecordSchema = Type.Union([
  ExportHeaderSchema,
  OrganizationRecordSchema,
  CredentialRecordSchema,
  CustomerRecordSchema,
  MandateRecordSchema,
  SubscriptionRecordSchema,
  PaymentRecordSchema,
  EventRecordSchema,
])

export type ExportHeader = Static<typeof ExportHeaderSchema>
export type OrganizationRecord = Static<typeof OrganizationRecordSchema>
export type CredentialRecord = Static<typeof CredentialRecordSchema>
export type CustomerRecord = Static<typeof CustomerRecordSchema>
export type MandateRecord = Static<typeof MandateRecordSchema>
export type PaymentRecord = Static<typeof PaymentRecordSchema>
export type SubscriptionRecord = Static<typeof SubscriptionRecordSchema>
export type EventRecord = Static<typeof EventRecordSchema>
export type ExportRecord = Static<typeof ExportRecordSchema>

/** A record and the line it came from, so that an import can say where a fault is. */
export interface NumberedRecord {
  line: number
  record: ExportRecord
}

/** An import refused because of one record; nothing of the import was written. */
export class ImportError extends Error {
  constructor(
    readonly line: number,
    detail: string,
  ) {
    super(`line ${line}: ${detail}`)
    this.name = 'ImportError'
  }
}

export interface ImportSummary {
  organizations: number
  credentials: number
  customers: number
  mandates: number
  subscriptions: number
  payments: number
  events: number
}
