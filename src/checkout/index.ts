/**
 * The test checkout under `/checkout` (the page `_links.checkout` and, for test-mode recurring payments,
 * `_links.changePaymentState` open), like Mollie's test-mode payment screen: the tester picks the method (when the
 * payment leaves a choice) and the outcome, and the browser goes on to the payment's `redirectUrl` (`cancelUrl` for
 * `canceled`, when there is one).
 *
 *   GET  /checkout/:paymentId   the page (HTML, no JavaScript); a final payment's page shows its status and a way back
 *   POST /checkout/:paymentId   form-encoded `token`, `status`, `method` → store.payments.changeStatus → 303
 *
 * It is public, as Mollie's is: the payment id is the key (store.payments.locate finds the tenant), there is no
 * session and no cookie. The form carries an HMAC of the payment id (token.ts), so a page from elsewhere cannot post an
 * outcome. Live payments have a checkout too (nothing moves money here). Answers are HTML pages, errors included
 * (never the API's JSON), with the dashboard's security headers; the page's Content-Security-Policy also names where
 * the form may lead (the redirect and cancel URLs' origins), since browsers hold a form's redirect to `form-action`.
 *
 * Errors: an unknown, malformed or overlong id → 404 page; a token that is not the payment's → 403 page; a body the
 * schema refuses → 400 page; a change the status machine refuses (PaymentStatusError: the payment expired meanwhile,
 * `authorized` for a method that cannot authorize …) → the page again with the message, 422; a database that cannot
 * serve → 503 page.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import formbody from '@fastify/formbody'
import helmet from '@fastify/helmet'
import type { FastifyError, FastifyReply } from 'fastify'
import { STATUS_CODES } from 'node:http'
import Type from 'typebox'
import { pageValidatorCompiler } from '../dashboard/validation.js'
import {
  CHECKOUT_OUTCOMES,
  SEQUENCE_TYPE_TEXT,
  checkoutChoices,
  formatAmount,
  methodLabel,
  offeredMethods,
  outcomeText,
  returnUrlOf,
} from '../domain/checkout.js'
import { isPaymentId } from '../domain/ids.js'
import { PaymentStatusError } from '../domain/payment.js'
import { PaymentMethodSchema, type Payment, type PaymentMethod } from '../domain/payment-schemas.js'
import type { Urls } from '../http/urls.js'
import { htmlSecurityHeaders } from '../http/html-security.js'
import type { Store } from '../store/store.js'
import { loadCheckoutTokens } from './token.js'
import { STYLESHEET, checkoutViews, type CheckoutMessageView, type CheckoutPageView } from './views.js'

export interface CheckoutOptions {
  store: Store
  urls: Urls
}

const TEXT_HTML_UTF8 = 'text/html; charset=utf-8'

/** The form (closed: a field the page does not send is refused). `status` is the button pressed. */
export const CheckoutFormSchema = Type.Object(
  {
    token: Type.String({ maxLength: 100 }),
    status: Type.Enum(CHECKOUT_OUTCOMES),
    method: Type.Optional(PaymentMethodSchema),
  },
  { additionalProperties: false },
)

const ParamsSchema = Type.Object({ paymentId: Type.String() })

const MODE_NOTICES = {
  test: 'Test mode: you choose what happens to this payment.',
  live: 'Live mode: Clientele is a local registry; no money moves.',
} as const

/** Schemes a browser must never be sent to from here (they run or embed content rather than open a page or an app). */
const UNSAFE_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'blob:', 'file:', 'filesystem:'])

/** `url` when a browser may be sent there (http(s) or an app's own scheme), else null. */
function safeTarget(url: string | null): string | null {
  if (url === null) return null
  try {
    return UNSAFE_SCHEMES.has(new URL(url).protocol) ? null : url
  } catch {
    return null
  }
}

/** The CSP source that allows a form to lead to `url`: its origin, or its scheme for an app's URL. */
function sourceOf(url: string): string | undefined {
  const parsed = new URL(url)
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.origin
  return /^[a-z][a-z0-9+.-]*:$/.test(parsed.protocol) ? parsed.protocol : undefined
}

/** The page's policy: the dashboard's, with the places the form's 303 may lead added to `form-action`. */
function pageSecurityPolicy(payment: Payment): string {
  const targets = new Set<string>()
  for (const url of [safeTarget(payment.redirectUrl), safeTarget(payment.cancelUrl)]) {
    const source = url && sourceOf(url)
    if (source) targets.add(source)
  }
  return [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self'",
    `form-action ${["'self'", ...targets].join(' ')}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ')
}

export const checkout: FastifyPluginAsyncTypebox<CheckoutOptions> = async (app, { store, urls }) => {
  const tokens = await loadCheckoutTokens(store.settings)
  /** The public path of a payment's checkout, from the same builder as the API's `_links.checkout`. */
  const pagePath = (id: string) => new URL(urls.checkoutUrl(id)).pathname
  const root = `${urls.basePath}/checkout`
  const frameOf = (title: string) => ({ title, stylesheet: `${root}/assets/${STYLESHEET.name}` })

  app.setValidatorCompiler(pageValidatorCompiler)
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true }
  })
  // HTML forms only.
  app.removeAllContentTypeParsers()
  await app.register(formbody)
  await app.register(helmet, htmlSecurityHeaders("'self'"))
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('cache-control', 'no-store')
  })

  function sendMessage(reply: FastifyReply, view: CheckoutMessageView): FastifyReply {
    return reply.code(view.statusCode).type(TEXT_HTML_UTF8).send(checkoutViews.message(frameOf(view.heading), view))
  }
  const sendNotFound = (reply: FastifyReply) =>
    sendMessage(reply, { statusCode: 404, heading: 'Payment not found', message: 'There is no payment at this address.' })

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (store.isUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable')
      reply.header('retry-after', '1')
      return sendMessage(reply, {
        statusCode: 503,
        heading: 'The database is not reachable',
        message: 'The checkout cannot be shown right now. Please try again in a moment.',
      })
    }
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500
    if (status >= 500) {
      request.log.error({ err: error }, 'checkout request failed')
      return sendMessage(reply, { statusCode: 500, heading: 'Something went wrong', message: 'The error has been logged; please try again.' })
    }
    // Fastify's and the validator's client errors say what was wrong and carry no internals.
    return sendMessage(reply, { statusCode: status, heading: STATUS_CODES[status] ?? 'Error', message: error.message })
  })
  app.setNotFoundHandler((_request, reply) =>
    sendMessage(reply, { statusCode: 404, heading: 'Page not found', message: 'There is no checkout page at this address.' }),
  )

  app.get('/assets/:name', { schema: { params: Type.Object({ name: Type.String() }) } }, async (request, reply) => {
    if (request.params.name !== STYLESHEET.name) return reply.callNotFound()
    return reply.header('cache-control', 'public, max-age=31536000, immutable').type('text/css; charset=utf-8').send(STYLESHEET.body)
  })

  /** `now`: the payment's tenant's time (its test clock, in test mode), which decides whether it is overdue. */
  function sendCheckout(reply: FastifyReply, payment: Payment, now: Date, options: { error?: string; method?: PaymentMethod } = {}): FastifyReply {
    const choices = checkoutChoices(payment, now)
    const view: CheckoutPageView = {
      payment: {
        id: payment.id,
        mode: payment.mode,
        amountText: formatAmount(payment.amount),
        description: payment.description,
        sequenceText: SEQUENCE_TYPE_TEXT[payment.sequenceType],
        status: payment.status,
        method: payment.method && methodLabel(payment.method),
      },
      modeNotice: MODE_NOTICES[payment.mode],
      action: pagePath(payment.id),
      token: tokens.of(payment.id),
      methods: choices.methods.map((method) => ({
        value: method,
        label: methodLabel(method),
        checked: method === options.method || choices.methods.length === 1,
      })),
      outcomes: choices.outcomes.map((status) => ({ status, ...outcomeText(status, choices) })),
      overdue: choices.overdue,
      leaveOpenUrl: choices.outcomes.length > 0 ? safeTarget(payment.redirectUrl) : null,
      returnUrl: safeTarget(payment.redirectUrl),
      ...(options.error !== undefined && { error: options.error }),
    }
    return reply
      .code(options.error === undefined ? 200 : 422)
      .header('content-security-policy', pageSecurityPolicy(payment))
      .type(TEXT_HTML_UTF8)
      .send(checkoutViews.page(frameOf(`${view.payment.amountText} · ${payment.id}`), view))
  }

  app.get('/:paymentId', { schema: { params: ParamsSchema } }, async (request, reply) => {
    const { paymentId } = request.params
    const located = isPaymentId(paymentId) ? await store.payments.locate(paymentId) : undefined
    if (!located) return sendNotFound(reply)
    return sendCheckout(reply, located.payment, await store.clocks.now(located.tenant))
  })

  app.post('/:paymentId', { schema: { params: ParamsSchema, body: CheckoutFormSchema } }, async (request, reply) => {
    const { paymentId } = request.params
    const located = isPaymentId(paymentId) ? await store.payments.locate(paymentId) : undefined
    if (!located) return sendNotFound(reply)
    if (!tokens.verify(paymentId, request.body.token)) {
      return sendMessage(reply, {
        statusCode: 403,
        heading: 'This form could not be verified',
        message: 'Nothing was changed: the form did not come from this payment’s checkout page. Open the checkout again and choose there.',
      })
    }
    const { payment, tenant } = located
    const { status, method } = request.body
    if (payment.method === null) {
      // Canceling or letting it expire needs no method (the buttons skip the browser's `required` check).
      if (method === undefined && status !== 'canceled' && status !== 'expired') {
        return sendCheckout(reply, payment, await store.clocks.now(tenant), { error: 'Choose a method first.' })
      }
      if (method !== undefined && !offeredMethods(payment).includes(method)) {
        return sendCheckout(reply, payment, await store.clocks.now(tenant), { error: `This payment does not offer ${method}.` })
      }
    }
    let changed: Payment | undefined
    try {
      changed = (await store.payments.changeStatus(tenant, paymentId, { status, ...(payment.method === null && method && { method }) }))?.value
    } catch (error) {
      if (!(error instanceof PaymentStatusError)) throw error
      const current = (await store.payments.locate(paymentId))?.payment ?? payment
      return sendCheckout(reply, current, await store.clocks.now(tenant), { error: error.detail, ...(method && { method }) })
    }
    if (!changed) return sendNotFound(reply)
    return reply.redirect(safeTarget(returnUrlOf(changed, status)) ?? pagePath(paymentId), 303)
  })
}
