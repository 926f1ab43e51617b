/**
 * Subscription ↔ row, each way written once. The columns hold what queries filter and sort on; `data` holds the rest
 * as JSON, under the subscription's own field names.
 */
import type { Insertable, Selectable } from 'kysely'
import type { Mode } from '../domain/schemas.js'
import type { Subscription, SubscriptionStatus } from '../domain/subscription-schemas.js'
import type { SubscriptionsTable } from './database.js'

/** The columns a subscription is read from. */
export const SUBSCRIPTION_COLUMNS = [
  'id',
  'organization_id',
  'mode',
  'customer_id',
  'mandate_id',
  'status',
  'description',
  'next_payment_date',
  'created_at',
  'data',
] as const

export type SubscriptionRow = Pick<Selectable<SubscriptionsTable>, (typeof SUBSCRIPTION_COLUMNS)[number]>

/** A whole row as written: every column but `seq`, which the database assigns. */
export type SubscriptionInsert = Required<Omit<Insertable<SubscriptionsTable>, 'seq'>>

/** The fields kept in `data`: everything that is not a column. */
type SubscriptionData = Omit<Subscription, 'id' | 'mode' | 'customerId' | 'mandateId' | 'status' | 'description' | 'nextPaymentDate' | 'createdAt'>

export function toSubscription(row: SubscriptionRow): Subscription {
  const data = JSON.parse(row.data) as SubscriptionData
  return {
    id: row.id,
    mode: row.mode as Mode,
    customerId: row.customer_id,
    status: row.status as SubscriptionStatus,
    amount: data.amount,
    times: data.times,
    timesRemaining: data.timesRemaining,
    interval: data.interval,
    startDate: data.startDate,
    nextPaymentDate: row.next_payment_date,
    description: row.description,
    method: data.method,
    mandateId: row.mandate_id,
    webhookUrl: data.webhookUrl,
    metadata: data.metadata,
    createdAt: row.created_at,
    canceledAt: data.canceledAt,
    paymentsCreated: data.paymentsCreated,
    anchor: data.anchor,
  }
}

export function subscriptionRow(organizationId: string, subscription: Subscription): SubscriptionInsert {
  const data: SubscriptionData = {
    amount: subscription.amount,
    times: subscription.times,
    timesRemaining: subscription.timesRemaining,
    interval: subscription.interval,
    startDate: subscription.startDate,
    method: subscription.method,
    webhookUrl: subscription.webhookUrl,
    metadata: subscription.metadata,
    canceledAt: subscription.canceledAt,
    paymentsCreated: subscription.paymentsCreated,
    anchor: subscription.anchor,
  }
  return {
    id: subscription.id,
    organization_id: organizationId,
    mode: subscription.mode,
    customer_id: subscription.customerId,
    mandate_id: subscription.mandateId,
    status: subscription.status,
    description: subscription.description,
    // Only an active subscription is ever due.
    next_payment_date: subscription.status === 'active' ? subscription.nextPaymentDate : null,
    created_at: subscription.createdAt,
    data: JSON.stringify(data),
  }
}
