/** clientele/client's `subscriptions` namespace against a real Clientele server, imported as users import it. */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ApiError, createClient, type Subscription } from 'clientele/client'
import { startTestServer } from './helpers/server.js'

describe('clientele/client subscriptions', () => {
  test('create, get, update, list, iterate, listAll, payments and cancel, typed and validated', async (t) => {
    const server = await startTestServer(t)
    const client = createClient({ apiKey: server.keys.test, baseUrl: server.apiUrl })
    const customer = await client.customers.create({ name: 'Jane' })
    const mandate = await client.mandates.create(customer.id, { method: 'directdebit', consumerName: 'Jane Doe', consumerAccount: 'NL55INGB0000000000' })
    const made: Subscription[] = []
    for (let index = 0; index < 3; index++) {
      made.push(
        await client.subscriptions.create(customer.id, {
          amount: { currency: 'EUR', value: '5.00' },
          interval: '1 week',
          description: `Weekly ${index}`,
          times: 2,
        }),
      )
    }
    assert.equal(made[0]!.mandateId, mandate.id)
    assert.equal((await client.subscriptions.get(customer.id, made[0]!.id)).description, 'Weekly 0')
    const updated = await client.subscriptions.update(customer.id, made[0]!.id, { metadata: { plan: 'x' } })
    assert.deepEqual(updated.metadata, { plan: 'x' })
    const first = await client.subscriptions.list(customer.id, { limit: 2, sort: 'asc' })
    assert.deepEqual(first.subscriptions.map((each) => each.id), [made[0]!.id, made[1]!.id])
    assert.equal((await first.next())?.subscriptions[0]?.id, made[2]!.id)
    const all: string[] = []
    for await (const each of client.subscriptions.iterateAll({ limit: 1 })) all.push(each.id)
    assert.equal(all.length, 3)
    const viaIterate: string[] = []
    for await (const each of client.subscriptions.iterate(customer.id)) viaIterate.push(each.id)
    assert.deepEqual(viaIterate, made.map((each) => each.id).reverse())

    const canceled = await client.subscriptions.cancel(customer.id, made[1]!.id)
    assert.equal(canceled.status, 'canceled')
    await server.store.subscriptions.chargeDue({ upTo: new Date(Date.now() + 8 * 24 * 60 * 60 * 1000) })
    const payments = await client.subscriptions.listPayments(customer.id, made[0]!.id, { sort: 'asc' })
    assert.equal(payments.payments.length, 2)
    assert.equal(payments.payments[0]!.subscriptionId, made[0]!.id)

    await assert.rejects(client.subscriptions.cancel(customer.id, made[1]!.id), (error: unknown) => error instanceof ApiError && error.status === 422)
    await assert.rejects(client.subscriptions.get(customer.id, 'sub_nothing123'), (error: unknown) => error instanceof ApiError && error.status === 404)
  })
})
