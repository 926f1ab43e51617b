/**
 * Two instances on one PostgreSQL schema advance one organization's test clock at the same moment (issue 17, "the
 * same run on PostgreSQL with two instances advancing together charges each payment once"). Each instance is a whole
 * app (buildApp) with a store and a connection pool of its own, as two processes have; no scheduler runs, so every
 * payment is made by an advance and the answers' `paymentsCreated` account for all of them. Afterwards every
 * subscription has exactly the payments its schedule made up to the clock's last time: none doubled, none missing,
 * each on its due date (Amsterdam's day). Needs a real server (TEST_DATABASE_URL).
 */
import assert from 'node:assert/strict'
import { describe, test, type TestContext } from 'node:test'
import { buildApp } from '../src/app.js'
import { todayInAmsterdam } from '../src/domain/mandate-schemas.js'
import { addIntervals, parseInterval } from '../src/domain/subscription.js'
import { openStore } from '../src/store/kysely-store.js'
import { PostgresStoreDialect } from '../src/store/postgres.js'
import { TEST_DATABASE_URL, freshPostgresSchema } from './helpers/databases.js'
import { call, createTestKeys, type ApiResponse } from './helpers/server.js'

const CUSTOMERS = 40
const DAY_MS = 24 * 3600_000

interface Instance {
  baseUrl: string
}

async function twoInstances(t: TestContext): Promise<{ instances: Instance[]; key: string }> {
  const url = await freshPostgresSchema(t)
  const instances: Instance[] = []
  let key = ''
  for (let index = 0; index < 2; index++) {
    const store = await openStore(new PostgresStoreDialect({ connectionString: url, poolSize: 4 }))
    if (index === 0) key = (await createTestKeys(store)).test
    const app = await buildApp({ store, credentialCacheMs: 0, rateLimitPerSecond: 0 })
    t.after(async () => {
      await app.close()
      await store.close()
    })
    instances.push({ baseUrl: await app.listen({ port: 0, host: '127.0.0.1' }) })
  }
  return { instances, key }
}

function ok(answer: ApiResponse, status = 200): ApiResponse {
  assert.equal(answer.status, status, answer.text)
  return answer
}

/** The due dates of a schedule from `startDate` on or before `lastDay` (`YYYY-MM-DD`). */
function dueDates(startDate: string, interval: string, lastDay: string, times: number | null): string[] {
  const dates: string[] = []
  const limit = times ?? Infinity
  for (let period = 0; period < limit; period++) {
    const date = addIntervals(startDate, parseInterval(interval)!, period)
    if (date > lastDay) break
    dates.push(date)
  }
  return dates
}

describe('two instances advancing one test clock', { skip: TEST_DATABASE_URL ? false : 'TEST_DATABASE_URL is not set' }, () => {
  test(`${CUSTOMERS} subscriptions: every payment made once, on its date, counted once in the answers`, async (t) => {
    const { instances, key } = await twoInstances(t)
    const [first, second] = instances as [Instance, Instance]
    const start = Date.parse(ok(await call(first, key, 'GET', '/_clientele/clock')).body.now)
    const today = todayInAmsterdam(new Date(start))

    // Start dates from today to 40 days on (a month's end among them); intervals of months, weeks and days, each
    // under ten payments in the time advanced (no test-mode limit); some with `times`. Made through both instances.
    const plans: { customerId: string; id: string; startDate: string; interval: string; times: number | null }[] = []
    for (let index = 0; index < CUSTOMERS; index++) {
      const instance = instances[index % 2]!
      const customerId = ok(await call(instance, key, 'POST', '/v2/customers', { json: { name: `Customer ${index}` } }), 201).body.id
      ok(await call(instance, key, 'POST', `/v2/customers/${customerId}/mandates`, {
        json: { method: 'directdebit', consumerName: `Customer ${index}`, consumerAccount: 'NL55INGB0000000000' },
      }), 201)
      const startDate = index % 5 === 0 ? today : new Date(start + (index % 41) * DAY_MS).toISOString().slice(0, 10)
      const interval = index % 8 === 3 ? '4 weeks' : index % 8 === 5 ? '45 days' : '1 month'
      const times = index % 6 === 1 ? 2 : null
      const body = { amount: { currency: 'EUR', value: '9.95' }, interval, description: `Plan ${index}`, startDate, ...(times ? { times } : {}) }
      const subscription = ok(await call(instance, key, 'POST', `/v2/customers/${customerId}/subscriptions`, { json: body }), 201).body
      plans.push({ customerId, id: subscription.id, startDate, interval, times })
    }

    // Round 1: the same target on both at once. Round 2: one moves by two months while the other moves to a time
    // past that. Times at 10:00 UTC: far from midnight in Amsterdam, so the day charged up to is unambiguous.
    const at = (days: number) => `${new Date(start + days * DAY_MS).toISOString().slice(0, 10)}T10:00:00+00:00`
    const answers: ApiResponse[] = []
    answers.push(...(await Promise.all([
      call(first, key, 'POST', '/_clientele/clock/advance', { json: { to: at(20) } }),
      call(second, key, 'POST', '/_clientele/clock/advance', { json: { to: at(20) } }),
    ])))
    answers.push(...(await Promise.all([
      call(first, key, 'POST', '/_clientele/clock/advance', { json: { by: 'P2M' } }),
      call(second, key, 'POST', '/_clientele/clock/advance', { json: { to: at(20 + 92) } }),
    ])))
    // Of two advances to the same time the second may find the clock there already (422, nothing charged by it).
    for (const answer of answers) assert.ok(answer.status === 200 || (answer.status === 422 && answer.body.field === 'to'), answer.text)
    assert.ok(answers.slice(2).every((answer) => answer.status === 200), 'the second round moves both')
    const made = answers.filter((answer) => answer.status === 200)
    const lastNow = Math.max(...made.map((answer) => Date.parse(answer.body.now)))
    const lastDay = todayInAmsterdam(new Date(lastNow))

    let expectedTotal = 0
    for (const plan of plans) {
      const expected = dueDates(plan.startDate, plan.interval, lastDay, plan.times)
      expectedTotal += expected.length
      const path = `/v2/customers/${plan.customerId}/subscriptions/${plan.id}`
      const payments = ok(await call(second, key, 'GET', `${path}/payments?limit=250`)).body._embedded.payments as { createdAt: string; subscriptionId: string; sequenceType: string }[]
      const days = payments.map((payment) => todayInAmsterdam(new Date(payment.createdAt))).sort()
      assert.deepEqual(days, expected, `${plan.id} (${plan.interval} from ${plan.startDate}): one payment per due date up to ${lastDay}`)
      assert.ok(payments.every((payment) => payment.subscriptionId === plan.id && payment.sequenceType === 'recurring'))
      const subscription = ok(await call(first, key, 'GET', path)).body
      if (plan.times !== null && expected.length === plan.times) {
        assert.equal(subscription.status, 'completed', plan.id)
        assert.equal(subscription.timesRemaining, 0)
        assert.equal(subscription.nextPaymentDate, undefined)
      } else {
        assert.equal(subscription.status, 'active', plan.id)
        assert.equal(subscription.nextPaymentDate, addIntervals(plan.startDate, parseInterval(plan.interval)!, expected.length), plan.id)
        if (plan.times !== null) assert.equal(subscription.timesRemaining, plan.times - expected.length)
      }
    }
    const answered = made.reduce((sum, answer) => sum + answer.body.paymentsCreated, 0)
    const listed = ok(await call(first, key, 'GET', '/v2/payments?limit=250')).body
    assert.equal(listed.count, expectedTotal, 'no payment besides the scheduled ones')
    assert.equal(answered, expectedTotal, 'the answers count each payment once')
    assert.ok(expectedTotal > CUSTOMERS * 3, `${expectedTotal} payments`)
    console.log(`two instances: ${expectedTotal} payments of ${CUSTOMERS} subscriptions, answered as ${answers.map((answer) => answer.status === 200 ? answer.body.paymentsCreated : answer.status).join(' + ')}`)
  })
})
