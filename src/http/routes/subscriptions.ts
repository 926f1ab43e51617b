/**
 * Mollie's Subscriptions API: a customer's subscriptions (`/customers/{customerId}/subscriptions…`), their payments,
 * and the tenant's list (`/subscriptions`). As for mandates: each schema block is the operation's contract, each
 * handler loads, decides and presents; authentication, tenancy, idempotency, rate limits and errors are handled
 * around them (api.ts). Another customer's, mode's or organization's subscription is 404. The rules (intervals, the
 * calendar, the mandate charged) are domain/subscription.ts's; the charges are the scheduler's
 * (src/subscriptions/scheduler.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { profileIdOf } from '../../domain/ids.js'
import {
  SUBSCRIPTION_CHANGES,
  SUBSCRIPTION_FIELDS,
  type SubscriptionChanges,
  type SubscriptionFields,
} from '../../domain/subscription-schemas.js'
import { pickFields } from '../../domain/validation.js'
import type { PaymentPolicy, Store, Tenant } from '../../store/store.js'
import { apiErrors } from '../errors.js'
import { markReplay } from '../idempotency.js'
import { pageLinks } from '../pagination.js'
import { PaymentListResponseSchema } from '../payment-schemas.js'
import type { Presenter } from '../presenter.js'
import { HAL_JSON, LIST_LIMIT_DEFAULT, NoQuerySchema } from '../schemas.js'
import {
  CancelSubscriptionBodySchema,
  CustomerSubscriptionsParamsSchema,
  GetSubscriptionQuerySchema,
  ListAllSubscriptionsQuerySchema,
  ListSubscriptionPaymentsQuerySchema,
  ListSubscriptionsQuerySchema,
  SubscriptionBodySchema,
  SubscriptionListResponseSchema,
  SubscriptionParamsSchema,
  SubscriptionResponseSchema,
  UpdateSubscriptionBodySchema,
} from '../subscription-schemas.js'
import type { Urls } from '../urls.js'
import { API_KEY_SECURITY, BODY_TYPES, errors } from './operation.js'

export interface SubscriptionRoutesOptions {
  store: Store
  urls: Urls
  present: Presenter
  /** WEBHOOK_ALLOW_PRIVATE applies to subscriptions' webhook URLs as to payments'. */
  policy: Pick<PaymentPolicy, 'allowPrivateWebhooks'>
}

const tags = ['Subscriptions API']
const security = API_KEY_SECURITY
/** 404: the customer (or the subscription) is not the caller's. */
const oneErrors = errors(404)
const collectionErrors = errors()

interface ListParameters {
  from?: string
  limit?: number
  sort?: 'asc' | 'desc'
  testmode?: boolean
}

const listQuery = (query: ListParameters) => ({
  from: query.from,
  limit: query.limit ?? LIST_LIMIT_DEFAULT,
  sort: query.sort ?? ('desc' as const),
  sortGiven: query.sort !== undefined,
  testmode: query.testmode,
})

export const subscriptionRoutes: FastifyPluginAsyncTypebox<SubscriptionRoutesOptions> = async (app, { store, urls, present, policy }) => {
  // An empty path segment is no id: the path names no route.
  app.addHook('onRequest', async (request) => {
    const params = request.params as Record<string, string | undefined>
    if (params.customerId === '' || params.subscriptionId === '') {
      throw apiErrors.routeNotFound(request.method, request.url.split('?', 1)[0]!.slice(0, 200))
    }
  })

  /** 404 unless the customer exists in this tenant. */
  const requireCustomer = async (tenant: Tenant, customerId: string) => {
    if (!(await store.customers.get(tenant, customerId))) throw apiErrors.customerNotFound(customerId)
  }
  /** 404 unless the customer and its subscription exist in this tenant. */
  const requireSubscription = async (tenant: Tenant, customerId: string, id: string) => {
    await requireCustomer(tenant, customerId)
    const subscription = await store.subscriptions.get(tenant, customerId, id)
    if (!subscription) throw apiErrors.subscriptionNotFound(id)
    return subscription
  }

  app.post(
    '/customers/:customerId/subscriptions',
    {
      config: { testmodeIn: 'body' },
      schema: {
        operationId: 'create-subscription',
        summary: 'Create subscription',
        description:
          'Schedules recurring payments on a valid mandate of the customer: the first on `startDate` (default today, ' +
          'Amsterdam time), then one per `interval`, `times` times or until canceled. Each payment is a `recurring` ' +
          'payment with the subscription’s amount, description, metadata and webhook URL. Test-mode subscriptions are ' +
          'canceled after 10 payments (TEST_SUBSCRIPTION_PAYMENT_LIMIT).',
        tags,
        security,
        consumes: BODY_TYPES,
        produces: [HAL_JSON],
        params: CustomerSubscriptionsParamsSchema,
        querystring: NoQuerySchema,
        body: SubscriptionBodySchema,
        response: { 201: SubscriptionResponseSchema, ...oneErrors },
      },
    },
    async (request, reply) => {
      const { customerId } = request.params
      const fields = pickFields<SubscriptionFields>(request.body, SUBSCRIPTION_FIELDS)
      const written = await store.subscriptions.create(request.tenant, customerId, fields, policy, request.idempotency)
      if (!written) throw apiErrors.customerNotFound(customerId)
      markReplay(reply, written)
      return reply.code(201).send(present.subscription(written.value, request.tenant.organizationId, 'create-subscription'))
    },
  )

  app.get(
    '/customers/:customerId/subscriptions',
    {
      config: { testmodeIn: 'query' },
      compress: { threshold: 1024 },
      schema: {
        operationId: 'list-subscriptions',
        summary: 'List customer subscriptions',
        description: 'Lists the customer’s subscriptions, canceled and completed ones included, newest first unless `sort=asc`. Follow `_links.next`.',
        tags,
        security,
        produces: [HAL_JSON],
        params: CustomerSubscriptionsParamsSchema,
        querystring: ListSubscriptionsQuerySchema,
        response: { 200: SubscriptionListResponseSchema, ...oneErrors },
      },
    },
    async (request) => {
      const { customerId } = request.params
      const query = listQuery(request.query)
      await requireCustomer(request.tenant, customerId)
      const page = await store.subscriptions.list(request.tenant, { from: query.from, limit: query.limit, sort: query.sort, customerId })
      if (!page) throw apiErrors.invalidCursor()
      return {
        count: page.subscriptions.length,
        _embedded: {
          subscriptions: page.subscriptions.map((each) => present.subscription(each, request.tenant.organizationId, 'get-subscription')),
        },
        _links: pageLinks(urls, query, page, 'list-subscriptions', (parameters) => urls.subscriptionListUrl(parameters, customerId)),
      }
    },
  )

  app.get(
    '/customers/:customerId/subscriptions/:subscriptionId',
    {
      config: { testmodeIn: 'query' },
      schema: {
        operationId: 'get-subscription',
        summary: 'Get subscription',
        description: 'Retrieves one of the customer’s subscriptions.',
        tags,
        security,
        produces: [HAL_JSON],
        params: SubscriptionParamsSchema,
        querystring: GetSubscriptionQuerySchema,
        response: { 200: SubscriptionResponseSchema, ...oneErrors },
      },
    },
    async ({ tenant, params }) => {
      const subscription = await requireSubscription(tenant, params.customerId, params.subscriptionId)
      return present.subscription(subscription, tenant.organizationId, 'get-subscription')
    },
  )

  app.patch(
    '/customers/:customerId/subscriptions/:subscriptionId',
    {
      config: { testmodeIn: 'body' },
      schema: {
        operationId: 'update-subscription',
        summary: 'Update subscription',
        description:
          'Updates a subscription: a field left out stays as it is. A new `startDate` is the next payment’s date; a ' +
          'new `interval` counts from the next payment. Canceled (and completed) subscriptions cannot be updated.',
        tags,
        security,
        consumes: BODY_TYPES,
        produces: [HAL_JSON],
        params: SubscriptionParamsSchema,
        querystring: NoQuerySchema,
        body: UpdateSubscriptionBodySchema,
        response: { 200: SubscriptionResponseSchema, ...oneErrors },
      },
    },
    async (request, reply) => {
      const { customerId, subscriptionId } = request.params
      await requireCustomer(request.tenant, customerId)
      const changes = pickFields<SubscriptionChanges>(request.body, SUBSCRIPTION_CHANGES)
      const written = await store.subscriptions.update(request.tenant, customerId, subscriptionId, changes, policy, request.idempotency)
      if (!written) throw apiErrors.subscriptionNotFound(subscriptionId)
      markReplay(reply, written)
      return present.subscription(written.value, request.tenant.organizationId, 'update-subscription')
    },
  )

  app.delete(
    '/customers/:customerId/subscriptions/:subscriptionId',
    {
      config: { testmodeIn: 'body' },
      schema: {
        operationId: 'cancel-subscription',
        summary: 'Cancel subscription',
        description: 'Cancels a subscription and answers it, `canceled`. The customer’s mandates are left as they are.',
        tags,
        security,
        consumes: BODY_TYPES,
        produces: [HAL_JSON],
        params: SubscriptionParamsSchema,
        querystring: NoQuerySchema,
        body: CancelSubscriptionBodySchema,
        response: { 200: SubscriptionResponseSchema, ...oneErrors },
      },
    },
    async (request, reply) => {
      const { customerId, subscriptionId } = request.params
      await requireCustomer(request.tenant, customerId)
      const written = await store.subscriptions.cancel(request.tenant, customerId, subscriptionId, request.idempotency)
      if (!written) throw apiErrors.subscriptionNotFound(subscriptionId)
      markReplay(reply, written)
      return present.subscription(written.value, request.tenant.organizationId, 'cancel-subscription')
    },
  )

  app.get(
    '/subscriptions',
    {
      config: { testmodeIn: 'query' },
      compress: { threshold: 1024 },
      schema: {
        operationId: 'list-all-subscriptions',
        summary: 'List all subscriptions',
        description: 'Lists the subscriptions of every customer, newest first. Follow `_links.next`.',
        tags,
        security,
        produces: [HAL_JSON],
        querystring: ListAllSubscriptionsQuerySchema,
        response: { 200: SubscriptionListResponseSchema, ...collectionErrors },
      },
    },
    async (request) => {
      const query = listQuery(request.query)
      const { profileId } = request.query
      // One profile per organization: another profile's list is empty.
      const page =
        profileId !== undefined && profileId !== null && profileId !== profileIdOf(request.tenant.organizationId)
          ? { subscriptions: [] }
          : await store.subscriptions.list(request.tenant, { from: query.from, limit: query.limit, sort: query.sort })
      if (!page) throw apiErrors.invalidCursor()
      return {
        count: page.subscriptions.length,
        _embedded: {
          subscriptions: page.subscriptions.map((each) => present.subscription(each, request.tenant.organizationId, 'get-subscription')),
        },
        _links: pageLinks(urls, query, page, 'list-all-subscriptions', (parameters) =>
          urls.subscriptionListUrl({ ...parameters, profileId: profileId ?? undefined }),
        ),
      }
    },
  )

  app.get(
    '/customers/:customerId/subscriptions/:subscriptionId/payments',
    {
      config: { testmodeIn: 'query' },
      compress: { threshold: 1024 },
      schema: {
        operationId: 'list-subscription-payments',
        summary: 'List subscription payments',
        description: 'Lists the payments the subscription made, newest first unless `sort=asc`. Follow `_links.next`.',
        tags,
        security,
        produces: [HAL_JSON],
        params: SubscriptionParamsSchema,
        querystring: ListSubscriptionPaymentsQuerySchema,
        response: { 200: PaymentListResponseSchema, ...oneErrors },
      },
    },
    async (request) => {
      const { customerId, subscriptionId } = request.params
      const query = listQuery(request.query)
      const { profileId } = request.query
      await requireSubscription(request.tenant, customerId, subscriptionId)
      const page =
        profileId !== undefined && profileId !== profileIdOf(request.tenant.organizationId)
          ? { payments: [] }
          : await store.payments.list(request.tenant, { from: query.from, limit: query.limit, sort: query.sort, subscriptionId })
      if (!page) throw apiErrors.invalidCursor()
      return {
        count: page.payments.length,
        _embedded: { payments: page.payments.map((payment) => present.payment(payment, 'get-payment')) },
        _links: pageLinks(urls, query, page, 'list-subscription-payments', (parameters) =>
          urls.subscriptionPaymentListUrl(customerId, subscriptionId, { ...parameters, profileId }),
        ),
      }
    },
  )
}
