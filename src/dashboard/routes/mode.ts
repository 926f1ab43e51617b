/**
 * The test/live switch. An access token may use both modes and the choice is kept in the session; an API key is
 * bound to its mode (as in the API, where a contradicting `testmode` is refused), so switching it is refused.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { ModeSchema } from '../../domain/schemas.js'
import { CSRF_FIELD } from '../csrf.js'
import { sendMessage } from '../errors.js'
import { redirectAfterPost } from '../page.js'
import { pathsOf } from '../paths.js'
import { sessionView } from '../presenters.js'
import { saveSession, sessionOf } from '../session.js'

const ModeBodySchema = Type.Object({ [CSRF_FIELD]: Type.String(), mode: ModeSchema })

export const modeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/mode', { schema: { body: ModeBodySchema } }, async (request, reply) => {
    const session = sessionOf(request)
    const { mode } = request.body
    if (!session.modes.includes(mode)) {
      return sendMessage(request, reply, {
        statusCode: 400,
        heading: `${mode === 'test' ? 'Test' : 'Live'} mode is not available`,
        message: sessionView(session).modeNote ?? '',
      })
    }
    saveSession(reply, { ...session, mode })
    return redirectAfterPost(reply, pathsOf(request).customers)
  })
}
