/**
 * Clientele's test helpers under `/_clientele`, apart from Mollie's `/v2` (as LocalStack keeps `/_localstack/`):
 * what Mollie's test mode does by hand, as API calls. They take the API's keys and answer in its format.
 *
 * `POST /_clientele/payments/{paymentId}/status` sets a test-mode payment's outcome as the checkout page (or Mollie's
 * changePaymentState page) would, webhooks and first-payment mandates included. A live payment answers 404, as another
 * tenant's would: live outcomes are the checkout's.
 *
 * `GET /_clientele/clock` and `POST /_clientele/clock/advance` read and move the organization's test-mode clock
 * (issue 17, store/clock-store.ts): the time a test-mode tenant's writes are stamped with. An advance answers once the
 * charges due up to the new time are made (the injected `chargeDue`, the subscription scheduler's) and the test-mode
 * open payments overdue by it are expired. Live mode has no test clock: 403.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Store } from '../../store/store.js'
import { formatTimestamp } from '../../domain/customer.js'
import type { Mode } from '../../domain/schemas.js'
import { apiErrors } from '../errors.js'
import { ClockAdvanceBodySchema, ClockAdvanceResponseSchema, ClockQuerySchema, ClockResponseSchema } from '../clock-schemas.js'
import type { Presenter } from '../presenter.js'
import { markReplay } from '../idempotency.js'
import { PaymentParamsSchema, PaymentResponseSchema, PaymentStatusBodySchema } from '../payment-schemas.js'
import { HAL_JSON, NoQuerySchema } from '../schemas.js'
import { API_KEY_SECURITY, BODY_TYPES, errors } from './operation.js'

/** What an advance of the test clock asks the scheduler: make every charge of the tenant due up to `upTo`. */
export interface ChargeDueRequest {
  organizationId: string
  mode: Mode
  /** The clock's new time. */
  upTo: Date
}

/**
 * Makes the charges due (the subscription scheduler's): resolves once they are made, with how many payments it
 * created and how many webhook deliveries they queued.
 */
export type ChargeDue = (request: ChargeDueRequest) => Promise<{ paymentsCreated: number; webhooksQueued: number }>

export interface TestHelperRoutesOptions {
  store: Store
  present: Presenter
  /** Default: the subscription scheduler's own (SubscriptionStore.chargeDue); tests may watch it. */
  chargeDue?: ChargeDue
}

/** Payments expired per store call while an advance catches up. */
const EXPIRY_BATCH = 100

export const testHelperRoutes: FastifyPluginAsyncTypebox<TestHelperRoutesOptions> = async (app, { store, present, chargeDue = (request) => store.subscriptions.chargeDue(request) }) => {
  app.post(
    '/payments/:paymentId/status',
    {
      config: { testmodeIn: 'body' },
      schema: {
        operationId: 'change-payment-status',
        summary: 'Set a test payment’s outcome',
        description:
          'Clientele only. Does what choosing an outcome on the checkout page (or Mollie’s `changePaymentState` page) ' +
          'does: `paid`, `failed`, `canceled`, `expired`, `authorized` or `pending`, with the webhook and, for a paid ' +
          'first payment, the customer’s new mandate. Test mode only; a change Mollie’s status machine does not ' +
          'allow is 422.',
        tags: ['Clientele test helpers'],
        security: API_KEY_SECURITY,
        consumes: BODY_TYPES,
        produces: [HAL_JSON],
        params: PaymentParamsSchema,
        querystring: NoQuerySchema,
        body: PaymentStatusBodySchema,
        response: { 200: PaymentResponseSchema, ...errors(404) },
      },
    },
    async (request, reply) => {
      const { paymentId } = request.params
      if (request.tenant.mode !== 'test') throw apiErrors.paymentNotFound(paymentId)
      const { status, method } = request.body
      const written = await store.payments.changeStatus(request.tenant, paymentId, { status, method }, request.idempotency)
      if (!written) throw apiErrors.paymentNotFound(paymentId)
      markReplay(reply, written)
      return present.payment(written.value, 'change-payment-status')
    },
  )

  app.get(
    '/clock',
    {
      schema: {
        operationId: 'get-test-clock',
        summary: 'Read the test clock',
        description:
          'Clientele only. The organization’s test-mode clock: the time test-mode objects are created, paid, expired and ' +
          'charged at. Real time until advanced; after an advance it runs on from the advanced time. Test mode only (403 ' +
          'with a live key); live mode always runs on real time.',
        tags: ['Clientele test helpers'],
        security: API_KEY_SECURITY,
        produces: [HAL_JSON],
        querystring: ClockQuerySchema,
        response: { 200: ClockResponseSchema, ...errors(403) },
      },
    },
    async (request) => {
      if (request.tenant.mode !== 'test') throw apiErrors.testModeOnly()
      return { now: formatTimestamp(await store.clocks.now(request.tenant)) }
    },
  )

  app.post(
    '/clock/advance',
    {
      config: { testmodeIn: 'body' },
      schema: {
        operationId: 'advance-test-clock',
        summary: 'Advance the test clock',
        description:
          'Clientele only. Moves the organization’s test-mode clock forward, `to` a date-time or `by` an ISO 8601 duration ' +
          '(exactly one), and answers once every charge due up to the new time has been made (their payments and ' +
          'webhooks) and the open test-mode payments overdue by it have expired. The clock never goes back: a time not ' +
          'after the clock’s, or a zero duration, is 422. Concurrent advances keep the later time. Test mode only (403 ' +
          'with a live key). Repeated with the same Idempotency-Key, the advance is not made twice: the answer carries ' +
          'the same `now`, and the counts of what the repeat still found due.',
        tags: ['Clientele test helpers'],
        security: API_KEY_SECURITY,
        consumes: BODY_TYPES,
        produces: [HAL_JSON],
        querystring: NoQuerySchema,
        body: ClockAdvanceBodySchema,
        response: { 200: ClockAdvanceResponseSchema, ...errors(403) },
      },
    },
    async (request, reply) => {
      const { tenant } = request
      if (tenant.mode !== 'test') throw apiErrors.testModeOnly()
      const { to, by } = request.body
      if ((to === undefined) === (by === undefined)) throw apiErrors.clockAdvanceNeedsOne(to !== undefined)
      const written = await store.clocks.advance(tenant.organizationId, to !== undefined ? { to } : { by: by! }, request.idempotency)
      markReplay(reply, written)
      const { now } = written.value
      // Expired first, so that what the charges create is not swept with them: each batch re-reads the clock.
      while ((await store.payments.expireDue(EXPIRY_BATCH, tenant)) === EXPIRY_BATCH);
      const charged = await chargeDue({ organizationId: tenant.organizationId, mode: tenant.mode, upTo: new Date(now) })
      return { now, paymentsCreated: charged.paymentsCreated, webhooksQueued: charged.webhooksQueued }
    },
  )
}
