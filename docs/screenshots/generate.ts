/**
 * Makes the README's dashboard screenshots in this folder, from a throwaway in-memory server with sample data:
 * `node --import tsx docs/screenshots/generate.ts` (needs /usr/bin/chromium). Emails use domains reserved for
 * examples (RFC 2606), as seeded data does.
 */
import { chromium } from 'playwright-core'
import { buildApp } from '../../src/http/app.js'
import { openStore } from '../../src/store/kysely-store.js'
import { SqliteStoreDialect } from '../../src/store/sqlite.js'
import { generateKey, hashKey, keyHint } from '../../src/domain/keys.js'

const store = await openStore(new SqliteStoreDialect({ filename: ':memory:' }))
const access = generateKey('access')
await store.credentials.create('acme', 'access', hashKey(access), keyHint(access))
const app = await buildApp({ store, publicUrl: 'http://127.0.0.1:8080' })
const base = await app.listen({ port: 0, host: '127.0.0.1' })
const api = async (method: string, path: string, json: unknown) => {
  const headers = { authorization: `Bearer ${access}`, 'content-type': 'application/json' }
  const response = await fetch(`${base}/v2${path}`, { method, headers, body: JSON.stringify(json) })
  return (await response.json()) as { id: string }
}
const people = [
  ['Sophie Martin', 'sophie.martin@orange.example', 'fr_FR', { plan: 'pro' }],
  ['Jan de Vries', 'jan@devries.example', 'nl_NL', null],
  ['Lukas Schmidt', 'lukas.schmidt@gmx.example', 'de_DE', { order_id: '8812' }],
  ['Emma Johansson', 'emma.j@example.net', 'sv_SE', null],
  ['Mateo García', 'mateo@example.org', 'es_ES', ['vip']],
  ['Chloé Dubois', 'chloe.dubois@skynet.example', 'fr_BE', null],
  ['Oliver Smith', 'oliver@example.com', 'en_GB', { source: 'import' }],
  ['Giulia Rossi', 'giulia.rossi@libero.example', 'it_IT', null],
  ['Noah Peeters', null, 'nl_BE', null],
  ['Ana Kowalska', 'ana.kowalska@wp.example', 'pl_PL', null],
  [null, 'billing@acme-corp.example', null, 'Acme Corp billing contact'],
  ['Jane Doe', 'jane@example.org', 'en_US', { order_id: '1234', tags: ['newsletter', 'vip'] }],
] as const
let jane = { id: '' }
for (const [name, email, locale, metadata] of people) {
  jane = await api('POST', '/customers', { testmode: true, name, email, locale, metadata })
}
await api('PATCH', `/customers/${jane.id}`, { testmode: true, email: 'jane.doe@example.org', locale: 'en_GB' })

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
})
const shot = (name: string) => new URL(name, import.meta.url).pathname
const page = await browser.newPage({ viewport: { width: 1100, height: 760 } })
await page.goto(`${base}/dashboard/sign-in`)
await page.fill('#key', access)
await Promise.all([page.waitForNavigation(), page.click('form[action="/dashboard/sign-in"] button')])
await page.screenshot({ path: shot('dashboard-customers.png') })
await page.goto(`${base}/dashboard/customers/${jane.id}`)
await page.screenshot({ path: shot('dashboard-customer.png'), fullPage: true })
await page.setViewportSize({ width: 390, height: 780 })
await page.goto(`${base}/dashboard/customers`)
await page.screenshot({ path: shot('dashboard-phone.png') })
await browser.close()
await app.close()
await store.close()
