/**
 * `clientele seed`, `export` and `import` as processes, the way a backup or a move between databases is done:
 * after an import into a fresh database the same keys work and the API answers byte for byte the same.
 * Between SQLite and PostgreSQL in both directions when TEST_DATABASE_URL is set; SQLite to SQLite, and SQLite to
 * PGlite (PostgreSQL in-process, imported through the same record reader) and back, always.
 */
import assert from 'node:assert/strict'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { describe, test, type TestContext } from 'node:test'
import { buildApp } from '../src/app.js'
import { readRecords } from '../src/commands/transfer.js'
import { PAYMENT_STATUSES, SEQUENCE_TYPES } from '../src/domain/payment-schemas.js'
import { openStoreFromUrl } from '../src/store/open.js'
import type { Store } from '../src/store/store.js'
import { TEST_DATABASE_URL, freshPostgresSchema, openTestDatabase } from './helpers/databases.js'
import { runCli } from './helpers/process.js'
import { call, freePort, temporaryDirectory } from './helpers/server.js'

const PUBLIC_URL = 'https://customers.example'

async function databaseUrlFor(t: TestContext, kind: 'sqlite' | 'postgres', name: string): Promise<string> {
  return kind === 'sqlite' ? `sqlite:${join(temporaryDirectory(t), `${name}.sqlite`)}` : freshPostgresSchema(t)
}

/** Serves `databaseUrl` in-process with one fixed public URL, so that answers can be compared byte for byte. */
async function serveDatabase(t: TestContext, databaseUrl: string) {
  return serveStore(t, await openStoreFromUrl(databaseUrl))
}

async function serveStore(t: TestContext, store: Store) {
  const app = await buildApp({ store, publicUrl: PUBLIC_URL, credentialCacheMs: 0 })
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' })
  t.after(async () => {
    await app.close()
    await store.close()
  })
  return { baseUrl }
}

/** Every page of a list, both ways. */
async function allPages(server: { baseUrl: string }, key: string, path: string, limit: number): Promise<string[]> {
  const texts: string[] = []
  for (const sort of ['desc', 'asc']) {
    let next: string | undefined = `${path}?limit=${limit}&sort=${sort}`
    while (next) {
      const response = await call(server, key, 'GET', next)
      assert.equal(response.status, 200, response.text)
      texts.push(response.text)
      next = response.body._links.next?.href?.slice(PUBLIC_URL.length)
    }
  }
  return texts
}

/**
 * Everything a key can read: every page of customers and of payments both ways, every payment, and the newest
 * customers with their events, mandates and payments.
 */
async function everythingVisible(server: { baseUrl: string }, key: string): Promise<string[]> {
  const texts = await allPages(server, key, '/v2/customers', 97)
  const ids: string[] = JSON.parse(texts[0]!)._embedded.customers.map((customer: { id: string }) => customer.id)
  for (const id of ids.slice(0, 40)) {
    texts.push((await call(server, key, 'GET', `/v2/customers/${id}?include=events`)).text)
    const mandates = await call(server, key, 'GET', `/v2/customers/${id}/mandates`)
    texts.push(mandates.text)
    for (const mandate of mandates.body?._embedded?.mandates ?? []) {
      texts.push((await call(server, key, 'GET', `/v2/customers/${id}/mandates/${mandate.id}`)).text)
    }
    texts.push((await call(server, key, 'GET', `/v2/customers/${id}/payments?limit=2`)).text)
    texts.push((await call(server, key, 'GET', `/v2/customers/${id}/subscriptions`)).text)
  }
  for (let next: string | undefined = '/v2/subscriptions?limit=1'; next; ) {
    const response = await call(server, key, 'GET', next)
    assert.equal(response.status, 200, response.text)
    texts.push(response.text)
    next = response.body._links.next?.href?.slice(PUBLIC_URL.length)
  }
  const payments = await allPages(server, key, '/v2/payments', 4)
  texts.push(...payments)
  for (const page of payments) {
    for (const payment of JSON.parse(page)._embedded.payments) {
      texts.push((await call(server, key, 'GET', `/v2/payments/${payment.id}`)).text)
    }
  }
  return texts
}

const ORDER = {
  amount: { currency: 'EUR', value: '10.00' },
  description: 'Order #12345',
  redirectUrl: 'https://shop.example/return',
  webhookUrl: 'https://shop.example/webhook',
}

/** Every field a payment request can carry: lines, addresses, and the write-only ones the API never shows. */
const EVERY_FIELD = {
  ...ORDER,
  description: 'Ordér #1 ✓',
  cancelUrl: 'https://shop.example/cancel',
  method: ['ideal', 'creditcard'],
  locale: 'nl_NL',
  restrictPaymentMethodsToCountry: 'NL',
  metadata: { order_id: '1', tags: ['a', 'b'] },
  lines: [
    {
      type: 'physical',
      description: 'Socks',
      quantity: 2,
      quantityUnit: 'pairs',
      unitPrice: { currency: 'EUR', value: '5.00' },
      totalAmount: { currency: 'EUR', value: '10.00' },
      vatRate: '21.00',
      vatAmount: { currency: 'EUR', value: '1.74' },
      sku: 'SOCK-1',
      categories: ['gift'],
      recurring: { interval: '1 months', description: 'Monthly socks', times: 12, startDate: null },
    },
  ],
  billingAddress: { givenName: 'Jane', familyName: 'Doe', streetAndNumber: 'Keizersgracht 126', postalCode: '1015 CW', city: 'Amsterdam', country: 'NL', email: 'jane@example.org' },
  shippingAddress: { organizationName: 'Acme', city: 'Utrecht', country: 'NL' },
  issuer: 'ideal_INGBNL2A',
  company: { registrationNumber: '12345678', vatNumber: 'NL123456789B01' },
  voucherNumber: '1234',
  voucherPin: '0000',
  consumerDateOfBirth: '1990-01-31',
  extraMerchantData: { customer_account_info: [{ unique_account_identifier: 'x' }] },
  sessionId: 'session-1',
  digitalGoods: true,
  customerReference: 'REF-1',
}

/**
 * Payments of every sequence type and in every status: oneoff ones in each status (one open with several methods
 * and every field), first payments (one paid: it makes a mandate), recurring ones on that mandate, a bank transfer
 * changed (a write-only billingEmail) and canceled through the API. Answers how many payments it made.
 */
async function addPayments(server: { baseUrl: string }, key: string, customerIds: readonly string[]): Promise<number> {
  let made = 0
  const create = async (body: object, customerId?: string) => {
    const path = customerId ? `/v2/customers/${customerId}/payments` : '/v2/payments'
    const created = await call(server, key, 'POST', path, { json: body })
    assert.equal(created.status, 201, created.text)
    made++
    return created.body.id as string
  }
  const setStatus = async (id: string, body: object) => {
    const changed = await call(server, key, 'POST', `/_clientele/payments/${id}/status`, { json: body })
    assert.equal(changed.status, 200, changed.text)
    return changed.body
  }
  const [alice, bob] = customerIds
  await create(EVERY_FIELD)
  await create({ ...EVERY_FIELD, method: 'ideal' }, alice)
  for (const status of ['pending', 'paid', 'failed', 'canceled', 'expired']) await setStatus(await create(ORDER), { status })
  await setStatus(await create({ ...ORDER, method: 'creditcard', captureMode: 'manual', captureDelay: '2 days' }), { status: 'authorized' })
  const transfer = await create({ ...ORDER, method: 'banktransfer', dueDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) })
  assert.equal((await call(server, key, 'PATCH', `/v2/payments/${transfer}`, { json: { billingEmail: 'pay@example.org', issuer: null } })).status, 200)
  assert.equal((await call(server, key, 'DELETE', `/v2/payments/${transfer}`)).status, 200)

  const first = await setStatus(await create({ ...ORDER, sequenceType: 'first', method: 'creditcard' }, bob), { status: 'paid' })
  assert.ok(first.mandateId, 'a paid first payment makes a mandate')
  await setStatus(await create({ ...ORDER, sequenceType: 'first' }, alice), { status: 'failed', method: 'ideal' })
  await create({ ...ORDER, sequenceType: 'first', customerId: alice })
  const recurring = { amount: { currency: 'EUR', value: '25.00' }, description: 'Monthly', sequenceType: 'recurring' }
  await create(recurring, bob)
  await setStatus(await create({ ...recurring, mandateId: first.mandateId }, bob), { status: 'paid' })
  await setStatus(await create(recurring, bob), { status: 'failed' })
  return made
}

async function roundTrip(t: TestContext, from: 'sqlite' | 'postgres', to: 'sqlite' | 'postgres') {
  const source = await databaseUrlFor(t, from, 'source')
  const target = await databaseUrlFor(t, to, 'target')

  const key = (await runCli(['keys', 'create', '--organization', 'acme', '--mode', 'test', '--database-url', source])).stdout.trim()
  const otherKey = (await runCli(['keys', 'create', '--organization', 'other', '--mode', 'live', '--database-url', source])).stdout.trim()
  const seeded = await runCli(['seed', '--count', '1500', '--organization', 'acme', '--seed', '7', '--database-url', source])
  assert.equal(seeded.code, 0, seeded.stderr)
  assert.match(seeded.stderr, /Seeded 1,500 test customers into 'acme'/)
  await runCli(['seed', '--count', '30', '--mode', 'live', '--organization', 'other', '--database-url', source])

  // History and tombstones too: updates, and deletes that stay valid cursors.
  const before = await serveDatabase(t, source)
  const { body: page } = await call(before, key, 'GET', '/v2/customers?limit=5')
  await call(before, key, 'PATCH', `/v2/customers/${page._embedded.customers[0].id}`, { json: { name: 'Renamed', locale: null } })
  // Mandates: live ones, a revoked one, and one revoked with its deleted customer.
  const mandate = { method: 'directdebit', consumerName: 'M', consumerAccount: 'NL55INGB0000000000' }
  const [first, second, third] = page._embedded.customers.map((customer: { id: string }) => `/v2/customers/${customer.id}/mandates`)
  for (const path of [first, third, third, second]) assert.equal((await call(before, key, 'POST', path, { json: mandate })).status, 201)
  const revoked = (await call(before, key, 'GET', third)).body._embedded.mandates[0].id
  assert.equal((await call(before, key, 'DELETE', `${third}/${revoked}`)).status, 204)
  await call(before, key, 'DELETE', `/v2/customers/${page._embedded.customers[1].id}`)
  // Payments: every sequence type in every status, and live ones in the other organization (where a recurring
  // payment is paid at creation).
  let payments = await addPayments(before, key, [page._embedded.customers[3].id, page._embedded.customers[4].id])
  const liveCustomer = (await call(before, otherKey, 'GET', '/v2/customers?limit=1')).body._embedded.customers[0].id
  assert.equal((await call(before, otherKey, 'POST', `/v2/customers/${liveCustomer}/mandates`, { json: mandate })).status, 201)
  const live = await call(before, otherKey, 'POST', `/v2/customers/${liveCustomer}/payments`, {
    json: { amount: { currency: 'EUR', value: '25.00' }, description: 'Live', sequenceType: 'recurring' },
  })
  assert.equal(live.body.status, 'paid', live.text)
  assert.equal((await call(before, otherKey, 'POST', '/v2/payments', { json: ORDER })).status, 201)
  payments += 2
  // Subscriptions: an active one and a canceled one, on the mandate of bob's paid first payment.
  const bob = page._embedded.customers[4].id
  const subscriptionBody = { amount: { currency: 'EUR', value: '9.99' }, interval: '2 weeks', times: 6, description: 'Fortnightly', metadata: { plan: 'x' } }
  assert.equal((await call(before, key, 'POST', `/v2/customers/${bob}/subscriptions`, { json: subscriptionBody })).status, 201)
  const canceled = (await call(before, key, 'POST', `/v2/customers/${bob}/subscriptions`, { json: { ...subscriptionBody, description: 'Gone' } })).body.id
  assert.equal((await call(before, key, 'DELETE', `/v2/customers/${bob}/subscriptions/${canceled}`)).status, 200)
  const expected = await everythingVisible(before, key)
  const expectedOther = await everythingVisible(before, otherKey)
  // What the API never shows, it still acts on: the methods a checkout offers.
  const [severalMethods] = (await call(before, key, 'GET', '/v2/payments?sort=asc&limit=1')).body._embedded.payments
  const offers = await call(before, key, 'POST', `/_clientele/payments/${severalMethods.id}/status`, { json: { status: 'paid', method: 'paypal' } })
  assert.equal(offers.status, 422)
  assert.match(offers.body.detail, /offers ideal, creditcard, not paypal/)

  const counts = `2 organizations, 2 keys, 1,530 customers, 6 mandates, 2 subscriptions, ${payments} payments, [\\d,]+ events`
  const exported = await runCli(['export', '--database-url', source])
  assert.equal(exported.code, 0, exported.stderr)
  assert.match(exported.stderr, new RegExp(`Exported ${counts}`))
  const paymentRecords = exported.stdout.split('\n').filter((line) => line.startsWith('{"type":"payment"')).map((line) => JSON.parse(line))
  assert.deepEqual(new Set(paymentRecords.map((record) => record.status)), new Set(PAYMENT_STATUSES))
  assert.deepEqual(new Set(paymentRecords.map((record) => record.sequenceType)), new Set(SEQUENCE_TYPES))
  assert.ok(paymentRecords.some((record) => record.methods?.length === 2 && record.writeOnly.customerReference === 'REF-1'))
  assert.ok(paymentRecords.some((record) => record.writeOnly.billingEmail === 'pay@example.org' && record.writeOnly.issuer === null))
  const imported = await runCli(['import', '--database-url', target], {}, exported.stdout)
  assert.equal(imported.code, 0, imported.stderr)
  assert.equal(imported.stderr.replace('Imported', 'Exported'), exported.stderr)

  const after = await serveDatabase(t, target)
  await assertSameCopy(after, { key, otherKey, expected, expectedOther, offers: offers.text, severalMethods: severalMethods.id })
  // A cursor that is a deleted customer still works on the copy.
  const tombstone = page._embedded.customers[1].id
  assert.equal((await call(after, key, 'GET', `/v2/customers?from=${tombstone}&limit=3`)).status, 200)
  // A revoked mandate is gone on the copy too, and still a cursor.
  assert.equal((await call(after, key, 'GET', `${third}/${revoked}`)).status, 410)
  assert.equal((await call(after, key, 'GET', `${third}?from=${revoked}`)).status, 200)

  const reExported = await runCli(['export', '--database-url', target])
  assert.equal(withoutHeader(reExported.stdout), withoutHeader(exported.stdout), 'an export of the copy is the same export')
  return { exported: exported.stdout, key, otherKey, expected, expectedOther, offers: offers.text, severalMethods: severalMethods.id }
}

const withoutHeader = (text: string) => text.split('\n').slice(1).join('\n')

interface Expected {
  key: string
  otherKey: string
  expected: string[]
  expectedOther: string[]
  /** The status helper's 422 for a method the several-methods payment does not offer. */
  offers: string
  severalMethods: string
}

/** The copy answers both organizations' keys byte for byte as the original did. */
async function assertSameCopy(copy: { baseUrl: string }, expected: Expected): Promise<void> {
  assert.deepEqual(await everythingVisible(copy, expected.key), expected.expected)
  assert.deepEqual(await everythingVisible(copy, expected.otherKey), expected.expectedOther)
  const offers = await call(copy, expected.key, 'POST', `/_clientele/payments/${expected.severalMethods}/status`, {
    json: { status: 'paid', method: 'paypal' },
  })
  assert.equal(offers.text, expected.offers, 'the methods a checkout offers survive, though never on the wire')
}

/** Imports an export's text into a store in-process, through the same record reader as `clientele import`. */
async function importInto(store: Store, text: string) {
  return store.transfer.import(readRecords(Readable.from([text])))
}

/** A store's export as `clientele export` writes it. */
async function exportOf(store: Store): Promise<string> {
  let text = ''
  for await (const record of store.transfer.export()) text += `${JSON.stringify(record)}\n`
  return text
}

/** A record's line with its `metadata` replaced by `json`, as written (seeded metadata nests, so no regex will do). */
function withMetadata(line: string, json: string): string {
  return JSON.stringify({ ...JSON.parse(line), metadata: '\u0000metadata' }).replace('"\\u0000metadata"', json)
}

/**
 * `input` is refused with `message` and nothing is imported: a new file in a new folder is not left behind, and
 * (unless `intoExisting` is false) a database that exists stays as it was (empty).
 */
async function assertRefused(t: TestContext, name: string, input: string[], message: RegExp, intoExisting = true): Promise<void> {
  const folder = join(temporaryDirectory(t), 'new-folder')
  const file = join(folder, `target-${name.replace(/\W+/g, '-')}.sqlite`)
  const result = await runCli(['import', '--database-url', `sqlite:${file}`], {}, `${input.join('\n')}\n`)
  assert.equal(result.code, 1, name)
  assert.match(result.stderr, message, name)
  assert.match(result.stderr, /Nothing was imported/, name)
  assert.ok(!existsSync(folder), `${name}: no database file (nor its folder) is left behind`)
  if (!intoExisting) return
  const existing = await databaseUrlFor(t, 'sqlite', `existing-${name.replace(/\W+/g, '-')}`)
  assert.equal((await runCli(['keys', 'list', '--database-url', existing])).code, 0)
  const refused = await runCli(['import', '--database-url', existing], {}, `${input.join('\n')}\n`)
  assert.equal(refused.code, 1, name)
  const empty = await runCli(['export', '--database-url', existing])
  assert.equal(empty.stdout.trim().split('\n').length, 1, `${name}: only the header: nothing was written`)
}

describe('seed, export and import', () => {
  test('SQLite to SQLite, then to PGlite and back: the copies answer byte for byte the same to the same keys', async (t) => {
    const original = await roundTrip(t, 'sqlite', 'sqlite')
    // PGlite lives in-process: the export goes in through the same record reader as `clientele import`.
    const { store } = await openTestDatabase(t, 'pglite')
    const summary = await importInto(store, original.exported)
    assert.equal(summary.payments, original.exported.split('\n').filter((line) => line.startsWith('{"type":"payment"')).length)
    const onPglite = await exportOf(store)
    assert.equal(withoutHeader(onPglite), withoutHeader(original.exported), 'PGlite exports what it imported')
    await assertSameCopy(await serveStore(t, store), original)

    const back = await databaseUrlFor(t, 'sqlite', 'back')
    const imported = await runCli(['import', '--database-url', back], {}, onPglite)
    assert.equal(imported.code, 0, imported.stderr)
    await assertSameCopy(await serveDatabase(t, back), original)
  })

  test('SQLite to PostgreSQL', { skip: TEST_DATABASE_URL ? false : 'TEST_DATABASE_URL is not set' }, async (t) => {
    await roundTrip(t, 'sqlite', 'postgres')
  })

  test('PostgreSQL to SQLite', { skip: TEST_DATABASE_URL ? false : 'TEST_DATABASE_URL is not set' }, async (t) => {
    await roundTrip(t, 'postgres', 'sqlite')
  })

  test('export --organization exports that organization only', async (t) => {
    const source = await databaseUrlFor(t, 'sqlite', 'source')
    await runCli(['seed', '--count', '20', '--organization', 'acme', '--database-url', source])
    await runCli(['seed', '--count', '10', '--organization', 'other', '--database-url', source])
    const exported = await runCli(['export', '--organization', 'other', '--database-url', source])
    const records = exported.stdout.trim().split('\n').map((line) => JSON.parse(line))
    assert.deepEqual(
      records.filter((record) => record.type === 'organization').map((record) => record.name),
      ['other'],
    )
    assert.equal(records.filter((record) => record.type === 'customer').length, 10)
    const missing = await runCli(['export', '--organization', 'nobody', '--database-url', source])
    assert.equal(missing.code, 1)
    assert.match(missing.stderr, /there is no organization named 'nobody'/)
  })

  test('a bad line stops the import with its line number and nothing is imported', async (t) => {
    const source = await databaseUrlFor(t, 'sqlite', 'source')
    await runCli(['seed', '--count', '700', '--database-url', source])
    const lines = (await runCli(['export', '--database-url', source])).stdout.trim().split('\n')

    const cases: Array<[string, string[], RegExp]> = [
      ['broken JSON', [...lines.slice(0, 650), '{"type":"customer",', ...lines.slice(650)], /line 651: not valid JSON/],
      [
        'a customer with an invalid field',
        [...lines.slice(0, 600), lines[600]!.replace('"mode":"test"', '"mode":"staging"'), ...lines.slice(601)],
        /line 601: not a valid customer record at \/mode/,
      ],
      [
        'a customer whose email the API would refuse',
        [...lines.slice(0, 600), lines[600]!.replace(/"email":(null|"[^"]*")/, '"email":"jörg@beispiel.de"'), ...lines.slice(601)],
        /line 601: customer cst_\w+: The 'email' field must be a valid email address/,
      ],
      [
        'a customer whose metadata the API would refuse',
        [...lines.slice(0, 600), withMetadata(lines[600]!, '{"__proto__":{"isAdmin":true}}'), ...lines.slice(601)],
        // The record's own schema carries the metadata rules: refused as a record.
        /line 601: not a valid customer record at \/metadata/,
      ],
      ['no header', lines.slice(1), /line 1: the first line must be the clientele-export header/],
      ['an unknown record type', [...lines, '{"type":"refund"}'], new RegExp(`line ${lines.length + 1}: not a record of the clientele export format \\(type "refund"\\)`)],
      ['an event of an unknown customer', [...lines, lines.at(-1)!.replace(/"customerId":"cst_\w+"/, '"customerId":"cst_0000000000"')], new RegExp(`line ${lines.length + 1}: event of customer cst_0000000000`)],
    ]
    for (const [name, input, message] of cases) await assertRefused(t, name, input, message)

    // Importing the same export twice: the second is refused at the first record that exists already.
    const target = await databaseUrlFor(t, 'sqlite', 'target-twice')
    const input = `${lines.join('\n')}\n`
    assert.equal((await runCli(['import', '--database-url', target], {}, input)).code, 0)
    const again = await runCli(['import', '--database-url', target], {}, input)
    assert.equal(again.code, 1)
    assert.match(again.stderr, /line 2: organization org_\w+ already exists in this database/)
  })

  test('a payment whose customer or mandate is in neither the import nor the database, or that the API would refuse, stops the import at its line', async (t) => {
    const source = await databaseUrlFor(t, 'sqlite', 'source')
    const key = (await runCli(['keys', 'create', '--organization', 'acme', '--mode', 'test', '--database-url', source])).stdout.trim()
    const server = await serveDatabase(t, source)
    const customerIds: string[] = []
    for (const name of ['Alice', 'Bob', 'Carol']) customerIds.push((await call(server, key, 'POST', '/v2/customers', { json: { name } })).body.id)
    await addPayments(server, key, customerIds)
    const carols = (await call(server, key, 'POST', `/v2/customers/${customerIds[2]}/mandates`, {
      json: { method: 'directdebit', consumerName: 'Carol', consumerAccount: 'NL55INGB0000000000' },
    })).body.id
    const exported = (await runCli(['export', '--database-url', source])).stdout
    const lines = exported.trim().split('\n')

    const index = (predicate: (line: string) => boolean) => {
      const found = lines.findIndex(predicate)
      assert.ok(found > 0)
      return found
    }
    const isPayment = (line: string) => line.startsWith('{"type":"payment"')
    const recurring = index((line) => isPayment(line) && line.includes('"sequenceType":"recurring"'))
    const oneoff = index((line) => isPayment(line) && line.includes('"customerId":null') && line.includes('"status":"paid"'))
    const firstEvent = index((line) => line.startsWith('{"type":"event"'))
    const changed = (at: number, from: RegExp | string, to: string) => {
      const line = lines[at]!.replace(from, to)
      assert.notEqual(line, lines[at], `the replacement of ${from} changed line ${at + 1}`)
      return lines.map((each, i) => (i === at ? line : each))
    }
    const paymentAt = (at: number) => `line ${at + 1}: payment ${JSON.parse(lines[at]!).id}`

    const cases: Array<[string, string[], string]> = [
      [
        'a customer in neither',
        changed(recurring, /"customerId":"cst_\w+"/, '"customerId":"cst_0000000000"'),
        `${paymentAt(recurring)} of customer cst_0000000000, which is neither in this import nor in the database`,
      ],
      [
        'a mandate in neither',
        changed(recurring, /"mandateId":"mdt_\w+"/, '"mandateId":"mdt_0000000000"'),
        `${paymentAt(recurring)} on mandate mdt_0000000000, which is neither in this import nor in the database`,
      ],
      [
        "another customer's mandate",
        changed(recurring, /"mandateId":"mdt_\w+"/, `"mandateId":"${carols}"`),
        `${paymentAt(recurring)} is on mandate ${carols}, which is not its customer`,
      ],
      [
        'a mandate without a customer',
        changed(oneoff, '"mandateId":null', `"mandateId":"${carols}"`),
        `${paymentAt(oneoff)} names mandate ${carols} but no customer`,
      ],
      [
        'another mode than its customer',
        changed(recurring, '"mode":"test"', '"mode":"live"'),
        `${paymentAt(recurring)} is not in the organization and mode of its customer`,
      ],
      ['another profile', changed(oneoff, /"profileId":"pfl_\w+"/, '"profileId":"pfl_0000000000"'), `${paymentAt(oneoff)} has profile pfl_0000000000`],
      [
        'an amount the API would refuse',
        changed(oneoff, '"value":"10.00"', '"value":"10.0"'),
        `${paymentAt(oneoff)}: The amount contains an invalid value: EUR amounts have 2 decimals`,
      ],
      ['a webhook the API would refuse', changed(oneoff, /"webhookUrl":"[^"]+"/, '"webhookUrl":"ftp://shop.example/hook"'), `${paymentAt(oneoff)}: The 'webhookUrl' field must be an http:// or https:// URL`],
      ['a status there is not', changed(oneoff, '"status":"paid"', '"status":"refunded"'), `line ${oneoff + 1}: not a valid payment record at /status`],
      ['a write-only field there is not', changed(oneoff, '"writeOnly":{}', '"writeOnly":{"secret":1}'), `line ${oneoff + 1}: not a valid payment record at /writeOnly`],
      ['a description longer than kept', changed(oneoff, '"description":"Order #12345"', `"description":"${'x'.repeat(256)}"`), `line ${oneoff + 1}: not a valid payment record at /description`],
      [
        'a payment after the events',
        [...lines.slice(0, oneoff), ...lines.slice(oneoff + 1), lines[oneoff]!],
        `line ${lines.length}: a payment record cannot come after events`,
      ],
      ['the same payment twice', [...lines.slice(0, firstEvent), lines[oneoff]!, ...lines.slice(firstEvent)], `line ${firstEvent + 1}: payment ${JSON.parse(lines[oneoff]!).id} appears twice`],
    ]
    // Into an existing database once (the customers and mandates before the fault are written, then rolled back).
    for (const [position, [name, input, message]] of cases.entries()) {
      await assertRefused(t, name, input, new RegExp(message.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')), position === 0)
    }

    // Payments whose customers and mandates are in the database already: imported, and the same export again.
    const target = await databaseUrlFor(t, 'sqlite', 'target')
    const withoutPayments = lines.filter((line) => !isPayment(line))
    assert.equal((await runCli(['import', '--database-url', target], {}, `${withoutPayments.join('\n')}\n`)).code, 0)
    const paymentsAlone = `${[lines[0], ...lines.filter(isPayment)].join('\n')}\n`
    // They add to an organization the import did not create: only with --merge.
    const unmerged = await runCli(['import', '--database-url', target], {}, paymentsAlone)
    assert.equal(unmerged.code, 1)
    assert.match(unmerged.stderr, /line 2: payment tr_\w+ would be added to organization org_\w+, which already exists in this database: an import adds only to the organizations it creates \(pass --merge/)
    const onlyPayments = await runCli(['import', '--merge', '--database-url', target], {}, paymentsAlone)
    assert.equal(onlyPayments.code, 0, onlyPayments.stderr)
    assert.match(onlyPayments.stderr, /Imported 0 organizations, 0 keys, 0 customers, 0 mandates, 0 subscriptions, 1[0-9] payments, 0 events/)
    assert.equal(withoutHeader((await runCli(['export', '--database-url', target])).stdout), withoutHeader(exported))
  })

  test('an import adds only to the organizations it creates, unless --merge; a line over 1 MiB is refused unparsed', async (t) => {
    const source = await databaseUrlFor(t, 'sqlite', 'source')
    await runCli(['keys', 'create', '--organization', 'acme', '--mode', 'test', '--database-url', source])
    await runCli(['seed', '--count', '3', '--organization', 'acme', '--database-url', source])
    const lines = (await runCli(['export', '--database-url', source])).stdout.trim().split('\n')
    const target = await databaseUrlFor(t, 'sqlite', 'target')
    assert.equal((await runCli(['import', '--database-url', target], {}, `${lines.join('\n')}\n`)).code, 0)
    const [header, organizationLine] = lines
    const organizationId = JSON.parse(organizationLine!).id
    const ofType = (type: string) => JSON.parse(lines.find((line) => JSON.parse(line).type === type)!)
    const credential = { ...ofType('credential'), id: 'key_abcdefghijkl', keyHash: 'ab'.repeat(32) }
    const customer = ofType('customer')
    const newCustomer = { ...customer, id: `${customer.id.slice(0, -3)}zzz` }
    const event = ofType('event')
    const attempts: Array<[string, object, RegExp]> = [
      ['a key for an existing organization', credential, new RegExp(`line 2: credential key_abcdefghijkl would be added to organization ${organizationId}, which already exists`)],
      ['a customer for an existing organization', newCustomer, new RegExp(`line 2: customer ${newCustomer.id} would be added to organization ${organizationId}`)],
      ['an event for an existing customer', event, new RegExp(`line 2: an event would be added to customer ${event.customerId}, which already exists`)],
    ]
    for (const [name, record, message] of attempts) {
      const refused = await runCli(['import', '--database-url', target], {}, `${header}\n${JSON.stringify(record)}\n`)
      assert.equal(refused.code, 1, name)
      assert.match(refused.stderr, message, name)
      assert.match(refused.stderr, /pass --merge to add to existing ones.*Nothing was imported/, name)
    }
    const before = (await runCli(['export', '--database-url', target])).stdout.split('\n').length
    assert.equal(before, lines.length + 1, 'nothing was added')
    // With --merge, the same customer is added.
    const merged = await runCli(['import', '--merge', '--database-url', target], {}, `${header}\n${JSON.stringify(newCustomer)}\n`)
    assert.equal(merged.code, 0, merged.stderr)
    assert.match(merged.stderr, /Imported 0 organizations, 0 keys, 1 customer/)

    // Ids in a shape the API never makes (nor can name in a path) are refused, as the API would.
    const longId = await runCli(['import', '--merge', '--database-url', target], {}, `${header}\n${JSON.stringify({ ...newCustomer, id: `cst_${'a'.repeat(40)}` })}\n`)
    assert.equal(longId.code, 1)
    assert.match(longId.stderr, /line 2: not a valid customer record: id "cst_a+" is not an id the API makes/)

    // A line over 1 MiB is refused with its line number, before it is parsed (or held whole).
    const huge = `${header}\n{"type":"customer","name":"${'x'.repeat(2 * 1024 * 1024)}"}\n`
    const tooLong = await runCli(['import', '--database-url', target], {}, huge)
    assert.equal(tooLong.code, 1)
    assert.match(tooLong.stderr, /import refused at line 2: the line is longer than 1 MiB \(1048576 bytes\)/)
  })

  test('wrong usage exits 2; an unreachable database exits 1', async (t) => {
    for (const args of [['seed'], ['seed', '--count', 'many'], ['seed', '--count', '5', '--mode', 'staging'], ['export', 'extra'], ['import', '--bogus']]) {
      const result = await runCli(args)
      assert.equal(result.code, 2, args.join(' '))
    }
    const closedPort = await freePort()
    const unreachable = await runCli(['export', '--database-url', `postgres://postgres@127.0.0.1:${closedPort}/x`])
    assert.equal(unreachable.code, 1)
    assert.match(unreachable.stderr, /cannot open the database postgres:\/\/postgres@127\.0\.0\.1:\d+\/x: .*ECONNREFUSED/)
    const directory = temporaryDirectory(t)
    writeFileSync(join(directory, 'not-a-database.sqlite'), 'this is not SQLite')
    const corrupt = await runCli(['import', '--database-url', `sqlite:${join(directory, 'not-a-database.sqlite')}`], {}, '')
    assert.equal(corrupt.code, 1)
    assert.match(corrupt.stderr, /cannot open the database/)
  })
})
