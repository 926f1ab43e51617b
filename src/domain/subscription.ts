/**
 * The subscription's rules: intervals and the calendar (the end-of-month rule), what a request must hold beyond its
 * schema, what a new subscription looks like, its changes, its cancellation, and what one scheduled charge does to
 * it. No I/O: the store calls these inside its transactions; the clock and the ids come from the caller.
 *
 * Sources: spec 2025-09-05 `entity-subscription` ("The maximum interval is one year (`12 months`, `52 weeks`, or
 * `365 days`)", "Test mode subscriptions will get canceled automatically after 10 payments", `nextPaymentDate` "will
 * not be returned" once completed or canceled), `create-subscription` ("`interval="1 month"` `startDate="2018-04-30"`:
 * charged … on the last day of each month"), `update-subscription` ("Canceled subscriptions cannot be updated");
 * Mollie's docs, create-subscription (older page): "`startDate="2018-01-31"`: charged … on the last day of each
 * month"; compat §11.
 *
 * The end-of-month rule, as those two examples state it: a monthly schedule counts from its start date, never from
 * the previous payment (so Jan 31 → Feb 28 → Mar 31, no drift); a start on the last day of its month charges on the
 * last day of every month (Apr 30 → May 31); otherwise on the same day of the month, or the month's last day when it
 * has fewer days (Jan 30 → Feb 28 or 29 → Mar 30).
 */
import { formatTimestamp } from './customer.js'
import { EVENT_TYPES } from './events.js'
import { todayInAmsterdam } from './mandate-schemas.js'
import { checkAmount, checkWebhookUrl, PaymentStatusError, truncateDescription } from './payment.js'
import type { CustomerEvent, Mode } from './schemas.js'
import {
  type Subscription,
  type SubscriptionChanges,
  type SubscriptionFields,
} from './subscription-schemas.js'
import { FieldError } from './validation.js'

// ---------------------------------------------------------------------------------------------------------------
// Intervals and dates

export type IntervalUnit = 'days' | 'weeks' | 'months'
export interface Interval {
  count: number
  unit: IntervalUnit
}

/** The longest interval per unit: one year. */
const INTERVAL_MAX: Readonly<Record<IntervalUnit, number>> = { days: 365, weeks: 52, months: 12 }

/** `1 month`, `14 days` … as a count and a unit; undefined when it is not an interval Mollie accepts. */
export function parseInterval(text: string): Interval | undefined {
  const match = /^(\d{1,4}) (day|week|month)(s?)$/.exec(text)
  if (!match) return undefined
  const count = Number(match[1])
  if (match[3] === '' && count !== 1) return undefined
  const unit = `${match[2]}s` as IntervalUnit
  if (count < 1 || count > INTERVAL_MAX[unit]) return undefined
  return { count, unit }
}

const DAY_MS = 24 * 60 * 60 * 1000

/** Whether `value` is a real calendar date `YYYY-MM-DD`. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
}

/**
 * `anchor` plus `periods` times `interval`, by the end-of-month rule of the header. `anchor` is `YYYY-MM-DD`.
 */
export function addIntervals(anchor: string, interval: Interval, periods: number): string {
  const [year, month, day] = anchor.split('-').map(Number) as [number, number, number]
  if (interval.unit !== 'months') {
    const days = interval.count * (interval.unit === 'weeks' ? 7 : 1) * periods
    return new Date(Date.UTC(year, month - 1, day) + days * DAY_MS).toISOString().slice(0, 10)
  }
  const monthIndex = month - 1 + interval.count * periods
  const targetYear = year + Math.floor(monthIndex / 12)
  const targetMonth = ((monthIndex % 12) + 12) % 12
  const last = daysInMonth(targetYear, targetMonth)
  const lastOfStart = day === daysInMonth(year, month - 1)
  const targetDay = lastOfStart ? last : Math.min(day, last)
  return `${String(targetYear).padStart(4, '0')}-${String(targetMonth + 1).padStart(2, '0')}-${String(targetDay).padStart(2, '0')}`
}

/** The next payment's date of a subscription's schedule. */
export function scheduledDate(subscription: Pick<Subscription, 'anchor' | 'interval'>): string {
  return addIntervals(subscription.anchor.date, parseInterval(subscription.interval)!, subscription.anchor.periods)
}

/** Midnight at the start of `date` in Amsterdam, as an instant. */
export function startOfAmsterdamDay(date: string): Date {
  // Amsterdam is UTC+1 or UTC+2: try both offsets and keep the one whose Amsterdam date is `date` at 00:00.
  for (const offsetHours of [1, 2]) {
    const instant = new Date(Date.parse(`${date}T00:00:00Z`) - offsetHours * 60 * 60 * 1000)
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', hour: '2-digit', hourCycle: 'h23' }).format(instant)
    if (todayInAmsterdam(instant) === date && local === '00') return instant
  }
  return new Date(Date.parse(`${date}T00:00:00Z`) - 60 * 60 * 1000)
}

// ---------------------------------------------------------------------------------------------------------------
// Requests

export const INTERVAL_FAULT = "The 'interval' field must be such as \"1 month\", \"14 days\" or \"2 weeks\", and at most a year (12 months, 52 weeks or 365 days)."

function checkInterval(interval: string | undefined): void {
  if (interval !== undefined && !parseInterval(interval)) throw new FieldError('interval', INTERVAL_FAULT)
}

function checkStartDate(startDate: string | undefined, now: Date): void {
  if (startDate === undefined) return
  if (!isCalendarDate(startDate)) throw new FieldError('startDate', `The start date '${startDate}' is not a calendar date (YYYY-MM-DD).`)
  const today = todayInAmsterdam(now)
  if (startDate < today) throw new FieldError('startDate', `The start date must be today (${today}) or later.`)
}

export interface SubscriptionRequestContext {
  mode: Mode
  allowPrivateWebhooks: boolean
  now: Date
}

/** Throws FieldError unless `fields` make a subscription (beyond what the schema checked). */
export function checkSubscriptionFields(fields: SubscriptionFields, context: SubscriptionRequestContext): void {
  if (fields.applicationFee !== undefined) {
    throw new FieldError('applicationFee', "The 'applicationFee' field is not supported by Clientele: it is Mollie Connect, which Clientele does not implement.")
  }
  checkAmount(fields.amount, 'amount', null)
  checkInterval(fields.interval)
  checkStartDate(fields.startDate, context.now)
  checkWebhookUrl(fields.webhookUrl, context.mode, context.allowPrivateWebhooks)
}

/** Throws FieldError unless `changes` can apply (beyond the schema); the subscription's state is checked by applyChanges. */
export function checkSubscriptionChanges(changes: SubscriptionChanges, context: SubscriptionRequestContext): void {
  if (changes.amount) checkAmount(changes.amount, 'amount', null)
  checkInterval(changes.interval)
  checkStartDate(changes.startDate, context.now)
  checkWebhookUrl(changes.webhookUrl, context.mode, context.allowPrivateWebhooks)
}

/** A change the subscription's status no longer allows: a 422 without a field (as PaymentStatusError answers). */
export class SubscriptionStatusError extends PaymentStatusError {
  constructor(detail: string) {
    super(detail)
    this.name = 'SubscriptionStatusError'
  }
}

export const DUPLICATE_DESCRIPTION = 'A subscription with the same description already exists for this customer: descriptions must be unique among its active subscriptions.'
export const CANCELED_SUBSCRIPTION = 'The subscription has been canceled and cannot be updated.'
export const COMPLETED_SUBSCRIPTION = 'The subscription has been completed and cannot be updated.'
export const ALREADY_CANCELED = 'The subscription has already been canceled.'
export const ALREADY_COMPLETED = 'The subscription has been completed and cannot be canceled.'

// ---------------------------------------------------------------------------------------------------------------
// New subscriptions, changes, cancellation

export interface NewSubscriptionInput {
  id: string
  mode: Mode
  customerId: string
  mandateId: string
  now: Date
}

export function newSubscription(fields: SubscriptionFields, input: NewSubscriptionInput): Subscription {
  const startDate = fields.startDate ?? todayInAmsterdam(input.now)
  const times = fields.times ?? null
  return {
    id: input.id,
    mode: input.mode,
    customerId: input.customerId,
    status: 'active',
    amount: fields.amount,
    times,
    timesRemaining: times,
    interval: fields.interval,
    startDate,
    nextPaymentDate: startDate,
    description: truncateDescription(fields.description),
    method: fields.method ?? null,
    mandateId: input.mandateId,
    webhookUrl: fields.webhookUrl ?? null,
    metadata: fields.metadata ?? null,
    createdAt: formatTimestamp(input.now),
    canceledAt: null,
    paymentsCreated: 0,
    anchor: { date: startDate, periods: 0 },
  }
}

/** Whether it still charges: the states `nextPaymentDate` is shown in. */
export function isLive(subscription: Pick<Subscription, 'status'>): boolean {
  return subscription.status === 'active' || subscription.status === 'pending' || subscription.status === 'suspended'
}

/**
 * update-subscription: a new object with the changes; FieldError when it is canceled (or completed), or when `times`
 * would end it before the payments already made. A new `startDate` is the next payment's date and restarts the
 * schedule there; a new `interval` counts from the next payment's date.
 */
export function applySubscriptionChanges(current: Subscription, changes: SubscriptionChanges): Subscription {
  if (current.status === 'canceled') throw new SubscriptionStatusError(CANCELED_SUBSCRIPTION)
  if (current.status === 'completed') throw new SubscriptionStatusError(COMPLETED_SUBSCRIPTION)
  const next: Subscription = { ...current, anchor: { ...current.anchor } }
  if (changes.amount !== undefined) next.amount = changes.amount
  if (changes.description !== undefined) next.description = truncateDescription(changes.description)
  if (changes.metadata !== undefined) next.metadata = changes.metadata
  if (changes.webhookUrl !== undefined) next.webhookUrl = changes.webhookUrl
  if (changes.mandateId !== undefined) next.mandateId = changes.mandateId
  if (changes.times !== undefined) {
    if (changes.times !== null && changes.times <= current.paymentsCreated) {
      throw new FieldError('times', `The 'times' field must be more than the ${current.paymentsCreated} payments made so far.`)
    }
    next.times = changes.times
    next.timesRemaining = changes.times === null ? null : changes.times - current.paymentsCreated
  }
  if (changes.interval !== undefined && changes.interval !== current.interval) {
    next.anchor = { date: current.nextPaymentDate ?? scheduledDate(current), periods: 0 }
    next.interval = changes.interval
  }
  if (changes.startDate !== undefined) {
    next.startDate = changes.startDate
    next.anchor = { date: changes.startDate, periods: 0 }
  }
  next.nextPaymentDate = scheduledDate(next)
  return next
}

/** Cancels (the API, a revoked mandate, a deleted customer, the test-mode rule); the caller checked it is live. */
export function cancelSubscription(current: Subscription, at: string): Subscription {
  return { ...current, status: 'canceled', canceledAt: at, nextPaymentDate: null }
}

// ---------------------------------------------------------------------------------------------------------------
// Scheduled charges

export interface ChargeInput {
  /** The instant the payment is made at (see chargeTime). */
  at: Date
  /** Test mode: canceled after this many payments (TEST_SUBSCRIPTION_PAYMENT_LIMIT; 0: never). */
  testPaymentLimit: number
}

/**
 * When the payment of a due date is made: at `upTo` when the date is `upTo`'s own day in Amsterdam; for a date
 * behind it (a catch-up: the scheduler was not running, or a test clock moved ahead), at the start of that day in
 * Amsterdam, so each payment carries its own due date; never before the subscription existed.
 */
export function chargeTime(dueDate: string, upTo: Date, createdAt: string): Date {
  if (dueDate >= todayInAmsterdam(upTo)) return upTo
  const start = startOfAmsterdamDay(dueDate)
  const created = new Date(createdAt)
  return start < created ? created : start
}

/**
 * What one charge does to the subscription: one more payment, the schedule one interval on, one fewer remaining;
 * `completed` after its last payment, `canceled` after the test-mode limit. The caller makes the payment.
 */
export function afterCharge(current: Subscription, input: ChargeInput): Subscription {
  const next: Subscription = { ...current, anchor: { date: current.anchor.date, periods: current.anchor.periods + 1 } }
  next.paymentsCreated = current.paymentsCreated + 1
  if (current.timesRemaining !== null) next.timesRemaining = current.timesRemaining - 1
  if (next.timesRemaining === 0) {
    next.status = 'completed'
    next.nextPaymentDate = null
  } else if (current.mode === 'test' && input.testPaymentLimit > 0 && next.paymentsCreated >= input.testPaymentLimit) {
    return cancelSubscription(next, formatTimestamp(input.at))
  } else {
    next.nextPaymentDate = scheduledDate(next)
  }
  return next
}

// ---------------------------------------------------------------------------------------------------------------
// Events

export function subscriptionCreatedEvent(id: string, createdAt: string): CustomerEvent {
  return { type: EVENT_TYPES.subscriptionCreated.code, message: `Subscription ${id} created`, createdAt }
}

export function subscriptionUpdatedEvent(id: string, createdAt: string): CustomerEvent {
  return { type: EVENT_TYPES.subscriptionUpdated.code, message: `Subscription ${id} updated`, createdAt }
}

export function subscriptionCanceledEvent(id: string, createdAt: string): CustomerEvent {
  return { type: EVENT_TYPES.subscriptionCanceled.code, message: `Subscription ${id} canceled`, createdAt }
}
