/**
 * The Store contract, once per database (SQLite, PGlite, and PostgreSQL when TEST_DATABASE_URL is set): the API
 * is only as faithful on a database as the store is, so every promise of the Store interface is checked on each.
 */
import assert from 'node:assert/strict'
import { describe, test, type TestContext } from 'node:test'
import { newCustomer } from '../src/domain/customer.js'
import { newCustomerId } from '../src/domain/ids.js'
import { generateKey, hashKey, keyHint } from '../src/domain/keys.js'
import { FieldError } from '../src/domain/validation.js'
import { openStore, type StoreOptions } from '../src/store/kysely-store.js'
import { PostgresStoreDialect } from '../src/store/postgres.js'
import { IdempotencyKeyReusedError, type Store, type Tenant } from '../src/store/store.js'
import { availableDialects, freshPostgresSchema, openTestDatabase, type DialectName } from './helpers/databases.js'

async function setUp(t: TestContext, dialect: DialectName, now?: () => Date, options: StoreOptions = {}) {
  const database = await openTestDatabase(t, dialect, { now, ...options })
  t.after(() => database.store.close())
  const store = database.store
  const acme = await store.organizations.ensure('acme')
  const other = await store.organizations.ensure('other')
  const tenant: Tenant = { organizationId: acme.id, mode: 'test' }
  return { ...database, store, tenant, live: { ...tenant, mode: 'live' } as Tenant, other: { organizationId: other.id, mode: 'test' } as Tenant }
}

async function allIds(store: Store, tenant: Tenant, sort: 'asc' | 'desc', limit: number, search?: string) {
  return (await allPages(store, tenant, sort, limit, search)).flat()
}

/** Every page's ids, following `next` from the first page to the last. */
async function allPages(store: Store, tenant: Tenant, sort: 'asc' | 'desc', limit: number, search?: string) {
  const pages: string[][] = []
  let from: string | undefined
  do {
    const page = await store.customers.list(tenant, { from, limit, sort, search })
    assert.ok(page)
    assert.ok(page.customers.length <= limit)
    pages.push(page.customers.map((customer) => customer.id))
    from = page.nextFrom
  } while (from)
  return pages
}

/** A clock the test sets: each create is dated what `at` says. */
function settableClock(start = '2026-01-01T00:00:00Z') {
  let now = new Date(start)
  return { now: () => now, at: (iso: string) => void (now = new Date(iso)) }
}

for (const dialect of availableDialects()) {
  describe(`Store contract on ${dialect}`, () => {
    test('create, get, update and delete keep every field and record events in order', async (t) => {
      const { store, tenant } = await setUp(t, dialect)
      const metadata = { nested: { list: [1, 'two', null, true] }, unicode: 'Zoë 👋 \u2028', lone: '\ud800' }
      const { value: created, replayed } = await store.customers.create(tenant, {
        name: 'Zoë Ångström',
        email: 'zoe@example.org',
        locale: 'sv_SE',
        metadata,
      })
      assert.equal(replayed, false)
      assert.deepEqual(await store.customers.get(tenant, created.id), created)
      assert.deepEqual(created.metadata, metadata, 'metadata round-trips exactly, escapes included')

      const updated = await store.customers.update(tenant, created.id, { name: null, locale: 'fi_FI' })
      assert.equal(updated?.value.name, null)
      assert.equal(updated?.value.locale, 'fi_FI')
      assert.equal(updated?.value.email, 'zoe@example.org')
      assert.deepEqual(await store.customers.get(tenant, created.id), updated?.value)

      const events = await store.customers.events(tenant, created.id)
      assert.deepEqual(
        events?.map((event) => [event.type, event.message]),
        [
          [200, 'Customer created'],
          [201, 'Customer updated: name, locale'],
        ],
      )

      assert.deepEqual(await store.customers.delete(tenant, created.id), { value: null, replayed: false })
      assert.equal(await store.customers.get(tenant, created.id), undefined)
      assert.equal(await store.customers.update(tenant, created.id, { name: 'x' }), undefined)
      assert.equal(await store.customers.delete(tenant, created.id), undefined)
      assert.equal(await store.customers.events(tenant, created.id), undefined)
    })

    test('a customer is invisible to every other tenant', async (t) => {
      const { store, tenant, live, other } = await setUp(t, dialect)
      const { value: created } = await store.customers.create(tenant, { name: 'mine' })
      for (const stranger of [live, other]) {
        assert.equal(await store.customers.get(stranger, created.id), undefined)
        assert.equal(await store.customers.update(stranger, created.id, { name: 'x' }), undefined)
        assert.equal(await store.customers.delete(stranger, created.id), undefined)
        assert.equal(await store.customers.events(stranger, created.id), undefined)
        assert.deepEqual((await store.customers.list(stranger, { limit: 10, sort: 'desc' }))?.customers, [])
        assert.equal(await store.customers.list(stranger, { from: created.id, limit: 10, sort: 'desc' }), undefined)
      }
      assert.equal((await store.customers.get(tenant, created.id))?.name, 'mine')
    })

    test('the list follows createdAt, newest first or oldest first, ties in insertion order, across pages', async (t) => {
      const clock = settableClock()
      const { store, tenant } = await setUp(t, dialect, clock.now)
      const create = async (at: string, name: string) => {
        clock.at(at)
        return (await store.customers.create(tenant, { name })).value.id
      }
      // Created in this order, dated out of order, with ties at 10:00 and 05:00.
      const a = await create('2026-01-01T10:00:00Z', 'A')
      const b = await create('2026-01-01T05:00:00Z', 'B')
      const c = await create('2026-01-01T10:00:00Z', 'C')
      const d = await create('2026-01-01T01:00:00Z', 'D')
      const e = await create('2026-01-01T05:00:00Z', 'E')
      const f = await create('2026-01-01T10:00:00Z', 'F')
      const newestFirst = [f, c, a, e, b, d]
      for (const limit of [1, 2, 4, 10]) {
        assert.deepEqual(await allIds(store, tenant, 'desc', limit), newestFirst, `desc, limit ${limit}`)
        assert.deepEqual(await allIds(store, tenant, 'asc', limit), [...newestFirst].reverse(), `asc, limit ${limit}`)
      }
      // Cursors inside a run of equal createdAt, both ways, with the page before.
      const fromTie = await store.customers.list(tenant, { from: a, limit: 2, sort: 'desc' })
      assert.deepEqual(fromTie?.customers.map((customer) => customer.id), [a, e])
      assert.equal(fromTie?.nextFrom, b)
      assert.equal(fromTie?.previousFrom, f)
      const ascending = await store.customers.list(tenant, { from: e, limit: 2, sort: 'asc' })
      assert.deepEqual(ascending?.customers.map((customer) => customer.id), [e, a])
      assert.equal(ascending?.nextFrom, c)
      assert.equal(ascending?.previousFrom, d)
      // A deleted customer in the middle of a tie still marks its place.
      await store.customers.delete(tenant, c)
      const afterDelete = await store.customers.list(tenant, { from: c, limit: 5, sort: 'desc' })
      assert.deepEqual(afterDelete?.customers.map((customer) => customer.id), [a, e, b, d])
      assert.equal(afterDelete?.previousFrom, f)
    })

    test('customers stored later but dated earlier (a seed into a used organization) sort where their dates say', async (t) => {
      const clock = settableClock('2026-06-01T12:00:00Z')
      const { store, tenant } = await setUp(t, dialect, clock.now)
      const today = (await store.customers.create(tenant, { name: 'today' })).value.id
      const seeded = Array.from({ length: 30 }, (_, i) =>
        newCustomer(newCustomerId(), 'test', { name: `seeded ${i}` }, new Date(Date.parse('2025-06-01T00:00:00Z') + i * 86_400_000)),
      )
      await store.customers.insertMany(tenant, seeded)
      const oldestFirst = [...seeded.map(({ customer }) => customer.id), today]
      assert.deepEqual(await allIds(store, tenant, 'asc', 7), oldestFirst)
      assert.deepEqual(await allIds(store, tenant, 'desc', 7), [...oldestFirst].reverse())
      const first = await store.customers.list(tenant, { limit: 1, sort: 'asc' })
      assert.equal(first?.customers[0]?.name, 'seeded 0')
    })

    test('pages are cut by insertion order in both directions, with previous and next cursors', async (t) => {
      const { store, tenant } = await setUp(t, dialect)
      const ids: string[] = []
      for (let i = 0; i < 23; i++) ids.push((await store.customers.create(tenant, { name: `C${i}` })).value.id)
      assert.deepEqual(await allIds(store, tenant, 'desc', 5), [...ids].reverse())
      assert.deepEqual(await allIds(store, tenant, 'asc', 7), ids)
      const middle = await store.customers.list(tenant, { from: ids[10], limit: 5, sort: 'asc' })
      assert.deepEqual(middle?.customers.map((customer) => customer.id), ids.slice(10, 15))
      assert.equal(middle?.nextFrom, ids[15])
      assert.equal(middle?.previousFrom, ids[5])
      const first = await store.customers.list(tenant, { limit: 5, sort: 'desc' })
      assert.equal(first?.previousFrom, undefined)
    })

    test('a deleted customer stays a valid cursor and is skipped', async (t) => {
      const { store, tenant } = await setUp(t, dialect)
      const ids: string[] = []
      for (let i = 0; i < 6; i++) ids.push((await store.customers.create(tenant, {})).value.id)
      await store.customers.delete(tenant, ids[3]!)
      const page = await store.customers.list(tenant, { from: ids[3], limit: 2, sort: 'desc' })
      assert.deepEqual(page?.customers.map((customer) => customer.id), [ids[2], ids[1]])
      assert.equal(page?.previousFrom, ids[5])
    })

    test('search matches name or email, ignoring case, with % and _ taken literally', async (t) => {
      const { store, tenant } = await setUp(t, dialect)
      const { value: jane } = await store.customers.create(tenant, { name: 'Jane DOE', email: 'jd@example.org' })
      const { value: john } = await store.customers.create(tenant, { name: 'John', email: 'JOHN.doe@example.org' })
      const { value: percent } = await store.customers.create(tenant, { name: '100% Real_Name' })
      await store.customers.create(tenant, { name: 'Somebody else', email: null })
      assert.deepEqual(await allIds(store, tenant, 'desc', 1, 'doe'), [john.id, jane.id])
      assert.deepEqual(await allIds(store, tenant, 'desc', 10, '0% real_'), [percent.id])
      assert.deepEqual(await allIds(store, tenant, 'desc', 10, '_'), [percent.id])
      assert.deepEqual(await allIds(store, tenant, 'desc', 10, 'nobody'), [])
    })

    test('search: the index and the bounded scan find the same customers, page by page', async (t) => {
      // Tiny bounds, so that every path runs: the index (three or more characters, few candidates), the scan for
      // short texts, and the scan for texts the index finds too often.
      const { store, tenant, other } = await setUp(t, dialect, undefined, { searchBounds: { probeLimit: 3, scanRows: 4 } })
      const names = ['Ann Lee', 'Bob', 'Carla Lee', 'Dan', 'Eve', 'Fay', 'Gus LEE', 'Hal', 'Ida lee', 'Jo']
      const ids: string[] = []
      for (const name of names) ids.push((await store.customers.create(tenant, { name, email: `${name.split(' ')[0]!.toLowerCase()}@example.org` })).value.id)
      await store.customers.create(other, { name: 'Ann Lee' })
      const expect = (predicate: (name: string) => boolean) =>
        names.map((name, i) => [name, ids[i]!] as const).filter(([name]) => predicate(name)).map(([, id]) => id).reverse()
      const lee = expect((name) => name.toLowerCase().includes('lee'))
      // 'lee': four candidates of this tenant and one of another: more than the probe limit, so a scan.
      assert.deepEqual(await allIds(store, tenant, 'desc', 2, 'lee'), lee)
      assert.deepEqual(await allIds(store, tenant, 'asc', 3, 'LEE'), [...lee].reverse())
      // 'carla': one candidate, through the index where there is one.
      assert.deepEqual(await allIds(store, tenant, 'desc', 2, 'CARLA'), [ids[2]])
      assert.deepEqual(await allIds(store, tenant, 'desc', 2, 'la lee'), [ids[2]])
      assert.deepEqual(await allIds(store, tenant, 'desc', 2, 'ay@example'), [ids[5]])
      // Two characters: always a scan.
      assert.deepEqual(await allIds(store, tenant, 'desc', 5, 'jo'), [ids[9]])
      assert.deepEqual(await allIds(store, tenant, 'desc', 5, 'zz'), [])
      // With a cursor, and the page before, through the index.
      const fromGus = await store.customers.list(tenant, { from: ids[6], limit: 1, sort: 'desc', search: 'gus' })
      assert.deepEqual(fromGus?.customers.map((customer) => customer.id), [ids[6]])
      assert.equal(fromGus?.previousFrom, undefined)
    })

    test('search: a scan walks at most scanRows customers per page and hands back where it stopped', async (t) => {
      const { store, tenant } = await setUp(t, dialect, undefined, { searchBounds: { scanRows: 5 } })
      const ids: string[] = []
      for (let i = 0; i < 12; i++) ids.push((await store.customers.create(tenant, { name: i === 0 || i === 11 ? `Xy ${i}` : `Other ${i}` })).value.id)
      // Newest first: 11 matches; 10…7 do not; the walk stops after 5 rows with 6 as the next start, and so on.
      const pages = await allPages(store, tenant, 'desc', 3, 'xy')
      assert.deepEqual(pages, [[ids[11]], [], [ids[0]]])
      const second = await store.customers.list(tenant, { from: ids[6], limit: 3, sort: 'desc', search: 'xy' })
      assert.deepEqual(second?.customers, [])
      assert.equal(second?.nextFrom, ids[1], 'stopped after 6…2, so the next page starts at 1')
      assert.equal(second?.previousFrom, ids[11], 'walking back from 6: 7…11, of which 11 matches')
      const last = await store.customers.list(tenant, { from: ids[1], limit: 3, sort: 'desc', search: 'xy' })
      assert.equal(last?.nextFrom, undefined)
      assert.equal(last?.previousFrom, ids[6], 'five rows back from 1 (2…6), none a match: the page before starts at 6')
    })

    test('insertMany stores customers and their events in one go, in order', async (t) => {
      const { store, tenant } = await setUp(t, dialect)
      const base = Date.parse('2025-01-01T00:00:00Z')
      const batch = Array.from({ length: 1203 }, (_, i) =>
        newCustomer(newCustomerId(), 'test', { name: `Bulk ${i}`, metadata: { i: String(i) } }, new Date(base + i * 1000)),
      )
      await store.customers.insertMany(tenant, batch)
      const ids = await allIds(store, tenant, 'asc', 250)
      assert.deepEqual(ids, batch.map(({ customer }) => customer.id))
      const sample = batch[777]!.customer
      assert.deepEqual(await store.customers.get(tenant, sample.id), sample)
      assert.deepEqual((await store.customers.events(tenant, sample.id))?.map((event) => event.type), [200])
    })

    test('a domain rule broken inside a transaction leaves nothing behind', async (t) => {
      const { store, tenant, rows } = await setUp(t, dialect)
      await assert.rejects(store.customers.create(tenant, { metadata: 'x'.repeat(2000) }), FieldError)
      for (const table of ['customers', 'customer_events']) {
        const [count] = await rows(`select count(*) as n from ${table}`)
        assert.equal(Number(count!.n), 0, table)
      }
    })

    test('idempotency: a claim replays, a different fingerprint is refused, an expired key is free again', async (t) => {
      let now = new Date('2026-01-01T00:00:00Z')
      const { store, tenant } = await setUp(t, dialect, () => now)
      const claim = { scope: 'key_1', key: 'k', fingerprint: 'f1' }
      const first = await store.customers.create(tenant, { name: 'A' }, claim)
      const again = await store.customers.create(tenant, { name: 'A' }, claim)
      assert.deepEqual(again, { value: first.value, replayed: true })
      await assert.rejects(store.customers.create(tenant, { name: 'B' }, { ...claim, fingerprint: 'f2' }), IdempotencyKeyReusedError)
      const otherScope = await store.customers.create(tenant, { name: 'A' }, { ...claim, scope: 'key_2' })
      assert.equal(otherScope.replayed, false)
      now = new Date('2026-01-03T00:00:00Z')
      const expired = await store.customers.create(tenant, { name: 'B' }, { ...claim, fingerprint: 'f2' })
      assert.equal(expired.replayed, false)
      assert.equal((await allIds(store, tenant, 'desc', 50)).length, 3)
      assert.equal(await store.purgeExpired(), 1, 'the other scope’s record has expired too')
    })

    test('idempotency: the same claim sent many times at once creates exactly one customer', async (t) => {
      const { store, tenant } = await setUp(t, dialect)
      const claim = { scope: 'key_1', key: 'race', fingerprint: 'f' }
      const results = await Promise.all(Array.from({ length: 8 }, () => store.customers.create(tenant, { name: 'Race' }, claim)))
      assert.equal(new Set(results.map((result) => result.value.id)).size, 1)
      assert.equal(results.filter((result) => !result.replayed).length, 1)
      assert.equal((await allIds(store, tenant, 'desc', 50)).length, 1)
    })

    test('writes sent at once all commit, except one that fails partway, which leaves nothing of its own', async (t) => {
      let now = new Date('2026-01-01T00:00:00Z')
      const { store, tenant, rows } = await setUp(t, dialect, () => now)
      const claim = { scope: 'key_1', key: 'old', fingerprint: 'f1' }
      await store.customers.create(tenant, { name: 'Old' }, claim)
      now = new Date('2026-01-03T00:00:00Z')
      const results = await Promise.allSettled([
        ...Array.from({ length: 10 }, (_, i) => store.customers.create(tenant, { name: `before ${i}` })),
        // Deletes the expired idempotency record, then breaks a rule: the deletion must be undone with it.
        store.customers.create(tenant, { metadata: 'x'.repeat(2000) }, { ...claim, fingerprint: 'f2' }),
        ...Array.from({ length: 10 }, (_, i) => store.customers.create(tenant, { name: `after ${i}` })),
      ])
      const failed = results[10]!
      assert.ok(failed.status === 'rejected' && failed.reason instanceof FieldError)
      assert.equal(results.filter((result) => result.status === 'fulfilled').length, 20)
      assert.equal((await allIds(store, tenant, 'desc', 50)).length, 21)
      const [records] = await rows('select count(*) as n from idempotency_records')
      assert.equal(Number(records!.n), 1)
    })

    test('concurrent updates of one customer apply one after another, each event naming a real change', async (t) => {
      const { store, tenant } = await setUp(t, dialect)
      const { value } = await store.customers.create(tenant, { name: 'start' })
      await Promise.all(Array.from({ length: 10 }, (_, i) => store.customers.update(tenant, value.id, { name: `name ${i}` })))
      const events = (await store.customers.events(tenant, value.id))!
      assert.equal(events.length, 11)
      assert.ok(events.slice(1).every((event) => event.message === 'Customer updated: name'))
    })

    test('credentials: stored by hash, found until revoked, registered once, listed with their organization', async (t) => {
      const { store } = await setUp(t, dialect)
      const key = generateKey('test')
      const credential = await store.credentials.create('acme', 'test', hashKey(key), keyHint(key))
      assert.deepEqual(await store.credentials.findByHash(hashKey(key)), credential)
      assert.deepEqual(await store.credentials.get(credential.id), credential)
      const registered = await store.credentials.register('acme', 'test', hashKey(key), keyHint(key))
      assert.deepEqual(registered, { credential, created: false })
      const fresh = generateKey('access')
      const created = await store.credentials.register('newcorp', 'access', hashKey(fresh), keyHint(fresh))
      assert.equal(created.created, true)
      const listed = await store.credentials.list()
      assert.deepEqual(
        listed.map((entry) => [entry.organizationName, entry.kind]),
        [
          ['acme', 'test'],
          ['newcorp', 'access'],
        ],
      )
      const revoked = await store.credentials.revoke(credential.id)
      assert.ok(revoked?.revokedAt)
      assert.equal(await store.credentials.findByHash(hashKey(key)), undefined)
      assert.equal(await store.credentials.revoke('key_unknown'), undefined)
    })

    test('organizations and settings are created once, even when asked for at the same moment', async (t) => {
      const { store } = await setUp(t, dialect)
      const organizations = await Promise.all(Array.from({ length: 5 }, () => store.organizations.ensure('busy')))
      assert.equal(new Set(organizations.map((organization) => organization.id)).size, 1)
      let made = 0
      const values = await Promise.all(
        Array.from({ length: 5 }, () => store.settings.getOrCreate('secret', () => `value-${++made}`)),
      )
      assert.equal(new Set(values).size, 1)
      assert.equal(await store.settings.getOrCreate('secret', () => 'later'), values[0])
    })

    if (dialect === 'postgres') {
      test('no pooled connection free in time is an unavailable database (503), and the pool recovers', async (t) => {
        const databaseUrl = await freshPostgresSchema(t)
        const store = await openStore(new PostgresStoreDialect({ connectionString: databaseUrl, poolSize: 1, connectTimeoutMs: 200 }))
        t.after(() => store.close())
        const acme = await store.organizations.ensure('acme')
        const tenant: Tenant = { organizationId: acme.id, mode: 'test' }
        // An import holds its transaction, and so the only connection, until its input ends.
        let endInput!: () => void
        const inputEnds = new Promise<void>((resolve) => (endInput = resolve))
        let started!: () => void
        const transactionStarted = new Promise<void>((resolve) => (started = resolve))
        const importing = store.transfer.import(
          (async function* () {
            started()
            await inputEnds
          })(),
        )
        await transactionStarted
        const error = await store.customers.get(tenant, 'cst_waiting').then(
          () => assert.fail('a read without a free connection must fail'),
          (error: unknown) => error,
        )
        assert.equal(store.isUnavailable(error), true, String(error))
        endInput()
        await assert.rejects(importing, /empty/)
        assert.equal(await store.customers.get(tenant, 'cst_waiting'), undefined)
      })
    }

    test('ordinary errors are not mistaken for an unavailable database', async (t) => {
      const { store } = await setUp(t, dialect)
      assert.equal(store.isUnavailable(new Error('boom')), false)
      assert.equal(store.isUnavailable(new FieldError('name', 'x')), false)
    })
  })
}
