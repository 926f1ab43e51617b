/** Sending a rendered page: the frame every page shares, the HTML content type and the status. */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { assetNames } from './assets.js'
import { csrfToken } from './csrf.js'
import { pathsOf } from './paths.js'
import { sessionView } from './presenters.js'
import type { Frame } from './views.js'

export const TEXT_HTML_UTF8 = 'text/html; charset=utf-8'

/** Call once per request: the first call may set the CSRF secret cookie. */
export function frameOf(
  request: FastifyRequest,
  reply: FastifyReply,
  title: string,
  section?: Frame['section'],
): Frame {
  const session = request.dashboardSession
  const paths = pathsOf(request)
  return {
    title,
    csrfToken: csrfToken(request, reply),
    session: session ? sessionView(session) : null,
    assets: { stylesheet: paths.asset(assetNames.stylesheet), icon: paths.asset(assetNames.icon) },
    paths,
    ...(section && { section }),
  }
}

export function sendPage(reply: FastifyReply, html: string, statusCode = 200): FastifyReply {
  return reply.code(statusCode).type(TEXT_HTML_UTF8).send(html)
}

/** 303: after a form, the browser follows with a GET, so a reload never submits twice. `path`: a public path. */
export function redirectAfterPost(reply: FastifyReply, path: string): FastifyReply {
  return reply.redirect(path, 303)
}
