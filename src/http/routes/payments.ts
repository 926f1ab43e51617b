/**
 * Mollie's Payments API (`/payments`) and the customer's payments (`/customers/{customerId}/payments`). As for
 * customers: each schema block is the operation's contract, each handler loads, decides and presents;
 * authentication, tenancy, idempotency, rate limits and errors are handled around them (api.ts). Another tenant's
 * payment is 404. The rules (amounts, sequence types, the status machine) are domain/payment.ts's.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { profileIdOf } from '../../domain/ids.js'
import { PAYMENT_CHANGES, PAYMENT_FIELDS, type PaymentChanges, type PaymentFields } from '../../domain/payment-schemas.js'
import { FieldError, pickFields } from '../../domain/validation.js'
import type { PaymentPolicy, Store, Tenant } from '../../store/store.js'
import { apiErrors } from '../errors.js'
import type { Presenter } from '../presenter.js'
import type { Urls } from '../urls.js'
import { markReplay } from '../idempotency.js'
import { pageLinks, type ListQuery } from '../pagination.js'
import {
  CancelPaymentBodySchema,
  CreatePaymentQuerySchema,
  CustomerPaymentsParamsSchema,
  GetPaymentQuerySchema,
  ListPaymentsQuerySchema,
  PaymentBodySchema,
  PaymentListResponseSchema,
  PaymentParamsSchema,
  PaymentResponseSchema,
  UpdatePaymentBodySchema,
} from '../payment-schemas.js'
import { HAL_JSON, LIST_LIMIT_DEFAULT, NoQuerySchema } from '../schemas.js'
import { API_KEY_SECURITY, BODY_TYPES, errors } from './operation.js'

export interface PaymentRoutesOptions {
  store: Store
  urls: Urls
  present: Presenter
  policy: PaymentPolicy
}

const security = API_KEY_SECURITY
/** 404: the payment (or the path's customer) is not the caller's. */
const oneErrors = errors(404)
/** Lists and creation answer 404 only for an unknown cursor's customer path. */
const collectionErrors = errors()

export const paymentRoutes: FastifyPluginAsyncTypebox<PaymentRoutesOptions> = async (app, { store, urls, present, policy }) => {
  // An empty path segment is no id: the path names no route.
  app.addHook('onRequest', async (request) => {
    const params = request.params as Record<string, string | undefined>
    if (params.customerId === '' || params.paymentId === '') {
      throw apiErrors.routeNotFound(request.method, request.url.split('?', 1)[0]!.slice(0, 200))
    }
  })

  const listOf = async (tenant: Tenant, query: ListQuery & { profileId?: string }, customerId?: string) => {
    // One profile per organization: another profile's list is empty.
    if (query.profileId !== undefined && query.profileId !== profileIdOf(tenant.organizationId)) return { payments: [] }
    const page = await store.payments.list(tenant, { from: query.from, limit: query.limit, sort: query.sort, customerId })
    if (!page) throw apiErrors.invalidCursor()
    return page
  }

  const listQuery = (query: { from?: string; limit?: number; sort?: 'asc' | 'desc'; testmode?: boolean; profileId?: string }) => ({
    from: query.from,
    limit: query.limit ?? LIST_LIMIT_DEFAULT,
    sort: query.sort ?? 'desc',
    sortGiven: query.sort !== undefined,
    testmode: query.testmode,
    profileId: query.profileId,
  })

  app.post(
    '/payments',
    {
      config: { testmodeIn: 'body' },
      schema: {
        operationId: 'create-payment',
        summary: 'Create payment',
        description:
          'Creates a payment. Send the customer to `_links.checkout`, where (in this stand-in) the outcome is chosen; ' +
          'a `recurring` payment is charged on a mandate instead. Status changes are POSTed to `webhookUrl`.',
        tags: ['Payments API'],
        security,
        consumes: BODY_TYPES,
        produces: [HAL_JSON],
        querystring: CreatePaymentQuerySchema,
        body: PaymentBodySchema,
        response: { 201: PaymentResponseSchema, ...collectionErrors },
      },
    },
    async (request, reply) => {
      const fields = pickFields<PaymentFields>(request.body, PAYMENT_FIELDS)
      const options = { customerId: fields.customerId ?? null, fromPath: false, policy }
      const written = await store.payments.create(request.tenant, fields, options, request.idempotency)
      markReplay(reply, written!)
      return reply.code(201).send(present.payment(written!.value, 'create-payment'))
    },
  )

  app.get(
    '/payments',
    {
      config: { testmodeIn: 'query' },
      compress: { threshold: 1024 },
      schema: {
        operationId: 'list-payments',
        summary: 'List payments',
        description: 'Lists payments, newest first unless `sort=asc`, one page at a time. Follow `_links.next`.',
        tags: ['Payments API'],
        security,
        produces: [HAL_JSON],
        querystring: ListPaymentsQuerySchema,
        response: { 200: PaymentListResponseSchema, ...collectionErrors },
      },
    },
    async (request) => {
      const query = listQuery(request.query)
      const page = await listOf(request.tenant, query)
      return {
        count: page.payments.length,
        _embedded: { payments: page.payments.map((payment) => present.payment(payment, 'get-payment')) },
        _links: pageLinks(urls, query, page, 'list-payments', (parameters) =>
          urls.paymentListUrl({ ...parameters, profileId: query.profileId }),
        ),
      }
    },
  )

  app.get(
    '/payments/:paymentId',
    {
      config: { testmodeIn: 'query' },
      schema: {
        operationId: 'get-payment',
        summary: 'Get payment',
        description: 'Retrieves a payment by its id: what a webhook receiver does when it is called.',
        tags: ['Payments API'],
        security,
        produces: [HAL_JSON],
        params: PaymentParamsSchema,
        querystring: GetPaymentQuerySchema,
        response: { 200: PaymentResponseSchema, ...oneErrors },
      },
    },
    async ({ tenant, params }) => {
      const payment = await store.payments.get(tenant, params.paymentId)
      if (!payment) throw apiErrors.paymentNotFound(params.paymentId)
      return present.payment(payment, 'get-payment')
    },
  )

  app.patch(
    '/payments/:paymentId',
    {
      config: { testmodeIn: 'body' },
      schema: {
        operationId: 'update-payment',
        summary: 'Update payment',
        description:
          'Updates a payment: a field left out stays as it is. Once the payment is final only `description`, ' +
          '`metadata` and `webhookUrl` can change.',
        tags: ['Payments API'],
        security,
        consumes: BODY_TYPES,
        produces: [HAL_JSON],
        params: PaymentParamsSchema,
        querystring: NoQuerySchema,
        body: UpdatePaymentBodySchema,
        response: { 200: PaymentResponseSchema, ...oneErrors },
      },
    },
    async (request, reply) => {
      const { paymentId } = request.params
      const changes = pickFields<PaymentChanges>(request.body, PAYMENT_CHANGES)
      const written = await store.payments.update(request.tenant, paymentId, changes, policy, request.idempotency)
      if (!written) throw apiErrors.paymentNotFound(paymentId)
      markReplay(reply, written)
      return present.payment(written.value, 'update-payment')
    },
  )

  app.delete(
    '/payments/:paymentId',
    {
      config: { testmodeIn: 'body' },
      schema: {
        operationId: 'cancel-payment',
        summary: 'Cancel payment',
        description:
          'Cancels a payment whose `isCancelable` is true (open bank transfers, pending direct debits, authorized ' +
          'payments) and answers it; otherwise 422. The webhook is called.',
        tags: ['Payments API'],
        security,
        consumes: BODY_TYPES,
        produces: [HAL_JSON],
        params: PaymentParamsSchema,
        querystring: NoQuerySchema,
        body: CancelPaymentBodySchema,
        response: { 200: PaymentResponseSchema, ...oneErrors },
      },
    },
    async (request, reply) => {
      const { paymentId } = request.params
      const written = await store.payments.cancel(request.tenant, paymentId, request.idempotency)
      if (!written) throw apiErrors.paymentNotFound(paymentId)
      markReplay(reply, written)
      return present.payment(written.value, 'cancel-payment')
    },
  )

  app.post(
    '/customers/:customerId/payments',
    {
      config: { testmodeIn: 'body' },
      schema: {
        operationId: 'create-customer-payment',
        summary: 'Create customer payment',
        description:
          'Creates a payment for the customer: as create-payment with `customerId`. A `first` payment that is paid ' +
          'gives the customer a mandate; a `recurring` one is charged on it.',
        tags: ['Customers API'],
        security,
        consumes: BODY_TYPES,
        produces: [HAL_JSON],
        params: CustomerPaymentsParamsSchema,
        querystring: NoQuerySchema,
        body: PaymentBodySchema,
        response: { 201: PaymentResponseSchema, ...oneErrors },
      },
    },
    async (request, reply) => {
      const { customerId } = request.params
      const fields = pickFields<PaymentFields>(request.body, PAYMENT_FIELDS)
      if (fields.customerId !== undefined && fields.customerId !== null && fields.customerId !== customerId) {
        throw new FieldError('customerId', `The 'customerId' field names another customer than the path (${customerId}): leave it out.`)
      }
      const written = await store.payments.create(
        request.tenant,
        fields,
        { customerId, fromPath: true, policy },
        request.idempotency,
      )
      if (!written) throw apiErrors.customerNotFound(customerId)
      markReplay(reply, written)
      return reply.code(201).send(present.payment(written.value, 'create-customer-payment'))
    },
  )

  app.get(
    '/customers/:customerId/payments',
    {
      config: { testmodeIn: 'query' },
      compress: { threshold: 1024 },
      schema: {
        operationId: 'list-customer-payments',
        summary: 'List customer payments',
        description: 'Lists the customer’s payments, newest first unless `sort=asc`. Follow `_links.next`.',
        tags: ['Customers API'],
        security,
        produces: [HAL_JSON],
        params: CustomerPaymentsParamsSchema,
        querystring: ListPaymentsQuerySchema,
        response: { 200: PaymentListResponseSchema, ...oneErrors },
      },
    },
    async (request) => {
      const { customerId } = request.params
      if (!(await store.customers.get(request.tenant, customerId))) throw apiErrors.customerNotFound(customerId)
      const query = listQuery(request.query)
      const page = await listOf(request.tenant, query, customerId)
      return {
        count: page.payments.length,
        _embedded: { payments: page.payments.map((payment) => present.payment(payment, 'get-payment')) },
        _links: pageLinks(urls, query, page, 'list-customer-payments', (parameters) =>
          urls.paymentListUrl({ ...parameters, profileId: query.profileId }, customerId),
        ),
      }
    },
  )
}
