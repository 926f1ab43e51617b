/**
 * The rows of the table: what each one sends, and to which server. Every row runs at the same connections and
 * duration, against a server started with the same settings, so that rows can be divided by one another.
 */
import { LOCALES, type CustomerFields } from '../src/domain/schemas.js'
import { randomCustomerFields } from '../src/seed/random-customer-fields.js'
import { createSeededRandom, type RandomSource } from '../src/seed/seeded-random.js'
import type { BenchDatabase } from './bench-database.js'
import type { LoadPlan } from './load-plan.js'

export const ROW_KEYS = ['baseline', 'get', 'list-first', 'list-deep', 'create', 'update', 'payment-create', 'webhooks', 'subscriptions'] as const
export type RowKey = (typeof ROW_KEYS)[number]

export interface Row {
  key: RowKey
  /** As printed and written to latest.json. */
  name: string
  /** What it measures, for the README. */
  description: string
  /**
   * `webhooks`: not an HTTP load on a server, but the delivery worker's own (bench/webhooks.ts); `subscriptions`: one
   * advance of the test clock on a server of its own (bench/subscriptions.ts).
   */
  target: 'baseline' | 'clientele' | 'webhooks' | 'subscriptions'
  /** The plan without origin, connections and durations, which the run fills in (for `webhooks`, unused). */
  plan: Pick<LoadPlan, 'method' | 'paths' | 'bodies' | 'headers'>
}

/** Distinct bodies per write row: enough that no two connections keep sending the same one. */
const BODY_COUNT = 2000

function createBodies(random: RandomSource): string[] {
  return Array.from({ length: BODY_COUNT }, () => JSON.stringify(randomCustomerFields(random)))
}

/** PATCH bodies as clients send them: one or two changed fields, now and then a field cleared with null. */
function updateBodies(random: RandomSource): string[] {
  return Array.from({ length: BODY_COUNT }, () => {
    const fields = randomCustomerFields(random)
    const present = (Object.keys(fields) as (keyof CustomerFields)[]).filter((field) => fields[field] !== undefined)
    const changes: Record<string, unknown> = {}
    for (let wanted = random() < 0.7 ? 1 : 2; wanted > 0 && present.length > 0; wanted--) {
      const [field] = present.splice(Math.floor(random() * present.length), 1)
      changes[field!] = fields[field!]
    }
    if (random() < 0.1) changes[random() < 0.5 ? 'locale' : 'metadata'] = null
    if (Object.keys(changes).length === 0) changes.locale = LOCALES[Math.floor(random() * LOCALES.length)]
    return JSON.stringify(changes)
  })
}

/** Payment requests as a shop sends them: an amount, a description, where to return and where to call. */
function paymentBodies(random: RandomSource): string[] {
  return Array.from({ length: BODY_COUNT }, (_, index) =>
    JSON.stringify({
      amount: { currency: 'EUR', value: (1 + Math.floor(random() * 50_000) / 100).toFixed(2) },
      description: `Order #${100_000 + index}`,
      redirectUrl: `https://shop.example.org/orders/${100_000 + index}/return`,
      webhookUrl: 'https://shop.example.org/mollie/webhook',
      metadata: { order_id: String(100_000 + index) },
      ...(random() < 0.3 ? { method: random() < 0.5 ? 'ideal' : 'creditcard' } : {}),
    }),
  )
}

export function defineRows(database: BenchDatabase): Row[] {
  const authorization = { authorization: `Bearer ${database.key}` }
  const json = { ...authorization, 'content-type': 'application/json' }
  const customerPaths = database.sampleIds.map((id) => `/v2/customers/${id}`)
  const random = createSeededRandom(7)
  return [
    {
      key: 'baseline',
      name: 'baseline: bare node:http',
      description:
        'A bare node:http server in its own process answering every request with one fixed customer body of the same ' +
        'size and content type as a real GET: the Node limit on this machine. Same requests as the GET row.',
      target: 'baseline',
      plan: { method: 'GET', paths: customerPaths, headers: authorization },
    },
    {
      key: 'get',
      name: 'GET /v2/customers/{id}',
      description: `A random customer out of ${database.sampleIds.length.toLocaleString('en')} spread over the table: authentication, tenancy, HAL links.`,
      target: 'clientele',
      plan: { method: 'GET', paths: customerPaths, headers: authorization },
    },
    {
      key: 'list-first',
      name: 'GET /v2/customers?limit=50 (first page)',
      description: 'The newest 50 customers.',
      target: 'clientele',
      plan: { method: 'GET', paths: ['/v2/customers?limit=50'], headers: authorization },
    },
    {
      key: 'list-deep',
      name: 'GET /v2/customers?from=…&limit=50 (deep page)',
      description: '50 customers from 90% of the way down the list (newest first), as a `next` link leads there.',
      target: 'clientele',
      plan: {
        method: 'GET',
        paths: [`/v2/customers?from=${database.deepCursorId}&limit=50`],
        headers: authorization,
      },
    },
    {
      key: 'create',
      name: 'POST /v2/customers',
      description: 'Creates with realistic JSON bodies; each commits the customer and its event in one transaction.',
      target: 'clientele',
      plan: { method: 'POST', paths: ['/v2/customers'], bodies: createBodies(random), headers: json },
    },
    {
      key: 'update',
      name: 'PATCH /v2/customers/{id}',
      description: 'One or two changed fields on a random customer; the change and its event in one transaction.',
      target: 'clientele',
      plan: { method: 'PATCH', paths: customerPaths, bodies: updateBodies(random), headers: json },
    },
    {
      key: 'payment-create',
      name: 'POST /v2/payments',
      description: 'Creates open payments with realistic JSON bodies (amount, description, redirect and webhook URLs, metadata).',
      target: 'clientele',
      plan: { method: 'POST', paths: ['/v2/payments'], bodies: paymentBodies(random), headers: json },
    },
    {
      key: 'webhooks',
      name: 'webhook deliveries (SQLite → local receiver)',
      description:
        'Deliveries enqueued beforehand, then delivered by the worker of src/webhooks/delivery.ts in a process of its ' +
        'own to a bare node:http receiver answering 200: claims, POSTs and recorded outcomes per second.',
      target: 'webhooks',
      plan: { method: 'POST', paths: ['/webhook'], headers: {} },
    },
    {
      key: 'subscriptions',
      name: 'subscription charges (clock +1 month, SQLite)',
      description:
        'Active monthly subscriptions (100,000; --quick: 5,000) on a SQLite database and server of their own, then ' +
        '`POST /_clientele/clock/advance {"by":"P1M"}`: req/s is payments per second, the latencies are the advance\'s ' +
        'whole time (until every payment is made), RSS the server\'s peak while charging.',
      target: 'subscriptions',
      plan: { method: 'POST', paths: ['/_clientele/clock/advance'], headers: {} },
    },
  ]
}
