/**
 * Clientele's test clock (a Clientele test helper beside `/v2`, not Mollie's API): `clock.get()` reads the
 * organization's test-mode clock, `clock.advance({ to } | { by })` moves it forward and resolves once the charges due
 * up to the new time are made. Test mode only: with a live key (or an access token without `testmode: true`) both
 * are an ApiError of status 403. As the other namespaces: one call through the Transport each, the answer validated;
 * testmode in the query on GET, in the body otherwise.
 */
import type { RequestOptions, WriteOptions } from './customers-api.js'
import type { ClockAdvance, ClockAdvanceRequest, TestClock } from './schemas.js'
import type { Transport } from './transport.js'
import { responseChecks, validateResponse } from './validation.js'
import { queryString, testmodeBody } from './testmode.js'

export class ClockApi {
  readonly #transport: Transport
  readonly #testmode: boolean | undefined

  constructor(transport: Transport, testmode: boolean | undefined) {
    this.#transport = transport
    this.#testmode = testmode
  }

  /** The clock's time: `{ now: 'YYYY-MM-DDTHH:MM:SS+00:00' }`. */
  async get(options: RequestOptions = {}): Promise<TestClock> {
    const response = await this.#transport.send({
      method: 'GET',
      path: `/_clientele/clock${queryString([], this.#testmode)}`,
      fromRoot: true,
      signal: options.signal,
    })
    return validateResponse(responseChecks.clock, response)
  }

  /**
   * Moves the clock `to` an ISO 8601 date-time or `by` an ISO 8601 duration (`P3M`); resolves with its new time and
   * what the charges due up to it made. Never back: a time not after the clock's, or a zero duration, is an ApiError
   * of status 422. Like every write, it carries an Idempotency-Key that its retries share, so a retried advance is
   * made once.
   */
  async advance(request: ClockAdvanceRequest, options: WriteOptions = {}): Promise<ClockAdvance> {
    const { to, by } = request as { to?: unknown; by?: unknown }
    if ((to === undefined) === (by === undefined)) throw new TypeError("Pass either { to: '2027-03-01T00:00:00+00:00' } or { by: 'P3M' }.")
    const response = await this.#transport.send({
      method: 'POST',
      path: '/_clientele/clock/advance',
      fromRoot: true,
      body: { ...(to !== undefined ? { to } : { by }), ...testmodeBody(this.#testmode) },
      idempotencyKey: options.idempotencyKey ?? crypto.randomUUID(),
      signal: options.signal,
    })
    return validateResponse(responseChecks.clockAdvance, response)
  }
}
