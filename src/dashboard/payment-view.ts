/**
 * Payments as the dashboard shows them: a row of a list, and one payment's page with its outcome buttons and its
 * webhook deliveries. Text for people; URLs from the API's own presenter and URL builder (presenter.ts, urls.ts), so the page and the API agree.
 *
 * The deliveries come from the webhook store through `deliveriesOf` (a dashboard option, DeliveriesOf): the
 * dashboard only renders what it is given, newest first as given.
 */
import {
  SEQUENCE_TYPE_TEXT,
  checkoutChoices,
  formatAmount,
  methodLabel,
  outcomeText,
  type CheckoutOutcome,
} from '../domain/checkout.js'
import type { Payment } from '../domain/payment-schemas.js'
import type { Presenter } from '../http/presenter.js'
import type { Urls } from '../http/urls.js'
import type { Store, Tenant } from '../store/store.js'
import type { DashboardPaths } from './paths.js'
import { dateTimeText } from './presenters.js'

/**
 * One webhook delivery of a payment (a POST of `id=tr_…` to its webhook URL) with every attempt made. Timestamps
 * are ISO 8601; `deliveredAt` is set once an attempt got a 2xx, `gaveUpAt` once retries are over without one,
 * `nextAttemptAt` while a retry is due. An attempt's `statusCode` is null when no answer came (then `error` says why).
 */
export type DeliveryView = {
  url: string
  createdAt: string
  deliveredAt: string | null
  gaveUpAt: string | null
  nextAttemptAt: string | null
  attempts: Array<{ at: string; statusCode: number | null; error: string | null; durationMs: number }>
}

/** The deliveries of one payment of `tenant`, as the webhook store records them; [] when it has none. */
export type DeliveriesOf = (tenant: Tenant, paymentId: string) => Promise<DeliveryView[]>

/** The webhook store's deliveries of a payment, newest first, as the page shows them. */
export function deliveriesFromStore(store: Store): DeliveriesOf {
  return async (tenant, paymentId) =>
    (await store.webhooks.deliveriesOf(tenant, paymentId)).reverse().map((delivery) => ({
      url: delivery.url,
      createdAt: delivery.createdAt,
      deliveredAt: delivery.deliveredAt,
      gaveUpAt: delivery.gaveUpAt,
      nextAttemptAt: delivery.status === 'pending' ? delivery.nextAttemptAt : null,
      attempts: delivery.attempts.map((attempt) => ({
        at: attempt.at,
        statusCode: attempt.status,
        error: attempt.error,
        durationMs: attempt.durationMs,
      })),
    }))
}

export interface PaymentRowView {
  id: string
  dashboardPath: string
  amountText: string
  description: string
  status: string
  method: string | null
  sequenceType: string
  customerId: string | null
  customerPath: string | null
  createdAt: string
  createdAtText: string
}

export function paymentRowView(payment: Payment, paths: DashboardPaths): PaymentRowView {
  return {
    id: payment.id,
    dashboardPath: paths.payment(payment.id),
    amountText: formatAmount(payment.amount),
    description: payment.description,
    status: payment.status,
    method: payment.method,
    sequenceType: payment.sequenceType,
    customerId: payment.customerId,
    customerPath: payment.customerId && paths.customer(payment.customerId),
    createdAt: payment.createdAt,
    createdAtText: dateTimeText(payment.createdAt),
  }
}

export interface TimestampView {
  label: string
  at: string
  text: string
}

/** The outcome buttons: a form per page, a button per outcome the status machine allows now. */
export interface OutcomeFormView {
  action: string
  /** For a payment without a method: the methods to choose from (the first is preselected). */
  methods: Array<{ value: string; label: string }>
  outcomes: Array<{ status: CheckoutOutcome; label: string; hint: string }>
  overdue: boolean
}

export interface DeliveryRowView extends DeliveryView {
  createdAtText: string
  /** `delivered`, `gave up`, `retrying` or `pending`. */
  state: string
  attempts: Array<DeliveryView['attempts'][number] & { atText: string }>
}

export interface PaymentPageView {
  payment: PaymentRowView & {
    mode: string
    sequenceText: string
    profileId: string
    mandateId: string | null
    mandateApiUrl: string | null
    captureMode: string | null
    locale: string | null
    redirectUrl: string | null
    cancelUrl: string | null
    webhookUrl: string | null
    /** `_links.checkout` or `_links.changePaymentState`, when the API shows one. */
    checkoutUrl: string | null
    apiUrl: string
    metadataJson: string | null
    detailsJson: string | null
    timestamps: TimestampView[]
  }
  /** Null when no outcome can be set here; `outcomesNote` says why. */
  outcomeForm: OutcomeFormView | null
  outcomesNote: string | null
  deliveries: DeliveryRowView[]
  notice?: string
  error?: string
  documentationUrl: string
}

const TIMESTAMPS = [
  ['createdAt', 'Created'],
  ['authorizedAt', 'Authorized'],
  ['paidAt', 'Paid'],
  ['canceledAt', 'Canceled'],
  ['expiresAt', 'Expires'],
  ['expiredAt', 'Expired'],
  ['failedAt', 'Failed'],
] as const

function deliveryRowView(delivery: DeliveryView): DeliveryRowView {
  const state = delivery.deliveredAt ? 'delivered' : delivery.gaveUpAt ? 'gave up' : delivery.nextAttemptAt ? 'retrying' : 'pending'
  return {
    ...delivery,
    createdAtText: dateTimeText(delivery.createdAt),
    state,
    attempts: delivery.attempts.map((attempt) => ({ ...attempt, atText: dateTimeText(attempt.at) })),
  }
}

export function paymentPageView(
  payment: Payment,
  options: { urls: Urls; present: Presenter; paths: DashboardPaths; deliveries: DeliveryView[]; now: Date },
): PaymentPageView {
  const { urls, present, paths } = options
  const wire = present.payment(payment, 'get-payment')._links
  const choices = checkoutChoices(payment, options.now)
  let outcomeForm: OutcomeFormView | null = null
  let outcomesNote: string | null = null
  if (payment.mode !== 'test') {
    outcomesNote = 'Outcomes are set here in test mode only; a live payment’s outcome is chosen at its checkout.'
  } else if (choices.outcomes.length === 0) {
    outcomesNote = `The payment is ${payment.status}, which is final.`
  } else {
    outcomeForm = {
      action: paths.paymentStatus(payment.id),
      methods: choices.methods.map((method) => ({ value: method, label: methodLabel(method) })),
      outcomes: choices.outcomes.map((status) => ({ status, ...outcomeText(status, choices) })),
      overdue: choices.overdue,
    }
  }
  return {
    payment: {
      ...paymentRowView(payment, paths),
      mode: payment.mode,
      sequenceText: SEQUENCE_TYPE_TEXT[payment.sequenceType],
      profileId: payment.profileId,
      mandateId: payment.mandateId,
      mandateApiUrl: wire.mandate?.href ?? null,
      captureMode: payment.captureMode,
      locale: payment.locale,
      redirectUrl: payment.redirectUrl,
      cancelUrl: payment.cancelUrl,
      webhookUrl: payment.webhookUrl,
      checkoutUrl: wire.checkout?.href ?? wire.changePaymentState?.href ?? null,
      apiUrl: wire.self.href,
      metadataJson: payment.metadata === null ? null : JSON.stringify(payment.metadata, null, 2),
      detailsJson: payment.details === null ? null : JSON.stringify(payment.details, null, 2),
      timestamps: TIMESTAMPS.flatMap(([field, label]) => {
        const at = payment[field]
        return at === null ? [] : [{ label, at, text: dateTimeText(at) }]
      }),
    },
    outcomeForm,
    outcomesNote,
    deliveries: options.deliveries.map(deliveryRowView),
    documentationUrl: urls.documentation('get-payment').href,
  }
}
