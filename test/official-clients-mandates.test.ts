/**
 * The mandate lifecycle through Mollie's own clients, unmodified: `@mollie/api-client` (customerMandates.*) through
 * this package's adapter, and `mollie-api-typescript` (mandates.*), whose zod schemas, generated from Mollie's
 * OpenAPI document, validate every response.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { MollieApiError as ApiError } from '@mollie/api-client'
import { createLocalMollieClient } from 'clientele/mollie-api-client'
import { Client } from 'mollie-api-typescript'
import { ErrorResponse } from 'mollie-api-typescript/models/errors'
import { startTestServer } from './helpers/server.js'

describe('@mollie/api-client customerMandates', () => {
  test('create, get, page, iterate and revoke', async (t) => {
    const server = await startTestServer(t)
    const mollie = createLocalMollieClient({ apiKey: server.keys.test, apiEndpoint: server.apiUrl })
    const customer = await mollie.customers.create({ name: 'Jane Doe' })

    // Mollie's own example (spec create-mandate, node code sample).
    const mandate = await mollie.customerMandates.create({
      customerId: customer.id,
      method: 'directdebit' as never,
      consumerName: 'John Doe',
      consumerAccount: 'NL55INGB0000000000',
      consumerBic: 'INGBNL2A',
      signatureDate: '2023-05-07',
      mandateReference: 'EXAMPLE-CORP-MD13804',
    })
    assert.equal(mandate.resource, 'mandate')
    assert.match(mandate.id, /^mdt_/)
    assert.equal(mandate.status, 'valid')
    assert.deepEqual(mandate.details, { consumerName: 'John Doe', consumerAccount: 'NL55INGB0000000000', consumerBic: 'INGBNL2A' })

    const fetched = await mollie.customerMandates.get(mandate.id, { customerId: customer.id })
    assert.equal(fetched.mandateReference, 'EXAMPLE-CORP-MD13804')
    assert.equal(fetched.signatureDate, '2023-05-07')

    for (let i = 0; i < 11; i++) {
      await mollie.customerMandates.create({
        customerId: customer.id,
        method: 'paypal' as never,
        consumerName: `P${i}`,
        consumerEmail: `p${i}@example.org`,
        paypalBillingAgreementId: `B-${i}`,
      } as never)
    }
    const page = await mollie.customerMandates.page({ customerId: customer.id, limit: 5 })
    assert.equal(page.length, 5)
    assert.ok(page.nextPageCursor)
    const second = await page.nextPage!()
    assert.equal(second[0]!.id, page.nextPageCursor)
    const seen = new Set<string>()
    for await (const each of mollie.customerMandates.iterate({ customerId: customer.id })) {
      assert.ok(!seen.has(each.id))
      seen.add(each.id)
    }
    assert.equal(seen.size, 12)

    assert.equal(await mollie.customerMandates.revoke(mandate.id, { customerId: customer.id }), true)
    await assert.rejects(mollie.customerMandates.get(mandate.id, { customerId: customer.id }), (error: unknown) => {
      assert.ok(error instanceof ApiError)
      assert.equal(error.statusCode, 410)
      return true
    })
    await assert.rejects(
      mollie.customerMandates.create({ customerId: customer.id, method: 'creditcard' as never, consumerName: 'C' } as never),
      (error: unknown) => {
        assert.ok(error instanceof ApiError)
        assert.equal(error.statusCode, 422)
        assert.equal(error.field, 'method')
        return true
      },
    )
  })
})

describe('mollie-api-typescript mandates', () => {
  test('create, get, list and revoke, every response valid for the client’s schemas', async (t) => {
    const server = await startTestServer(t)
    const client = new Client({ security: { apiKey: server.keys.test }, serverURL: server.baseUrl })
    const customer = await client.customers.create({ entityCustomer: { name: 'Jane Doe' } })

    const mandate = await client.mandates.create({
      customerId: customer.id,
      mandateRequest: {
        method: 'directdebit',
        consumerName: 'Jane Doe',
        consumerAccount: 'NL55INGB0000000000',
        signatureDate: '2021-12-31',
        mandateReference: 'YOUR-COMPANY-MD13804',
      },
    })
    assert.equal(mandate.resource, 'mandate')
    assert.equal(mandate.status, 'valid')
    assert.equal(mandate.method, 'directdebit')
    assert.equal(mandate.details.consumerBic, 'INGBNL2A')
    assert.equal(mandate.customerId, customer.id)
    assert.equal(mandate.links.customer.href, `${server.apiUrl}/customers/${customer.id}`)

    const fetched = await client.mandates.get({ customerId: customer.id, mandateId: mandate.id })
    assert.deepEqual(fetched, { ...mandate, links: { ...mandate.links, documentation: fetched.links.documentation } })

    const paypal = await client.mandates.create({
      customerId: customer.id,
      mandateRequest: { method: 'paypal', consumerName: 'Jane', consumerEmail: 'jane@example.org', paypalBillingAgreementId: 'B-1' },
    })
    assert.equal(paypal.details.consumerAccount, 'jane@example.org')
    for (let i = 0; i < 5; i++) {
      await client.mandates.create({
        customerId: customer.id,
        mandateRequest: { method: 'directdebit', consumerName: `D${i}`, consumerAccount: 'NL91ABNA0417164300' },
      })
    }
    const ids: string[] = []
    let pages = 0
    for await (const page of await client.mandates.list({ customerId: customer.id, limit: 3 })) {
      pages++
      ids.push(...page.result.embedded.mandates.map((each) => each.id))
    }
    assert.equal(pages, 3)
    assert.equal(new Set(ids).size, 7)

    await client.mandates.revoke({ customerId: customer.id, mandateId: mandate.id })
    await assert.rejects(client.mandates.get({ customerId: customer.id, mandateId: mandate.id }), (error: unknown) => {
      assert.equal((error as { statusCode?: number }).statusCode, 410)
      return true
    })
    await assert.rejects(client.mandates.get({ customerId: customer.id, mandateId: 'mdt_nothing123' }), (error: unknown) => {
      assert.ok(error instanceof ErrorResponse)
      assert.equal(error.status, 404)
      assert.equal(error.detail, 'No mandate exists with token mdt_nothing123.')
      return true
    })
  })

  test('an organization access token with client-level testmode', async (t) => {
    const server = await startTestServer(t)
    const client = new Client({ security: { apiKey: server.keys.access }, serverURL: server.baseUrl, testmode: true })
    const customer = await client.customers.create({ entityCustomer: { name: 'Token' } })
    const mandate = await client.mandates.create({
      customerId: customer.id,
      mandateRequest: { method: 'directdebit', consumerName: 'T', consumerAccount: 'NL55INGB0000000000' },
    })
    assert.equal(mandate.mode, 'test')
    assert.equal((await client.mandates.get({ customerId: customer.id, mandateId: mandate.id })).id, mandate.id)
    await client.mandates.revoke({ customerId: customer.id, mandateId: mandate.id })
  })
})
