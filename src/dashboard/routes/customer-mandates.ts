/**
 * Revoking one of a customer's mandates from its page. The same store call as the API's revoke-mandate, so it
 * records the same event; the form's CSRF token is checked by the dashboard's scope (csrf.ts) before this runs.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import type { Urls } from '../../http/urls.js'
import { MandateRevokedError, type Store } from '../../store/store.js'
import { CSRF_FIELD } from '../csrf.js'
import { sendMessage } from '../errors.js'
import { redirectAfterPost } from '../page.js'
import { pathsOf } from '../paths.js'
import { sessionOf } from '../session.js'
import { findCustomer, sendNotFound } from './customer.js'

const ParamsSchema = Type.Object({ customerId: Type.String({ maxLength: 100 }), mandateId: Type.String({ maxLength: 100 }) })
const RevokeBodySchema = Type.Object({ [CSRF_FIELD]: Type.String() })

export const customerMandateRoutes: FastifyPluginAsyncTypebox<{ store: Store; urls: Urls }> = async (
  app,
  { store },
) => {
  app.post(
    '/customers/:customerId/mandates/:mandateId/revoke',
    { schema: { params: ParamsSchema, body: RevokeBodySchema } },
    async (request, reply) => {
      const { customerId, mandateId } = request.params
      const found = await findCustomer(store, sessionOf(request), customerId)
      if (!found) return sendNotFound(request, reply, customerId)
      let revoked
      try {
        revoked = await store.mandates.revoke(found.tenant, customerId, mandateId)
      } catch (error) {
        // Revoked meanwhile (another tab, the API): what was asked for is done.
        if (!(error instanceof MandateRevokedError)) throw error
        revoked = true
      }
      if (!revoked) {
        return sendMessage(request, reply, {
          statusCode: 404,
          heading: 'Mandate not found',
          message: `No mandate exists with token ${mandateId}.`,
        })
      }
      return redirectAfterPost(reply, `${pathsOf(request).customer(customerId)}?notice=mandate-revoked`)
    },
  )
}
