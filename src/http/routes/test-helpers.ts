/**
 * Clientele's test helpers under `/_clientele`, apart from Mollie's `/v2` (as LocalStack keeps `/_localstack/`):
 * what Mollie's test mode does by hand, as API calls. They take the API's keys and answer in its format.
 *
 * `POST /_clientele/payments/{paymentId}/status` sets a test-mode payment's outcome as the checkout page (or Mollie's
 * changePaymentState page) would, webhooks and first-payment mandates included. A live payment answers 404, as another
 * tenant's would: live outcomes are the checkout's.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Store } from '../../store/store.js'
import { apiErrors } from '../errors.js'
import type { Presenter } from '../presenter.js'
import { markReplay } from '../idempotency.js'
import { PaymentParamsSchema, PaymentResponseSchema, PaymentStatusBodySchema } from '../payment-schemas.js'
import { HAL_JSON, NoQuerySchema } from '../schemas.js'
import { API_KEY_SECURITY, BODY_TYPES, errors } from './operation.js'

export interface TestHelperRoutesOptions {
  store: Store
  present: Presenter
}

export const testHelperRoutes: FastifyPluginAsyncTypebox<TestHelperRoutesOptions> = async (app, { store, present }) => {
  app.post(
    '/payments/:paymentId/status',
    {
      config: { testmodeIn: 'body' },
      schema: {
        operationId: 'change-payment-status',
        summary: 'Set a test payment’s outcome',
        description:
          'Clientele only. Does what choosing an outcome on the checkout page (or Mollie’s `changePaymentState` page) ' +
          'does: `paid`, `failed`, `canceled`, `expired`, `authorized` or `pending`, with the webhook and, for a paid ' +
          'first payment, the customer’s new mandate. Test mode only; a change Mollie’s status machine does not ' +
          'allow is 422.',
        tags: ['Clientele test helpers'],
        security: API_KEY_SECURITY,
        consumes: BODY_TYPES,
        produces: [HAL_JSON],
        params: PaymentParamsSchema,
        querystring: NoQuerySchema,
        body: PaymentStatusBodySchema,
        response: { 200: PaymentResponseSchema, ...errors(404) },
      },
    },
    async (request, reply) => {
      const { paymentId } = request.params
      if (request.tenant.mode !== 'test') throw apiErrors.paymentNotFound(paymentId)
      const { status, method } = request.body
      const written = await store.payments.changeStatus(request.tenant, paymentId, { status, method }, request.idempotency)
      if (!written) throw apiErrors.paymentNotFound(paymentId)
      markReplay(reply, written)
      return present.payment(written.value, 'change-payment-status')
    },
  )
}
