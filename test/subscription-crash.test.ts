/**
 * kill -9 during a large advance of the test clock (issue 17: "no lost or doubled charge"). A few thousand
 * subscriptions are made through a store of this test process on a SQLite file; a server process (`node
 * dist/main.js`) on the same file is asked to advance the clock three months and is killed with SIGKILL while it
 * charges (once the first payments are in the database, read over another connection). A server started again on
 * the file is advanced a minute more, which (with that server's scheduler, which sweeps advanced clocks too) charges
 * what the first left due, answering once nothing is. Then each subscription has exactly one payment per due date up
 * to the clock's time, and its nextPaymentDate, timesRemaining and status agree with them. SUBSCRIPTION_CRASH_COUNT
 * sets how many subscriptions (default 3,000).
 */
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { join } from 'node:path'
import { test } from 'node:test'
import Database from 'better-sqlite3'
import { DEFAULT_ORGANIZATION } from '../src/bootstrap.js'
import { todayInAmsterdam } from '../src/domain/mandate-schemas.js'
import { addIntervals, parseInterval } from '../src/domain/subscription.js'
import type { SubscriptionFields } from '../src/domain/subscription-schemas.js'
import { openStoreFromUrl } from '../src/store/open.js'
import type { Tenant } from '../src/store/store.js'
import { spawnServer } from './helpers/process.js'
import { call, temporaryDirectory } from './helpers/server.js'

const KEY = `test_${'subscriptioncrash'.padEnd(30, '0')}`
const COUNT = Number(process.env.SUBSCRIPTION_CRASH_COUNT ?? 3000)
const DAY_MS = 24 * 3600_000

interface Plan {
  id: string
  startDate: string
  times: number | null
}

test(`kill -9 while an advance charges ${COUNT.toLocaleString('en')} subscriptions: after a restart, no charge lost or doubled`, async (t) => {
  const file = join(temporaryDirectory(t), 'subscriptions.sqlite')
  const databaseUrl = `sqlite:${file}`
  const store = await openStoreFromUrl(databaseUrl)
  t.after(() => store.close())
  const organization = await store.organizations.ensure(DEFAULT_ORGANIZATION)
  const tenant: Tenant = { organizationId: organization.id, mode: 'test' }
  const start = Date.now()

  // Made concurrently, so that SQLite's group commit takes many at once. Start dates over the next four weeks from
  // tomorrow (the server's own scheduler finds nothing due at real time: every payment is the advance's); every
  // fourth subscription has `times: 2`, so that some complete during the advance.
  const plans: Plan[] = []
  const CONCURRENCY = 50
  for (let first = 0; first < COUNT; first += CONCURRENCY) {
    const made = await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, COUNT - first) }, async (_, offset) => {
        const index = first + offset
        const customerId = (await store.customers.create(tenant, { name: `Customer ${index}` })).value.id
        await store.mandates.create(tenant, customerId, { method: 'directdebit', consumerName: `Customer ${index}`, consumerAccount: 'NL55INGB0000000000' })
        const startDate = todayInAmsterdam(new Date(start + (1 + (index % 28)) * DAY_MS))
        const times = index % 4 === 1 ? 2 : null
        const fields: SubscriptionFields = {
          amount: { currency: 'EUR', value: '12.50' },
          interval: '1 month',
          description: `Plan ${index}`,
          startDate,
          ...(times ? { times } : {}),
        }
        const subscription = (await store.subscriptions.create(tenant, customerId, fields, { allowPrivateWebhooks: false }))!.value
        return { id: subscription.id, startDate, times }
      }),
    )
    plans.push(...made)
  }

  const reader = new Database(file, { readonly: true })
  t.after(() => reader.close())
  const paymentCount = () => (reader.prepare('select count(*) as count from payments').get() as { count: number }).count

  const env = { DATABASE_URL: databaseUrl, CLIENTELE_TEST_KEY: KEY, RATE_LIMIT_PER_SECOND: '0' }
  const first = await spawnServer(t, env)
  const advancing = call(first, KEY, 'POST', '/_clientele/clock/advance', { json: { by: 'P3M' } }).then(
    (answer) => ({ answer }),
    (error: Error) => ({ error }),
  )
  // Killed once charging is under way: the first payments are committed.
  const before = paymentCount()
  const deadline = Date.now() + 60_000
  while (paymentCount() < before + 200 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5))
  const exited = once(first.child, 'exit')
  first.child.kill('SIGKILL')
  const [, signal] = await exited
  assert.equal(signal, 'SIGKILL')
  const atKill = paymentCount()
  const outcome = await advancing
  assert.ok('error' in outcome, `the advance was cut off by the kill (it answered ${'answer' in outcome ? outcome.answer.text : ''})`)

  const second = await spawnServer(t, env)
  const rest = await call(second, KEY, 'POST', '/_clientele/clock/advance', { json: { by: 'PT1M' } })
  assert.equal(rest.status, 200, rest.text)
  const lastDay = todayInAmsterdam(new Date(rest.body.now))
  assert.ok(lastDay >= todayInAmsterdam(new Date(start + 89 * DAY_MS)), `the clock moved three months before the kill (${rest.body.now})`)

  // Every payment, by subscription, with its Amsterdam day.
  const days = new Map<string, string[]>()
  for (const row of reader.prepare('select subscription_id, created_at, sequence_type from payments').all() as { subscription_id: string | null; created_at: string; sequence_type: string }[]) {
    assert.ok(row.subscription_id !== null && row.sequence_type === 'recurring', 'only scheduled payments')
    days.set(row.subscription_id, [...(days.get(row.subscription_id) ?? []), todayInAmsterdam(new Date(row.created_at))])
  }
  const month = parseInterval('1 month')!
  let expectedTotal = 0
  for (const plan of plans) {
    const expected: string[] = []
    for (let period = 0; period < (plan.times ?? Infinity); period++) {
      const date = addIntervals(plan.startDate, month, period)
      if (date > lastDay) break
      expected.push(date)
    }
    expectedTotal += expected.length
    assert.deepEqual((days.get(plan.id) ?? []).sort(), expected, `${plan.id} from ${plan.startDate}: one payment per due date up to ${lastDay}`)
    const subscription = (await store.subscriptions.get(tenant, subscriptionCustomer(reader, plan.id), plan.id))!
    assert.equal(subscription.paymentsCreated, expected.length, plan.id)
    if (plan.times !== null && expected.length === plan.times) {
      assert.deepEqual([subscription.status, subscription.timesRemaining, subscription.nextPaymentDate], ['completed', 0, null], plan.id)
    } else {
      assert.equal(subscription.status, 'active', plan.id)
      assert.equal(subscription.nextPaymentDate, addIntervals(plan.startDate, month, expected.length), plan.id)
      assert.equal(subscription.timesRemaining, plan.times === null ? null : plan.times - expected.length, plan.id)
    }
  }
  const total = paymentCount()
  assert.equal(total, expectedTotal)
  assert.ok(atKill < total, 'the kill came before every payment was made')
  console.log(
    `subscription crash: ${COUNT.toLocaleString('en')} subscriptions, killed with ${atKill.toLocaleString('en')} of ${total.toLocaleString('en')} payments made, ` +
      `the rest after the restart (${rest.body.paymentsCreated.toLocaleString('en')} by its advance, the others by its scheduler's sweep), 0 lost, 0 doubled`,
  )
})

function subscriptionCustomer(reader: Database.Database, id: string): string {
  return (reader.prepare('select customer_id from subscriptions where id = ?').get(id) as { customer_id: string }).customer_id
}
