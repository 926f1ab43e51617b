/**
 * The payment part of the Store contract, once per database (SQLite, PGlite, and PostgreSQL when
 * TEST_DATABASE_URL is set): tenancy, lists, the status machine's transactions (a refused change writes nothing; two
 * changes at once, one wins), first payments that make mandates, and expiry that happens once.
 */
import assert from 'node:assert/strict'
import { describe, test, type TestContext } from 'node:test'
import { PaymentStatusError } from '../src/domain/payment.js'
import type { PaymentFields } from '../src/domain/payment-schemas.js'
import { FieldError } from '../src/domain/validation.js'
import type { PaymentPolicy, Tenant } from '../src/store/store.js'
import { availableDialects, openTestDatabase, type DialectName } from './helpers/databases.js'

const POLICY: PaymentPolicy = { allowPrivateWebhooks: false, recurringStatus: 'pending' }
const ONEOFF: PaymentFields = {
  amount: { currency: 'EUR', value: '10.00' },
  description: 'Order',
  redirectUrl: 'https://example.org/return',
  webhookUrl: 'https://example.org/hook',
}

async function setUp(t: TestContext, dialect: DialectName, now?: () => Date) {
  const database = await openTestDatabase(t, dialect, { now })
  t.after(() => database.store.close())
  const { store } = database
  const acme = await store.organizations.ensure('acme')
  const other = await store.organizations.ensure('other')
  const tenant: Tenant = { organizationId: acme.id, mode: 'test' }
  const customer = (await store.customers.create(tenant, { name: 'Jane' })).value.id
  const create = async (fields: PaymentFields = ONEOFF, customerId: string | null = null, on = tenant) =>
    (await store.payments.create(on, fields, { customerId, fromPath: false, policy: POLICY }))!.value
  return { ...database, tenant, customer, create, live: { ...tenant, mode: 'live' } as Tenant, other: { organizationId: other.id, mode: 'test' } as Tenant }
}

for (const dialect of availableDialects()) {
  describe(`payment store on ${dialect}`, () => {
    test('a payment is its tenant’s only; lists walk both ways', async (t) => {
      const { store, tenant, live, other, create } = await setUp(t, dialect)
      const ids: string[] = []
      for (let index = 0; index < 7; index++) ids.push((await create({ ...ONEOFF, description: `P${index}` })).id)
      assert.equal((await store.payments.get(tenant, ids[0]!))?.description, 'P0')
      assert.equal(await store.payments.get(live, ids[0]!), undefined)
      assert.equal(await store.payments.get(other, ids[0]!), undefined)
      assert.equal((await store.payments.locate(ids[0]!))?.tenant.organizationId, tenant.organizationId)
      for (const sort of ['asc', 'desc'] as const) {
        const walked: string[] = []
        let from: string | undefined
        do {
          const page = await store.payments.list(tenant, { from, limit: 3, sort })
          assert.ok(page)
          walked.push(...page.payments.map((payment) => payment.id))
          from = page.nextFrom
        } while (from)
        assert.deepEqual(walked, sort === 'asc' ? ids : [...ids].reverse())
      }
      assert.equal(await store.payments.list(other, { from: ids[0], limit: 3, sort: 'asc' }), undefined)
    })

    test('a refused recurring payment or status change writes nothing', async (t) => {
      const { store, tenant, customer, create, rows } = await setUp(t, dialect)
      await assert.rejects(
        store.payments.create(tenant, { ...ONEOFF, sequenceType: 'recurring' }, { customerId: customer, fromPath: false, policy: POLICY }),
        (error: unknown) => error instanceof FieldError && error.detail === 'No suitable mandates found for customer.',
      )
      assert.equal(Number((await rows('select count(*) as n from payments'))[0]?.n), 0)
      const payment = await create()
      await store.payments.changeStatus(tenant, payment.id, { status: 'paid' })
      await assert.rejects(store.payments.changeStatus(tenant, payment.id, { status: 'failed' }), PaymentStatusError)
      assert.equal((await store.payments.get(tenant, payment.id))?.status, 'paid')
    })

    test('a paid first payment makes one valid mandate in the same transaction; two outcomes at once, one wins', async (t) => {
      const { store, tenant, customer, create } = await setUp(t, dialect)
      const first = await create({ ...ONEOFF, sequenceType: 'first', method: 'paypal' }, customer)
      const outcomes = await Promise.allSettled([
        store.payments.changeStatus(tenant, first.id, { status: 'paid' }),
        store.payments.changeStatus(tenant, first.id, { status: 'paid' }),
      ])
      assert.deepEqual(outcomes.map((outcome) => outcome.status).sort(), ['fulfilled', 'rejected'])
      const page = await store.mandates.list(tenant, customer, { limit: 10, sort: 'asc' })
      assert.equal(page?.mandates.length, 1)
      assert.equal(page?.mandates[0]?.method, 'paypal')
      assert.equal((await store.payments.get(tenant, first.id))?.mandateId, page?.mandates[0]?.id)
      assert.deepEqual(await store.payments.customersWithPayments(tenant, [customer, 'cst_nothing123']), new Set([customer]))
    })

    test('expiry happens once, even with two sweeps at once', async (t) => {
      let now = new Date('2026-03-01T10:00:00Z')
      const { store, tenant, create } = await setUp(t, dialect, () => now)
      const payments = [await create(), await create(), await create({ ...ONEOFF, method: 'paypal' })]
      now = new Date('2026-03-01T10:20:00Z')
      const [a, b] = await Promise.all([store.payments.expireDue(), store.payments.expireDue()])
      assert.equal(a! + b!, 2, 'the two 15-minute payments, once; PayPal waits 3 hours')
      assert.deepEqual(
        await Promise.all(payments.map(async ({ id }) => (await store.payments.get(tenant, id))?.status)),
        ['expired', 'expired', 'open'],
      )
    })
  })
}
