/** clientele/client's `mandates` namespace against a real Clientele server, imported as users import it. */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ApiError, createClient, type Mandate, type MandateListItem } from 'clientele/client'
import { startTestServer } from './helpers/server.js'

describe('clientele/client mandates', () => {
  test('create, get, list, iterate and revoke, typed and validated', async (t) => {
    const server = await startTestServer(t)
    const client = createClient({ apiKey: server.keys.test, baseUrl: server.apiUrl })
    const customer = await client.customers.create({ name: 'Jane' })
    const mandate: Mandate = await client.mandates.create(customer.id, {
      method: 'directdebit',
      consumerName: 'Jane Doe',
      consumerAccount: 'NL55INGB0000000000',
      signatureDate: '2021-12-31',
    })
    assert.equal(mandate.status, 'valid')
    assert.equal(mandate.details.consumerBic, 'INGBNL2A')
    assert.equal((await client.mandates.get(customer.id, mandate.id)).id, mandate.id)
    const withLink = await client.customers.get(customer.id)
    assert.equal(withLink._links.mandates?.href, `${server.apiUrl}/customers/${customer.id}/mandates`)

    for (let i = 0; i < 4; i++) {
      await client.mandates.create(customer.id, { method: 'paypal', consumerName: `P${i}`, consumerEmail: 'p@example.org', paypalBillingAgreementId: `B-${i}` })
    }
    const first = await client.mandates.list(customer.id, { limit: 2, sort: 'asc' })
    assert.deepEqual(first.mandates.map((each) => each.id)[0], mandate.id)
    const second = await first.next()
    assert.equal(second?.mandates.length, 2)
    assert.equal((await second!.previous())?.mandates[0]?.id, mandate.id)
    const all: MandateListItem[] = []
    for await (const each of client.mandates.iterate(customer.id, { limit: 2 })) all.push(each)
    assert.equal(all.length, 5)

    await client.mandates.revoke(customer.id, mandate.id)
    await assert.rejects(client.mandates.get(customer.id, mandate.id), (error: unknown) => {
      assert.ok(error instanceof ApiError)
      assert.equal(error.status, 410)
      return true
    })
    await assert.rejects(
      client.mandates.create(customer.id, { method: 'directdebit', consumerName: 'X', consumerAccount: 'NL56INGB0000000000' }),
      (error: unknown) => error instanceof ApiError && error.status === 422 && error.field === 'consumerAccount',
    )
  })

  test('with an access token, testmode travels in the query of reads and the body of writes', async (t) => {
    const server = await startTestServer(t)
    const client = createClient({ accessToken: server.keys.access, baseUrl: server.apiUrl, testmode: true })
    const customer = await client.customers.create({})
    const mandate = await client.mandates.create(customer.id, { method: 'directdebit', consumerName: 'T', consumerAccount: 'NL55INGB0000000000' })
    assert.equal(mandate.mode, 'test')
    assert.equal((await client.mandates.list(customer.id)).count, 1)
    await client.mandates.revoke(customer.id, mandate.id)
    assert.equal((await client.mandates.list(customer.id)).count, 0)
  })
})
