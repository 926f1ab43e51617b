/**
 * The subscription part of the Store contract, once per database (SQLite, PGlite, and PostgreSQL when
 * TEST_DATABASE_URL is set): tenancy and lists, the mandate it charges, unique descriptions, the cascades (revoked
 * mandate, deleted customer), and the scheduler's charges (chargeDue): due dates, catch-up over several periods,
 * completion, the test-mode 10-payment rule, month ends, and two concurrent charges that make each payment once.
 */
import assert from 'node:assert/strict'
import { describe, test, type TestContext } from 'node:test'
import { addIntervals, chargeTime, parseInterval } from '../src/domain/subscription.js'
import type { SubscriptionFields } from '../src/domain/subscription-schemas.js'
import { FieldError } from '../src/domain/validation.js'
import { PaymentStatusError } from '../src/domain/payment.js'
import type { StoreOptions } from '../src/store/kysely-store.js'
import type { Tenant } from '../src/store/store.js'
import { availableDialects, openTestDatabase, type DialectName } from './helpers/databases.js'

const POLICY = { allowPrivateWebhooks: false }
const MONTHLY: SubscriptionFields = {
  amount: { currency: 'EUR', value: '25.00' },
  interval: '1 month',
  description: 'Monthly plan',
  webhookUrl: 'https://example.org/hook',
}

/** A clock the test moves. */
function clock(start: string) {
  let now = new Date(start)
  return { now: () => now, set: (to: string) => (now = new Date(to)) }
}

async function setUp(t: TestContext, dialect: DialectName, start = '2025-01-10T10:00:00Z', options: StoreOptions = {}) {
  const time = clock(start)
  const database = await openTestDatabase(t, dialect, { now: time.now, ...options })
  t.after(() => database.store.close())
  const { store } = database
  const acme = await store.organizations.ensure('acme')
  const other = await store.organizations.ensure('other')
  const tenant: Tenant = { organizationId: acme.id, mode: 'test' }
  const customer = (await store.customers.create(tenant, { name: 'Jane' })).value.id
  const mandate = (await store.mandates.create(tenant, customer, { method: 'directdebit', consumerName: 'Jane', consumerAccount: 'NL55INGB0000000000' }))!.value
  const create = async (fields: SubscriptionFields = MONTHLY, customerId = customer) =>
    (await store.subscriptions.create(tenant, customerId, fields, POLICY))!.value
  const payments = async (subscriptionId: string) =>
    (await store.payments.list(tenant, { limit: 250, sort: 'asc', subscriptionId }))!.payments
  return { ...database, time, tenant, customer, mandate, create, payments, other: { organizationId: other.id, mode: 'test' } as Tenant }
}

describe('subscription calendar', () => {
  test('intervals: plural, singular with 1, at most a year', () => {
    assert.deepEqual(parseInterval('1 month'), { count: 1, unit: 'months' })
    assert.deepEqual(parseInterval('14 days'), { count: 14, unit: 'days' })
    assert.deepEqual(parseInterval('52 weeks'), { count: 52, unit: 'weeks' })
    for (const refused of ['2 month', '13 months', '53 weeks', '366 days', '0 days', '1 year', 'month', '1  month']) {
      assert.equal(parseInterval(refused), undefined, refused)
    }
  })

  test('month ends: counted from the start, last day of the month kept, leap years', () => {
    const month = parseInterval('1 month')!
    const from = (anchor: string, periods: number) => Array.from({ length: periods }, (_, index) => addIntervals(anchor, month, index + 1))
    assert.deepEqual(from('2025-01-31', 4), ['2025-02-28', '2025-03-31', '2025-04-30', '2025-05-31'])
    assert.deepEqual(from('2024-01-31', 2), ['2024-02-29', '2024-03-31'])
    assert.deepEqual(from('2025-01-30', 3), ['2025-02-28', '2025-03-30', '2025-04-30'])
    // Mollie's example: from April 30, "on the last day of each month".
    assert.deepEqual(from('2018-04-30', 2), ['2018-05-31', '2018-06-30'])
    assert.deepEqual(from('2024-02-29', 2), ['2024-03-31', '2024-04-30'])
    assert.equal(addIntervals('2024-02-29', parseInterval('12 months')!, 1), '2025-02-28')
    assert.equal(addIntervals('2025-12-15', parseInterval('2 weeks')!, 2), '2026-01-12')
    assert.equal(addIntervals('2024-02-28', parseInterval('1 day')!, 1), '2024-02-29')
  })

  test('a catch-up payment is dated at the start of its due day in Amsterdam; a payment of the day at upTo', () => {
    const upTo = new Date('2025-03-10T12:00:00Z')
    assert.equal(chargeTime('2025-03-10', upTo, '2025-01-01T00:00:00+00:00').toISOString(), upTo.toISOString())
    assert.equal(chargeTime('2025-02-10', upTo, '2025-01-01T00:00:00+00:00').toISOString(), '2025-02-09T23:00:00.000Z')
    assert.equal(chargeTime('2025-07-10', new Date('2025-09-01T00:00:00Z'), '2025-01-01T00:00:00+00:00').toISOString(), '2025-07-09T22:00:00.000Z')
  })
})

for (const dialect of availableDialects()) {
  describe(`subscription store on ${dialect}`, () => {
    test('a subscription is its tenant’s and customer’s only; lists walk both ways', async (t) => {
      const { store, tenant, customer, other, create } = await setUp(t, dialect)
      const ids: string[] = []
      for (let index = 0; index < 5; index++) ids.push((await create({ ...MONTHLY, description: `Plan ${index}` })).id)
      const first = await store.subscriptions.get(tenant, customer, ids[0]!)
      assert.equal(first?.description, 'Plan 0')
      assert.equal(first?.status, 'active')
      assert.equal(first?.nextPaymentDate, '2025-01-10')
      assert.equal(await store.subscriptions.get(other, customer, ids[0]!), undefined)
      assert.equal(await store.subscriptions.get({ ...tenant, mode: 'live' }, customer, ids[0]!), undefined)
      for (const customerId of [undefined, customer]) {
        for (const sort of ['asc', 'desc'] as const) {
          const walked: string[] = []
          let from: string | undefined
          do {
            const page = await store.subscriptions.list(tenant, { from, limit: 2, sort, customerId })
            assert.ok(page)
            walked.push(...page.subscriptions.map((each) => each.id))
            from = page.nextFrom
          } while (from)
          assert.deepEqual(walked, sort === 'asc' ? ids : [...ids].reverse())
        }
      }
      assert.equal(await store.subscriptions.list(other, { from: ids[0], limit: 2, sort: 'asc' }), undefined)
      assert.deepEqual(await store.subscriptions.customersWithSubscriptions(tenant, [customer, 'cst_none000000']), new Set([customer]))
    })

    test('it needs a valid mandate (of the method), a unique active description, and writes nothing when refused', async (t) => {
      const { store, tenant, customer, mandate, create, rows } = await setUp(t, dialect)
      const bare = (await store.customers.create(tenant, { name: 'No mandate' })).value.id
      await assert.rejects(store.subscriptions.create(tenant, bare, MONTHLY, POLICY), (error: unknown) =>
        error instanceof FieldError && error.detail === 'No suitable mandates found for customer.')
      await assert.rejects(store.subscriptions.create(tenant, customer, { ...MONTHLY, method: 'creditcard' }, POLICY), FieldError)
      const made = await create({ ...MONTHLY, method: 'directdebit' })
      assert.equal(made.mandateId, mandate.id)
      await assert.rejects(store.subscriptions.create(tenant, customer, MONTHLY, POLICY), (error: unknown) =>
        error instanceof FieldError && error.field === 'description')
      assert.equal(Number((await rows('select count(*) as n from subscriptions'))[0]?.n), 1)
      assert.equal(await store.subscriptions.create(tenant, 'cst_none000000', MONTHLY, POLICY), undefined)
      // Canceled, its description is free again; a canceled one cannot be updated or canceled again.
      const canceled = (await store.subscriptions.cancel(tenant, customer, made.id))!.value
      assert.equal(canceled.status, 'canceled')
      assert.equal(canceled.nextPaymentDate, null)
      assert.ok(canceled.canceledAt)
      await create()
      await assert.rejects(store.subscriptions.update(tenant, customer, made.id, { amount: { currency: 'EUR', value: '1.00' } }, POLICY), PaymentStatusError)
      await assert.rejects(store.subscriptions.cancel(tenant, customer, made.id), PaymentStatusError)
    })

    test('update: amount, times, startDate restart the schedule', async (t) => {
      const { store, tenant, customer, create } = await setUp(t, dialect)
      const made = await create({ ...MONTHLY, times: 3 })
      const updated = (await store.subscriptions.update(tenant, customer, made.id, { amount: { currency: 'EUR', value: '30.00' }, times: 5, startDate: '2025-02-28' }, POLICY))!.value
      assert.equal(updated.amount.value, '30.00')
      assert.equal(updated.timesRemaining, 5)
      assert.equal(updated.nextPaymentDate, '2025-02-28')
      await assert.rejects(store.subscriptions.update(tenant, customer, made.id, { startDate: '2024-01-01' }, POLICY), FieldError)
    })

    test('revoking its mandate, or deleting its customer, cancels it in the same transaction', async (t) => {
      const { store, tenant, customer, mandate, create, rows } = await setUp(t, dialect)
      const made = await create()
      await store.mandates.revoke(tenant, customer, mandate.id)
      const revoked = await store.subscriptions.get(tenant, customer, made.id)
      assert.equal(revoked?.status, 'canceled')
      await store.mandates.create(tenant, customer, { method: 'paypal', consumerName: 'Jane', consumerEmail: 'jane@example.org', paypalBillingAgreementId: 'B-12345' })
      const second = await create()
      await store.customers.delete(tenant, customer)
      const page = await store.subscriptions.list(tenant, { limit: 10, sort: 'asc' })
      assert.deepEqual(page!.subscriptions.map((each) => each.status), ['canceled', 'canceled'])
      const messages = (await rows('select message from customer_events order by seq')).map((row) => row.message)
      assert.ok(messages.includes(`Subscription ${made.id} canceled`))
      assert.ok(messages.includes(`Subscription ${second.id} canceled`))
    })

    test('chargeDue: the payment of the start date, then one per interval, dated on its due date; completes after times', async (t) => {
      const { store, tenant, customer, mandate, create, payments, time } = await setUp(t, dialect)
      const made = await create({ ...MONTHLY, times: 3, startDate: '2025-01-31', metadata: { plan: 'gold' } })
      assert.deepEqual(await store.subscriptions.chargeDue({ upTo: new Date('2025-01-30T12:00:00Z') }), { paymentsCreated: 0, webhooksQueued: 0 })
      time.set('2025-05-01T08:00:00Z')
      const summary = await store.subscriptions.chargeDue({ upTo: time.now() })
      assert.deepEqual(summary, { paymentsCreated: 3, webhooksQueued: 0 })
      const made3 = await payments(made.id)
      assert.deepEqual(made3.map((payment) => payment.createdAt), ['2025-01-30T23:00:00+00:00', '2025-02-27T23:00:00+00:00', '2025-03-30T22:00:00+00:00'])
      for (const payment of made3) {
        assert.equal(payment.sequenceType, 'recurring')
        assert.equal(payment.subscriptionId, made.id)
        assert.equal(payment.mandateId, mandate.id)
        assert.equal(payment.customerId, customer)
        assert.equal(payment.status, 'pending')
        assert.deepEqual(payment.metadata, { plan: 'gold' })
        assert.equal(payment.description, 'Monthly plan')
        assert.equal(payment.webhookUrl, 'https://example.org/hook')
      }
      const after = await store.subscriptions.get(tenant, customer, made.id)
      assert.equal(after?.status, 'completed')
      assert.equal(after?.timesRemaining, 0)
      assert.equal(after?.nextPaymentDate, null)
      assert.deepEqual(await store.subscriptions.chargeDue({ upTo: new Date('2026-01-01T00:00:00Z') }), { paymentsCreated: 0, webhooksQueued: 0 })
    })

    test('chargeDue: settled payments queue their webhooks; the test-mode rule cancels after 10 payments unless lifted', async (t) => {
      const { store, tenant, customer, create, payments, rows } = await setUp(t, dialect, '2025-01-10T10:00:00Z', {
        subscriptionPolicy: { recurringStatus: 'paid' },
      })
      const weekly = await create({ ...MONTHLY, interval: '1 week', description: 'Weekly' })
      const summary = await store.subscriptions.chargeDue({ upTo: new Date('2025-12-31T12:00:00Z'), organizationId: tenant.organizationId, mode: 'test', limit: 3 })
      assert.deepEqual(summary, { paymentsCreated: 10, webhooksQueued: 10 })
      assert.equal((await payments(weekly.id)).filter((payment) => payment.status === 'paid').length, 10)
      const after = await store.subscriptions.get(tenant, customer, weekly.id)
      assert.equal(after?.status, 'canceled')
      assert.equal(after?.nextPaymentDate, null)
      assert.equal(Number((await rows('select count(*) as n from webhook_deliveries'))[0]?.n), 10)
    })

    test('chargeDue without the test-mode limit keeps charging; another tenant is left alone', async (t) => {
      const { store, tenant, create, payments } = await setUp(t, dialect, '2025-01-10T10:00:00Z', { subscriptionPolicy: { testPaymentLimit: 0 } })
      const daily = await create({ ...MONTHLY, interval: '1 day', description: 'Daily' })
      assert.equal((await store.subscriptions.chargeDue({ upTo: new Date('2025-01-20T12:00:00Z'), organizationId: 'org_nobody' })).paymentsCreated, 0)
      const summary = await store.subscriptions.chargeDue({ upTo: new Date('2025-01-20T12:00:00Z'), organizationId: tenant.organizationId })
      assert.equal(summary.paymentsCreated, 11)
      assert.equal((await payments(daily.id)).length, 11)
    })

    test('two chargeDue calls at once make each payment once', async (t) => {
      const { store, tenant, customer, create, payments } = await setUp(t, dialect, '2025-01-10T10:00:00Z', { subscriptionPolicy: { testPaymentLimit: 0 } })
      const made: string[] = []
      for (let index = 0; index < 12; index++) made.push((await create({ ...MONTHLY, description: `Plan ${index}`, interval: '1 week' })).id)
      const upTo = new Date('2025-03-01T12:00:00Z')
      const [one, two] = await Promise.all([
        store.subscriptions.chargeDue({ upTo, limit: 5 }),
        store.subscriptions.chargeDue({ upTo, limit: 5 }),
      ])
      // Jan 10 … Feb 28: 8 weekly dates each.
      assert.equal(one.paymentsCreated + two.paymentsCreated, 12 * 8)
      for (const id of made) {
        const list = await payments(id)
        assert.equal(list.length, 8)
        assert.equal(new Set(list.map((payment) => payment.createdAt)).size, 8)
        assert.equal((await store.subscriptions.get(tenant, customer, id))?.nextPaymentDate, '2025-03-07')
      }
    })
  })
}
