/**
 * Canceling one of a customer's subscriptions from its page. The same store call as the API's cancel-subscription, so
 * it records the same event; the form's CSRF token is checked by the dashboard's scope (csrf.ts) before this runs.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { SubscriptionStatusError } from '../../domain/subscription.js'
import type { Urls } from '../../http/urls.js'
import type { Store } from '../../store/store.js'
import { CSRF_FIELD } from '../csrf.js'
import { sendMessage } from '../errors.js'
import { redirectAfterPost } from '../page.js'
import { pathsOf } from '../paths.js'
import { sessionOf } from '../session.js'
import { findCustomer, sendNotFound } from './customer.js'

const ParamsSchema = Type.Object({ customerId: Type.String({ maxLength: 100 }), subscriptionId: Type.String({ maxLength: 100 }) })
const CancelBodySchema = Type.Object({ [CSRF_FIELD]: Type.String() })

export const customerSubscriptionRoutes: FastifyPluginAsyncTypebox<{ store: Store; urls: Urls }> = async (app, { store }) => {
  app.post(
    '/customers/:customerId/subscriptions/:subscriptionId/cancel',
    { schema: { params: ParamsSchema, body: CancelBodySchema } },
    async (request, reply) => {
      const { customerId, subscriptionId } = request.params
      const found = await findCustomer(store, sessionOf(request), customerId)
      if (!found) return sendNotFound(request, reply, customerId)
      let canceled
      try {
        canceled = await store.subscriptions.cancel(found.tenant, customerId, subscriptionId)
      } catch (error) {
        // Canceled or completed meanwhile (another tab, the API, the scheduler): it no longer charges.
        if (!(error instanceof SubscriptionStatusError)) throw error
        canceled = true
      }
      if (!canceled) {
        return sendMessage(request, reply, {
          statusCode: 404,
          heading: 'Subscription not found',
          message: `No subscription exists with token ${subscriptionId}.`,
        })
      }
      return redirectAfterPost(reply, `${pathsOf(request).customer(customerId)}?notice=subscription-canceled`)
    },
  )
}
