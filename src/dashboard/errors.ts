/**
 * The dashboard's own error path: the API's root handlers answer JSON, so this scope sets handlers that answer
 * with an HTML page in the dashboard's frame. 5xx are logged and answered with a fixed text, as in the API.
 */
import { STATUS_CODES } from 'node:http'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { frameOf, sendPage } from './page.js'
import { pathsOf } from './paths.js'
import { views, type MessageView } from './views.js'


/** What a person is told for the errors they can cause, by Fastify or plugin error code. */
const KNOWN_ERRORS: Record<string, Pick<MessageView, 'heading' | 'message'>> = {
  FST_CSRF_MISSING_SECRET: {
    heading: 'This form has expired',
    message: 'The form could not be verified, so nothing was changed. Reload the page and try again.',
  },
  FST_CSRF_INVALID_TOKEN: {
    heading: 'This form has expired',
    message:
      'The form could not be verified (it may come from an earlier session or another site), so nothing was ' +
      'changed. Reload the page and try again.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    heading: 'Unsupported request',
    message: 'The dashboard accepts its own HTML forms only.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    heading: 'Too much data',
    message: 'The form sent more data than the dashboard accepts.',
  },
}

/** Sends a page that only says something, with a way back (to the customers, or to sign-in when signed out). */
export function sendMessage(
  request: FastifyRequest,
  reply: FastifyReply,
  view: Omit<MessageView, 'back'> & { back?: MessageView['back'] },
): FastifyReply {
  const paths = pathsOf(request)
  const back = request.dashboardSession
    ? { href: paths.customers, label: 'Back to customers' }
    : { href: paths.signIn, label: 'Sign in' }
  const page = { ...view, back: view.back ?? back }
  return sendPage(reply, views.message(frameOf(request, reply, page.heading), page), page.statusCode)
}

/** `isUnavailable` tells a database that cannot serve right now (down, or no pooled connection in time): 503. */
export function registerPageErrors(app: FastifyInstance, isUnavailable: (error: unknown) => boolean): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable')
      reply.header('retry-after', '1')
      return sendMessage(request, reply, {
        statusCode: 503,
        heading: 'The database is not reachable',
        message: 'The page could not be shown because the database cannot be reached right now. Please try again in a moment.',
      })
    }
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500
    if (status >= 500) {
      request.log.error({ err: error }, 'dashboard request failed')
      return sendMessage(request, reply, {
        statusCode: 500,
        heading: 'Something went wrong',
        message: 'The page could not be shown. The error has been logged; please try again.',
      })
    }
    const known = KNOWN_ERRORS[error.code]
    return sendMessage(request, reply, {
      statusCode: status,
      heading: known?.heading ?? STATUS_CODES[status] ?? 'Error',
      // Client errors from Fastify and the API's validation say what was wrong and never carry internals.
      message: known?.message ?? error.message,
    })
  })
  app.setNotFoundHandler((request, reply) =>
    sendMessage(request, reply, {
      statusCode: 404,
      heading: 'Page not found',
      message: 'There is no dashboard page at this address.',
    }),
  )
}
