/**
 * The dashboard: server-rendered pages under /dashboard (under PUBLIC_URL's path for the browser: every path it
 * emits comes from DashboardPaths), in a scope of their own. Its sign-in is a session
 * cookie, not the API's bearer key; its answers are HTML, errors included; every form is CSRF-checked; and a
 * strict Content-Security-Policy allows nothing but this server's own stylesheet and icon (there is no
 * JavaScript at all). None of its routes appear in the API's OpenAPI document.
 */
import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import helmet from '@fastify/helmet'
import { htmlSecurityHeaders } from '../http/html-security.js'
import type { FastifyPluginAsync } from 'fastify'
import type { Presenter } from '../http/presenter.js'
import { chargeListed, type RequestLimits } from '../http/rate-limit.js'
import type { Urls } from '../http/urls.js'
import type { Store } from '../store/store.js'
import { assetRoutes } from './assets.js'
import { registerCsrf } from './csrf.js'
import { registerPageErrors } from './errors.js'
import { pageValidatorCompiler } from './validation.js'
import { customerListRoutes } from './routes/customer-list.js'
import { customerRoutes } from './routes/customer.js'
import { createDashboardPaths } from './paths.js'
import { customerMandateRoutes } from './routes/customer-mandates.js'
import { customerSubscriptionRoutes } from './routes/customer-subscriptions.js'
import { modeRoutes } from './routes/mode.js'
import { deliveriesFromStore, type DeliveriesOf } from './payment-view.js'
import { paymentRoutes } from './routes/payments.js'
import { requireSignIn, signInRoutes } from './routes/sign-in.js'
import { loadDashboardKeys } from './secrets.js'
import { registerSessions } from './session.js'

export type { DeliveriesOf, DeliveryView } from './payment-view.js'

export interface DashboardOptions {
  store: Store
  urls: Urls
  /** The API's presenter: a payment's page shows the links its API object carries. */
  present: Presenter
  /**
   * The webhook deliveries a payment's page lists, with their attempts (the webhook store's; see payment-view.ts
   * for the shape). Default: none, `async () => []`.
   */
  deliveriesOf?: DeliveriesOf
  /**
   * The API's budgets: a signed-in session's pages and forms are charged to its credential's budget, and a refused
   * sign-in key to its address's. Default: none.
   */
  limits?: RequestLimits
}

export const dashboard: FastifyPluginAsync<DashboardOptions> = async (
  app,
  { store, urls, present, deliveriesOf = deliveriesFromStore(store), limits = { budget: undefined, addresses: undefined } },
) => {
  const keys = await loadDashboardKeys(store.settings)
  app.decorate('dashboardPaths', createDashboardPaths(urls))
  app.setValidatorCompiler(pageValidatorCompiler)
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true }
  })
  // HTML forms only: a JSON body here would be a request no page of the dashboard makes.
  app.removeAllContentTypeParsers()
  await app.register(formbody)
  await app.register(cookie, { secret: keys.cookieSecret })
  await app.register(helmet, htmlSecurityHeaders("'self'"))
  registerSessions(app, store, limits.budget)
  chargeListed(app, limits.budget, (request) => request.dashboardSession?.credential.id)
  await registerCsrf(app, keys.csrfHmacKey)
  registerPageErrors(app, (error) => store.isUnavailable(error))
  app.addHook('onRequest', async (_request, reply) => {
    // Pages show customer data: no copy of them may outlive the session in a cache.
    reply.header('cache-control', 'no-store')
  })

  await app.register(assetRoutes)
  await app.register(signInRoutes, { store, addresses: limits.addresses })
  await app.register(async (signedIn) => {
    requireSignIn(signedIn)
    await signedIn.register(customerListRoutes, { store, urls })
    await signedIn.register(customerRoutes, { store, urls })
    await signedIn.register(customerMandateRoutes, { store, urls })
    await signedIn.register(customerSubscriptionRoutes, { store, urls })
    await signedIn.register(paymentRoutes, { store, urls, present, deliveriesOf })
    await signedIn.register(modeRoutes)
  })
}
