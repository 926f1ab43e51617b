/**
 * The server as a process: started the way `npm start` and outside checks start it, configured only by
 * environment, stopped with SIGTERM, restarted on the same database.
 */
import assert from 'node:assert/strict'
import { execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { request } from 'node:https'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import Database from 'better-sqlite3'
import { call, freePort, temporaryDirectory } from './helpers/server.js'
import { ROOT, bannerPorts, runCli, spawnServer } from './helpers/process.js'

const TEST_KEY = 'test_abcdefghijklmnopqrstuvwxyz1234'
const LIVE_KEY = 'live_abcdefghijklmnopqrstuvwxyz1234'

describe('the server process', () => {
  test('starts from environment variables, prints how to use it, and serves at PUBLIC_URL', async (t) => {
    const directory = temporaryDirectory(t)
    // PUBLIC_URL names the port before the process starts, so this test probes for a free one in advance.
    const port = await freePort()
    const publicUrl = `http://localhost:${port}`
    const server = await spawnServer(t, {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(directory, 'db.sqlite')}`,
      PUBLIC_URL: publicUrl,
      CLIENTELE_TEST_KEY: TEST_KEY,
      CLIENTELE_LIVE_KEY: LIVE_KEY,
    })
    const banner = server.output()
    assert.match(banner, new RegExp(`API base URL +${publicUrl}/v2`))
    assert.match(banner, new RegExp(`Dashboard +${publicUrl}/dashboard`))
    // Configured keys are shown by their hints only (the banner ends up in logs); never in full.
    assert.match(banner, new RegExp(`Test API key +test_…${TEST_KEY.slice(-4)}  \\(from CLIENTELE_TEST_KEY\\)`))
    assert.match(banner, new RegExp(`Live API key +live_…${LIVE_KEY.slice(-4)}  \\(from CLIENTELE_LIVE_KEY\\)`))
    assert.ok(!banner.includes(TEST_KEY) && !banner.includes(LIVE_KEY), 'no configured key in full')
    assert.match(banner, /Authorization: Bearer \$CLIENTELE_TEST_KEY/)

    const created = await call({ baseUrl: `http://127.0.0.1:${port}` }, TEST_KEY, 'POST', '/v2/customers', {
      json: { name: 'From env' },
    })
    assert.equal(created.status, 201)
    assert.equal(created.body._links.self.href, `${publicUrl}/v2/customers/${created.body.id}`)
    const live = await call({ baseUrl: `http://127.0.0.1:${port}` }, LIVE_KEY, 'GET', '/v2/customers')
    assert.equal(live.body.count, 0)
    assert.equal(await server.stop(), 0, 'SIGTERM is a clean exit')
  })

  test('a first start on an empty database creates and prints a test and a live key that work', async (t) => {
    const directory = temporaryDirectory(t)
    const server = await spawnServer(t, { DATABASE_URL: `sqlite:${join(directory, 'db.sqlite')}` })
    const testKey = /Test API key +(test_\w{30})/.exec(server.output())?.[1]
    const liveKey = /Live API key +(live_\w{30})/.exec(server.output())?.[1]
    assert.ok(testKey && liveKey, server.output())
    const base = { baseUrl: server.baseUrl }
    assert.equal((await call(base, testKey, 'GET', '/v2/customers')).status, 200)
    assert.equal((await call(base, liveKey, 'GET', '/v2/customers')).status, 200)
    await server.stop()

    // The second start shows no key: it was shown once and only its hash is kept.
    const again = await spawnServer(t, { DATABASE_URL: `sqlite:${join(directory, 'db.sqlite')}` })
    assert.doesNotMatch(again.output(), /test_\w{30}/)
    assert.match(again.output(), /keys create --organization default --mode test/)
  })

  test('one format per stream: the banner alone on stdout, pino JSON lines alone on stderr', async (t) => {
    const directory = temporaryDirectory(t)
    // LOG_LEVEL info, as npm start runs it: Fastify logs that it listens, before the banner is printed.
    const child = spawn(process.execPath, [join(ROOT, 'dist/main.js')], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', DATABASE_URL: `sqlite:${join(directory, 'db.sqlite')}`, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const exited = once(child, 'exit')
    t.after(() => child.kill('SIGKILL'))
    let stdout = ''
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    for await (const chunk of child.stdout) {
      stdout += chunk
      if (stdout.includes('Try it:')) break
    }
    // Used once, as a tool would, then stopped.
    const port = bannerPorts(stdout).port
    assert.equal((await fetch(`http://127.0.0.1:${port}/_clientele/health`)).status, 200)
    child.kill('SIGTERM')
    assert.equal((await exited)[0], 0, stderr)
    assert.match(stdout, /^\nClientele [^\n]+\n\n {2}API base URL /)
    for (const line of stdout.split('\n')) assert.ok(!line.trimStart().startsWith('{'), `no JSON on stdout: ${line}`)
    const logged = stderr.split('\n').filter(Boolean)
    assert.ok(logged.some((line) => line.includes('Server listening at')), stderr)
    for (const line of logged) {
      const entry = JSON.parse(line)
      assert.equal(typeof entry.level, 'number', line)
      assert.equal(typeof entry.msg, 'string', line)
    }
  })

  test("the banner's advice for a key that cannot be shown names the database's own organization", async (t) => {
    const directory = temporaryDirectory(t)
    const databaseUrl = `sqlite:${join(directory, 'imported.sqlite')}`
    // A database with no `default` organization, as an import of another deployment leaves it.
    const made = await runCli(['keys', 'create', '--organization', 'Acme Corp', '--mode', 'test'], { DATABASE_URL: databaseUrl })
    assert.equal(made.code, 0, made.stderr)
    const server = await spawnServer(t, { DATABASE_URL: databaseUrl })
    assert.match(server.output(), /keys create --organization 'Acme Corp' --mode test\)/)
    assert.doesNotMatch(server.output(), /--organization default/)
    await server.stop()

    const second = await runCli(['keys', 'create', '--organization', 'beta', '--mode', 'live'], { DATABASE_URL: databaseUrl })
    assert.equal(second.code, 0, second.stderr)
    const again = await spawnServer(t, { DATABASE_URL: databaseUrl })
    assert.match(again.output(), /keys create --organization NAME --mode live\)/)
    assert.match(again.output(), /Organizations +Acme Corp, beta/)
  })

  test('data survives a restart on the same SQLite file, which runs in WAL mode', async (t) => {
    const directory = temporaryDirectory(t)
    const file = join(directory, 'db.sqlite')
    const env = { DATABASE_URL: `sqlite:${file}`, CLIENTELE_TEST_KEY: TEST_KEY }
    const first = await spawnServer(t, env)
    const base = { baseUrl: first.baseUrl }
    const created = await call(base, TEST_KEY, 'POST', '/v2/customers', { json: { name: 'Durable', metadata: ['x'] } })
    await call(base, TEST_KEY, 'PATCH', `/v2/customers/${created.body.id}`, { json: { email: 'd@example.org' } })
    assert.equal(await first.stop(), 0)

    // The restart takes the port the first start had: a client's URLs stay valid.
    await spawnServer(t, { ...env, PORT: String(first.port) })
    const fetched = await call(base, TEST_KEY, 'GET', `/v2/customers/${created.body.id}?include=events`)
    assert.equal(fetched.status, 200)
    assert.equal(fetched.body.name, 'Durable')
    assert.equal(fetched.body.email, 'd@example.org')
    assert.deepEqual(fetched.body.metadata, ['x'])
    assert.equal(fetched.body.createdAt, created.body.createdAt)
    assert.equal(fetched.body.events.length, 2)
    const db = new Database(file, { readonly: true })
    t.after(() => db.close())
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal')
  })

  test('PORT=0 listens on a port the system picks; the banner and every link carry that port', async (t) => {
    const server = await spawnServer(t, { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: 'sqlite::memory:', CLIENTELE_TEST_KEY: TEST_KEY })
    assert.notEqual(server.port, 0)
    const origin = `http://127.0.0.1:${server.port}`
    assert.match(server.output(), new RegExp(`API base URL +${origin}/v2\n`))
    assert.match(server.output(), new RegExp(`Dashboard +${origin}/dashboard\n`))
    assert.doesNotMatch(server.output(), /Listening on/, 'the public URL is the listening one')
    const created = await call({ baseUrl: origin }, TEST_KEY, 'POST', '/v2/customers', { json: { name: 'Port zero' } })
    assert.equal(created.status, 201, created.text)
    assert.equal(created.body._links.self.href, `${origin}/v2/customers/${created.body.id}`)
    assert.equal(created.body._links.documentation.href, `${origin}/docs#create-customer`)
    const listed = await call({ baseUrl: origin }, TEST_KEY, 'GET', '/v2/customers?limit=1')
    assert.ok(listed.body._links.self.href.startsWith(`${origin}/v2/customers?`), listed.body._links.self.href)
    const document = await call({ baseUrl: origin }, TEST_KEY, 'GET', '/v2/openapi.json')
    assert.equal(document.body.servers[0].url, `${origin}/v2`)
    assert.equal(await server.stop(), 0)
  })

  test('sqlite::memory: runs a throwaway server', async (t) => {
    const server = await spawnServer(t, { DATABASE_URL: 'sqlite::memory:', CLIENTELE_TEST_KEY: TEST_KEY })
    const base = { baseUrl: server.baseUrl }
    assert.equal((await call(base, TEST_KEY, 'POST', '/v2/customers', { json: {} })).status, 201)
  })

  test('bad configuration stops the start with a clear message and exit code 1', async (t) => {
    const directory = temporaryDirectory(t)
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ PORT: 'eighty' }, /PORT is invalid: it must be a port number from 0 to 65535/],
      [{ WORKERS: '0' }, /WORKERS is invalid: it must be a whole number from 1 to 256/],
      [{ CLIENTELE_TEST_KEY: 'test_short' }, /CLIENTELE_TEST_KEY is invalid: it must be a Mollie-format key/],
      [{ DATABASE_URL: 'mysql://localhost/x' }, /DATABASE_URL 'mysql:\/\/localhost\/x' is not supported: use sqlite:<file>, sqlite::memory: or postgres:/],
      [{ TLS_CERT: '/nonexistent.pem' }, /TLS_CERT and TLS_KEY go together/],
      [{ TLS_CERT: '/nonexistent.pem', TLS_KEY: '/nonexistent.key' }, /TLS_CERT '\/nonexistent.pem' cannot be read: ENOENT/],
      [{ DATABASE_URL: 'sqlite:/etc/hostname/x.sqlite' }, /cannot open the database sqlite:\/etc\/hostname\/x\.sqlite: E[A-Z]+/],
      [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL is invalid/],
      [{ WORKERS: '2', DATABASE_URL: 'sqlite::memory:' }, /WORKERS > 1 needs a shared database/],
    ]
    for (const [env, message] of cases) {
      const result = await runCli(['serve'], { DATABASE_URL: `sqlite:${join(directory, 'x.sqlite')}`, ...env })
      assert.equal(result.code, 1, result.stderr)
      assert.match(result.stderr, message)
    }
  })

  test('an unreachable PostgreSQL at start is a clear error, exit code 1, and no password in the message', async () => {
    const closedPort = await freePort()
    const result = await runCli(['serve'], {
      DATABASE_URL: `postgres://clientele:s3cret@127.0.0.1:${closedPort}/clientele`,
      DATABASE_CONNECT_TIMEOUT_MS: '2000',
    })
    assert.equal(result.code, 1)
    assert.match(
      result.stderr,
      new RegExp(`cannot open the database postgres://clientele:\\*\\*\\*@127\\.0\\.0\\.1:${closedPort}/clientele: .*ECONNREFUSED`),
    )
    assert.doesNotMatch(result.stderr, /s3cret/)
  })

  test('WORKERS=2 serves one port from two processes on one SQLite file, prints one banner, stops cleanly', async (t) => {
    const directory = temporaryDirectory(t)
    // PORT=0 in a cluster: node:cluster gives every worker the one port the first listen got.
    const server = await spawnServer(t, {
      WORKERS: '2',
      DATABASE_URL: `sqlite:${join(directory, 'cluster.sqlite')}`,
      CLIENTELE_TEST_KEY: TEST_KEY,
    })
    assert.match(server.output(), /, 2 workers/)
    assert.equal(server.output().match(/API base URL/g)?.length, 1)
    const workers = execFileSync('ps', ['--ppid', String(server.child.pid), '-o', 'pid=']).toString().trim().split('\n')
    assert.equal(workers.length, 2)
    assert.notEqual(server.port, 0)
    const base = { baseUrl: server.baseUrl }
    const created = await Promise.all(
      Array.from({ length: 60 }, (_, i) => call(base, TEST_KEY, 'POST', '/v2/customers', { json: { name: `W${i}` } })),
    )
    assert.ok(created.every((response) => response.status === 201))
    const listed = await call(base, TEST_KEY, 'GET', '/v2/customers?limit=100')
    assert.equal(listed.body.count, 60)
    assert.equal(await server.stop(), 0)
    for (const pid of workers) assert.throws(() => process.kill(Number(pid), 0), 'the workers are gone too')
  })

  test('`clientele serve --help` lists every setting with its flag and variable', async () => {
    const result = await runCli(['serve', '--help'])
    assert.equal(result.code, 0)
    for (const name of ['--port', 'PORT', '--host', '--tls-cert', 'TLS_KEY', '--database-url', 'PUBLIC_URL', 'LOG_LEVEL', 'CLIENTELE_TEST_KEY', '--workers', 'DATABASE_POOL_SIZE', 'DATABASE_STATEMENT_TIMEOUT_MS']) {
      assert.ok(result.stdout.includes(name), name)
    }
  })

  test('serves HTTPS with a user-supplied certificate next to HTTP', async (t) => {
    const directory = temporaryDirectory(t)
    const cert = join(directory, 'cert.pem')
    const key = join(directory, 'key.pem')
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert,
    ], { stdio: 'ignore' })
    const server = await spawnServer(t, {
      TLS_PORT: '0',
      TLS_CERT: cert,
      TLS_KEY: key,
      DATABASE_URL: 'sqlite::memory:',
      CLIENTELE_TEST_KEY: TEST_KEY,
    })
    const { port, tlsPort } = server
    assert.ok(tlsPort !== undefined && tlsPort !== 0 && tlsPort !== port, server.output())
    assert.match(server.output(), new RegExp(`API base URL +https://127\\.0\\.0\\.1:${tlsPort}/v2`))
    assert.match(server.output(), new RegExp(`Also on +http://127\\.0\\.0\\.1:${port}\n`))
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(
        `https://127.0.0.1:${tlsPort}/v2/customers`,
        { method: 'POST', ca: readFileSync(cert), headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' } },
        (response) => {
          let text = ''
          response.on('data', (chunk) => (text += chunk))
          response.on('end', () => resolve(text))
        },
      )
      req.on('error', reject)
      req.end('{"name":"Over TLS"}')
    })
    const customer = JSON.parse(body)
    assert.equal(customer.name, 'Over TLS')
    assert.equal(customer._links.self.href, `https://127.0.0.1:${tlsPort}/v2/customers/${customer.id}`)
    // Plain HTTP keeps working for local tools.
    const plain = await call({ baseUrl: `http://127.0.0.1:${port}` }, TEST_KEY, 'GET', `/v2/customers/${customer.id}`)
    assert.equal(plain.body.name, 'Over TLS')
  })
})

describe('the CLI next to a running server', () => {
  test('keys create prints a key on its own line that the running server accepts at once; revoke stops it', async (t) => {
    const directory = temporaryDirectory(t)
    const databaseUrl = `sqlite:${join(directory, 'shared.sqlite')}`
    const server = await spawnServer(t, { DATABASE_URL: databaseUrl, CLIENTELE_TEST_KEY: TEST_KEY })
    const base = { baseUrl: server.baseUrl }
    // Writes from the server while the CLI writes: WAL and the busy timeout let both through.
    const load = Promise.all(
      Array.from({ length: 20 }, () => call(base, TEST_KEY, 'POST', '/v2/customers', { json: { name: 'load' } })),
    )
    const created = await runCli(['keys', 'create', '--organization', 'acme', '--mode', 'test'], { DATABASE_URL: databaseUrl })
    assert.ok((await load).every((response) => response.status === 201))
    assert.equal(created.code, 0, created.stderr)
    const lines = created.stdout.split('\n').filter(Boolean)
    assert.equal(lines.length, 1, 'only the key on stdout')
    const key = lines[0]!
    assert.match(key, /^test_[0-9A-Za-z]{30}$/)

    const made = await call(base, key, 'POST', '/v2/customers', { json: { name: 'Acme’s' } })
    assert.equal(made.status, 201)
    // A new organization: it sees none of the default organization's customers.
    assert.equal((await call(base, key, 'GET', '/v2/customers')).body.count, 1)

    const listed = await runCli(['keys', 'list', '--organization', 'acme'], { DATABASE_URL: databaseUrl })
    assert.equal(listed.code, 0)
    assert.ok(!listed.stdout.includes(key), 'the list never shows a key')
    const id = /^(key_\w+)\s+acme\s+test\s/m.exec(listed.stdout)?.[1]
    assert.ok(id, listed.stdout)

    const revoked = await runCli(['keys', 'revoke', id], { DATABASE_URL: databaseUrl })
    assert.equal(revoked.code, 0, revoked.stderr)
    // The server caches lookups for at most a second.
    let status = 200
    for (let attempt = 0; attempt < 40 && status !== 401; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      status = (await call(base, key, 'GET', '/v2/customers')).status
    }
    assert.equal(status, 401)
  })

  test('keys create --access-token makes an organization token; wrong usage exits 2 with a usage hint', async (t) => {
    const directory = temporaryDirectory(t)
    const env = { DATABASE_URL: `sqlite:${join(directory, 'cli.sqlite')}` }
    const token = await runCli(['keys', 'create', '--organization', 'acme', '--access-token'], env)
    assert.equal(token.code, 0)
    assert.match(token.stdout.trim(), /^access_[0-9A-Za-z]{30}$/)
    for (const args of [
      ['keys', 'create', '--mode', 'test'],
      ['keys', 'create', '--organization', 'acme', '--mode', 'staging'],
      ['keys', 'create', '--organization', 'acme', '--bogus'],
      ['keys', 'frobnicate'],
      ['nonsense'],
    ]) {
      const result = await runCli(args, env)
      assert.equal(result.code, 2, args.join(' '))
      assert.match(result.stderr, /^clientele( keys create)?: /)
      assert.match(result.stderr, /\nSee: clientele (keys create )?--help\n$/)
    }
    const missing = await runCli(['keys', 'revoke', 'key_doesnotexist'], env)
    assert.equal(missing.code, 1)
    assert.match(missing.stderr, /no key with id key_doesnotexist/)
  })
})
