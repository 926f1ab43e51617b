/**
 * Payment ↔ row, each way written once. The columns hold what queries filter and sort on; `data` holds the rest as
 * JSON, under the payment's own field names.
 */
import type { Insertable, Selectable } from 'kysely'
import type { Payment, PaymentMethod, PaymentStatus, SequenceType } from '../domain/payment-schemas.js'
import type { Mode } from '../domain/schemas.js'
import type { PaymentsTable } from './database.js'

/** The columns a payment is read from. */
export const PAYMENT_COLUMNS = [
  'id',
  'organization_id',
  'mode',
  'profile_id',
  'customer_id',
  'mandate_id',
  'subscription_id',
  'sequence_type',
  'status',
  'method',
  'amount_currency',
  'amount_value',
  'description',
  'created_at',
  'expires_at',
  'data',
] as const

export type PaymentRow = Pick<Selectable<PaymentsTable>, (typeof PAYMENT_COLUMNS)[number]>

/** A whole row as written: every column but `seq`, which the database assigns. */
export type PaymentInsert = Required<Omit<Insertable<PaymentsTable>, 'seq'>>

/** The fields kept in `data`: everything that is not a column. */
type PaymentData = Omit<
  Payment,
  'id' | 'mode' | 'profileId' | 'customerId' | 'mandateId' | 'subscriptionId' | 'sequenceType' | 'status' | 'method' | 'amount' | 'description' | 'createdAt' | 'expiresAt'
>

export function toPayment(row: PaymentRow): Payment {
  const data = JSON.parse(row.data) as PaymentData
  return {
    id: row.id,
    mode: row.mode as Mode,
    profileId: row.profile_id,
    status: row.status as PaymentStatus,
    sequenceType: row.sequence_type as SequenceType,
    amount: { currency: row.amount_currency, value: row.amount_value },
    description: row.description,
    method: row.method as PaymentMethod | null,
    methods: data.methods,
    redirectUrl: data.redirectUrl,
    cancelUrl: data.cancelUrl,
    webhookUrl: data.webhookUrl,
    locale: data.locale,
    restrictPaymentMethodsToCountry: data.restrictPaymentMethodsToCountry,
    metadata: data.metadata,
    captureMode: data.captureMode,
    captureDelay: data.captureDelay,
    lines: data.lines,
    billingAddress: data.billingAddress,
    shippingAddress: data.shippingAddress,
    customerId: row.customer_id,
    mandateId: row.mandate_id,
    subscriptionId: row.subscription_id,
    details: data.details,
    createdAt: row.created_at,
    authorizedAt: data.authorizedAt,
    paidAt: data.paidAt,
    canceledAt: data.canceledAt,
    expiresAt: row.expires_at,
    expiredAt: data.expiredAt,
    failedAt: data.failedAt,
    writeOnly: data.writeOnly,
  }
}

export function paymentRow(organizationId: string, payment: Payment): PaymentInsert {
  const data: PaymentData = {
    methods: payment.methods,
    redirectUrl: payment.redirectUrl,
    cancelUrl: payment.cancelUrl,
    webhookUrl: payment.webhookUrl,
    locale: payment.locale,
    restrictPaymentMethodsToCountry: payment.restrictPaymentMethodsToCountry,
    metadata: payment.metadata,
    captureMode: payment.captureMode,
    captureDelay: payment.captureDelay,
    lines: payment.lines,
    billingAddress: payment.billingAddress,
    shippingAddress: payment.shippingAddress,
    details: payment.details,
    authorizedAt: payment.authorizedAt,
    paidAt: payment.paidAt,
    canceledAt: payment.canceledAt,
    expiredAt: payment.expiredAt,
    failedAt: payment.failedAt,
    writeOnly: payment.writeOnly,
  }
  return {
    id: payment.id,
    organization_id: organizationId,
    mode: payment.mode,
    profile_id: payment.profileId,
    customer_id: payment.customerId,
    mandate_id: payment.mandateId,
    subscription_id: payment.subscriptionId,
    sequence_type: payment.sequenceType,
    status: payment.status,
    method: payment.method,
    amount_currency: payment.amount.currency,
    amount_value: payment.amount.value,
    description: payment.description,
    created_at: payment.createdAt,
    expires_at: payment.expiresAt,
    data: JSON.stringify(data),
  }
}
