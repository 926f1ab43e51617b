/**
 * What the test checkout (and the dashboard's outcome buttons) offer for a payment, decided by the payment's own
 * rules: the methods a tester may pick and the outcomes the status machine allows from where the payment is, so a
 * page never offers a button that changeStatus would refuse. And the payment as words for people: its amount with
 * its currency, its sequence type. No I/O; the clock comes from the caller.
 *
 * Sources: Mollie's test-mode payment screen (pick a method, then "Paid", "Authorized", "Failed", "Canceled",
 * "Expired" or back to the shop with the payment still open); spec `entity-payment` (`_links.checkout`,
 * `_links.changePaymentState`); domain/payment.ts for the machine (NEXT_STATUSES, changeStatus) and the methods a
 * first payment can use (FIRST_PAYMENT_MANDATES).
 */
import { FIRST_PAYMENT_MANDATES, changeStatus, checkAmount, isOverdue, PaymentStatusError } from './payment.js'
import {
  CURRENCY_DECIMALS,
  PAYMENT_METHODS,
  type Amount,
  type Payment,
  type PaymentMethod,
  type PaymentStatus,
  type SequenceType,
} from './payment-schemas.js'
import { FieldError } from './validation.js'

/** The outcomes a tester can choose, in the order the page shows them ("leave it open" is a link, not one of these). */
export const CHECKOUT_OUTCOMES = ['paid', 'authorized', 'failed', 'canceled', 'expired'] as const
export type CheckoutOutcome = (typeof CHECKOUT_OUTCOMES)[number]

/** Statuses in which the checkout still takes an outcome; any other is final and only shown. */
export const CHOOSABLE_STATUSES: ReadonlySet<PaymentStatus> = new Set(['open', 'pending', 'authorized'])

/** Methods a payment offers when it names none: every method but `pointofsale` (it needs a terminal). */
const ANY_METHOD: readonly PaymentMethod[] = PAYMENT_METHODS.filter((method) => method !== 'pointofsale')

export interface CheckoutChoices {
  /** The payment's method, when it has one: the tester picks none (a recurring payment's is its mandate's). */
  fixedMethod: PaymentMethod | null
  /** The methods to pick from when `fixedMethod` is null, in the payment's order (or the spec's); else empty. */
  methods: PaymentMethod[]
  /** The outcomes offered, in CHECKOUT_OUTCOMES order: empty when the payment's status is final. */
  outcomes: CheckoutOutcome[]
  /** Which of `methods` (or the fixed one) can be `authorized`; empty when `authorized` is not offered. */
  authorizingMethods: PaymentMethod[]
  /** Whether its expiry has passed: only `expired` is left (the store refuses anything else). */
  overdue: boolean
}

/** Whether `amount` reaches the method's minimum (bancontact, in3, riverty and billie have their own). */
function reachesMinimum(amount: Amount, method: PaymentMethod): boolean {
  try {
    checkAmount(amount, 'amount', method)
    return true
  } catch (error) {
    if (error instanceof FieldError) return false
    throw error
  }
}

/** The methods a payment without one lets the tester pick: its list, what a first payment can use, any other. */
export function offeredMethods(payment: Payment): PaymentMethod[] {
  if (payment.method !== null) return [payment.method]
  const candidates = payment.methods ?? ANY_METHOD
  const fitting =
    payment.sequenceType === 'first' ? candidates.filter((method) => FIRST_PAYMENT_MANDATES[method] !== undefined) : candidates
  return fitting.filter((method) => reachesMinimum(payment.amount, method))
}

/** Whether changeStatus takes this outcome with this method (a dry run of the machine: it is a pure function). */
function allows(payment: Payment, status: PaymentStatus, method: PaymentMethod, now: Date): boolean {
  try {
    changeStatus(payment, status, { now, method })
    return true
  } catch (error) {
    if (error instanceof PaymentStatusError) return false
    throw error
  }
}

/** What the checkout offers for `payment` at `now`. */
export function checkoutChoices(payment: Payment, now: Date): CheckoutChoices {
  const methods = offeredMethods(payment)
  const fixedMethod = payment.method
  const overdue = isOverdue(payment, now)
  if (!CHOOSABLE_STATUSES.has(payment.status)) {
    return { fixedMethod, methods: fixedMethod ? [] : methods, outcomes: [], authorizingMethods: [], overdue: false }
  }
  const outcomes = CHECKOUT_OUTCOMES.filter(
    (outcome) => (!overdue || outcome === 'expired') && methods.some((method) => allows(payment, outcome, method, now)),
  )
  const authorizingMethods = outcomes.includes('authorized') ? methods.filter((method) => allows(payment, 'authorized', method, now)) : []
  return { fixedMethod, methods: fixedMethod ? [] : methods, outcomes, authorizingMethods, overdue }
}

/** Where the browser goes after an outcome: `cancelUrl` for `canceled` when there is one, else `redirectUrl`. */
export function returnUrlOf(payment: Pick<Payment, 'redirectUrl' | 'cancelUrl'>, outcome: PaymentStatus | null): string | null {
  if (outcome === 'canceled' && payment.cancelUrl) return payment.cancelUrl
  return payment.redirectUrl
}

// ---------------------------------------------------------------------------------------------------------------
// The payment in words

/** `{"currency":"EUR","value":"1234.50"}` → `€1,234.50`; exact for any stored value (formatted from the string). */
export function formatAmount(amount: Amount): string {
  const decimals = CURRENCY_DECIMALS[amount.currency]
  try {
    const format = new Intl.NumberFormat('en-GB', {
      style: 'currency',
      currency: amount.currency,
      ...(decimals !== undefined && { minimumFractionDigits: decimals, maximumFractionDigits: decimals }),
    })
    // Intl formats decimal strings exactly (ECMA-402 NumberFormat v3); a number would round past 15 digits.
    return format.format(amount.value as unknown as number)
  } catch {
    return `${amount.currency} ${amount.value}`
  }
}

/** The sequence type as a tester reads it. */
export const SEQUENCE_TYPE_TEXT: Readonly<Record<SequenceType, string>> = {
  oneoff: 'One-off payment',
  first: 'First payment: paying sets up a mandate for later charges',
  recurring: 'Recurring payment: charged on the customer’s mandate, without the customer',
}

/** How methods are named on pages (others by their API name). */
const METHOD_LABELS: Partial<Record<PaymentMethod, string>> = {
  applepay: 'Apple Pay',
  bancontact: 'Bancontact',
  banktransfer: 'Bank transfer',
  creditcard: 'Card',
  directdebit: 'SEPA Direct Debit',
  ideal: 'iDEAL',
  in3: 'iDEAL in3',
  klarna: 'Klarna',
  paypal: 'PayPal',
  paysafecard: 'paysafecard',
  przelewy24: 'Przelewy24',
  trustly: 'Trustly',
}

/** `ideal` → `iDEAL (ideal)`: the name people know, and the API's. */
export function methodLabel(method: PaymentMethod): string {
  const label = METHOD_LABELS[method]
  return label ? `${label} (${method})` : method
}

/** What each outcome means, next to its button. */
export const OUTCOME_TEXT: Readonly<Record<CheckoutOutcome, { label: string; hint: string }>> = {
  paid: { label: 'Paid', hint: 'The customer paid.' },
  authorized: { label: 'Authorized', hint: 'The amount is reserved, to be captured later.' },
  failed: { label: 'Failed', hint: 'The payment was refused (a declined card, say).' },
  canceled: { label: 'Canceled', hint: 'The customer canceled.' },
  expired: { label: 'Expired', hint: 'The customer never finished.' },
}

/** An outcome's label and hint on a page; `authorized` names its methods when only some of those offered can. */
export function outcomeText(status: CheckoutOutcome, choices: CheckoutChoices): { label: string; hint: string } {
  const { label, hint } = OUTCOME_TEXT[status]
  const offered = choices.fixedMethod ? 1 : choices.methods.length
  const only = status === 'authorized' && offered > choices.authorizingMethods.length ? ` Only with ${choices.authorizingMethods.join(', ')}.` : ''
  return { label, hint: hint + only }
}
