/**
 * `clientele/client`: a small, strictly typed client for Mollie's Customers, Mandates, Payments and Subscriptions APIs, for Clientele
 * and for api.mollie.com alike. Its types and response validators are derived from the server's TypeBox schemas.
 *
 * ```ts
 * import { createClient, ApiError } from 'clientele/client'
 *
 * const mollie = createClient({ apiKey: process.env.MOLLIE_KEY!, baseUrl: 'http://127.0.0.1:8080/v2' })
 * const customer = await mollie.customers.create({ name: 'Jane Doe', email: 'jane@example.org' })
 * for await (const each of mollie.customers.iterate()) console.log(each.id)
 * ```
 */
export { createClient, DEFAULT_BASE_URL, DEFAULT_TIMEOUT_MS, type Client, type ClientOptions } from './client.js'
export {
  type CustomersApi,
  type CustomerPage,
  type GetOptions,
  type ListParams,
  type RequestOptions,
  type WriteOptions,
} from './customers-api.js'
export { type MandatesApi, type MandateListParams, type MandatePage } from './mandates-api.js'
export { type ClockApi } from './clock-api.js'
export { type PaymentsApi, type PaymentGetOptions, type PaymentListParams, type PaymentPage } from './payments-api.js'
export {
  type AllSubscriptionsListParams,
  type SubscriptionListParams,
  type SubscriptionPage,
  type SubscriptionsApi,
} from './subscriptions-api.js'
export {
  ApiError,
  NetworkError,
  ResponseValidationError,
  TimeoutError,
  type RequestDescription,
  type ResponseFault,
} from './errors.js'
export {
  DEFAULT_INITIAL_DELAY_MS,
  DEFAULT_MAX_DELAY_MS,
  DEFAULT_MAX_RETRY_AFTER_MS,
  DEFAULT_RETRIES,
  type BackoffOptions,
} from './retry.js'
export type {
  Amount,
  Customer,
  ClockAdvance,
  ClockAdvanceRequest,
  CustomerEvent,
  CustomerFields,
  CustomerList,
  CustomerListItem,
  CustomerWithEvents,
  ErrorResponse,
  KnownLocale,
  KnownMode,
  ListLinks,
  Locale,
  Mandate,
  MandateFields,
  MandateList,
  MandateListItem,
  MandateMethod,
  MandateStatus,
  Metadata,
  Mode,
  Payment,
  PaymentAddress,
  PaymentChanges,
  PaymentFields,
  PaymentLine,
  PaymentList,
  PaymentListItem,
  PaymentMethod,
  PaymentStatus,
  PaymentStatusChange,
  SequenceType,
  TestClock,
  Subscription,
  SubscriptionChanges,
  SubscriptionFields,
  SubscriptionList,
  SubscriptionListItem,
  SubscriptionStatus,
  Url,
} from './schemas.js'
