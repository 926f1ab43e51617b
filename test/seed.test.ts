import assert from 'node:assert/strict'
import { join } from 'node:path'
import { describe, test, type TestContext } from 'node:test'
import type { NewCustomer } from '../src/domain/customer.js'
import { LOCALES, type Customer, type CustomerFields } from '../src/domain/schemas.js'
import { isEmailAddress, metadataByteLength, parseCustomerFields } from '../src/domain/validation.js'
import { NAME_CULTURES } from '../src/seed/name-cultures.js'
import { asciiFold, randomCustomerFields } from '../src/seed/random-customer-fields.js'
import { seedCustomers, type SeedProgress } from '../src/seed/seed-customers.js'
import { createSeededRandom } from '../src/seed/seeded-random.js'
import { openStore } from '../src/store/kysely-store.js'
import { SqliteStoreDialect } from '../src/store/sqlite.js'
import type { Store, Tenant } from '../src/store/store.js'
import { runCli } from './helpers/process.js'
import { call, customerIds, startTestServer, temporaryDirectory } from './helpers/server.js'

const UNTIL = new Date('2025-06-30T12:00:00Z')
const SINCE = new Date('2024-07-01T00:00:00Z')

async function openTemporaryStore(t: TestContext): Promise<{ store: Store; tenant: Tenant }> {
  const store = await openStore(new SqliteStoreDialect({ filename: join(temporaryDirectory(t), 'seed.sqlite') }))
  t.after(() => store.close())
  const organization = await store.organizations.ensure('seeded')
  return { store, tenant: { organizationId: organization.id, mode: 'test' } }
}

/** Every customer of the tenant, oldest first, read through the store. */
async function allCustomers(store: Store, tenant: Tenant): Promise<Customer[]> {
  const customers: Customer[] = []
  let from: string | undefined
  do {
    const page = await store.customers.list(tenant, { from, limit: 250, sort: 'asc' })
    assert.ok(page)
    customers.push(...page.customers)
    from = page.nextFrom
  } while (from)
  return customers
}

describe('randomCustomerFields', () => {
  const random = createSeededRandom(1)
  const generated = Array.from({ length: 20_000 }, () => randomCustomerFields(random))

  test('every generated customer passes the API validation unchanged', () => {
    for (const fields of generated) assert.deepEqual(parseCustomerFields(fields), fields)
  })

  test('emails are addresses, locales come from LOCALES and metadata stays well under 1 kB', () => {
    for (const { email, locale, metadata } of generated) {
      if (email !== undefined) assert.ok(email !== null && isEmailAddress(email), `not an address: ${email}`)
      if (locale !== undefined) assert.ok(locale !== null && LOCALES.includes(locale), `not a locale: ${locale}`)
      if (metadata !== undefined) assert.ok(metadataByteLength(metadata) < 800, JSON.stringify(metadata))
    }
  })

  test('the data varies as real customers do: many names, non-ASCII ones, absent fields, every metadata form', () => {
    const count = (predicate: (fields: CustomerFields) => boolean) => generated.filter(predicate).length
    assert.ok(new Set(generated.map((fields) => fields.name)).size > 2000, 'many distinct names')
    assert.ok(new Set(generated.map((fields) => fields.email?.split('@')[1])).size > 100, 'many email domains')
    assert.ok(new Set(generated.map((fields) => fields.locale)).size >= LOCALES.length, 'every locale, and none')
    assert.ok(count((fields) => /[^\x00-\x7F]/.test(fields.name ?? '')) > 2000, 'non-ASCII names') // eslint-disable-line no-control-regex
    assert.ok(count((fields) => /[\u0370-\u03FF\u0400-\u04FF\u0600-\u06FF\u3040-\u30FF\u4E00-\u9FFF]/.test(fields.name ?? '')) > 0, 'non-Latin scripts')
    for (const field of ['name', 'email', 'locale', 'metadata'] as const) {
      const absent = count((fields) => fields[field] === undefined)
      assert.ok(absent > 200 && absent < 10_000, `${field} absent ${absent} times`)
    }
    assert.ok(count((fields) => typeof fields.metadata === 'string') > 200, 'string metadata')
    assert.ok(count((fields) => Array.isArray(fields.metadata)) > 200, 'array metadata')
    assert.ok(count((fields) => typeof fields.metadata === 'object' && !Array.isArray(fields.metadata) && fields.metadata !== null) > 5000, 'object metadata')
  })

  test('every email domain is reserved for examples (RFC 2606), and there are many of them', () => {
    const domains = new Set(generated.flatMap((fields) => (fields.email ? [fields.email.split('@')[1]!] : [])))
    for (const domain of domains) {
      assert.match(domain, /^(example\.(com|org|net)|([a-z0-9-]+\.)+example)$/, domain)
    }
    for (const reserved of ['example.com', 'example.org', 'example.net']) assert.ok(domains.has(reserved), reserved)
    assert.ok(domains.size > 100, 'still as varied')
  })

  test("a named customer's locale is one of its name's culture, and no name repeats a word", () => {
    // Compared as ASCII letters: an uppercased surname (GROSS) is still Groß.
    const words = (text: string) => text.split(/[\s-]+/).map((word) => asciiFold(word) || word.toLowerCase()).filter(Boolean)
    for (const { name, locale } of generated) {
      if (!name) continue
      assert.doesNotMatch(name, /(?:^|\s)(\p{L}{2,})\s+\1(?:\s|$)/iu, `a repeated word: ${name}`)
      if (!locale) continue
      const nameWords = new Set(words(name))
      const cultures = NAME_CULTURES.filter((culture) =>
        culture.lastNames.some((last) => words(last.split('|')[0]!).some((word) => nameWords.has(word))),
      )
      assert.ok(cultures.length > 0, `no culture has a surname of ${name}`)
      assert.ok(
        cultures.some((culture) => culture.locales.includes(locale)),
        `${name} has ${locale}, a locale of none of its cultures`,
      )
    }
  })

  test('the same seed generates the same fields', () => {
    const again = createSeededRandom(1)
    assert.deepEqual(
      Array.from({ length: 1000 }, () => randomCustomerFields(again)),
      generated.slice(0, 1000),
    )
    const other = createSeededRandom(2)
    assert.notDeepEqual(Array.from({ length: 10 }, () => randomCustomerFields(other)), generated.slice(0, 10))
  })
})

describe('seedCustomers', () => {
  test('inserts exactly count customers, one batch per transaction, reporting after each', async (t) => {
    const { store, tenant } = await openTemporaryStore(t)
    const progress: Omit<SeedProgress, 'elapsedMs'>[] = []
    const result = await seedCustomers(store, tenant, 1234, {
      batchSize: 500,
      onProgress: ({ elapsedMs: _elapsedMs, ...rest }) => progress.push(rest),
    })
    assert.equal(result.inserted, 1234)
    assert.deepEqual(
      progress.map(({ inserted, total, batch }) => [inserted, total, batch.length]),
      [
        [500, 1234, 500],
        [1000, 1234, 500],
        [1234, 1234, 234],
      ],
    )
    const stored = await allCustomers(store, tenant)
    assert.deepEqual(
      stored.map((customer) => customer.id),
      progress.flatMap(({ batch }) => batch.map(({ customer }) => customer.id)),
    )
    assert.ok(stored.every((customer) => customer.mode === 'test'))
  })

  test('createdAt rises with insertion order and spreads over the whole period', async (t) => {
    const { store, tenant } = await openTemporaryStore(t)
    await seedCustomers(store, tenant, 2000, { batchSize: 300, since: SINCE, until: UNTIL })
    const createdAt = (await allCustomers(store, tenant)).map((customer) => Date.parse(customer.createdAt))
    for (let i = 1; i < createdAt.length; i++) assert.ok(createdAt[i - 1]! <= createdAt[i]!, `customer ${i} is older than ${i - 1}`)
    const day = 24 * 60 * 60 * 1000
    assert.ok(createdAt[0]! >= SINCE.getTime() && createdAt[0]! < SINCE.getTime() + 30 * day)
    assert.ok(createdAt.at(-1)! <= UNTIL.getTime() && createdAt.at(-1)! > UNTIL.getTime() - day)
    // A growing shop: more sign-ups in the second half of the period than in the first.
    const middle = (SINCE.getTime() + UNTIL.getTime()) / 2
    assert.ok(createdAt.filter((time) => time >= middle).length > 1.5 * createdAt.filter((time) => time < middle).length)
  })

  test('the same seed stores the same customers, with fresh ids', async (t) => {
    const seeded = async () => {
      const { store, tenant } = await openTemporaryStore(t)
      await seedCustomers(store, tenant, 300, { random: createSeededRandom(42), since: SINCE, until: UNTIL, batchSize: 128 })
      return allCustomers(store, tenant)
    }
    const first = await seeded()
    const second = await seeded()
    const withoutIds = (customers: Customer[]) => customers.map(({ id: _id, ...rest }) => rest)
    assert.deepEqual(withoutIds(second), withoutIds(first))
    assert.equal(new Set([...first, ...second].map((customer) => customer.id)).size, 600)
  })

  test('`clientele seed --seed S` gives the same customers, dates included, on every run', async (t) => {
    const seededExport = async (name: string) => {
      const databaseUrl = `sqlite:${join(temporaryDirectory(t), `${name}.sqlite`)}`
      const seeded = await runCli(['seed', '--count', '40', '--seed', '7', '--database-url', databaseUrl])
      assert.equal(seeded.code, 0, seeded.stderr)
      const exported = await runCli(['export', '--database-url', databaseUrl])
      return exported.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line))
        .filter((record) => record.type === 'customer')
        .map(({ id: _id, organizationId: _organization, ...rest }) => rest)
    }
    const first = await seededExport('first')
    assert.equal(first.length, 40)
    // Another run, another day for all it knows: the same customers, createdAt included, in the fixed year.
    assert.deepEqual(await seededExport('second'), first)
    for (const customer of first) {
      assert.ok(customer.createdAt >= '2025-01-01' && customer.createdAt < '2026-01-01', customer.createdAt)
    }
  })

  test('rejects a count or batch size that is not a positive whole number, and a period that ends before it starts', async (t) => {
    const { store, tenant } = await openTemporaryStore(t)
    await assert.rejects(seedCustomers(store, tenant, -1), RangeError)
    await assert.rejects(seedCustomers(store, tenant, 1.5), RangeError)
    await assert.rejects(seedCustomers(store, tenant, 10, { batchSize: 0 }), RangeError)
    await assert.rejects(seedCustomers(store, tenant, 10, { since: UNTIL, until: SINCE }), RangeError)
    assert.deepEqual(await allCustomers(store, tenant), [])
  })

  test('seeded customers are listed by the API newest first, each as GET returns it', async (t) => {
    const server = await startTestServer(t)
    const tenant = await server.tenantOf(server.keys.test)
    const inserted: NewCustomer[] = []
    await seedCustomers(server.store, tenant, 260, { batchSize: 100, onProgress: ({ batch }) => inserted.push(...batch) })

    const listedIds: string[] = []
    let path: string | undefined = '/v2/customers?limit=100'
    while (path) {
      const page = await call(server, server.keys.test, 'GET', path)
      assert.equal(page.status, 200, page.text)
      listedIds.push(...page.body._embedded.customers.map((customer: { id: string }) => customer.id))
      path = page.body._links.next?.href.slice(server.baseUrl.length)
    }
    assert.deepEqual(listedIds, inserted.map(({ customer }) => customer.id).reverse())
    assert.deepEqual(await customerIds(server.store, tenant), listedIds)

    const { customer } = inserted[17]!
    const fetched = await call(server, server.keys.test, 'GET', `/v2/customers/${customer.id}`)
    assert.equal(fetched.status, 200)
    const { resource, _links, ...fields } = fetched.body
    assert.equal(resource, 'customer')
    assert.equal(_links.self.href, `${server.apiUrl}/customers/${customer.id}`)
    assert.deepEqual(fields, customer)

    const other = await call(server, server.keys.otherTest, 'GET', `/v2/customers/${customer.id}`)
    assert.equal(other.status, 404, "another organization's key does not see seeded customers")
  })
})
