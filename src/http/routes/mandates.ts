/**
 * The four operations of Mollie's Mandates API, on a customer's mandates. As for customers: each schema block is
 * the operation's contract, each handler loads, decides and presents; authentication, tenancy, idempotency, rate
 * limits and errors are handled around them (app.ts). A mandate of another customer, mode or organization is 404;
 * a revoked one 410 (compat §11).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { pickMandateFields } from '../../domain/mandate.js'
import type { Store, Tenant } from '../../store/store.js'
import { apiErrors } from '../errors.js'
import type { Presenter } from '../presenter.js'
import type { Urls } from '../urls.js'
import { markReplay } from '../idempotency.js'
import {
  CustomerMandatesParamsSchema,
  GetMandateQuerySchema,
  ListMandatesQuerySchema,
  MandateBodySchema,
  MandateListResponseSchema,
  MandateParamsSchema,
  MandateResponseSchema,
  RevokeMandateBodySchema,
} from '../mandate-schemas.js'
import { pageLinks } from '../pagination.js'
import { HAL_JSON, LIST_LIMIT_DEFAULT, NoQuerySchema } from '../schemas.js'
import { API_KEY_SECURITY, BODY_TYPES, errors } from './operation.js'

export interface MandateRoutesOptions {
  store: Store
  urls: Urls
  present: Presenter
}

const tags = ['Mandates API']
const security = API_KEY_SECURITY
/** 404: the customer (or the mandate) is not the caller's. */
const customerErrors = errors(404)
/** 410: the mandate was revoked. */
const mandateErrors = errors(404, 410)

export const mandateRoutes: FastifyPluginAsyncTypebox<MandateRoutesOptions> = async (app, { store, urls, present }) => {
  // An empty path segment is no id (`/v2/customers//mandates`): the path names no route, as before mandates existed.
  app.addHook('onRequest', async (request) => {
    const params = request.params as Record<string, string | undefined>
    if (params.customerId === '' || params.mandateId === '') {
      throw apiErrors.routeNotFound(request.method, request.url.split('?', 1)[0]!.slice(0, 200))
    }
  })

  /** 404 unless the customer exists in this tenant. */
  const requireCustomer = async (tenant: Tenant, customerId: string) => {
    if (!(await store.customers.get(tenant, customerId))) throw apiErrors.customerNotFound(customerId)
  }

  app.post(
    '/customers/:customerId/mandates',
    {
      config: { testmodeIn: 'body' },
      schema: {
        operationId: 'create-mandate',
        summary: 'Create mandate',
        description:
          'Creates a `valid` mandate for the customer: SEPA Direct Debit (`directdebit`, with an IBAN) or PayPal ' +
          '(`paypal`). Card mandates come from a first payment and cannot be created here.',
        tags,
        security,
        consumes: BODY_TYPES,
        produces: [HAL_JSON],
        params: CustomerMandatesParamsSchema,
        querystring: NoQuerySchema,
        body: MandateBodySchema,
        response: { 201: MandateResponseSchema, ...customerErrors },
      },
    },
    async (request, reply) => {
      const { customerId } = request.params
      const written = await store.mandates.create(request.tenant, customerId, pickMandateFields(request.body), request.idempotency)
      if (!written) throw apiErrors.customerNotFound(customerId)
      markReplay(reply, written)
      return reply.code(201).send(present.mandate(written.value, 'create-mandate'))
    },
  )

  app.get(
    '/customers/:customerId/mandates',
    {
      config: { testmodeIn: 'query' },
      compress: { threshold: 1024 },
      schema: {
        operationId: 'list-mandates',
        summary: 'List mandates',
        description:
          'Lists the customer’s mandates, newest first unless `sort=asc`, one page at a time; revoked mandates are ' +
          'not listed. Follow `_links.next`.',
        tags,
        security,
        produces: [HAL_JSON],
        params: CustomerMandatesParamsSchema,
        querystring: ListMandatesQuerySchema,
        response: { 200: MandateListResponseSchema, ...customerErrors },
      },
    },
    async (request) => {
      const { customerId } = request.params
      const { from, testmode } = request.query
      const query = {
        from,
        limit: request.query.limit ?? LIST_LIMIT_DEFAULT,
        sort: request.query.sort ?? 'desc',
        sortGiven: request.query.sort !== undefined,
        testmode,
      }
      await requireCustomer(request.tenant, customerId)
      const page = await store.mandates.list(request.tenant, customerId, query)
      if (!page) throw apiErrors.invalidCursor()
      return {
        count: page.mandates.length,
        _embedded: { mandates: page.mandates.map((mandate) => present.mandate(mandate, 'get-mandate')) },
        _links: pageLinks(urls, query, page, 'list-mandates', (parameters) => urls.mandateListUrl(customerId, parameters)),
      }
    },
  )

  app.get(
    '/customers/:customerId/mandates/:mandateId',
    {
      config: { testmodeIn: 'query' },
      schema: {
        operationId: 'get-mandate',
        summary: 'Get mandate',
        description: 'Retrieves one of the customer’s mandates. A revoked mandate answers `410 Gone`.',
        tags,
        security,
        produces: [HAL_JSON],
        params: MandateParamsSchema,
        querystring: GetMandateQuerySchema,
        response: { 200: MandateResponseSchema, ...mandateErrors },
      },
    },
    async ({ tenant, params }) => {
      await requireCustomer(tenant, params.customerId)
      const mandate = await store.mandates.get(tenant, params.customerId, params.mandateId)
      if (!mandate) throw apiErrors.mandateNotFound(params.mandateId)
      if (mandate.revokedAt !== null) throw apiErrors.mandateRevoked(mandate.id)
      return present.mandate(mandate, 'get-mandate')
    },
  )

  app.delete(
    '/customers/:customerId/mandates/:mandateId',
    {
      config: { testmodeIn: 'body' },
      schema: {
        operationId: 'revoke-mandate',
        summary: 'Revoke mandate',
        description:
          'Revokes a mandate: it can no longer be charged. It then answers `410 Gone`, to a second revocation too.',
        tags,
        security,
        consumes: BODY_TYPES,
        produces: [HAL_JSON],
        params: MandateParamsSchema,
        querystring: NoQuerySchema,
        body: RevokeMandateBodySchema,
        response: { 204: { type: 'null', description: 'Revoked; no body.' }, ...mandateErrors },
      },
    },
    async (request, reply) => {
      const { customerId, mandateId } = request.params
      await requireCustomer(request.tenant, customerId)
      const written = await store.mandates.revoke(request.tenant, customerId, mandateId, request.idempotency)
      if (!written) throw apiErrors.mandateNotFound(mandateId)
      markReplay(reply, written)
      return reply.code(204).removeHeader('content-type').send(null)
    },
  )
}
