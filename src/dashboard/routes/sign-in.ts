/**
 * Signing in and out, and sending signed-out visitors to sign in. The only way in is a key of the organization
 * (an API key or an organization access token), checked by its hash as the API checks it. The key itself is
 * never stored, logged, written into a page or put in a redirect.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { hashKey, kindOfKey } from '../../domain/keys.js'
import type { Store } from '../../store/store.js'
import { CSRF_FIELD } from '../csrf.js'
import { frameOf, redirectAfterPost, sendPage } from '../page.js'
import { SESSION_COOKIE, SESSION_LIFETIME_MS, endSession, newSession, saveSession } from '../session.js'
import { views } from '../views.js'

const HOME = '/dashboard/customers'
const SIGN_IN = '/dashboard/sign-in'
const NEXT_MAX_LENGTH = 500

/**
 * Where a visitor may be sent after signing in: dashboard paths only, so that `next` cannot become an open
 * redirect to another site.
 */
const DASHBOARD_PATH = /^\/dashboard(?:\/[\w\-./]*)?(?:\?[\w\-.~=&%+]*)?$/

function safeNextPath(next: string | undefined): string | undefined {
  if (next === undefined || next.length > NEXT_MAX_LENGTH || !DASHBOARD_PATH.test(next)) return undefined
  // `..` segments would lead a browser out of /dashboard.
  return next.split('?')[0]!.split('/').includes('..') ? undefined : next
}

const SignInQuerySchema = Type.Object({
  next: Type.Optional(Type.String()),
  notice: Type.Optional(Type.Enum(['signed-out'])),
})

const SignInBodySchema = Type.Object({
  [CSRF_FIELD]: Type.String(),
  key: Type.String({ maxLength: 1000 }),
  next: Type.Optional(Type.String()),
})

const REFUSED =
  'That key was not accepted: it is not a key of any organization here, or it has been revoked. Check it and try again.'

export const signInRoutes: FastifyPluginAsyncTypebox<{ store: Store }> = async (app, { store }) => {
  app.get('/sign-in', { schema: { querystring: SignInQuerySchema } }, async (request, reply) => {
    const next = safeNextPath(request.query.next)
    if (request.dashboardSession) return reply.redirect(next ?? HOME, 303)
    const view = {
      sessionHours: SESSION_LIFETIME_MS / 3_600_000,
      ...(next && { next }),
      ...(request.query.notice === 'signed-out' && { notice: 'You have signed out.' }),
    }
    return sendPage(reply, views.signIn(frameOf(request, reply, 'Sign in'), view))
  })

  app.post('/sign-in', { schema: { body: SignInBodySchema } }, async (request, reply) => {
    const key = request.body.key.trim()
    const credential = kindOfKey(key) ? await store.credentials.findByHash(hashKey(key)) : undefined
    const next = safeNextPath(request.body.next)
    if (!credential) {
      const view = { sessionHours: SESSION_LIFETIME_MS / 3_600_000, error: REFUSED, ...(next && { next }) }
      return sendPage(reply, views.signIn(frameOf(request, reply, 'Sign in'), view), 401)
    }
    const organization = (await store.organizations.list()).find(({ id }) => id === credential.organizationId)
    saveSession(reply, newSession(credential, organization?.name ?? credential.organizationId))
    return redirectAfterPost(reply, next ?? HOME)
  })

  app.post('/sign-out', async (request, reply) => {
    endSession(reply)
    return redirectAfterPost(reply, `${SIGN_IN}?notice=signed-out`)
  })
}

/** Sends every request of the scope it is called in to sign-in unless it has a session. */
export function requireSignIn(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.dashboardSession) return
    // An expired, altered or revoked session's cookie is of no further use.
    if (request.cookies[SESSION_COOKIE]) endSession(reply)
    // Only a page can be returned to: a form's content is not kept across sign-in.
    const next = request.method === 'GET' ? safeNextPath(request.url) : undefined
    return reply.redirect(next ? `${SIGN_IN}?next=${encodeURIComponent(next)}` : SIGN_IN, 303)
  })
}
