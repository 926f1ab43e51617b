/**
 * The `/v2` plugin: Mollie's API. It owns everything that makes an answer Mollie's: its validator and serializer
 * compilers (TypeBox, with Mollie's error wording), its error handler, its body parsers, authentication and tenancy,
 * the rate limit, idempotency, and `application/hal+json` on every answer. Routes are registered here, one module per
 * resource (routes/*.ts). Composition (the server, other scopes) is src/app.ts's.
 *
 * Clientele's own test helpers (routes/test-helpers.ts) live in the same scope under `/_clientele`: the API's keys,
 * errors, limits and content type, apart from Mollie's paths.
 */
import type { FastifyPluginAsync } from 'fastify'
import type { PaymentPolicy, Store } from '../store/store.js'
import { CredentialCache, registerAuthentication } from './auth.js'
import { registerBodyParsers } from './content-types.js'
import { setMollieErrorHandler, type ErrorContext } from './errors.js'
import type { Presenter } from './presenter.js'
import type { Urls } from './urls.js'
import { registerIdempotency } from './idempotency.js'
import { chargeListed, type RequestLimits } from './rate-limit.js'
import { customerRoutes } from './routes/customers.js'
import { mandateRoutes } from './routes/mandates.js'
import { paymentRoutes } from './routes/payments.js'
import { subscriptionRoutes } from './routes/subscriptions.js'
import { testHelperRoutes, type ChargeDue } from './routes/test-helpers.js'
import { HAL_JSON } from './schemas.js'
import { serializerCompiler } from './serialization.js'
import { refuseBodyOnReads } from './unread-bodies.js'
import { refuseUnknownQueryFirst, validatorCompiler } from './validation.js'

export const API_PREFIX = '/v2'
export const HELPERS_PREFIX = '/_clientele'

export interface ApiOptions {
  store: Store
  urls: Urls
  /** Builds the wire objects the routes answer with. */
  present: Presenter
  errorContext: ErrorContext
  /** The largest request body accepted, in bytes (a body sent with a GET is read up to it too). */
  bodyLimit: number
  /** How long a credential lookup is remembered: a revoked key stops working within this time. */
  credentialCacheMs?: number
  /** The per-credential cost budget (shared with the dashboard) and the per-address limit on refused keys. */
  limits: RequestLimits
  /** What the deployment decides about payments (RECURRING_PAYMENT_STATUS, WEBHOOK_ALLOW_PRIVATE). */
  paymentPolicy: PaymentPolicy
  /** Makes the charges due when the test clock is advanced (the subscription scheduler's); default: none due. */
  chargeDue?: ChargeDue
}

/**
 * Mollie's API and Clientele's test helpers, in one scope so that a key has one rate-limit budget and one credential
 * cache: the routes under `/v2`, the helpers under `/_clientele`.
 */
export const api: FastifyPluginAsync<ApiOptions> = async (scope, options) => {
  const { store, urls, present } = options
  scope.setValidatorCompiler(validatorCompiler)
  scope.setSerializerCompiler(serializerCompiler)
  setMollieErrorHandler(scope, urls, options.errorContext)
  // Set up front so that every answer of this scope, errors included, is HAL: mollie-api-typescript accepts nothing
  // else.
  scope.addHook('onRequest', (_request, reply, done) => {
    reply.header('content-type', HAL_JSON)
    done()
  })
  await registerBodyParsers(scope)
  // Authentication charges the credential's budget (or, for a refused key, its address's) in the same onRequest
  // hook, before any body is read.
  registerAuthentication(scope, new CredentialCache(store.credentials, options.credentialCacheMs), options.limits)
  // A list page's items are charged once it is answered (its `count`): every list, payments' included.
  chargeListed(scope, options.limits.budget, (request) => request.credential?.id)
  refuseBodyOnReads(scope, options.bodyLimit)
  registerIdempotency(scope)
  refuseUnknownQueryFirst(scope)
  await scope.register(
    async (v2) => {
      await v2.register(customerRoutes, { store, urls, present })
      await v2.register(mandateRoutes, { store, urls, present })
      await v2.register(paymentRoutes, { store, urls, present, policy: options.paymentPolicy })
      await v2.register(subscriptionRoutes, { store, urls, present, policy: options.paymentPolicy })
    },
    { prefix: API_PREFIX },
  )
  await scope.register(testHelperRoutes, { prefix: HELPERS_PREFIX, store, present, chargeDue: options.chargeDue })
}
