/**
 * CSRF protection for every form of the dashboard, sign-in and sign-out included. The secret lives in a signed
 * cookie (@fastify/csrf-protection with @fastify/cookie) and each token is bound to the session it was made for
 * (its credential id, or a fixed value before sign-in), so a token lifted from one session is worthless in
 * another. SameSite=Strict cookies already keep other sites' forms out; the token also covers same-site attackers.
 */
import csrfProtection from '@fastify/csrf-protection'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { dashboardCookieOptions } from './session.js'

/** The form field every dashboard form carries its token in. */
export const CSRF_FIELD = '_csrf'
const CSRF_COOKIE = 'clientele_csrf'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Before sign-in there is no credential; @fastify/csrf needs a non-empty value to bind to all the same. */
const SIGNED_OUT = 'signed-out'

function sessionIdentity(request: FastifyRequest): string {
  return request.dashboardSession?.credential.id ?? SIGNED_OUT
}

/** Checks the token of every unsafe request in the scope it is called in. Register after the sessions and paths. */
export async function registerCsrf(app: FastifyInstance, hmacKey: string): Promise<void> {
  await app.register(csrfProtection, {
    cookieKey: CSRF_COOKIE,
    cookieOpts: dashboardCookieOptions(app.dashboardPaths.root),
    // Only a form field: the dashboard sends no other kind of request.
    getToken: (request) => {
      const token = (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD]
      return typeof token === 'string' ? token : undefined
    },
    getUserInfo: sessionIdentity,
    csrfOpts: { hmacKey, userInfo: true },
  })
  // preValidation: the token is in the body, which is parsed by then, and it is checked before anything else is.
  app.addHook('preValidation', (request, reply, done) => {
    if (SAFE_METHODS.has(request.method)) return done()
    app.csrfProtection(request, reply, done)
  })
}

/** A token for the forms of the page being rendered. */
export function csrfToken(request: FastifyRequest, reply: FastifyReply): string {
  return reply.generateCsrf({ userInfo: sessionIdentity(request) })
}
