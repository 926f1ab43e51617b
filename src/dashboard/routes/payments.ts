/**
 * Payments in the dashboard: every payment of the session's tenant (`/payments`), a customer's
 * (`/customers/:customerId/payments`), both newest first a page at a time with the API's own cursors (`from` is the id
 * of a page's first payment); one payment's page (the API's `_links.dashboard` opens it directly), with its outcome
 * buttons and its webhook deliveries. The buttons go through the same store call as the checkout and
 * `/_clientele/payments/{id}/status` (store.payments.changeStatus), in test mode only; their CSRF token is checked by
 * the dashboard's scope (csrf.ts) before anything here runs.
 *
 * Answers: 404 page for a payment or customer of another organization (or a mode the session cannot use); 400 page
 * for a cursor that is not one of the list; 403 page for outcomes on a live payment; the payment page again with
 * the message, 422, for a change the status machine refuses (PaymentStatusError).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import Type from 'typebox'
import { CHECKOUT_OUTCOMES, offeredMethods } from '../../domain/checkout.js'
import { PaymentStatusError } from '../../domain/payment.js'
import { PaymentMethodSchema, type Payment } from '../../domain/payment-schemas.js'
import type { Presenter } from '../../http/presenter.js'
import type { Urls } from '../../http/urls.js'
import type { PaymentPage, Store, Tenant } from '../../store/store.js'
import { CSRF_FIELD } from '../csrf.js'
import { sendMessage } from '../errors.js'
import { frameOf, redirectAfterPost, sendPage } from '../page.js'
import { pathsOf } from '../paths.js'
import { paymentPageView, paymentRowView, type DeliveriesOf } from '../payment-view.js'
import { sessionOf, tenantOf, type DashboardSession } from '../session.js'
import { views } from '../views.js'
import { findCustomer, sendNotFound as sendCustomerNotFound } from './customer.js'

const PAGE_SIZE = 25

const PaymentParamsSchema = Type.Object({ paymentId: Type.String({ maxLength: 100 }) })
const CustomerParamsSchema = Type.Object({ customerId: Type.String({ maxLength: 100 }) })
const ListQuerySchema = Type.Object({ from: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false })
const PaymentQuerySchema = Type.Object({ notice: Type.Optional(Type.Enum(['status'])) }, { additionalProperties: false })
/** The outcome form (closed): the button pressed, and the method for a payment without one. */
const StatusBodySchema = Type.Object(
  { [CSRF_FIELD]: Type.String(), status: Type.Enum(CHECKOUT_OUTCOMES), method: Type.Optional(PaymentMethodSchema) },
  { additionalProperties: false },
)

interface Found {
  payment: Payment
  tenant: Tenant
}

/** The payment in any mode the session may use, its own mode first (as findCustomer); undefined for another's. */
async function findPayment(store: Store, session: DashboardSession, id: string): Promise<Found | undefined> {
  for (const mode of [session.mode, ...session.modes.filter((other) => other !== session.mode)]) {
    const tenant = tenantOf(session, mode)
    const payment = await store.payments.get(tenant, id)
    if (payment) return { payment, tenant }
  }
  return undefined
}

function sendPaymentNotFound(request: FastifyRequest, reply: FastifyReply, id: string): FastifyReply {
  return sendMessage(request, reply, {
    statusCode: 404,
    heading: 'Payment not found',
    message: `No payment exists with token ${id}.`,
    back: { href: pathsOf(request).payments, label: 'Back to payments' },
  })
}

function withFrom(path: string, from: string | undefined): string {
  return from === undefined ? path : `${path}?${new URLSearchParams({ from })}`
}

export const paymentRoutes: FastifyPluginAsyncTypebox<{ store: Store; urls: Urls; present: Presenter; deliveriesOf: DeliveriesOf }> = async (
  app,
  { store, urls, present, deliveriesOf },
) => {
  function sendList(
    request: FastifyRequest,
    reply: FastifyReply,
    page: PaymentPage | undefined,
    view: { heading: string; path: string; from?: string; emptyMessage: string; apiUrl: string; customer?: { id: string; dashboardPath: string } },
  ): FastifyReply {
    const paths = pathsOf(request)
    if (!page) {
      return sendMessage(request, reply, {
        statusCode: 400,
        heading: 'This page of the list does not exist',
        message: `The page link's cursor (from=${view.from}) is not a payment of this list: Invalid cursor value.`,
        back: { href: view.path, label: 'Go to the first page' },
      })
    }
    request.listedItems = page.payments.length
    const html = views.paymentList(frameOf(request, reply, view.heading, view.customer ? 'customers' : 'payments'), {
      heading: view.heading,
      ...(view.customer && { customer: view.customer }),
      payments: page.payments.map((payment) => paymentRowView(payment, paths)),
      emptyMessage: view.emptyMessage,
      pages: {
        ...(page.previousFrom !== undefined && { previous: withFrom(view.path, page.previousFrom) }),
        ...(page.nextFrom !== undefined && { next: withFrom(view.path, page.nextFrom) }),
      },
      apiUrl: view.apiUrl,
    })
    return sendPage(reply, html)
  }

  /** `testmode=true` in API links where an access token needs it to see test data. */
  const testmodeQuery = (session: DashboardSession, mode: Tenant['mode']) =>
    session.credential.kind === 'access' && mode === 'test' ? { testmode: true } : {}

  app.get('/payments', { schema: { querystring: ListQuerySchema } }, async (request, reply) => {
    const session = sessionOf(request)
    const { from } = request.query
    const page = await store.payments.list(tenantOf(session), { from, limit: PAGE_SIZE, sort: 'desc' })
    return sendList(request, reply, page, {
      heading: 'Payments',
      path: pathsOf(request).payments,
      from,
      emptyMessage: `No payments in ${session.mode} mode yet.`,
      apiUrl: urls.paymentListUrl(testmodeQuery(session, session.mode)),
    })
  })

  app.get(
    '/customers/:customerId/payments',
    { schema: { params: CustomerParamsSchema, querystring: ListQuerySchema } },
    async (request, reply) => {
      const session = sessionOf(request)
      const { customerId } = request.params
      const found = await findCustomer(store, session, customerId)
      if (!found) return sendCustomerNotFound(request, reply, customerId)
      const { from } = request.query
      const page = await store.payments.list(found.tenant, { from, limit: PAGE_SIZE, sort: 'desc', customerId })
      const paths = pathsOf(request)
      return sendList(request, reply, page, {
        heading: `Payments of ${found.customer.name ?? customerId}`,
        path: paths.customerPayments(customerId),
        from,
        emptyMessage: 'This customer has no payments.',
        apiUrl: urls.paymentListUrl(testmodeQuery(session, found.tenant.mode), customerId),
        customer: { id: customerId, dashboardPath: paths.customer(customerId) },
      })
    },
  )

  async function sendPayment(
    request: FastifyRequest,
    reply: FastifyReply,
    found: Found,
    options: { notice?: string; error?: string; statusCode?: number } = {},
  ): Promise<FastifyReply> {
    const { payment, tenant } = found
    const deliveries = await deliveriesOf(tenant, payment.id)
    const view = paymentPageView(payment, { urls, present, paths: pathsOf(request), deliveries, now: await store.clocks.now(tenant) })
    const html = views.payment(frameOf(request, reply, `Payment ${payment.id}`, 'payments'), {
      ...view,
      ...(options.notice && { notice: options.notice }),
      ...(options.error && { error: options.error }),
    })
    return sendPage(reply, html, options.statusCode)
  }

  app.get(
    '/payments/:paymentId',
    { schema: { params: PaymentParamsSchema, querystring: PaymentQuerySchema } },
    async (request, reply) => {
      const found = await findPayment(store, sessionOf(request), request.params.paymentId)
      if (!found) return sendPaymentNotFound(request, reply, request.params.paymentId)
      return sendPayment(request, reply, found, request.query.notice === 'status' ? { notice: 'The status was changed.' } : {})
    },
  )

  app.post(
    '/payments/:paymentId/status',
    { schema: { params: PaymentParamsSchema, body: StatusBodySchema } },
    async (request, reply) => {
      const { paymentId } = request.params
      const found = await findPayment(store, sessionOf(request), paymentId)
      if (!found) return sendPaymentNotFound(request, reply, paymentId)
      if (found.tenant.mode !== 'test') {
        return sendMessage(request, reply, {
          statusCode: 403,
          heading: 'Test mode only',
          message: 'A live payment’s outcome is not set from the dashboard: it is chosen at the payment’s checkout.',
          back: { href: pathsOf(request).payment(paymentId), label: 'Back to the payment' },
        })
      }
      const { status, method } = request.body
      const choosing = found.payment.method === null && method !== undefined
      if (choosing && !offeredMethods(found.payment).includes(method)) {
        return sendPayment(request, reply, found, { error: `This payment does not offer ${method}.`, statusCode: 422 })
      }
      let changed: Payment | undefined
      try {
        changed = (await store.payments.changeStatus(found.tenant, paymentId, { status, ...(choosing && { method }) }))?.value
      } catch (error) {
        if (!(error instanceof PaymentStatusError)) throw error
        const current = (await store.payments.get(found.tenant, paymentId)) ?? found.payment
        return sendPayment(request, reply, { ...found, payment: current }, { error: error.detail, statusCode: 422 })
      }
      if (!changed) return sendPaymentNotFound(request, reply, paymentId)
      return redirectAfterPost(reply, `${pathsOf(request).payment(paymentId)}?notice=status`)
    },
  )
}
