/**
 * The subscriptions row (issue 17): N active monthly subscriptions, each of its own customer with a valid mandate,
 * on a SQLite database of their own (bench/data/subscriptions-N.sqlite, made afresh each run); the built server
 * (`node dist/main.js`) on it; then the organization's test clock advanced one month through HTTP (`POST
 * /_clientele/clock/advance {"by":"P1M"}`), which answers once every payment due is made. Measured: the time until
 * that answer (all N payments made: each with its webhook due and the advanced schedule, in the scheduler's claims),
 * and the server's peak RSS while it charges. The payments are counted in the database afterwards: anything but N
 * is an error.
 *
 * Making the subscriptions through the API would take longer than the charge itself, so one customer, mandate and
 * subscription are made through the store, and copied N − 1 times with SQL in one transaction (new ids, the same
 * rows otherwise). Each is first due tomorrow, so the server's own scheduler finds nothing due at start and the
 * advance makes exactly one payment per subscription.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { todayInAmsterdam } from '../src/domain/mandate-schemas.js'
import { generateKey, hashKey, keyHint } from '../src/domain/keys.js'
import { newCustomerId, newMandateId, newSubscriptionId } from '../src/domain/ids.js'
import { openStoreFromUrl } from '../src/store/open.js'
import type { Tenant } from '../src/store/store.js'
import { DATA_DIRECTORY } from './bench-database.js'
import type { LoadResult } from './load-plan.js'
import { cpuMilliseconds, freePort, residentBytes, startServer } from './processes.js'
import type { RowResult } from './report.js'
import type { Row } from './rows.js'

/** The goal of issue 17, reported and never enforced: all payments of 100,000 subscriptions within this. */
export const SUBSCRIPTION_GOAL_SECONDS = 60

interface SubscriptionDatabase {
  databaseUrl: string
  key: string
  insertMs: number
}

/** Rows of `table` for `where`, every column but `seq`. */
function rowsOf(database: Database.Database, table: string, column: string, value: string): Record<string, unknown>[] {
  return (database.prepare(`select * from ${table} where ${column} = ?`).all(value) as Record<string, unknown>[]).map(({ seq: _seq, ...row }) => row)
}

/** Inserts copies of `rows` with every occurrence of the template ids replaced (columns and JSON alike). */
function copier(database: Database.Database, table: string, rows: Record<string, unknown>[]) {
  if (rows.length === 0) return () => {}
  const columns = Object.keys(rows[0]!)
  const insert = database.prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`)
  return (replace: (text: string) => string) => {
    for (const row of rows) insert.run(...columns.map((name) => (typeof row[name] === 'string' ? replace(row[name] as string) : row[name])))
  }
}

async function prepareSubscriptions(count: number, log: (line: string) => void): Promise<SubscriptionDatabase> {
  const file = join(DATA_DIRECTORY, `subscriptions-${count}.sqlite`)
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
  const databaseUrl = `sqlite:${file}`
  const started = performance.now()
  const store = await openStoreFromUrl(databaseUrl)
  const key = generateKey('test')
  let template: { customerId: string; mandateId: string; subscriptionId: string }
  try {
    const credential = await store.credentials.create('bench-subscriptions', 'test', hashKey(key), keyHint(key))
    const tenant: Tenant = { organizationId: credential.organizationId, mode: 'test' }
    const customerId = (await store.customers.create(tenant, { name: 'Subscriber', email: 'subscriber@example.org' })).value.id
    const mandate = (await store.mandates.create(tenant, customerId, { method: 'directdebit', consumerName: 'Subscriber', consumerAccount: 'NL55INGB0000000000' }))!
    const tomorrow = todayInAmsterdam(new Date(Date.now() + 24 * 3600_000))
    const subscription = (await store.subscriptions.create(
      tenant,
      customerId,
      {
        amount: { currency: 'EUR', value: '19.95' },
        interval: '1 month',
        description: 'Monthly plan',
        startDate: tomorrow,
        metadata: { plan: 'monthly' },
      },
      { allowPrivateWebhooks: false },
    ))!
    template = { customerId, mandateId: mandate.value.id, subscriptionId: subscription.value.id }
  } finally {
    await store.close()
  }

  const database = new Database(file)
  try {
    database.pragma('journal_mode = WAL')
    const copies = [
      copier(database, 'customers', rowsOf(database, 'customers', 'id', template.customerId)),
      copier(database, 'customer_events', rowsOf(database, 'customer_events', 'customer_id', template.customerId)),
      copier(database, 'mandates', rowsOf(database, 'mandates', 'id', template.mandateId)),
      copier(database, 'subscriptions', rowsOf(database, 'subscriptions', 'id', template.subscriptionId)),
    ]
    database.transaction(() => {
      for (let index = 1; index < count; index++) {
        const ids: [string, string][] = [
          [template.customerId, newCustomerId()],
          [template.mandateId, newMandateId()],
          [template.subscriptionId, newSubscriptionId()],
        ]
        const replace = (text: string) => ids.reduce((result, [from, to]) => result.replaceAll(from, to), text)
        for (const copy of copies) copy(replace)
      }
    })()
    database.exec('analyze')
    const made = (database.prepare("select count(*) as count from subscriptions where status = 'active'").get() as { count: number }).count
    if (made !== count) throw new Error(`made ${made} subscriptions, not ${count}`)
  } finally {
    database.close()
  }
  const insertMs = performance.now() - started
  log(`Made ${count.toLocaleString('en')} active subscriptions in ${(insertMs / 1000).toFixed(1)} s (one through the store, the rest copied with SQL).`)
  return { databaseUrl, key, insertMs }
}

function paymentCount(databaseUrl: string): number {
  const database = new Database(databaseUrl.slice('sqlite:'.length), { readonly: true })
  try {
    return (database.prepare('select count(*) as count from payments where subscription_id is not null').get() as { count: number }).count
  } finally {
    database.close()
  }
}

/**
 * Makes `count` subscriptions, starts a server on them, advances the clock a month and measures it. In the row
 * format: req/s is payments per second, p50/p99/max the advance request's time, errors the payments missing or too
 * many (and a failed advance), the load generator's CPU this process's.
 */
export async function measureSubscriptions(row: Row, count: number, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<RowResult> {
  const { databaseUrl, key } = await prepareSubscriptions(count, log)
  const port = await freePort()
  const server = await startServer({
    name: 'Clientele (subscriptions)',
    args: ['dist/main.js'],
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', RATE_LIMIT_PER_SECOND: '1000000' },
    port,
    ready: /Try it:/,
  })
  try {
    const idleRss = residentBytes([server.pid])
    log(`  server started on them: RSS ${(idleRss / 1024 / 1024).toFixed(0)} MB before the advance`)
    let peakRss = idleRss
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, residentBytes([server.pid]))), 100)
    const cpuAtStart = cpuMilliseconds([server.pid])
    const ownCpuAtStart = process.cpuUsage()
    const started = performance.now()
    let answer: { status: number; text: string }
    try {
      const response = await fetch(`${server.origin}/_clientele/clock/advance`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ by: 'P1M' }),
      })
      answer = { status: response.status, text: await response.text() }
    } finally {
      clearInterval(sampler)
    }
    const elapsedMs = performance.now() - started
    const serverCpuMs = cpuMilliseconds([server.pid]) - cpuAtStart
    peakRss = Math.max(peakRss, residentBytes([server.pid]))
    const ownCpu = process.cpuUsage(ownCpuAtStart)
    const made = paymentCount(databaseUrl)
    if (answer.status !== 200) log(`  the advance answered ${answer.status}: ${answer.text.slice(0, 500)}`)
    const seconds = elapsedMs / 1000
    const load: LoadResult = {
      responses: made,
      durationSeconds: seconds,
      reqPerSec: made / seconds,
      p50Ms: elapsedMs,
      p99Ms: elapsedMs,
      maxMs: elapsedMs,
      socketErrors: answer.status === 200 ? 0 : 1,
      timeouts: 0,
      non2xx: Math.abs(count - made),
      statusCodes: { [answer.status]: 1 },
      cpuMs: (ownCpu.user + ownCpu.system) / 1000,
    }
    return { row, load, serverRssBytes: peakRss, serverCpuMs }
  } finally {
    await server.stop()
  }
}
