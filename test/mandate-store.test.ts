/**
 * The mandate part of the Store contract, once per database (SQLite, PGlite, and PostgreSQL when
 * TEST_DATABASE_URL is set).
 */
import assert from 'node:assert/strict'
import { describe, test, type TestContext } from 'node:test'
import type { MandateFields } from '../src/domain/mandate-schemas.js'
import { FieldError } from '../src/domain/validation.js'
import { IdempotencyKeyReusedError, MandateRevokedError, type Store, type Tenant } from '../src/store/store.js'
import { availableDialects, openTestDatabase, type DialectName } from './helpers/databases.js'

const DIRECT_DEBIT: MandateFields = {
  method: 'directdebit',
  consumerName: 'Jane Doe',
  consumerAccount: 'NL55INGB0000000000',
  signatureDate: '2021-12-31',
  mandateReference: 'YOUR-COMPANY-MD13804',
}

function settableClock(start = '2026-01-01T00:00:00Z') {
  let now = new Date(start)
  return { now: () => now, at: (iso: string) => void (now = new Date(iso)) }
}

async function setUp(t: TestContext, dialect: DialectName, now?: () => Date) {
  const database = await openTestDatabase(t, dialect, { now })
  t.after(() => database.store.close())
  const store = database.store
  const acme = await store.organizations.ensure('acme')
  const other = await store.organizations.ensure('other')
  const tenant: Tenant = { organizationId: acme.id, mode: 'test' }
  const customer = (await store.customers.create(tenant, { name: 'Jane' })).value.id
  return {
    ...database,
    store,
    tenant,
    customer,
    live: { ...tenant, mode: 'live' } as Tenant,
    other: { organizationId: other.id, mode: 'test' } as Tenant,
  }
}

async function allIds(store: Store, tenant: Tenant, customerId: string, sort: 'asc' | 'desc', limit: number) {
  const ids: string[] = []
  let from: string | undefined
  do {
    const page = await store.mandates.list(tenant, customerId, { from, limit, sort })
    assert.ok(page)
    assert.ok(page.mandates.length <= limit)
    ids.push(...page.mandates.map((mandate) => mandate.id))
    from = page.nextFrom
  } while (from)
  return ids
}

for (const dialect of availableDialects()) {
  describe(`Mandate store contract on ${dialect}`, () => {
    test('create, get and revoke keep every field; events join the customer’s history', async (t) => {
      const { store, tenant, customer } = await setUp(t, dialect)
      const { value: created, replayed } = (await store.mandates.create(tenant, customer, DIRECT_DEBIT))!
      assert.equal(replayed, false)
      assert.match(created.id, /^mdt_[0-9A-Za-z]{10}$/)
      assert.equal(created.status, 'valid')
      assert.equal(created.mode, 'test')
      assert.deepEqual(created.details, { consumerName: 'Jane Doe', consumerAccount: 'NL55INGB0000000000', consumerBic: 'INGBNL2A' })
      assert.deepEqual(await store.mandates.get(tenant, customer, created.id), created)

      assert.deepEqual(await store.mandates.revoke(tenant, customer, created.id), { value: null, replayed: false })
      const revoked = await store.mandates.get(tenant, customer, created.id)
      assert.ok(revoked?.revokedAt)
      assert.deepEqual({ ...revoked, revokedAt: null }, created)
      await assert.rejects(store.mandates.revoke(tenant, customer, created.id), MandateRevokedError)

      const events = await store.customers.events(tenant, customer)
      assert.deepEqual(
        events?.map((event) => [event.type, event.message]),
        [
          [200, 'Customer created'],
          [210, `Mandate ${created.id} created`],
          [211, `Mandate ${created.id} revoked`],
        ],
      )
    })

    test('invalid fields are refused before anything is stored', async (t) => {
      const { store, tenant, customer, rows } = await setUp(t, dialect)
      await assert.rejects(
        store.mandates.create(tenant, customer, { ...DIRECT_DEBIT, consumerAccount: 'NL56INGB0000000000' }),
        (error: unknown) => error instanceof FieldError && error.field === 'consumerAccount',
      )
      await assert.rejects(
        store.mandates.create(tenant, customer, { method: 'paypal', consumerName: 'A' }),
        (error: unknown) => error instanceof FieldError && error.field === 'consumerEmail',
      )
      const [counted] = await rows('select count(*) as n from mandates')
      assert.equal(Number(counted?.n), 0)
    })

    test('a mandate is invisible to every other tenant and customer', async (t) => {
      const { store, tenant, customer, live, other } = await setUp(t, dialect)
      const { value: mandate } = (await store.mandates.create(tenant, customer, DIRECT_DEBIT))!
      const sibling = (await store.customers.create(tenant, {})).value.id
      for (const [who, owner] of [[live, customer], [other, customer], [tenant, sibling]] as const) {
        assert.equal(await store.mandates.get(who, owner, mandate.id), undefined)
        assert.equal(await store.mandates.revoke(who, owner, mandate.id), undefined)
        assert.equal(await store.mandates.list(who, owner, { from: mandate.id, limit: 5, sort: 'desc' }), undefined)
        assert.deepEqual((await store.mandates.list(who, owner, { limit: 5, sort: 'desc' }))?.mandates, [])
        assert.equal((await store.mandates.customersWithMandates(who, [owner])).size, 0)
      }
      // Creating under another tenant's customer finds no customer.
      assert.equal(await store.mandates.create(live, customer, DIRECT_DEBIT), undefined)
      assert.equal(await store.mandates.create(other, customer, DIRECT_DEBIT), undefined)
      assert.ok(await store.mandates.get(tenant, customer, mandate.id))
    })

    test('the list follows createdAt both ways across pages; revoked mandates are skipped and stay cursors', async (t) => {
      const clock = settableClock()
      const { store, tenant, customer } = await setUp(t, dialect, clock.now)
      const ids: string[] = []
      for (let i = 0; i < 11; i++) {
        // Two per second: ties broken by insertion order.
        clock.at(`2026-01-01T00:00:${String(Math.floor(i / 2)).padStart(2, '0')}Z`)
        ids.push((await store.mandates.create(tenant, customer, { ...DIRECT_DEBIT, mandateReference: `M${i}` }))!.value.id)
      }
      for (const limit of [1, 3, 5, 20]) {
        assert.deepEqual(await allIds(store, tenant, customer, 'desc', limit), [...ids].reverse(), `desc ${limit}`)
        assert.deepEqual(await allIds(store, tenant, customer, 'asc', limit), ids, `asc ${limit}`)
      }
      const middle = await store.mandates.list(tenant, customer, { from: ids[4], limit: 3, sort: 'asc' })
      assert.deepEqual(middle?.mandates.map((mandate) => mandate.id), ids.slice(4, 7))
      assert.equal(middle?.nextFrom, ids[7])
      assert.equal(middle?.previousFrom, ids[1])
      assert.equal((await store.mandates.list(tenant, customer, { limit: 3, sort: 'desc' }))?.previousFrom, undefined)

      await store.mandates.revoke(tenant, customer, ids[5]!)
      const fromRevoked = await store.mandates.list(tenant, customer, { from: ids[5], limit: 2, sort: 'asc' })
      assert.deepEqual(fromRevoked?.mandates.map((mandate) => mandate.id), [ids[6], ids[7]])
      assert.deepEqual(await allIds(store, tenant, customer, 'asc', 4), ids.filter((_, i) => i !== 5))
      assert.equal(await store.mandates.list(tenant, customer, { from: 'mdt_nothing123', limit: 2, sort: 'asc' }), undefined)
    })

    test('deleting a customer revokes its mandates in the same transaction, each with its event', async (t) => {
      const { store, tenant, customer } = await setUp(t, dialect)
      const first = (await store.mandates.create(tenant, customer, DIRECT_DEBIT))!.value.id
      const second = (await store.mandates.create(tenant, customer, DIRECT_DEBIT))!.value.id
      await store.mandates.revoke(tenant, customer, first)
      const keeper = (await store.customers.create(tenant, {})).value.id
      const kept = (await store.mandates.create(tenant, keeper, DIRECT_DEBIT))!.value.id
      assert.deepEqual(await store.mandates.customersWithMandates(tenant, [customer, keeper]), new Set([customer, keeper]))

      await store.customers.delete(tenant, customer)
      const [firstRow, secondRow] = [await store.mandates.get(tenant, customer, first), await store.mandates.get(tenant, customer, second)]
      assert.ok(firstRow?.revokedAt && secondRow?.revokedAt)
      assert.ok(secondRow.revokedAt >= firstRow.revokedAt)
      assert.equal((await store.mandates.get(tenant, keeper, kept))?.revokedAt, null)
      assert.deepEqual(await store.mandates.customersWithMandates(tenant, [customer, keeper]), new Set([keeper]))
      assert.equal(await store.mandates.create(tenant, customer, DIRECT_DEBIT), undefined, 'no mandate for a deleted customer')
    })

    test('idempotency: a repeat replays the mandate, a different request with the key is refused', async (t) => {
      const { store, tenant, customer } = await setUp(t, dialect)
      const claim = { scope: 'key_1', key: 'k1', fingerprint: 'a' }
      const first = (await store.mandates.create(tenant, customer, DIRECT_DEBIT, claim))!
      const again = (await store.mandates.create(tenant, customer, DIRECT_DEBIT, claim))!
      assert.deepEqual(again, { value: first.value, replayed: true })
      assert.equal((await store.mandates.list(tenant, customer, { limit: 10, sort: 'desc' }))?.mandates.length, 1)
      await assert.rejects(store.mandates.create(tenant, customer, DIRECT_DEBIT, { ...claim, fingerprint: 'b' }), IdempotencyKeyReusedError)
      const revokeClaim = { scope: 'key_1', key: 'k2', fingerprint: 'r' }
      assert.deepEqual(await store.mandates.revoke(tenant, customer, first.value.id, revokeClaim), { value: null, replayed: false })
      assert.deepEqual(await store.mandates.revoke(tenant, customer, first.value.id, revokeClaim), { value: null, replayed: true })
    })
  })
}
