/**
 * The test clock (issue 17): `GET /_clientele/clock` and `POST /_clientele/clock/advance`, every refusal with its
 * whole error body, isolation across organizations and modes, objects created after an advance stamped with the
 * clock's time, open payments expired by an advance, the injected chargeDue hook, and concurrent advances (on
 * PostgreSQL, two instances on one database), and the typed client's `clock`. The duration arithmetic is tested on
 * its own.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ApiError, createClient } from 'clientele/client'
import { addDuration, advanceTarget, parseDateTime, parseDuration } from '../src/domain/clock.js'
import { FieldError } from '../src/domain/validation.js'
import { openStore } from '../src/store/kysely-store.js'
import { PostgresStoreDialect } from '../src/store/postgres.js'
import type { ChargeDueRequest } from '../src/http/routes/test-helpers.js'
import { TEST_DATABASE_URL, freshPostgresSchema } from './helpers/databases.js'
import { assertErrorBody } from './helpers/mollie-error.js'
import { call, startTestServer, TEST_STORE, type TestServer } from './helpers/server.js'

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/
const DIRECT_DEBIT = { method: 'directdebit', consumerName: 'Jane Doe', consumerAccount: 'NL55INGB0000000000' }
const ONEOFF = {
  amount: { currency: 'EUR', value: '10.00' },
  description: 'Order #1',
  redirectUrl: 'https://webshop.example.org/order/1/',
}
const DAY_MS = 24 * 3600_000

async function clockOf(server: TestServer, key = server.keys.test): Promise<string> {
  const answer = await call(server, key, 'GET', '/_clientele/clock')
  assert.equal(answer.status, 200, answer.text)
  assert.match(answer.body.now, TIMESTAMP)
  assert.deepEqual(Object.keys(answer.body), ['now'])
  return answer.body.now
}

function advance(server: TestServer, body: object, key = server.keys.test, headers: Record<string, string> = {}) {
  return call(server, key, 'POST', '/_clientele/clock/advance', { json: body, headers })
}

/** A time `days` days after the clock's, at midnight UTC, formatted as the clock answers. */
function daysAhead(now: string, days: number): string {
  return `${new Date(Date.parse(now) + days * DAY_MS).toISOString().slice(0, 10)}T00:00:00+00:00`
}

describe('ISO 8601 durations and date-times', () => {
  test('durations: every part, whole numbers only, at least one part', () => {
    assert.deepEqual(parseDuration('P1Y2M3W4DT5H6M7S'), { years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7 })
    assert.deepEqual(parseDuration('P3M'), { years: 0, months: 3, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 })
    assert.deepEqual(parseDuration('PT90M')?.minutes, 90)
    for (const bad of ['P', 'PT', 'P1', '1M', 'P1.5D', '-P1D', 'P1DT', 'PT1D', 'P1M1Y', 'p1m', 'P 1M', '']) {
      assert.equal(parseDuration(bad), undefined, bad)
    }
  })

  test('months and years by the calendar, clamped to the month’s end; the rest in fixed units', () => {
    const at = (text: string) => new Date(text)
    const plus = (from: string, by: string) => addDuration(at(from), parseDuration(by)!).toISOString()
    assert.equal(plus('2027-01-31T10:00:00Z', 'P1M'), '2027-02-28T10:00:00.000Z')
    assert.equal(plus('2028-01-31T10:00:00Z', 'P1M'), '2028-02-29T10:00:00.000Z')
    assert.equal(plus('2027-03-31T00:00:00Z', 'P1M'), '2027-04-30T00:00:00.000Z')
    assert.equal(plus('2028-02-29T00:00:00Z', 'P1Y'), '2029-02-28T00:00:00.000Z')
    assert.equal(plus('2027-11-15T00:00:00Z', 'P3M'), '2028-02-15T00:00:00.000Z')
    assert.equal(plus('2027-01-01T00:00:00Z', 'P1Y13M'), '2029-02-01T00:00:00.000Z')
    assert.equal(plus('2027-02-28T23:00:00Z', 'P1W1DT2H30M15S'), '2027-03-09T01:30:15.000Z')
  })

  test('date-times need a time zone and a real calendar date', () => {
    assert.equal(parseDateTime('2027-03-01T00:00:00+00:00'), Date.parse('2027-03-01T00:00:00Z'))
    assert.equal(parseDateTime('2027-03-01T01:00:00+01:00'), Date.parse('2027-03-01T00:00:00Z'))
    assert.equal(parseDateTime('2027-03-01T00:00Z'), Date.parse('2027-03-01T00:00:00Z'))
    for (const bad of ['2027-03-01', '2027-03-01T00:00:00', '2027-02-30T00:00:00Z', '2027-03-01T24:00:00Z', 'tomorrow', '2027-3-1T00:00:00Z']) {
      assert.equal(parseDateTime(bad), undefined, bad)
    }
  })

  test('an advance is refused unless it moves forward', () => {
    const now = new Date('2027-01-31T12:00:00Z')
    assert.equal(advanceTarget(now, { by: 'P1M' }).toISOString(), '2027-02-28T12:00:00.000Z')
    assert.equal(advanceTarget(now, { to: '2027-02-01T00:00:00+00:00' }).toISOString(), '2027-02-01T00:00:00.000Z')
    for (const request of [{ by: 'PT0S' }, { by: 'P0D' }, { to: '2027-01-31T12:00:00+00:00' }, { to: '2026-01-01T00:00:00Z' }, { by: 'P9000Y' }]) {
      assert.throws(() => advanceTarget(now, request), FieldError, JSON.stringify(request))
    }
  })
})

describe('GET /_clientele/clock and POST /_clientele/clock/advance', () => {
  test('the clock starts at real time, moves to a time or by a duration, and keeps ticking', async (t) => {
    const server = await startTestServer(t)
    const before = Date.now()
    const start = await clockOf(server)
    assert.ok(Math.abs(Date.parse(start) - before) < DAY_MS, 'starts at real time')

    const target = daysAhead(start, 40)
    const moved = await advance(server, { to: target })
    assert.equal(moved.status, 200, moved.text)
    assert.deepEqual(moved.body, { now: target, paymentsCreated: 0, webhooksQueued: 0 })
    assert.match(moved.headers.get('content-type') ?? '', /^application\/hal\+json/)
    assert.ok(Date.parse(await clockOf(server)) >= Date.parse(target), 'runs on from the advanced time')

    const byMonths = await advance(server, { by: 'P3M' })
    assert.equal(byMonths.status, 200, byMonths.text)
    const expected = addDuration(new Date(target), parseDuration('P3M')!).getTime()
    assert.ok(Date.parse(byMonths.body.now) >= expected && Date.parse(byMonths.body.now) < expected + DAY_MS, byMonths.body.now)

    // Form-encoded, as Mollie's own curl examples send.
    const form = await call(server, server.keys.test, 'POST', '/_clientele/clock/advance', { form: 'by=P1D' })
    assert.equal(form.status, 200, form.text)
    // An access token acts in test mode with testmode=true.
    const accessNow = await call(server, server.keys.access, 'GET', '/_clientele/clock?testmode=true')
    assert.equal(accessNow.status, 200)
    assert.ok(Date.parse(accessNow.body.now) >= Date.parse(form.body.now))
    const accessMove = await advance(server, { by: 'PT1H', testmode: true }, server.keys.access)
    assert.equal(accessMove.status, 200, accessMove.text)
  })

  test('refusals: back, zero, both, neither, a bad duration or date-time, unknown fields; nothing moves', async (t) => {
    const server = await startTestServer(t)
    const target = daysAhead(await clockOf(server), 10)
    assert.equal((await advance(server, { to: target })).status, 200)
    const cases: Array<[object, string, string | RegExp]> = [
      [{ to: daysAhead(target, -2) }, 'to', /^The test clock is at \S+: 'to' must be later \(the clock only moves forward\)\.$/],
      [{ to: target }, 'to', /'to' must be later/],
      [{ by: 'PT0S' }, 'by', "The duration 'PT0S' does not move the test clock forward: send one longer than zero."],
      [{ by: 'P0Y0M' }, 'by', /does not move the test clock forward/],
      [{ to: target, by: 'P1D' }, 'by', "Send either 'to' or 'by' to advance the test clock, not both."],
      [{}, 'to', "Send 'to' (an ISO 8601 date-time) or 'by' (an ISO 8601 duration such as P3M) to advance the test clock."],
      [{ by: 'P1.5D' }, 'by', "The 'by' field must be an ISO 8601 duration of whole numbers, such as P3M, P1Y, P2W or P1DT12H."],
      [{ by: '3 months' }, 'by', /ISO 8601 duration/],
      [{ by: 'P9000Y' }, 'by', 'The test clock cannot go past 9999-12-31T23:59:59+00:00.'],
      [{ to: '2027-02-30T00:00:00+00:00' }, 'to', "The 'to' field must be an ISO 8601 date-time with a time zone, such as 2027-03-01T00:00:00+00:00."],
      [{ to: '2030-01-01' }, 'to', /ISO 8601 date-time/],
      [{ to: 20300101 }, 'to', /string/],
      [{ by: 'P1D', when: 'now' }, 'when', 'Non-existent body parameter "when" for this API call.'],
    ]
    for (const [body, field, detail] of cases) {
      const refused = await advance(server, body)
      assert.equal(refused.status, 422, `${JSON.stringify(body)}: ${refused.text}`)
      assertErrorBody(server.baseUrl, refused.body, refused.headers.get('content-type'), { status: 422, title: 'Unprocessable Entity', detail, field })
    }
    const unknownQuery = await call(server, server.keys.test, 'GET', '/_clientele/clock?at=now')
    assert.equal(unknownQuery.status, 422)
    assert.equal(unknownQuery.body.field, 'at')
    const now = await clockOf(server)
    assert.ok(Date.parse(now) >= Date.parse(target) && Date.parse(now) < Date.parse(target) + DAY_MS, 'nothing moved it')
  })

  test('live mode has no test clock: 403 in Mollie’s format, and live objects keep real time', async (t) => {
    const server = await startTestServer(t)
    const detail = 'The test clock is test-mode only: use a test API key, or an access token with testmode set to true.'
    for (const [method, key, body] of [
      ['GET', server.keys.live, undefined],
      ['POST', server.keys.live, { by: 'P1M' }],
      ['GET', server.keys.access, undefined],
      ['POST', server.keys.access, { by: 'P1M' }],
    ] as const) {
      const refused = await call(server, key, method, method === 'GET' ? '/_clientele/clock' : '/_clientele/clock/advance', body ? { json: body } : {})
      assert.equal(refused.status, 403, refused.text)
      assertErrorBody(server.baseUrl, refused.body, refused.headers.get('content-type'), { status: 403, title: 'Forbidden', detail })
    }
    const unauthenticated = await call(server, undefined, 'GET', '/_clientele/clock')
    assert.equal(unauthenticated.status, 401)

    assert.equal((await advance(server, { by: 'P1Y' })).status, 200)
    const before = Date.now()
    const live = await call(server, server.keys.live, 'POST', '/v2/customers', { json: { name: 'Live' } })
    assert.equal(live.status, 201)
    assert.ok(Math.abs(Date.parse(live.body.createdAt) - before) < DAY_MS, 'live mode runs on real time')
  })

  test('each organization has its own clock', async (t) => {
    const server = await startTestServer(t)
    const start = await clockOf(server, server.keys.otherTest)
    assert.equal((await advance(server, { by: 'P2Y' })).status, 200)
    const other = await clockOf(server, server.keys.otherTest)
    assert.ok(Date.parse(other) - Date.parse(start) < DAY_MS, 'the other organization’s clock did not move')
    const created = await call(server, server.keys.otherTest, 'POST', '/v2/customers', { json: {} })
    assert.ok(Date.parse(created.body.createdAt) - Date.parse(start) < DAY_MS)
  })

  test('a customer, a mandate, a payment and their events created after an advance carry the clock’s time', async (t) => {
    const server = await startTestServer(t)
    const target = daysAhead(await clockOf(server), 200)
    assert.equal((await advance(server, { to: target })).status, 200)
    const inClock = (timestamp: string) => {
      const ms = Date.parse(timestamp)
      assert.ok(ms >= Date.parse(target) && ms < Date.parse(target) + DAY_MS, `${timestamp} is on the clock (${target})`)
    }
    const customer = await call(server, server.keys.test, 'POST', '/v2/customers', { json: { name: 'Jane' } })
    inClock(customer.body.createdAt)
    // A signature date of the clock's day is not "in the future" in test mode (it is, in real time).
    const signatureDate = target.slice(0, 10)
    const mandate = await call(server, server.keys.test, 'POST', `/v2/customers/${customer.body.id}/mandates`, {
      json: { ...DIRECT_DEBIT, signatureDate },
    })
    assert.equal(mandate.status, 201, mandate.text)
    inClock(mandate.body.createdAt)
    assert.equal(mandate.body.signatureDate, signatureDate)
    const tooLate = await call(server, server.keys.test, 'POST', `/v2/customers/${customer.body.id}/mandates`, {
      json: { ...DIRECT_DEBIT, signatureDate: daysAhead(target, 3).slice(0, 10) },
    })
    assert.equal(tooLate.status, 422)
    assert.equal(tooLate.body.field, 'signatureDate')

    const payment = await call(server, server.keys.test, 'POST', '/v2/payments', { json: { ...ONEOFF, dueDate: daysAhead(target, 5).slice(0, 10), method: 'banktransfer' } })
    assert.equal(payment.status, 201, payment.text)
    inClock(payment.body.createdAt)
    assert.ok(Date.parse(payment.body.expiresAt) > Date.parse(target))
    const paid = await call(server, server.keys.test, 'POST', `/_clientele/payments/${payment.body.id}/status`, { json: { status: 'paid' } })
    assert.equal(paid.status, 200, paid.text)
    inClock(paid.body.paidAt)

    const recurring = await call(server, server.keys.test, 'POST', `/v2/customers/${customer.body.id}/payments`, {
      json: { amount: { currency: 'EUR', value: '5.00' }, description: 'Monthly', sequenceType: 'recurring' },
    })
    assert.equal(recurring.status, 201, recurring.text)
    inClock(recurring.body.createdAt)

    const events = await server.store.customers.events(await server.tenantOf(server.keys.test), customer.body.id)
    assert.ok(events && events.length >= 2)
    for (const event of events!) inClock(event.createdAt)
    const updated = await call(server, server.keys.test, 'PATCH', `/v2/customers/${customer.body.id}`, { json: { name: 'Jane Doe' } })
    assert.equal(updated.status, 200)
    const revoked = await call(server, server.keys.test, 'DELETE', `/v2/customers/${customer.body.id}/mandates/${mandate.body.id}`)
    assert.equal(revoked.status, 204)
    for (const event of (await server.store.customers.events(await server.tenantOf(server.keys.test), customer.body.id))!) inClock(event.createdAt)
  })

  test('an advance expires the open test-mode payments overdue by the new time, and only those', async (t) => {
    const server = await startTestServer(t)
    const open = await call(server, server.keys.test, 'POST', '/v2/payments', { json: ONEOFF })
    const later = await call(server, server.keys.test, 'POST', '/v2/payments', { json: { ...ONEOFF, method: 'banktransfer' } })
    const otherOrganization = await call(server, server.keys.otherTest, 'POST', '/v2/payments', { json: ONEOFF })
    const live = await call(server, server.keys.live, 'POST', '/v2/payments', { json: ONEOFF })
    for (const created of [open, later, otherOrganization, live]) assert.equal(created.status, 201, created.text)
    // 15 minutes for a payment without a method; 12 days for a bank transfer.
    const moved = await advance(server, { by: 'PT1H' })
    assert.deepEqual({ ...moved.body, now: undefined }, { now: undefined, paymentsCreated: 0, webhooksQueued: 0 })
    const status = async (id: string, key = server.keys.test) => (await call(server, key, 'GET', `/v2/payments/${id}`)).body
    const expired = await status(open.body.id)
    assert.equal(expired.status, 'expired')
    assert.ok(Date.parse(expired.expiredAt) >= Date.parse(moved.body.now), 'expired at the clock’s time')
    assert.equal((await status(later.body.id)).status, 'open')
    assert.equal((await status(otherOrganization.body.id, server.keys.otherTest)).status, 'open')
    assert.equal((await status(live.body.id, server.keys.live)).status, 'open')
    // Not overdue by the clock (12 days): it can still be paid.
    const late = await call(server, server.keys.test, 'POST', `/_clientele/payments/${later.body.id}/status`, { json: { status: 'paid' } })
    assert.equal(late.status, 200)
    const again = await call(server, server.keys.test, 'POST', '/v2/payments', { json: ONEOFF })
    assert.equal((await advance(server, { by: 'P1D' })).status, 200)
    assert.equal((await status(again.body.id)).status, 'expired')
  })

  test('the background sweeper expires test-mode payments by their organization’s clock', async (t) => {
    const server = await startTestServer(t)
    const open = await call(server, server.keys.test, 'POST', '/v2/payments', { json: ONEOFF })
    const live = await call(server, server.keys.live, 'POST', '/v2/payments', { json: ONEOFF })
    // Moved past the store (as another instance would), so that only the sweep can expire it.
    await server.store.clocks.advance((await server.tenantOf(server.keys.test)).organizationId, { by: 'P1D' })
    assert.equal(await server.store.payments.expireDue(), 1)
    assert.equal(await server.store.payments.expireDue(), 0)
    assert.equal((await call(server, server.keys.test, 'GET', `/v2/payments/${open.body.id}`)).body.status, 'expired')
    assert.equal((await call(server, server.keys.live, 'GET', `/v2/payments/${live.body.id}`)).body.status, 'open')
  })

  test('the injected chargeDue hook is called with the new time, and its counts are the answer’s', async (t) => {
    const calls: ChargeDueRequest[] = []
    const server = await startTestServer(t, {
      chargeDue: async (request) => {
        calls.push(request)
        return { paymentsCreated: 3, webhooksQueued: 2 }
      },
    })
    const target = daysAhead(await clockOf(server), 120)
    const moved = await advance(server, { to: target })
    assert.deepEqual(moved.body, { now: target, paymentsCreated: 3, webhooksQueued: 2 })
    const tenant = await server.tenantOf(server.keys.test)
    assert.deepEqual(calls, [{ organizationId: tenant.organizationId, mode: 'test', upTo: new Date(target) }])
    // Refusals call nothing.
    await advance(server, { by: 'PT0S' })
    await advance(server, { by: 'P1D' }, server.keys.live)
    assert.equal(calls.length, 1)
  })

  test('an Idempotency-Key replays the advance instead of making it twice', async (t) => {
    const server = await startTestServer(t)
    const headers = { 'idempotency-key': 'advance-once' }
    const first = await advance(server, { by: 'P1M' }, server.keys.test, headers)
    const second = await advance(server, { by: 'P1M' }, server.keys.test, headers)
    assert.equal(first.status, 200)
    assert.equal(second.status, 200)
    assert.equal(second.headers.get('idempotent-replayed'), 'true')
    assert.equal(second.body.now, first.body.now)
    const now = Date.parse(await clockOf(server))
    assert.ok(now < Date.parse(first.body.now) + DAY_MS, 'moved once')
  })

  test('concurrent advances end at the latest time, never back', async (t) => {
    const server = await startTestServer(t)
    const start = await clockOf(server)
    const targets = [30, 90, 60, 10, 75].map((days) => daysAhead(start, days))
    const answers = await Promise.all(targets.map((to) => advance(server, { to })))
    for (const answer of answers) assert.ok([200, 422].includes(answer.status), answer.text)
    const latest = daysAhead(start, 90)
    assert.ok(answers.some((answer) => answer.status === 200 && answer.body.now === latest))
    const now = Date.parse(await clockOf(server))
    assert.ok(now >= Date.parse(latest) && now < Date.parse(latest) + DAY_MS, `the clock is at the latest (${latest})`)
  })

  test(
    'two instances on one PostgreSQL advancing at once: the later time wins, and durations compound',
    { skip: TEST_STORE === 'postgres' && TEST_DATABASE_URL ? false : 'needs TEST_STORE=postgres and TEST_DATABASE_URL' },
    async (t) => {
      const url = await freshPostgresSchema(t)
      const first = await openStore(new PostgresStoreDialect({ connectionString: url, poolSize: 4 }))
      t.after(() => first.close())
      const second = await openStore(new PostgresStoreDialect({ connectionString: url, poolSize: 4 }))
      t.after(() => second.close())
      const { id: organizationId } = await first.organizations.ensure('acme')
      const tenant = { organizationId, mode: 'test' as const }
      const start = await first.clocks.now(tenant)
      const day = (days: number) => `${new Date(start.getTime() + days * DAY_MS).toISOString().slice(0, 10)}T00:00:00+00:00`
      for (let round = 1; round <= 5; round++) {
        const earlier = day(round * 10)
        const later = day(round * 10 + 5)
        const outcomes = await Promise.allSettled([first.clocks.advance(organizationId, { to: earlier }), second.clocks.advance(organizationId, { to: later })])
        for (const outcome of outcomes) {
          if (outcome.status === 'rejected') assert.ok(outcome.reason instanceof FieldError, String(outcome.reason))
        }
        assert.equal(outcomes[1]!.status, 'fulfilled', 'the later advance is never refused')
        for (const store of [first, second]) {
          const now = (await store.clocks.now(tenant)).getTime()
          assert.ok(now >= Date.parse(later) && now < Date.parse(later) + DAY_MS, `round ${round}: at ${later} on both instances`)
        }
      }
      const before = (await first.clocks.now(tenant)).getTime()
      await Promise.all([first.clocks.advance(organizationId, { by: 'P10D' }), second.clocks.advance(organizationId, { by: 'P10D' })])
      const after = (await second.clocks.now(tenant)).getTime()
      assert.ok(after - before >= 20 * DAY_MS && after - before < 21 * DAY_MS, 'both advances counted')
    },
  )
})

describe('the typed client’s clock', () => {
  test('clock.get() and clock.advance({ to } | { by }), test mode only, errors as ApiError', async (t) => {
    const server = await startTestServer(t)
    const requests: string[] = []
    const recording: typeof fetch = (input, init) => {
      requests.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}${new URL(String(input)).search} ${init?.body ?? ''}`)
      return fetch(input, init)
    }
    const client = createClient({ apiKey: server.keys.test, baseUrl: server.apiUrl, fetch: recording })
    const { now } = await client.clock.get()
    assert.match(now, TIMESTAMP)
    const target = daysAhead(now, 31)
    assert.deepEqual(await client.clock.advance({ to: target }), { now: target, paymentsCreated: 0, webhooksQueued: 0 })
    const byMonth = await client.clock.advance({ by: 'P1M' })
    assert.ok(Date.parse(byMonth.now) > Date.parse(target))
    assert.deepEqual(requests, [
      'GET /_clientele/clock ',
      `POST /_clientele/clock/advance {"to":"${target}"}`,
      'POST /_clientele/clock/advance {"by":"P1M"}',
    ])
    await assert.rejects(client.clock.advance({ to: target }), (error: unknown) => error instanceof ApiError && error.status === 422 && error.field === 'to')
    // @ts-expect-error exactly one of to and by
    await assert.rejects(client.clock.advance({ to: target, by: 'P1D' }), TypeError)

    const live = createClient({ apiKey: server.keys.live, baseUrl: server.apiUrl })
    await assert.rejects(live.clock.get(), (error: unknown) => error instanceof ApiError && error.status === 403)
    const access = createClient({ accessToken: server.keys.access, testmode: true, baseUrl: server.apiUrl })
    assert.ok(Date.parse((await access.clock.get()).now) >= Date.parse(byMonth.now))
    assert.equal((await access.clock.advance({ by: 'PT1H' })).paymentsCreated, 0)
  })
})

