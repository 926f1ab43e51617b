/**
 * The facts of the subscription object, each written once; the wire shapes (http/subscription-schemas.ts), the
 * served OpenAPI document and the typed client derive from these.
 *
 * Source: Mollie's OpenAPI document of 2025-09-05: `entity-subscription`, `subscription-request` (required: amount,
 * interval, description), `subscription-response`, the operations `create-subscription`, `update-subscription`
 * ("Canceled subscriptions cannot be updated"), `cancel-subscription`; compat §11 (singular intervals, unique
 * descriptions among active subscriptions, the 10-payment test-mode rule).
 */
import Type, { type Static } from 'typebox'
import { MandateIdSchema } from './mandate-schemas.js'
import { AmountSchema, DescriptionSchema, SubscriptionIdSchema, WebhookUrlSchema, type Amount } from './payment-schemas.js'
import { CustomerIdSchema, MetadataSchema, type Metadata, type Mode } from './schemas.js'

export { SubscriptionIdSchema }

export const SUBSCRIPTION_STATUSES = ['pending', 'active', 'canceled', 'suspended', 'completed'] as const
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number]

/** The methods a subscription may be restricted to (spec `entity-subscription.method`); null: any valid mandate. */
export const SUBSCRIPTION_METHODS = ['creditcard', 'directdebit', 'paypal'] as const
export type SubscriptionMethod = (typeof SUBSCRIPTION_METHODS)[number]

/**
 * `<n> days|weeks|months` (the spec's pattern), and the singular with 1 that Mollie's own examples send (`1 month`,
 * `1 day`, `1 week`). The limit of one year (12 months, 52 weeks, 365 days) is interval.ts's rule.
 */
export const INTERVAL_PATTERN = '^(\\d+ (days|weeks|months)|1 (day|week|month))$'
export const INTERVAL_RULE = 'must be such as "1 month", "14 days" or "2 weeks", and at most a year (12 months, 52 weeks or 365 days)'
export const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$'

export const SubscriptionStatusSchema = Type.Enum(SUBSCRIPTION_STATUSES, {
  description:
    '`active` while it charges; `canceled` (by the API, a revoked mandate, a deleted customer, or in test mode after ' +
    '10 payments), `completed` after its last payment. `pending` and `suspended` are Mollie\'s and never set here.',
  examples: ['active'],
})

export const SubscriptionMethodSchema = Type.Union([Type.Enum(SUBSCRIPTION_METHODS), Type.Null()], {
  description: 'The method of the mandate to charge: `creditcard`, `directdebit` or `paypal`; null: any valid mandate.',
  examples: ['directdebit'],
})

export const IntervalSchema = Type.String({
  pattern: INTERVAL_PATTERN,
  maxLength: 16,
  description: 'Time between payments: `1 month`, `14 days`, `2 weeks` …; at most a year (12 months, 52 weeks or 365 days).',
  examples: ['1 month'],
})

export const StartDateSchema = Type.String({
  pattern: DATE_PATTERN,
  description: 'The date of the first payment (`YYYY-MM-DD`, Amsterdam time), today or later. Defaults to today.',
  examples: ['2025-01-01'],
})

export const TimesSchema = Type.Union([Type.Integer({ minimum: 1, maximum: 1_000_000 }), Type.Null()], {
  description: 'How many payments in all; null (or left out): until canceled.',
  examples: [6],
})

/** The fields of create-subscription (spec `subscription-request`). */
export const SubscriptionFieldsSchema = Type.Object(
  {
    amount: AmountSchema,
    times: Type.Optional(TimesSchema),
    interval: IntervalSchema,
    startDate: Type.Optional(StartDateSchema),
    description: DescriptionSchema,
    method: Type.Optional(SubscriptionMethodSchema),
    mandateId: Type.Optional(Type.Union([MandateIdSchema, Type.Null()])),
    webhookUrl: Type.Optional(WebhookUrlSchema),
    metadata: Type.Optional(MetadataSchema),
    /** Mollie Connect: accepted in shape so that the refusal can say why. */
    applicationFee: Type.Optional(Type.Unknown()),
  },
  { description: 'The fields of a new subscription. `amount`, `interval` and `description` are required.' },
)
export type SubscriptionFields = Static<typeof SubscriptionFieldsSchema>
export type SubscriptionField = keyof SubscriptionFields
export const SUBSCRIPTION_FIELDS = Object.keys(SubscriptionFieldsSchema.properties) as readonly SubscriptionField[]

/** The fields update-subscription takes (spec `update-subscription`); a field left out is left as it is. */
export const SubscriptionChangesSchema = Type.Object({
  amount: Type.Optional(AmountSchema),
  description: Type.Optional(DescriptionSchema),
  interval: Type.Optional(IntervalSchema),
  startDate: Type.Optional(StartDateSchema),
  times: Type.Optional(TimesSchema),
  metadata: Type.Optional(MetadataSchema),
  webhookUrl: Type.Optional(WebhookUrlSchema),
  mandateId: Type.Optional(MandateIdSchema),
})
export type SubscriptionChanges = Static<typeof SubscriptionChangesSchema>
export type SubscriptionChange = keyof SubscriptionChanges
export const SUBSCRIPTION_CHANGES = Object.keys(SubscriptionChangesSchema.properties) as readonly SubscriptionChange[]

/** Where the schedule counts from: `nextPaymentDate` is `anchorDate` plus `periods` intervals (interval.ts). */
export interface SubscriptionAnchor {
  /** `YYYY-MM-DD`: the start date, or where an update of `interval` or `startDate` restarted the count. */
  date: string
  /** Intervals since `date` of the next payment. */
  periods: number
}

/** A subscription as the domain and the store know it: the wire object without `resource` and `_links`. */
export interface Subscription {
  id: string
  mode: Mode
  customerId: string
  status: SubscriptionStatus
  amount: Amount
  times: number | null
  timesRemaining: number | null
  interval: string
  startDate: string
  /** `YYYY-MM-DD`; null once completed or canceled (then omitted on the wire). */
  nextPaymentDate: string | null
  description: string
  method: SubscriptionMethod | null
  /** The mandate charged: the one named, else a valid mandate of the method chosen at creation. */
  mandateId: string
  webhookUrl: string | null
  metadata: Metadata
  createdAt: string
  canceledAt: string | null
  /** Payments created for it so far (the test-mode 10-payment rule; `_links.payments`). Never on the wire. */
  paymentsCreated: number
  /** Never on the wire. */
  anchor: SubscriptionAnchor
}

export { CustomerIdSchema }
