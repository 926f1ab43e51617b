/**
 * A customer's subscriptions as its dashboard page shows them, each with its latest payments and, while it still
 * charges, a cancel button. Text for people; URLs from the API's own builder (urls.ts), so the page and the API agree.
 */
import { formatAmount } from '../domain/checkout.js'
import { isLive } from '../domain/subscription.js'
import type { Subscription } from '../domain/subscription-schemas.js'
import type { Urls } from '../http/urls.js'
import type { Store, Tenant } from '../store/store.js'
import type { DashboardPaths } from './paths.js'

export interface SubscriptionPaymentView {
  id: string
  status: string
  createdAt: string
  dashboardPath: string
}

export interface SubscriptionView {
  id: string
  status: string
  description: string
  amountText: string
  interval: string
  /** `3 of 6 left`, or `until canceled`. */
  timesText: string
  startDate: string
  nextPaymentDate: string | null
  mandateId: string
  apiUrl: string
  /** Where its cancel form posts; null once it no longer charges. */
  cancelPath: string | null
  /** Its newest payments (at most SUBSCRIPTION_PAYMENTS_SHOWN). */
  payments: SubscriptionPaymentView[]
  /** Its payment list in the API, when it has payments. */
  paymentsApiUrl: string | null
}

export interface SubscriptionsView {
  subscriptions: SubscriptionView[]
  /** More than the page shows: the rest are in the API. */
  moreSubscriptions: boolean
  subscriptionsApiUrl: string
}

/** How many subscriptions a customer's page shows, and how many payments of each. */
export const SUBSCRIPTIONS_SHOWN = 50
export const SUBSCRIPTION_PAYMENTS_SHOWN = 10

export async function subscriptionsView(
  store: Store,
  tenant: Tenant,
  customerId: string,
  dashboardPath: string,
  paths: DashboardPaths,
  urls: Urls,
): Promise<SubscriptionsView> {
  const page = await store.subscriptions.list(tenant, { customerId, limit: SUBSCRIPTIONS_SHOWN, sort: 'desc' })
  const subscriptions = await Promise.all(
    (page?.subscriptions ?? []).map(async (subscription: Subscription): Promise<SubscriptionView> => {
      const payments =
        subscription.paymentsCreated === 0
          ? []
          : ((await store.payments.list(tenant, { subscriptionId: subscription.id, limit: SUBSCRIPTION_PAYMENTS_SHOWN, sort: 'desc' }))?.payments ?? [])
      return {
        id: subscription.id,
        status: subscription.status,
        description: subscription.description,
        amountText: formatAmount(subscription.amount),
        interval: subscription.interval,
        timesText: subscription.times === null ? 'until canceled' : `${subscription.timesRemaining} of ${subscription.times} left`,
        startDate: subscription.startDate,
        nextPaymentDate: subscription.nextPaymentDate,
        mandateId: subscription.mandateId,
        apiUrl: urls.subscriptionUrl(customerId, subscription.id),
        cancelPath: isLive(subscription) ? `${dashboardPath}/subscriptions/${subscription.id}/cancel` : null,
        payments: payments.map((payment) => ({
          id: payment.id,
          status: payment.status,
          createdAt: payment.createdAt,
          dashboardPath: paths.payment(payment.id),
        })),
        paymentsApiUrl: subscription.paymentsCreated > 0 ? urls.subscriptionPaymentListUrl(customerId, subscription.id) : null,
      }
    }),
  )
  return { subscriptions, moreSubscriptions: page?.nextFrom !== undefined, subscriptionsApiUrl: urls.subscriptionListUrl({}, customerId) }
}
