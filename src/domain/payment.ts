/**
 * The payment's rules: what a request must hold beyond its schema, what a new payment looks like, its status
 * machine, and what a paid first payment leaves behind (a mandate). No I/O: the store calls these inside its
 * transactions; the clock and the ids come from the caller.
 *
 * Sources: spec 2025-09-05 `entity-payment` (statuses, timestamps "omitted if …", `isCancelable`, sequence types,
 * `redirectUrl` "can be omitted for recurring payments", `_links.changePaymentState`), `cancel-payment` ("The payment
 * cannot be cancelled"), `update-payment` ("The redirect URL cannot be updated when the payment is finalized");
 * compat §11 (mandate methods from first payments, webhook statuses, "No suitable mandates found for customer",
 * amount errors `amount.value` / `amount.currency`); Mollie's docs "Status changes" and "Recurring".
 */
import { BlockList, isIP } from 'node:net'
import { createHash } from 'node:crypto'
import { formatTimestamp } from './customer.js'
import { EVENT_TYPES } from './events.js'
import { todayInAmsterdam, type Mandate, type MandateDetails, type MandateMethod } from './mandate-schemas.js'
import {
  CURRENCY_DECIMALS,
  DESCRIPTION_MAX_LENGTH,
  PAYMENT_CHANGES,
  type Amount,
  type Payment,
  type PaymentChanges,
  type PaymentDetails,
  type PaymentFields,
  type PaymentMethod,
  type PaymentStatus,
  type SequenceType,
} from './payment-schemas.js'
import type { CustomerEvent, Mode } from './schemas.js'
import { FieldError } from './validation.js'

// ---------------------------------------------------------------------------------------------------------------
// Requests

/** Fields whose shape is accepted but whose behaviour Clientele cannot give, with why (a 422 says so). */
export const UNSUPPORTED_FIELDS = {
  applePayPaymentToken: 'needs a real Apple Pay session, which a local stand-in has not: leave it out and choose the outcome at the checkout',
  cardToken: 'comes from Mollie Components, which talk to Mollie itself: leave it out and choose the outcome at the checkout',
  terminalId: 'names a point-of-sale terminal, which Clientele does not have',
  applicationFee: 'is Mollie Connect (OAuth apps charging fees), which Clientele does not implement',
  routing: 'is Mollie Connect (split payments), which Clientele does not implement',
} as const satisfies Partial<Record<keyof PaymentFields, string>>

/** Methods whose payments can be authorized first and captured later (spec `captureMode`, Mollie's pay-later methods). */
const AUTHORIZING_METHODS: ReadonlySet<PaymentMethod> = new Set([
  'alma', 'billie', 'in3', 'klarna', 'klarnapaylater', 'klarnapaynow', 'klarnasliceit', 'riverty',
])

/**
 * Methods a first payment can use, and the mandate each leaves (compat §11: cards and PayPal keep their method, bank
 * methods make a SEPA Direct Debit mandate).
 */
export const FIRST_PAYMENT_MANDATES: Readonly<Partial<Record<PaymentMethod, MandateMethod>>> = {
  creditcard: 'creditcard',
  paypal: 'paypal',
  ideal: 'directdebit',
  bancontact: 'directdebit',
  belfius: 'directdebit',
  eps: 'directdebit',
  kbc: 'directdebit',
  mybank: 'directdebit',
  trustly: 'directdebit',
}

/** The smallest amount per method, in the currency's main unit; others take one cent (one unit without decimals). */
const MINIMUM_AMOUNTS: Readonly<Partial<Record<PaymentMethod, number>>> = { bancontact: 0.02, in3: 5, riverty: 5, billie: 1 }

/** Whether `amount.value` has exactly the currency's decimals (`"10.00"` for EUR, `"10"` for JPY). */
function hasCurrencyDecimals(amount: Amount): boolean {
  const decimals = CURRENCY_DECIMALS[amount.currency]!
  const [, fraction] = amount.value.split('.')
  return decimals === 0 ? fraction === undefined : fraction?.length === decimals
}

/** Checks an amount beyond its schema: a known currency, its decimals, the method's minimum. */
export function checkAmount(amount: Amount, field: string, method: PaymentMethod | null): void {
  if (CURRENCY_DECIMALS[amount.currency] === undefined) {
    throw new FieldError(`${field}.currency`, `The currency '${amount.currency}' is not supported: use an ISO 4217 code Mollie accepts, such as EUR.`)
  }
  if (!hasCurrencyDecimals(amount)) {
    const decimals = CURRENCY_DECIMALS[amount.currency]!
    throw new FieldError(
      `${field}.value`,
      `The amount contains an invalid value: ${amount.currency} amounts have ${decimals === 0 ? 'no decimals' : `${decimals} decimals`}, such as "${decimals === 0 ? '10' : '10.00'}".`,
    )
  }
  const minimum = (method && MINIMUM_AMOUNTS[method]) ?? 10 ** -CURRENCY_DECIMALS[amount.currency]!
  if (Number(amount.value) < minimum) {
    throw new FieldError(`${field}.value`, `The amount is lower than the minimum of ${minimum.toFixed(CURRENCY_DECIMALS[amount.currency])} ${amount.currency}${method ? ` for ${method}` : ''}.`)
  }
}

/** Loopback, private, link-local and other non-public ranges: a shared live deployment must not call into them. */
const PRIVATE_NETWORKS = (() => {
  const list = new BlockList()
  for (const [network, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
    ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15]] as const) list.addSubnet(network, prefix, 'ipv4')
  // ::/96 holds the unspecified address, loopback and the IPv4-compatible ones (::127.0.0.1).
  for (const [network, prefix] of [['::', 96], ['fc00::', 7], ['fe80::', 10]] as const) list.addSubnet(network, prefix, 'ipv6')
  return list
})()

/** Whether a URL's host is loopback or private by its name or address (names are not resolved here). */
export function isPrivateHost(hostname: string): boolean {
  // `localhost.` is `localhost`: a fully qualified name's trailing dot changes nothing.
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '')
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) return true
  const version = isIP(host)
  if (version === 4) return PRIVATE_NETWORKS.check(host, 'ipv4')
  if (version === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host)
    return mapped ? PRIVATE_NETWORKS.check(mapped[1]!, 'ipv4') : PRIVATE_NETWORKS.check(host, 'ipv6')
  }
  return false
}

export const UNREACHABLE_WEBHOOK =
  "The webhook URL is invalid because it is unreachable from Mollie's point of view: live payments cannot call private or loopback addresses."

/** A webhook URL must be http(s); in live mode not private unless the deployment allows it. */
export function checkWebhookUrl(url: string | null | undefined, mode: Mode, allowPrivate: boolean): void {
  if (url === null || url === undefined) return
  const parsed = new URL(url)
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new FieldError('webhookUrl', "The 'webhookUrl' field must be an http:// or https:// URL.")
  }
  if (mode === 'live' && !allowPrivate && isPrivateHost(parsed.hostname)) throw new FieldError('webhookUrl', UNREACHABLE_WEBHOOK)
}

export interface PaymentRequestContext {
  mode: Mode
  /** The customer the payment is for: the path's (create-customer-payment) or the body's `customerId`. */
  customerId: string | null
  /** This organization's profile: a `profileId` naming another is refused. */
  profileId: string
  /** Whether live webhooks may call private and loopback addresses (WEBHOOK_ALLOW_PRIVATE). */
  allowPrivateWebhooks: boolean
  now: Date
}

/**
 * Throws FieldError unless `fields` make a payment: the rules that look at several fields at once or at the
 * request's context. The schema has checked each field already (the API's route schema, or the store's entry).
 */
export function checkPaymentFields(fields: PaymentFields, context: PaymentRequestContext): void {
  for (const [field, why] of Object.entries(UNSUPPORTED_FIELDS)) {
    if (fields[field as keyof PaymentFields] !== undefined) {
      throw new FieldError(field, `The '${field}' field is not supported by Clientele: it ${why}.`)
    }
  }
  const sequenceType = fields.sequenceType ?? 'oneoff'
  const methods = methodList(fields.method)
  checkAmount(fields.amount, 'amount', methods?.length === 1 ? methods[0]! : null)
  if (sequenceType !== 'recurring' && (fields.redirectUrl === undefined || fields.redirectUrl === null)) {
    throw new FieldError('redirectUrl', "The 'redirectUrl' field is missing: it is required, except for recurring payments.")
  }
  checkWebhookUrl(fields.webhookUrl, context.mode, context.allowPrivateWebhooks)
  if (fields.profileId !== undefined && fields.profileId !== null && fields.profileId !== context.profileId) {
    throw new FieldError('profileId', `The profile '${fields.profileId}' is not this organization's: leave 'profileId' out, or send ${context.profileId}.`)
  }
  if (sequenceType !== 'oneoff' && context.customerId === null) {
    throw new FieldError('customerId', `The 'customerId' field is required for ${sequenceType} payments.`)
  }
  if (sequenceType !== 'recurring' && fields.mandateId) {
    throw new FieldError('mandateId', "The 'mandateId' field is only for recurring payments (sequenceType 'recurring').")
  }
  if (sequenceType === 'first' && methods) {
    const unfit = methods.find((method) => FIRST_PAYMENT_MANDATES[method] === undefined)
    if (unfit) {
      throw new FieldError('method', `The method '${unfit}' cannot be used for a first payment: use one of ${Object.keys(FIRST_PAYMENT_MANDATES).join(', ')}.`)
    }
  }
  if (sequenceType === 'recurring' && methods) {
    const unfit = methods.find((method) => !(['creditcard', 'directdebit', 'paypal'] as PaymentMethod[]).includes(method))
    if (unfit) throw new FieldError('method', `The method '${unfit}' cannot be used for a recurring payment: use creditcard, directdebit or paypal.`)
  }
  if (fields.captureMode === 'manual' && methods?.length === 1 && !canAuthorize(methods[0]!, 'manual')) {
    throw new FieldError('captureMode', `The method '${methods[0]}' does not support manual capture: use creditcard or a pay-later method.`)
  }
  checkDueDate(fields.dueDate, context.now)
  if (fields.lines) {
    // Mollie: the lines' total amounts add up to the payment's amount (compared in minor units).
    const decimals = CURRENCY_DECIMALS[fields.amount.currency]!
    const minor = (value: string) => Math.round(Number(value) * 10 ** decimals)
    const total = fields.lines.reduce((sum, line) => sum + minor(line.totalAmount.value), 0)
    if (total !== minor(fields.amount.value)) {
      throw new FieldError('amount', `The amount of the payment does not match the sum of the lines' totalAmount: ${fields.amount.value} is not ${(total / 10 ** decimals).toFixed(decimals)}.`)
    }
    for (const [index, line] of fields.lines.entries()) {
      for (const name of ['unitPrice', 'discountAmount', 'totalAmount', 'vatAmount'] as const) {
        const amount = line[name]
        if (!amount) continue
        if (amount.currency !== fields.amount.currency) {
          throw new FieldError(`lines.${index}.${name}.currency`, 'All lines must have the same currency as the payment.')
        }
        if (!hasCurrencyDecimals(amount)) throw new FieldError(`lines.${index}.${name}.value`, 'The amount contains an invalid value.')
      }
    }
  }
}

/** How far ahead a bank transfer's `dueDate` may be (Mollie: "up to 100 days"). */
const DUE_DATE_MAX_DAYS = 100

/** A `dueDate` is a calendar date from today (in Amsterdam) to 100 days ahead. */
export function checkDueDate(dueDate: string | undefined, now: Date): void {
  if (dueDate === undefined) return
  const date = new Date(`${dueDate}T00:00:00Z`)
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== dueDate) {
    throw new FieldError('dueDate', `The due date '${dueDate}' is not a calendar date (YYYY-MM-DD).`)
  }
  const today = todayInAmsterdam(now)
  const latest = new Date(Date.parse(`${today}T00:00:00Z`) + DUE_DATE_MAX_DAYS * 24 * 60 * MINUTE).toISOString().slice(0, 10)
  if (dueDate < today || dueDate > latest) {
    throw new FieldError('dueDate', `The due date must be from today (${today}) to ${DUE_DATE_MAX_DAYS} days ahead (${latest}).`)
  }
}

/** `method` as a list: a single method, several (the checkout offers those), or null (any). */
export function methodList(method: PaymentFields['method']): PaymentMethod[] | null {
  if (method === undefined || method === null) return null
  return Array.isArray(method) ? [...new Set(method)] : [method]
}

function canAuthorize(method: PaymentMethod, captureMode: Payment['captureMode']): boolean {
  return AUTHORIZING_METHODS.has(method) || (captureMode === 'manual' && method === 'creditcard')
}

/** Truncates to Mollie's 255 characters (code points, never splitting a surrogate pair). */
export function truncateDescription(description: string): string {
  const points = [...description]
  return points.length <= DESCRIPTION_MAX_LENGTH ? description : points.slice(0, DESCRIPTION_MAX_LENGTH).join('')
}

// ---------------------------------------------------------------------------------------------------------------
// New payments

const MINUTE = 60_000
const AUTHORIZATION_DAYS = 28

/**
 * How long an open payment waits for its customer (Mollie's docs, "Payment expiry times"; the spec's examples: 15
 * minutes for most methods, 3 hours for PayPal); bank transfers wait until `dueDate` or 12 days.
 */
export function expiryOf(method: PaymentMethod | null, createdAt: Date, dueDate?: string): Date {
  if (method === 'banktransfer') {
    return dueDate ? new Date(`${dueDate}T23:59:59Z`) : new Date(createdAt.getTime() + 12 * 24 * 60 * MINUTE)
  }
  if (method === 'paypal') return new Date(createdAt.getTime() + 3 * 60 * MINUTE)
  if (method === 'directdebit') return new Date(createdAt.getTime() + 7 * 24 * 60 * MINUTE)
  return new Date(createdAt.getTime() + 15 * MINUTE)
}

const WRITE_ONLY = [
  'issuer', 'dueDate', 'company', 'voucherNumber', 'voucherPin', 'consumerDateOfBirth', 'extraMerchantData',
  'sessionId', 'digitalGoods', 'customerReference',
] as const

export interface NewPaymentInput {
  id: string
  mode: Mode
  profileId: string
  customerId: string | null
  /** The mandate a recurring payment is charged on (the store found it). */
  mandate: Mandate | null
  /** How recurring payments begin: `pending` (Mollie's test mode) or `paid` (RECURRING_PAYMENT_STATUS). */
  recurringStatus: 'pending' | 'paid'
  /** The customer's name, for the details of a settled recurring payment. */
  customerName: string | null
  now: Date
}

export interface NewPayment {
  payment: Payment
  /** The customer's events (created; settled at once). */
  events: CustomerEvent[]
  /** Whether the webhook is due at once (a recurring payment that settled at creation). */
  webhook: boolean
}

/** A payment from a checked request (checkPaymentFields). */
export function newPayment(fields: PaymentFields, input: NewPaymentInput): NewPayment {
  const sequenceType: SequenceType = fields.sequenceType ?? 'oneoff'
  const methods = methodList(fields.method)
  const recurring = sequenceType === 'recurring'
  const method: PaymentMethod | null = recurring ? mandatePaymentMethod(input.mandate!) : methods?.length === 1 ? methods[0]! : null
  const createdAt = formatTimestamp(input.now)
  const writeOnly: Record<string, unknown> = {}
  for (const field of WRITE_ONLY) if (fields[field] !== undefined) writeOnly[field] = fields[field]
  let payment: Payment = {
    id: input.id,
    mode: input.mode,
    profileId: input.profileId,
    status: 'open',
    sequenceType,
    amount: fields.amount,
    description: truncateDescription(fields.description),
    method,
    methods: methods && methods.length > 1 ? methods : null,
    redirectUrl: fields.redirectUrl ?? null,
    cancelUrl: fields.cancelUrl ?? null,
    webhookUrl: fields.webhookUrl ?? null,
    locale: fields.locale ?? null,
    restrictPaymentMethodsToCountry: fields.restrictPaymentMethodsToCountry ?? null,
    metadata: fields.metadata ?? null,
    captureMode: fields.captureMode ?? null,
    captureDelay: fields.captureDelay ?? null,
    lines: fields.lines ?? null,
    billingAddress: fields.billingAddress ?? null,
    shippingAddress: fields.shippingAddress ?? null,
    customerId: input.customerId,
    mandateId: recurring ? input.mandate!.id : null,
    subscriptionId: null,
    details: method === 'banktransfer' ? bankTransferDetails(input.id) : null,
    createdAt,
    authorizedAt: null,
    paidAt: null,
    canceledAt: null,
    expiresAt: formatTimestamp(expiryOf(method, input.now, fields.dueDate)),
    expiredAt: null,
    failedAt: null,
    writeOnly,
  }
  const events: CustomerEvent[] = input.customerId ? [paymentCreatedEvent(input.id, createdAt)] : []
  let webhook = false
  if (recurring) {
    // Charged on the mandate, without the customer: pending until the bank answers (Mollie's test mode keeps it there
    // until changePaymentState is used), or settled at once. It never waits for a customer, so it does not expire.
    payment.expiresAt = null
    const changed = changeStatus(payment, input.recurringStatus, { now: input.now, customerName: input.customerName })
    payment = changed.payment
    webhook = changed.webhook
    if (input.customerId && changed.event) events.push(changed.event)
  }
  return { payment, events, webhook }
}

/** The payment method a recurring payment on this mandate uses. */
function mandatePaymentMethod(mandate: Mandate): PaymentMethod {
  return mandate.method
}

// ---------------------------------------------------------------------------------------------------------------
// The status machine

/**
 * Where each status may go. `open` is where every payment starts (recurring ones pass through it at once);
 * `pending` waits for a bank; `authorized` waits for a capture (paid), a release (canceled) or its end (expired);
 * the other four are final (refunds and chargebacks do not change a payment's status).
 */
export const NEXT_STATUSES: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  open: ['pending', 'authorized', 'paid', 'canceled', 'expired', 'failed'],
  pending: ['authorized', 'paid', 'canceled', 'expired', 'failed'],
  authorized: ['paid', 'canceled', 'expired'],
  paid: [],
  canceled: [],
  expired: [],
  failed: [],
}

/** The statuses whose arrival Mollie reports to the webhook (compat §11: not `open`, not `pending`). */
export const WEBHOOK_STATUSES: ReadonlySet<PaymentStatus> = new Set(['paid', 'authorized', 'expired', 'failed', 'canceled'])

export function isFinal(status: PaymentStatus): boolean {
  return NEXT_STATUSES[status].length === 0
}

/**
 * Whether the API may cancel the payment (spec `cancel-payment`: "Depending on the payment method … usually … as
 * long as the payment status is open"; the spec's examples show open iDEAL and card payments as not cancelable):
 * open bank transfers, pending direct debits, and authorized payments (the authorization is released).
 */
export function isCancelable(payment: Pick<Payment, 'status' | 'method'>): boolean {
  if (payment.status === 'authorized') return true
  if (payment.status === 'open') return payment.method === 'banktransfer' || payment.method === 'directdebit'
  if (payment.status === 'pending') return payment.method === 'directdebit' || payment.method === 'banktransfer'
  return false
}

/** A status change Mollie's machine does not allow: a 422 whose detail says why. */
export class PaymentStatusError extends Error {
  constructor(
    readonly detail: string,
    readonly field?: string,
  ) {
    super(detail)
    this.name = 'PaymentStatusError'
  }
}

export interface StatusChangeOptions {
  now: Date
  /** The method chosen at the checkout, for a payment that has none yet. */
  method?: PaymentMethod
  /** The customer's name, for plausible details (the card holder, the account holder). */
  customerName?: string | null
}

export interface StatusChange {
  payment: Payment
  /** Whether Mollie reports this change to the webhook (and the payment has a webhook URL). */
  webhook: boolean
  /** The customer's event, when the payment is a customer's. */
  event?: CustomerEvent
}

/**
 * Moves a payment to `to`, with the timestamps, details and flags Mollie sets. Throws PaymentStatusError for a
 * change the machine does not allow: from a final status, to the same status, `authorized` for a method that cannot
 * authorize, or a method the payment does not offer.
 */
export function changeStatus(payment: Payment, to: PaymentStatus, options: StatusChangeOptions): StatusChange {
  if (payment.status === to) throw new PaymentStatusError(`The payment is already ${to}.`, 'status')
  if (!NEXT_STATUSES[payment.status].includes(to)) {
    throw new PaymentStatusError(
      isFinal(payment.status)
        ? `The payment is ${payment.status}, which is final: its status cannot change any more.`
        : `A ${payment.status} payment cannot become ${to}: it can become ${NEXT_STATUSES[payment.status].join(', ')}.`,
      'status',
    )
  }
  if (to === 'open') throw new PaymentStatusError('A payment cannot become open again.', 'status')
  const method = payment.method ?? options.method ?? defaultMethod(payment)
  if (payment.method === null && options.method && payment.methods && !payment.methods.includes(options.method)) {
    throw new PaymentStatusError(`The payment offers ${payment.methods.join(', ')}, not ${options.method}.`, 'method')
  }
  if (payment.sequenceType === 'first' && FIRST_PAYMENT_MANDATES[method] === undefined) {
    throw new PaymentStatusError(`The method '${method}' cannot be used for a first payment.`, 'method')
  }
  if (payment.method === null) {
    try {
      checkAmount(payment.amount, 'amount', method)
    } catch (error) {
      throw new PaymentStatusError(`The method '${method}' cannot pay this amount: ${(error as FieldError).detail}`, 'method')
    }
  }
  if (to === 'authorized' && !canAuthorize(method, payment.captureMode)) {
    throw new PaymentStatusError(
      `A ${method} payment cannot be authorized: only payments with captureMode 'manual' (creditcard) or a pay-later method can.`,
      'status',
    )
  }
  const at = formatTimestamp(options.now)
  const next: Payment = { ...payment, status: to, method, methods: null }
  switch (to) {
    case 'authorized':
      next.authorizedAt = at
      // An authorization holds for 28 days (Mollie's card authorizations), then expires unless captured.
      next.expiresAt = formatTimestamp(new Date(options.now.getTime() + AUTHORIZATION_DAYS * 24 * 60 * MINUTE))
      break
    case 'paid':
      next.paidAt = at
      break
    case 'canceled':
      next.canceledAt = at
      break
    case 'expired':
      next.expiredAt = at
      break
    case 'failed':
      next.failedAt = at
      break
  }
  // expiresAt is omitted once the payment can no longer expire.
  if (isFinal(to)) next.expiresAt = null
  next.details = detailsFor(next, options.customerName ?? null)
  const event = payment.customerId ? paymentStatusEvent(payment.id, to, at) : undefined
  return { payment: next, webhook: WEBHOOK_STATUSES.has(to) && payment.webhookUrl !== null, event }
}

/** The method a payment without one gets when its outcome is chosen without a method: what its sequence allows. */
function defaultMethod(payment: Payment): PaymentMethod {
  if (payment.methods) return payment.methods[0]!
  return payment.sequenceType === 'first' ? 'creditcard' : 'ideal'
}

/** Whether an open payment's expiry has passed: it expires (by the sweeper) and can no longer be paid. */
export function isOverdue(payment: Pick<Payment, 'status' | 'expiresAt'>, now: Date): boolean {
  return (
    (payment.status === 'open' || payment.status === 'pending' || payment.status === 'authorized') &&
    payment.expiresAt !== null &&
    Date.parse(payment.expiresAt) <= now.getTime()
  )
}

// ---------------------------------------------------------------------------------------------------------------
// Changes through update-payment

/** Fields that stay changeable after the payment is final. */
const CHANGEABLE_WHEN_FINAL: ReadonlySet<string> = new Set(['description', 'metadata', 'webhookUrl'])
/** Fields that change what the checkout offers: only while open. */
const OPEN_ONLY: ReadonlySet<string> = new Set(['method', 'locale', 'dueDate', 'restrictPaymentMethodsToCountry', 'issuer', 'billingAddress', 'shippingAddress', 'billingEmail'])

const FIELD_NAMES: Record<string, string> = {
  redirectUrl: 'redirect URL',
  cancelUrl: 'cancel URL',
  method: 'method',
  locale: 'locale',
  dueDate: 'due date',
  restrictPaymentMethodsToCountry: 'country restriction',
}

/**
 * Applies update-payment's changes, or throws FieldError for one that the payment's status no longer allows (spec
 * `update-payment`: "The redirect URL cannot be updated when the payment is finalized").
 */
export function applyChanges(payment: Payment, changes: PaymentChanges, mode: Mode, allowPrivateWebhooks: boolean, now: Date): Payment {
  checkWebhookUrl(changes.webhookUrl, mode, allowPrivateWebhooks)
  checkDueDate(changes.dueDate, now)
  const next: Payment = { ...payment, writeOnly: { ...payment.writeOnly } }
  for (const field of PAYMENT_CHANGES) {
    const value = changes[field]
    if (value === undefined) continue
    if (isFinal(payment.status) && !CHANGEABLE_WHEN_FINAL.has(field)) {
      throw new FieldError(field, `The ${FIELD_NAMES[field] ?? field} cannot be updated when the payment is finalized.`)
    }
    if (payment.status !== 'open' && OPEN_ONLY.has(field)) {
      throw new FieldError(field, `The ${FIELD_NAMES[field] ?? field} can only be updated while the payment is open.`)
    }
    switch (field) {
      case 'description':
        next.description = truncateDescription(value as string)
        break
      case 'redirectUrl':
        if (value === null && payment.sequenceType !== 'recurring') {
          throw new FieldError('redirectUrl', "The 'redirectUrl' field cannot be cleared: it is required, except for recurring payments.")
        }
        next.redirectUrl = value as string | null
        break
      case 'cancelUrl':
        next.cancelUrl = value as string | null
        break
      case 'webhookUrl':
        next.webhookUrl = value as string | null
        break
      case 'metadata':
        next.metadata = value as Payment['metadata']
        break
      case 'method': {
        const method = value as PaymentMethod | null
        if (method && payment.sequenceType === 'first' && FIRST_PAYMENT_MANDATES[method] === undefined) {
          throw new FieldError('method', `The method '${method}' cannot be used for a first payment.`)
        }
        if (method) checkAmount(payment.amount, 'amount', method)
        if (method && payment.captureMode === 'manual' && !canAuthorize(method, 'manual')) {
          throw new FieldError('method', `The method '${method}' does not support manual capture, which this payment asks for.`)
        }
        next.method = method
        next.methods = null
        next.details = method === 'banktransfer' ? bankTransferDetails(payment.id) : null
        break
      }
      case 'locale':
        next.locale = value as Payment['locale']
        break
      case 'restrictPaymentMethodsToCountry':
        next.restrictPaymentMethodsToCountry = value as string | null
        break
      case 'billingAddress':
        next.billingAddress = value as Payment['billingAddress']
        break
      case 'shippingAddress':
        next.shippingAddress = value as Payment['shippingAddress']
        break
      default:
        next.writeOnly[field] = value
    }
  }
  return next
}

// ---------------------------------------------------------------------------------------------------------------
// Details and mandates: plausible, stable values derived from the payment's id

/** Bytes derived from an id, so that a payment's details are the same each time they are made. */
function seedOf(id: string): Buffer {
  return createHash('sha256').update(id).digest()
}

const TEST_CARD_LABELS = ['Mastercard', 'Visa', 'American Express'] as const
const TEST_HOLDER = 'T. TEST'

function cardOf(id: string, customerName: string | null) {
  const seed = seedOf(id)
  const last4 = String(seed.readUInt16BE(0) % 10_000).padStart(4, '0')
  const year = new Date().getUTCFullYear() + 2 + (seed[2]! % 3)
  const month = String((seed[3]! % 12) + 1).padStart(2, '0')
  return {
    cardHolder: customerName ?? TEST_HOLDER,
    cardNumber: last4,
    cardLabel: TEST_CARD_LABELS[seed[4]! % TEST_CARD_LABELS.length]!,
    cardFingerprint: seed.subarray(5, 17).toString('base64url'),
    expiry: { month, year },
  }
}

/** A Dutch test IBAN with valid check digits (ISO 7064 mod 97), stable for the id. */
function ibanOf(id: string): { iban: string; bic: string } {
  const account = String(seedOf(id).readUInt32BE(8)).padStart(10, '0')
  const bban = `TEST${account}`
  const numeric = `${bban}NL00`.replace(/[A-Z]/g, (letter) => String(letter.charCodeAt(0) - 55))
  let remainder = 0
  for (const digit of numeric) remainder = (remainder * 10 + Number(digit)) % 97
  return { iban: `NL${String(98 - remainder).padStart(2, '0')}${bban}`, bic: 'TESTNL2A' }
}

function bankTransferDetails(id: string): PaymentDetails {
  return {
    bankName: 'Stichting Mollie Payments',
    bankAccount: 'NL10TEST0000000001',
    bankBic: 'TESTNL2A',
    transferReference: `RF${seedOf(id).readUInt32BE(12).toString().padStart(10, '0').slice(0, 10)}`,
  }
}

/** What the checkout collected, by method and outcome (spec `entity-payment.details`, method-specific fields). */
function detailsFor(payment: Payment, customerName: string | null): PaymentDetails {
  if (payment.status === 'canceled' || payment.status === 'expired') return payment.details
  const name = customerName ?? TEST_HOLDER
  switch (payment.method) {
    case 'creditcard': {
      const card = cardOf(payment.id, customerName)
      const details: Record<string, unknown> = {
        cardHolder: card.cardHolder,
        cardNumber: card.cardNumber,
        cardFingerprint: card.cardFingerprint,
        cardAudience: null,
        cardLabel: card.cardLabel,
        cardCountryCode: 'NL',
        cardSecurity: payment.sequenceType === 'recurring' ? 'normal' : '3dsecure',
        feeRegion: 'intra-eu',
      }
      if (payment.status === 'failed') {
        details.failureReason = 'card_declined'
        details.failureMessage = 'The card was declined.'
      }
      return details
    }
    case 'paypal':
      return { consumerName: name, consumerAccount: 'test-buyer@example.com', paypalReference: `9AL${seedOf(payment.id).toString('hex').slice(0, 14).toUpperCase()}` }
    case 'banktransfer':
      return payment.details ?? bankTransferDetails(payment.id)
    case 'directdebit': {
      const account = ibanOf(payment.id)
      const details: Record<string, unknown> = {
        consumerName: name,
        consumerAccount: account.iban,
        consumerBic: account.bic,
        transferReference: `SD${seedOf(payment.id).readUInt32BE(16)}`,
        creditorIdentifier: 'NL08ZZZ502057730000',
      }
      if (payment.status === 'failed') {
        details.bankReasonCode = 'AM04'
        details.bankReason = 'Insufficient funds'
      }
      return details
    }
    default: {
      const account = ibanOf(payment.id)
      return { consumerName: name, consumerAccount: account.iban, consumerBic: account.bic }
    }
  }
}

/**
 * The mandate a paid first payment leaves (compat §11): `valid`, of the method that paid (cards and PayPal keep
 * theirs, bank methods make SEPA Direct Debit), with the details the checkout collected.
 */
export function mandateFromFirstPayment(payment: Payment, mandateId: string, customerName: string | null, now: Date): Mandate {
  const method = FIRST_PAYMENT_MANDATES[payment.method!] ?? 'directdebit'
  const createdAt = formatTimestamp(now)
  let details: MandateDetails
  if (method === 'creditcard') {
    const card = cardOf(payment.id, customerName)
    const lastDay = new Date(Date.UTC(card.expiry.year, Number(card.expiry.month), 0)).getUTCDate()
    details = {
      cardHolder: card.cardHolder,
      cardNumber: card.cardNumber,
      cardLabel: card.cardLabel,
      cardFingerprint: card.cardFingerprint,
      cardExpiryDate: `${card.expiry.year}-${card.expiry.month}-${String(lastDay).padStart(2, '0')}`,
    }
  } else if (method === 'paypal') {
    details = { consumerName: customerName ?? TEST_HOLDER, consumerAccount: 'test-buyer@example.com' }
  } else {
    const account = ibanOf(payment.id)
    details = { consumerName: customerName ?? TEST_HOLDER, consumerAccount: account.iban, consumerBic: account.bic }
  }
  return {
    id: mandateId,
    mode: payment.mode,
    status: 'valid',
    method,
    details,
    mandateReference: null,
    signatureDate: createdAt.slice(0, 10),
    customerId: payment.customerId!,
    createdAt,
    revokedAt: null,
  }
}

/** Which mandate a recurring payment is charged on: the one named, else the newest valid one of a fitting method. */
export function chooseMandate(
  mandates: readonly Mandate[],
  mandateId: string | null | undefined,
  methods: PaymentMethod[] | null,
): Mandate | FieldError {
  const live = mandates.filter((mandate) => mandate.revokedAt === null && mandate.status === 'valid')
  if (mandateId) {
    const named = live.find((mandate) => mandate.id === mandateId)
    if (!named) return new FieldError('mandateId', `The mandate '${mandateId}' is not a valid mandate of this customer.`)
    if (methods && !methods.includes(named.method)) {
      return new FieldError('method', `The mandate '${mandateId}' is a ${named.method} mandate, not ${methods.join(' or ')}.`)
    }
    return named
  }
  const fitting = live.filter((mandate) => !methods || methods.includes(mandate.method))
  return fitting.at(-1) ?? new FieldError('customerId', 'No suitable mandates found for customer.')
}

// ---------------------------------------------------------------------------------------------------------------
// Events

export function paymentCreatedEvent(paymentId: string, createdAt: string): CustomerEvent {
  return { type: EVENT_TYPES.paymentCreated.code, message: `Payment ${paymentId} created`, createdAt }
}

export function paymentStatusEvent(paymentId: string, status: PaymentStatus, createdAt: string): CustomerEvent {
  return { type: EVENT_TYPES.paymentStatusChanged.code, message: `Payment ${paymentId} ${status}`, createdAt }
}
