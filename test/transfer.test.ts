/**
 * `clientele seed`, `export` and `import` as processes, the way a backup or a move between databases is done:
 * after an import into a fresh database the same keys work and the API answers byte for byte the same.
 * Between SQLite and PostgreSQL in both directions when TEST_DATABASE_URL is set; SQLite to SQLite always.
 */
import assert from 'node:assert/strict'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, test, type TestContext } from 'node:test'
import { buildApp } from '../src/app.js'
import { openStoreFromUrl } from '../src/store/open.js'
import { TEST_DATABASE_URL, freshPostgresSchema } from './helpers/databases.js'
import { runCli } from './helpers/process.js'
import { call, freePort, temporaryDirectory } from './helpers/server.js'

const PUBLIC_URL = 'https://customers.example'

async function databaseUrlFor(t: TestContext, kind: 'sqlite' | 'postgres', name: string): Promise<string> {
  return kind === 'sqlite' ? `sqlite:${join(temporaryDirectory(t), `${name}.sqlite`)}` : freshPostgresSchema(t)
}

/** Serves `databaseUrl` in-process with one fixed public URL, so that answers can be compared byte for byte. */
async function serveDatabase(t: TestContext, databaseUrl: string) {
  const store = await openStoreFromUrl(databaseUrl)
  const port = await freePort()
  const app = await buildApp({ store, publicUrl: PUBLIC_URL, credentialCacheMs: 0 })
  await app.listen({ port, host: '127.0.0.1' })
  t.after(async () => {
    await app.close()
    await store.close()
  })
  return { baseUrl: `http://127.0.0.1:${port}` }
}

/** Everything a key can read: every page both ways, and every customer with its events. */
async function everythingVisible(server: { baseUrl: string }, key: string): Promise<string[]> {
  const texts: string[] = []
  for (const sort of ['desc', 'asc']) {
    let path: string | undefined = `/v2/customers?limit=97&sort=${sort}`
    while (path) {
      const response = await call(server, key, 'GET', path)
      assert.equal(response.status, 200, response.text)
      texts.push(response.text)
      const next: string | undefined = response.body._links.next?.href
      path = next?.slice(PUBLIC_URL.length)
    }
  }
  const ids: string[] = JSON.parse(texts[0]!)._embedded.customers.map((customer: { id: string }) => customer.id)
  for (const id of ids.slice(0, 40)) {
    texts.push((await call(server, key, 'GET', `/v2/customers/${id}?include=events`)).text)
    const mandates = await call(server, key, 'GET', `/v2/customers/${id}/mandates`)
    texts.push(mandates.text)
    for (const mandate of mandates.body?._embedded?.mandates ?? []) {
      texts.push((await call(server, key, 'GET', `/v2/customers/${id}/mandates/${mandate.id}`)).text)
    }
  }
  return texts
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
  const expected = await everythingVisible(before, key)
  const expectedOther = await everythingVisible(before, otherKey)

  const exported = await runCli(['export', '--database-url', source])
  assert.equal(exported.code, 0, exported.stderr)
  assert.match(exported.stderr, /Exported 2 organizations, 2 keys, 1,?530 customers, 4 mandates, 1,?53\d events/)
  const imported = await runCli(['import', '--database-url', target], {}, exported.stdout)
  assert.equal(imported.code, 0, imported.stderr)
  assert.match(imported.stderr, /Imported 2 organizations, 2 keys, 1,530 customers, 4 mandates, 1,53\d events/)

  const after = await serveDatabase(t, target)
  assert.deepEqual(await everythingVisible(after, key), expected)
  assert.deepEqual(await everythingVisible(after, otherKey), expectedOther)
  // A cursor that is a deleted customer still works on the copy.
  const tombstone = page._embedded.customers[1].id
  assert.equal((await call(after, key, 'GET', `/v2/customers?from=${tombstone}&limit=3`)).status, 200)
  // A revoked mandate is gone on the copy too, and still a cursor.
  assert.equal((await call(after, key, 'GET', `${third}/${revoked}`)).status, 410)
  assert.equal((await call(after, key, 'GET', `${third}?from=${revoked}`)).status, 200)

  const reExported = await runCli(['export', '--database-url', target])
  const withoutHeader = (text: string) => text.split('\n').slice(1).join('\n')
  assert.equal(withoutHeader(reExported.stdout), withoutHeader(exported.stdout), 'an export of the copy is the same export')
}

describe('seed, export and import', () => {
  test('SQLite to SQLite: the copy answers byte for byte the same to the same keys', async (t) => {
    await roundTrip(t, 'sqlite', 'sqlite')
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
        [...lines.slice(0, 600), lines[600]!.replace(/"metadata":(null|"[^"]*"|\{[^}]*\}|\[[^\]]*\])/, '"metadata":{"__proto__":{"isAdmin":true}}'), ...lines.slice(601)],
        // The record's own schema carries the metadata rules: refused as a record.
        /line 601: not a valid customer record at \/metadata/,
      ],
      ['no header', lines.slice(1), /line 1: the first line must be the clientele-export header/],
      ['an unknown record type', [...lines, '{"type":"payment"}'], new RegExp(`line ${lines.length + 1}: not a record of the clientele export format \\(type "payment"\\)`)],
      ['an event of an unknown customer', [...lines, lines.at(-1)!.replace(/"customerId":"cst_\w+"/, '"customerId":"cst_0000000000"')], new RegExp(`line ${lines.length + 1}: event of customer cst_0000000000`)],
    ]
    for (const [name, input, message] of cases) {
      // A new file in a new folder: a refused import leaves neither behind.
      const folder = join(temporaryDirectory(t), 'new-folder')
      const file = join(folder, `target-${name.replace(/\W+/g, '-')}.sqlite`)
      const result = await runCli(['import', '--database-url', `sqlite:${file}`], {}, `${input.join('\n')}\n`)
      assert.equal(result.code, 1, name)
      assert.match(result.stderr, message, name)
      assert.match(result.stderr, /Nothing was imported/, name)
      assert.ok(!existsSync(folder), `${name}: no database file (nor its folder) is left behind`)
      // Into a database that exists, it stays, with nothing written to it.
      const existing = await databaseUrlFor(t, 'sqlite', `existing-${name.replace(/\W+/g, '-')}`)
      assert.equal((await runCli(['keys', 'list', '--database-url', existing])).code, 0)
      const refused = await runCli(['import', '--database-url', existing], {}, `${input.join('\n')}\n`)
      assert.equal(refused.code, 1, name)
      const empty = await runCli(['export', '--database-url', existing])
      assert.equal(empty.stdout.trim().split('\n').length, 1, `${name}: only the header: nothing was written`)
    }

    // Importing the same export twice: the second is refused at the first record that exists already.
    const target = await databaseUrlFor(t, 'sqlite', 'target-twice')
    const input = `${lines.join('\n')}\n`
    assert.equal((await runCli(['import', '--database-url', target], {}, input)).code, 0)
    const again = await runCli(['import', '--database-url', target], {}, input)
    assert.equal(again.code, 1)
    assert.match(again.stderr, /line 2: organization org_\w+ already exists in this database/)
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
