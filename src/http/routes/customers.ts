/**
 * The five operations of Mollie's Customers API. Each schema block is the operation's contract (it validates,
 * serializes and documents); each handler loads, decides and presents. Authentication, tenancy, content type,
 * links and errors are handled around them.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { pickCustomerFields } from '../../domain/validation.js'
import type { Store, Tenant } from '../../store/store.js'
import { apiErrors } from '../errors.js'
import type { Presenter } from '../presenter.js'
import type { Urls } from '../urls.js'
import { markReplay } from '../idempotency.js'
import { listLinks } from '../pagination.js'
import {
  CustomerBodySchema,
  CustomerListResponseSchema,
  CustomerParamsSchema,
  CustomerResponseSchema,
  CustomerWithEventsResponseSchema,
  DeleteCustomerBodySchema,
  GetCustomerQuerySchema,
  HAL_JSON,
  LIST_LIMIT_DEFAULT,
  ListCustomersQuerySchema,
  NoQuerySchema,
} from '../schemas.js'
import { API_KEY_SECURITY, BODY_TYPES, errors } from './operation.js'

export interface CustomerRoutesOptions {
  store: Store
  urls: Urls
  present: Presenter
}

const tags = ['Customers API']
const security = API_KEY_SECURITY
const collectionErrors = errors()
const customerErrors = errors(404)

export const customerRoutes: FastifyPluginAsyncTypebox<CustomerRoutesOptions> = async (app, { store, urls, present }) => {
  /** Which of these customers have mandates, payments and subscriptions: their `_links.mandates`, … */
  const subResources = async (tenant: Tenant, ids: readonly string[]) => {
    const [mandates, payments, subscriptions] = await Promise.all([
      store.mandates.customersWithMandates(tenant, ids),
      store.payments.customersWithPayments(tenant, ids),
      store.subscriptions.customersWithSubscriptions(tenant, ids),
    ])
    return { mandates, payments, subscriptions }
  }

  app.post(
    '/customers',
    {
      config: { testmodeIn: 'body' },
      schema: {
        operationId: 'create-customer',
        summary: 'Create customer',
        description: 'Creates a customer. Every field is optional; fields left out are null.',
        tags,
        security,
        consumes: BODY_TYPES,
        produces: [HAL_JSON],
        querystring: NoQuerySchema,
        body: CustomerBodySchema,
        response: { 201: CustomerResponseSchema, ...collectionErrors },
      },
    },
    async (request, reply) => {
      const written = await store.customers.create(request.tenant, pickCustomerFields(request.body), request.idempotency)
      markReplay(reply, written)
      return reply.code(201).send(present.customer(written.value, 'create-customer'))
    },
  )

  app.get(
    '/customers',
    {
      config: { testmodeIn: 'query' },
      // A page of 50 is tens of kilobytes: worth compressing when the client asks.
      compress: { threshold: 1024 },
      schema: {
        operationId: 'list-customers',
        summary: 'List customers',
        description: 'Lists customers, newest first unless `sort=asc`, one page at a time. Follow `_links.next`.',
        tags,
        security,
        produces: [HAL_JSON],
        querystring: ListCustomersQuerySchema,
        response: { 200: CustomerListResponseSchema, ...collectionErrors },
      },
    },
    async (request) => {
      const { from, testmode } = request.query
      const query = {
        from,
        limit: request.query.limit ?? LIST_LIMIT_DEFAULT,
        sort: request.query.sort ?? 'desc',
        sortGiven: request.query.sort !== undefined,
        testmode,
      }
      const page = await store.customers.list(request.tenant, query)
      if (!page) throw apiErrors.invalidCursor()
      const owned = await subResources(request.tenant, page.customers.map(({ id }) => id))
      return {
        count: page.customers.length,
        _embedded: {
          customers: page.customers.map((customer) =>
            present.customer(customer, 'get-customer', owned.mandates.has(customer.id), owned.payments.has(customer.id), owned.subscriptions.has(customer.id)),
          ),
        },
        _links: listLinks(urls, query, page),
      }
    },
  )

  app.get(
    '/customers/:customerId',
    {
      config: { testmodeIn: 'query' },
      schema: {
        operationId: 'get-customer',
        summary: 'Get customer',
        description: 'Retrieves a customer by its id; `include=events` adds its history.',
        tags,
        security,
        produces: [HAL_JSON],
        params: CustomerParamsSchema,
        querystring: GetCustomerQuerySchema,
        response: { 200: CustomerWithEventsResponseSchema, ...customerErrors },
      },
    },
    async ({ tenant, params, query }) => {
      const customer = await store.customers.get(tenant, params.customerId)
      if (!customer) throw apiErrors.customerNotFound(params.customerId)
      const events = query.include === 'events' ? await store.customers.events(tenant, customer.id) : undefined
      const owned = await subResources(tenant, [customer.id])
      return present.customerWithEvents(customer, events, owned.mandates.has(customer.id), owned.payments.has(customer.id), owned.subscriptions.has(customer.id))
    },
  )

  app.patch(
    '/customers/:customerId',
    {
      config: { testmodeIn: 'body' },
      schema: {
        operationId: 'update-customer',
        summary: 'Update customer',
        description: 'Updates a customer: a field left out stays as it is, `null` clears it.',
        tags,
        security,
        consumes: BODY_TYPES,
        produces: [HAL_JSON],
        params: CustomerParamsSchema,
        querystring: NoQuerySchema,
        body: CustomerBodySchema,
        response: { 200: CustomerResponseSchema, ...customerErrors },
      },
    },
    async (request, reply) => {
      const { customerId } = request.params
      const written = await store.customers.update(request.tenant, customerId, pickCustomerFields(request.body), request.idempotency)
      if (!written) throw apiErrors.customerNotFound(customerId)
      markReplay(reply, written)
      const owned = await subResources(request.tenant, [customerId])
      return present.customer(written.value, 'update-customer', owned.mandates.has(customerId), owned.payments.has(customerId), owned.subscriptions.has(customerId))
    },
  )

  app.delete(
    '/customers/:customerId',
    {
      config: { testmodeIn: 'body' },
      schema: {
        operationId: 'delete-customer',
        summary: 'Delete customer',
        description: 'Deletes a customer. Its id then answers 404, and stays valid as a list cursor.',
        tags,
        security,
        consumes: BODY_TYPES,
        produces: [HAL_JSON],
        params: CustomerParamsSchema,
        querystring: NoQuerySchema,
        body: DeleteCustomerBodySchema,
        response: { 204: { type: 'null', description: 'Deleted; no body.' }, ...customerErrors },
      },
    },
    async (request, reply) => {
      const { customerId } = request.params
      const written = await store.customers.delete(request.tenant, customerId, request.idempotency)
      if (!written) throw apiErrors.customerNotFound(customerId)
      markReplay(reply, written)
      return reply.code(204).removeHeader('content-type').send(null)
    },
  )
}
