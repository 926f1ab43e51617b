/**
 * The CLI's edges, as processes: usage errors name the one thing that is wrong and where to read more (never the
 * whole help), flags are blamed as flags, counts are English, and `keys` says what it did or why it did not.
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { runCli, spawnServer } from './helpers/process.js'
import { call, temporaryDirectory } from './helpers/server.js'

/** Only what a usage error may say: the fault, the command's usage, where to read more. */
function assertUsageError(result: { code: number | null; stderr: string; stdout: string }, lines: RegExp[]): void {
  assert.equal(result.code, 2, result.stderr)
  assert.equal(result.stdout, '')
  const printed = result.stderr.trimEnd().split('\n')
  assert.equal(printed.length, lines.length, result.stderr)
  lines.forEach((line, index) => assert.match(printed[index]!, line))
  assert.doesNotMatch(result.stderr, /Every command takes/, 'not the whole help')
}

describe('the CLI', () => {
  test('serve --help gives every flag its own column, however long', async () => {
    const result = await runCli(['serve', '--help'])
    assert.equal(result.code, 0)
    const rows = result.stdout.split('\n').filter((line) => line.startsWith('  --'))
    assert.ok(rows.length >= 16, result.stdout)
    const columns = rows.map((row) => /^ {2}(--[\w-]+ <value>) {2,}([A-Z_]+) {2,}\S/.exec(row))
    assert.ok(columns.every(Boolean), result.stdout)
    // The variables start in one column.
    assert.equal(new Set(rows.map((row, index) => row.indexOf(columns[index]![2]!))).size, 1)
  })

  test("a usage error prints the wrong thing and where to read more, for serve its own usage", async () => {
    assertUsageError(await runCli(['serve', '--bogus']), [
      /^clientele serve: unknown option '--bogus'\.$/,
      /^Usage: clientele serve \[options\]$/,
      /^See: clientele serve --help$/,
    ])
    assertUsageError(await runCli(['keys', 'create', '--mode', 'test']), [
      /^clientele keys create: --organization NAME is required\.$/,
      /^Usage: clientele keys create --organization NAME --mode test\|live$/,
      /^ {7}clientele keys create --organization NAME --access-token$/,
      /^See: clientele keys create --help$/,
    ])
    assertUsageError(await runCli(['nonsense']), [/^clientele: unknown command 'nonsense'\.$/, /^See: clientele --help$/])
    assertUsageError(await runCli(['keys', 'frobnicate']), [
      /^clientele: unknown keys command 'frobnicate': use create, list or revoke\.$/,
      /^See: clientele --help$/,
    ])
    assertUsageError(await runCli(['seed', '--count']), [/^clientele seed: --count needs a value\.$/, /^Usage: /, /^See: /])
    assertUsageError(await runCli(['export', 'extra']), [/^clientele export: unexpected argument 'extra'\.$/, /^Usage: /, /^See: /])

    // And where it points tells more.
    const help = await runCli(['keys', 'create', '--help'])
    assert.equal(help.code, 0)
    assert.match(help.stdout, /^Usage:\n {2}clientele keys create --organization NAME --mode test\|live\n/)
  })

  test('a bad flag value blames the flag, not the variable it stands in for', async () => {
    assertUsageError(await runCli(['serve', '--port', '99999']), [
      /^clientele serve: --port "99999" is invalid: it must be a port number from 0 to 65535\.$/,
      /^Usage: /,
      /^See: clientele serve --help$/,
    ])
    const env = await runCli(['serve'], { PORT: '99999' })
    assert.equal(env.code, 1)
    assert.match(env.stderr, /PORT is invalid: it must be a port number from 0 to 65535/)
  })

  test('serve --port 0 listens on a free port and says which: the banner and the links carry it', async (t) => {
    const key = 'test_portzeroPORTZEROportzero123456'
    const server = await spawnServer(t, { CLIENTELE_TEST_KEY: key }, ['serve', '--port', '0', '--host', '127.0.0.1', '--database-url', 'sqlite::memory:'])
    assert.notEqual(server.port, 0)
    assert.match(server.output(), new RegExp(`API base URL +http://127\\.0\\.0\\.1:${server.port}/v2\n`))
    const created = await call(server, key, 'POST', '/v2/customers', { json: { name: 'Any port' } })
    assert.equal(created.status, 201, created.text)
    assert.equal(created.body._links.self.href, `${server.baseUrl}/v2/customers/${created.body.id}`)
    assert.equal(await server.stop(), 0)
  })

  test('--count -5 is read as a count, and refused as one', async () => {
    assertUsageError(await runCli(['seed', '--count', '-5']), [
      /^clientele seed: --count must be a whole number from 1 to 100,000,000 \(not -5\)\.$/,
      /^Usage: clientele seed --count N/,
      /^See: clientele seed --help$/,
    ])
  })

  test('counts are English: 1 organization, 2 keys', async (t) => {
    const databaseUrl = `sqlite:${join(temporaryDirectory(t), 'one.sqlite')}`
    assert.equal((await runCli(['keys', 'create', '--organization', 'solo', '--mode', 'test', '--database-url', databaseUrl])).code, 0)
    const seeded = await runCli(['seed', '--count', '1', '--organization', 'solo', '--database-url', databaseUrl])
    assert.match(seeded.stderr, /Seeded 1 test customer into 'solo'/)
    const exported = await runCli(['export', '--database-url', databaseUrl])
    assert.match(exported.stderr, /^Exported 1 organization, 1 key, 1 customer, 0 mandates, 0 subscriptions, 0 payments, 1 event\.$/m)
    const target = `sqlite:${join(temporaryDirectory(t), 'copy.sqlite')}`
    const imported = await runCli(['import', '--database-url', target], {}, exported.stdout)
    assert.match(imported.stderr, /^Imported 1 organization, 1 key, 1 customer, 0 mandates, 0 subscriptions, 0 payments, 1 event\.$/m)
  })

  test('keys list of an unknown organization is an error that names the real ones', async (t) => {
    const databaseUrl = `sqlite:${join(temporaryDirectory(t), 'keys.sqlite')}`
    await runCli(['keys', 'create', '--organization', 'acme', '--mode', 'test', '--database-url', databaseUrl])
    await runCli(['keys', 'create', '--organization', 'beta', '--mode', 'live', '--database-url', databaseUrl])
    const result = await runCli(['keys', 'list', '--organization', 'nope', '--database-url', databaseUrl])
    assert.equal(result.code, 1)
    assert.equal(result.stdout, '')
    assert.match(result.stderr, /^clientele: there is no organization named 'nope' \(there are: 'acme', 'beta'\)\.$/m)
    const known = await runCli(['keys', 'list', '--organization', 'beta', '--database-url', databaseUrl])
    assert.equal(known.code, 0)
    assert.match(known.stdout, /\bbeta\s+live\s/)
  })

  test('keys revoke: a key instead of its id is recognised, and a second revoke says it was done already', async (t) => {
    const databaseUrl = `sqlite:${join(temporaryDirectory(t), 'revoke.sqlite')}`
    const created = await runCli(['keys', 'create', '--organization', 'acme', '--mode', 'live', '--database-url', databaseUrl])
    const key = created.stdout.trim()
    const id = /\((key_\w+)\)/.exec(created.stderr)?.[1]
    assert.ok(id, created.stderr)

    const byKey = await runCli(['keys', 'revoke', key, '--database-url', databaseUrl])
    assert.equal(byKey.code, 2)
    assert.match(byKey.stderr, new RegExp(`that is a key, not a key id: its id is ${id}\\. Run: clientele keys revoke ${id}`))
    assert.ok(!byKey.stderr.includes(key), 'the key is not echoed')
    const listed = await runCli(['keys', 'list', '--database-url', databaseUrl])
    assert.match(listed.stdout, new RegExp(`^${id}\\s+acme\\s+live\\s+\\S+\\s+\\S+$`, 'm'), 'still active')

    const first = await runCli(['keys', 'revoke', id, '--database-url', databaseUrl])
    assert.equal(first.code, 0, first.stderr)
    assert.match(first.stderr, new RegExp(`^Revoked ${id} \\(live_`))
    const second = await runCli(['keys', 'revoke', id, '--database-url', databaseUrl])
    assert.equal(second.code, 0, second.stderr)
    assert.match(second.stderr, new RegExp(`^${id} \\(live_\\S+\\) was already revoked at \\S+; nothing changed\\.$`, 'm'))

    const revokedKey = await runCli(['keys', 'revoke', key, '--database-url', databaseUrl])
    assert.equal(revokedKey.code, 2)
    assert.match(revokedKey.stderr, /that is a key, not a key id, and no active key of this database matches it/)
  })
})
