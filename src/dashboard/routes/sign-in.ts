/**
 * Signing in and out, and sending signed-out visitors to sign in. The only way in is a key of the organization
 * (an API key or an organization access token), checked by its hash as the API checks it. The key itself is
 * never stored, logged, written into a page or put in a redirect. `next` (where to go after signing in) is a
 * path as the server routes it, `/dashboard/…`, and becomes a public one only in the redirect.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { hashKey, kindOfKey } from '../../domain/keys.js'
import type { Budget } from '../../http/rate-limit.js'
import type { Store } from '../../store/store.js'
import { CSRF_FIELD } from '../csrf.js'
import { frameOf, redirectAfterPost, sendPage } from '../page.js'
import { DASHBOARD_MOUNT, pathsOf } from '../paths.js'
import { SESSION_COOKIE, SESSION_LIFETIME_MS, endSession, endSessions, newSession, saveSession } from '../session.js'
import { views } from '../views.js'

/** Paths as the server routes them (`next` is one); the browser gets them through DashboardPaths. */
const HOME = `${DASHBOARD_MOUNT}/customers`
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

/** Why the sign-in page is shown: a sign-out, or a session that ended by itself (see SessionEnd). */
const NOTICES = {
  'signed-out': 'You have signed out.',
  expired: `Your session ended after ${SESSION_LIFETIME_MS / 3_600_000} hours. Sign in again to go on.`,
  revoked:
    'You were signed out because the key this session signed in with has been revoked. Sign in with another key ' +
    'of the organization; npx clientele keys create makes one.',
} as const satisfies Record<string, string>
type Notice = keyof typeof NOTICES

const SignInQuerySchema = Type.Object({
  next: Type.Optional(Type.String()),
  notice: Type.Optional(Type.Enum(Object.keys(NOTICES) as Notice[])),
})

const SignInBodySchema = Type.Object({
  [CSRF_FIELD]: Type.String(),
  key: Type.String({ maxLength: 1000 }),
  next: Type.Optional(Type.String()),
})

/** What a refused key is told, by what was typed: nothing, something that is no key, or a key that does not work. */
const REFUSALS = {
  empty: 'Enter a key to sign in: an API key (test_… or live_…) or an organization access token (access_…).',
  malformed:
    'That is not a key: keys start with test_, live_ or access_, followed by 30 letters or digits. Check it and ' +
    'try again.',
  refused:
    'That key was not accepted: it is not a key of any organization here, or it has been revoked. Check it and try again.',
}

/** `addresses`: the API's budget of refused keys per client address, which refused sign-ins draw on too. */
export const signInRoutes: FastifyPluginAsyncTypebox<{ store: Store; addresses?: Budget | undefined }> = async (app, { store, addresses }) => {
  app.get('/sign-in', { schema: { querystring: SignInQuerySchema } }, async (request, reply) => {
    const next = safeNextPath(request.query.next)
    const paths = pathsOf(request)
    if (request.dashboardSession) return reply.redirect(paths.fromServerPath(next ?? HOME), 303)
    const { notice } = request.query
    const view = {
      sessionHours: SESSION_LIFETIME_MS / 3_600_000,
      ...(next && { next }),
      ...(notice && { notice: NOTICES[notice] }),
    }
    return sendPage(reply, views.signIn(frameOf(request, reply, 'Sign in'), view))
  })

  app.post('/sign-in', { schema: { body: SignInBodySchema } }, async (request, reply) => {
    const key = request.body.key.trim()
    // Each key tried is a database lookup: an address that has had too many refused goes without one for a while.
    const wait = addresses?.waitFor(request.ip)
    if (wait !== undefined) {
      addresses!.charge(request.ip, 1)
      reply.header('retry-after', String(wait))
      throw Object.assign(new Error(`Too many keys from this address were refused. Try again in ${wait} second${wait === 1 ? '' : 's'}.`), { statusCode: 429 })
    }
    const credential = kindOfKey(key) ? await store.credentials.findByHash(hashKey(key)) : undefined
    const next = safeNextPath(request.body.next)
    if (!credential) {
      addresses?.charge(request.ip, 1)
      const error = key === '' ? REFUSALS.empty : kindOfKey(key) ? REFUSALS.refused : REFUSALS.malformed
      const view = { sessionHours: SESSION_LIFETIME_MS / 3_600_000, error, ...(next && { next }) }
      return sendPage(reply, views.signIn(frameOf(request, reply, 'Sign in'), view), 401)
    }
    const organization = await store.organizations.get(credential.organizationId)
    saveSession(reply, newSession(credential, organization?.name ?? credential.organizationId))
    return redirectAfterPost(reply, pathsOf(request).fromServerPath(next ?? HOME))
  })

  app.post('/sign-out', async (request, reply) => {
    // Not only this browser's cookie: every session of the credential issued until now ends, so a copied cookie
    // stops working too.
    if (request.dashboardSession) await endSessions(store.settings, request.dashboardSession.credential.id)
    endSession(reply)
    return redirectAfterPost(reply, `${pathsOf(request).signIn}?notice=signed-out`)
  })
}

/**
 * Sends every request of the scope it is called in to sign-in unless it has a session, saying why when a
 * session just ended (expired, or its key revoked).
 */
export function requireSignIn(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.dashboardSession) return
    // An expired, altered or revoked session's cookie is of no further use.
    if (request.cookies[SESSION_COOKIE]) endSession(reply)
    // Only a page can be returned to: a form's content is not kept across sign-in.
    const next = request.method === 'GET' ? safeNextPath(request.url) : undefined
    const query = new URLSearchParams()
    if (next) query.set('next', next)
    if (request.dashboardSessionEnded) query.set('notice', request.dashboardSessionEnded)
    const text = query.toString()
    const signIn = pathsOf(request).signIn
    return reply.redirect(text ? `${signIn}?${text}` : signIn, 303)
  })
}
