/**
 * One customer: its page (the API's `_links.dashboard` opens it directly), editing, and deleting after a
 * confirmation. Changes go through the same store calls and domain rules as the API, so they record the same
 * events and are refused with the same messages.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import Type from 'typebox'
import type { Customer } from '../../domain/schemas.js'
import { FieldError } from '../../domain/validation.js'
import type { Urls } from '../../http/urls.js'
import type { Store, Tenant } from '../../store/store.js'
import { CSRF_FIELD } from '../csrf.js'
import {
  CustomerFormBodySchema,
  customerForm,
  formValuesOf,
  readCustomerForm,
  submittedValues,
} from '../customer-form.js'
import { sendMessage } from '../errors.js'
import { MANDATES_SHOWN, mandatesView } from '../mandate-view.js'
import { subscriptionsView } from '../subscription-view.js'
import { frameOf, redirectAfterPost, sendPage } from '../page.js'
import { pathsOf } from '../paths.js'
import { curlCommand, customerView, eventView } from '../presenters.js'
import { sessionOf, tenantOf, type DashboardSession } from '../session.js'
import { views, type CustomerFormView } from '../views.js'

const ParamsSchema = Type.Object({ customerId: Type.String({ maxLength: 100 }) })
const CustomerQuerySchema = Type.Object({
  notice: Type.Optional(Type.Enum(['created', 'updated', 'mandate-revoked', 'subscription-canceled'])),
})
const DeleteBodySchema = Type.Object({ [CSRF_FIELD]: Type.String() })

const NOTICES = {
  created: 'The customer was created.',
  updated: 'The customer was saved.',
  'mandate-revoked': 'The mandate was revoked.',
  'subscription-canceled': 'The subscription was canceled.',
}
const NOT_SAVED = 'The customer was not saved'

interface Found {
  customer: Customer
  /** The tenant the customer belongs to; changes are made in it. */
  tenant: Tenant
}

/**
 * The customer in any mode the session may use, the session's own mode first: a dashboard link carries no
 * mode, and an access token may see both. Undefined for another organization's customer, as in the API.
 */
export async function findCustomer(store: Store, session: DashboardSession, id: string): Promise<Found | undefined> {
  const modes = [session.mode, ...session.modes.filter((mode) => mode !== session.mode)]
  for (const mode of modes) {
    const tenant = tenantOf(session, mode)
    const customer = await store.customers.get(tenant, id)
    if (customer) return { customer, tenant }
  }
  return undefined
}

export function sendNotFound(request: FastifyRequest, reply: FastifyReply, id: string): FastifyReply {
  const session = sessionOf(request)
  const otherMode = session.modes.length === 1 ? (session.mode === 'test' ? 'live' : 'test') : undefined
  return sendMessage(request, reply, {
    statusCode: 404,
    heading: 'Customer not found',
    message: `No customer exists with token ${id}.`,
    ...(otherMode && {
      hint: `This session uses a ${session.mode} API key, so ${otherMode}-mode customers are not shown.`,
    }),
  })
}

export const customerRoutes: FastifyPluginAsyncTypebox<{ store: Store; urls: Urls }> = async (
  app,
  { store, urls },
) => {
  function sendEditForm(
    request: FastifyRequest,
    reply: FastifyReply,
    customer: Customer,
    form: CustomerFormView,
    statusCode = 200,
  ): FastifyReply {
    const html = views.customerEdit(frameOf(request, reply, `Edit ${customer.id}`, 'customers'), {
      customer: customerView(customer, urls, pathsOf(request)),
      form,
    })
    return sendPage(reply, html, statusCode)
  }

  app.get(
    '/customers/:customerId',
    { schema: { params: ParamsSchema, querystring: CustomerQuerySchema } },
    async (request, reply) => {
      const session = sessionOf(request)
      const found = await findCustomer(store, session, request.params.customerId)
      if (!found) return sendNotFound(request, reply, request.params.customerId)
      const { customer, tenant } = found
      const events = (await store.customers.events(tenant, customer.id)) ?? []
      const mandates = await store.mandates.list(tenant, customer.id, { limit: MANDATES_SHOWN, sort: 'desc' })
      const { notice } = request.query
      const html = views.customer(frameOf(request, reply, customer.name ?? customer.id, 'customers'), {
        customer: customerView(customer, urls, pathsOf(request)),
        ...mandatesView(mandates, customer.id, pathsOf(request).customer(customer.id), urls),
        ...(await subscriptionsView(store, tenant, customer.id, pathsOf(request).customer(customer.id), pathsOf(request), urls)),
        events: events.map(eventView),
        documentationUrl: urls.documentation('get-customer').href,
        curl: curlCommand(session, customer, urls),
        ...(notice && { notice: NOTICES[notice] }),
      })
      return sendPage(reply, html)
    },
  )

  app.get('/customers/:customerId/edit', { schema: { params: ParamsSchema } }, async (request, reply) => {
    const found = await findCustomer(store, sessionOf(request), request.params.customerId)
    if (!found) return sendNotFound(request, reply, request.params.customerId)
    return sendEditForm(request, reply, found.customer, customerForm(formValuesOf(found.customer), NOT_SAVED))
  })

  app.post(
    '/customers/:customerId/edit',
    { schema: { params: ParamsSchema, body: CustomerFormBodySchema } },
    async (request, reply) => {
      const found = await findCustomer(store, sessionOf(request), request.params.customerId)
      if (!found) return sendNotFound(request, reply, request.params.customerId)
      let written
      try {
        const changes = readCustomerForm(request.body, formValuesOf(found.customer))
        written = await store.customers.update(found.tenant, found.customer.id, changes)
      } catch (error) {
        if (!(error instanceof FieldError)) throw error
        const form = customerForm(submittedValues(request.body), NOT_SAVED, error)
        return sendEditForm(request, reply, found.customer, form, 422)
      }
      // Deleted by someone else between the lookup and the update.
      if (!written) return sendNotFound(request, reply, found.customer.id)
      return redirectAfterPost(reply, `${pathsOf(request).customer(found.customer.id)}?notice=updated`)
    },
  )

  app.get('/customers/:customerId/delete', { schema: { params: ParamsSchema } }, async (request, reply) => {
    const found = await findCustomer(store, sessionOf(request), request.params.customerId)
    if (!found) return sendNotFound(request, reply, request.params.customerId)
    const html = views.customerDelete(frameOf(request, reply, `Delete ${found.customer.id}`, 'customers'), {
      customer: customerView(found.customer, urls, pathsOf(request)),
    })
    return sendPage(reply, html)
  })

  app.post(
    '/customers/:customerId/delete',
    { schema: { params: ParamsSchema, body: DeleteBodySchema } },
    async (request, reply) => {
      const found = await findCustomer(store, sessionOf(request), request.params.customerId)
      if (!found) return sendNotFound(request, reply, request.params.customerId)
      const deleted = await store.customers.delete(found.tenant, found.customer.id)
      if (!deleted) return sendNotFound(request, reply, found.customer.id)
      return redirectAfterPost(reply, `${pathsOf(request).customers}?notice=deleted`)
    },
  )
}
