/**
 * The Mandates API over HTTP: the lifecycle, every refusal with its status, field and whole body (and nothing
 * stored), isolation across customers, modes and organizations, the cascade of a customer's deletion, and
 * pagination walks.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { call, startTestServer, type CallOptions, type TestServer } from './helpers/server.js'

const MANDATE_KEYS = [
  'resource', 'id', 'mode', 'status', 'method', 'details', 'mandateReference', 'signatureDate', 'customerId', 'createdAt', '_links',
]
const CREATED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/
const DIRECT_DEBIT = {
  method: 'directdebit',
  consumerName: 'Jane Doe',
  consumerAccount: 'NL55INGB0000000000',
  signatureDate: '2021-12-31',
  mandateReference: 'YOUR-COMPANY-MD13804',
}
const PAYPAL = {
  method: 'paypal',
  consumerName: 'Jane Doe',
  consumerEmail: 'jane@example.org',
  paypalBillingAgreementId: 'B-12A34567B8901234CD',
}

async function newCustomer(server: TestServer, key = server.keys.test, options: CallOptions = { json: {} }): Promise<string> {
  const created = await call(server, key, 'POST', '/v2/customers', options)
  assert.equal(created.status, 201, created.text)
  return created.body.id
}

async function newMandate(server: TestServer, customerId: string, fields: object = DIRECT_DEBIT, key = server.keys.test) {
  const created = await call(server, key, 'POST', `/v2/customers/${customerId}/mandates`, { json: fields })
  assert.equal(created.status, 201, created.text)
  return created.body
}

async function mandateCount(server: TestServer): Promise<number> {
  const [row] = await server.rows('select count(*) as n from mandates')
  return Number(row?.n)
}

describe('mandate lifecycle over HTTP', () => {
  test('create answers 201 with the whole mandate object; get answers the same; revoke 204, then 410', async (t) => {
    const server = await startTestServer(t)
    const customerId = await newCustomer(server)
    const created = await call(server, server.keys.test, 'POST', `/v2/customers/${customerId}/mandates`, { json: DIRECT_DEBIT })
    assert.equal(created.status, 201, created.text)
    assert.equal(created.headers.get('content-type'), 'application/hal+json; charset=utf-8')
    const mandate = created.body
    assert.deepEqual(Object.keys(mandate), MANDATE_KEYS)
    assert.match(mandate.id, /^mdt_[0-9A-Za-z]{10}$/)
    assert.match(mandate.createdAt, CREATED_AT)
    const self = `${server.apiUrl}/customers/${customerId}/mandates/${mandate.id}`
    assert.deepEqual(mandate, {
      resource: 'mandate',
      id: mandate.id,
      mode: 'test',
      status: 'valid',
      method: 'directdebit',
      details: { consumerName: 'Jane Doe', consumerAccount: 'NL55INGB0000000000', consumerBic: 'INGBNL2A' },
      mandateReference: 'YOUR-COMPANY-MD13804',
      signatureDate: '2021-12-31',
      customerId,
      createdAt: mandate.createdAt,
      _links: {
        self: { href: self, type: 'application/hal+json' },
        customer: { href: `${server.apiUrl}/customers/${customerId}`, type: 'application/hal+json' },
        documentation: { href: `${server.baseUrl}/docs#create-mandate`, type: 'text/html' },
      },
    })

    const fetched = await call(server, server.keys.test, 'GET', `/v2/customers/${customerId}/mandates/${mandate.id}`)
    assert.equal(fetched.status, 200)
    assert.deepEqual(fetched.body, {
      ...mandate,
      _links: { ...mandate._links, documentation: { href: `${server.baseUrl}/docs#get-mandate`, type: 'text/html' } },
    })

    const revoked = await call(server, server.keys.test, 'DELETE', `/v2/customers/${customerId}/mandates/${mandate.id}`)
    assert.equal(revoked.status, 204)
    assert.equal(revoked.text, '')
    for (const method of ['GET', 'DELETE']) {
      const gone = await call(server, server.keys.test, method, `/v2/customers/${customerId}/mandates/${mandate.id}`)
      assert.equal(gone.status, 410, `${method} of a revoked mandate`)
      assert.deepEqual(gone.body, {
        status: 410,
        title: 'Gone',
        detail: `The mandate ${mandate.id} has been revoked and can no longer be used.`,
        _links: { documentation: { href: `${server.baseUrl}/docs#errors`, type: 'text/html' } },
      })
    }
  })

  test('form-encoded bodies as in Mollie’s curl example; IBANs with spaces are normalized; PayPal shows the email', async (t) => {
    const server = await startTestServer(t)
    const customerId = await newCustomer(server)
    const form =
      'method=directdebit&consumerName=John%20Doe&consumerAccount=nl55+ingb+0000+0000+00&consumerBic=INGBNL2A' +
      '&signatureDate=2023-05-07&mandateReference=EXAMPLE-CORP-MD13804&testmode=true'
    const created = await call(server, server.keys.test, 'POST', `/v2/customers/${customerId}/mandates`, { form })
    assert.equal(created.status, 201, created.text)
    assert.deepEqual(created.body.details, { consumerName: 'John Doe', consumerAccount: 'NL55INGB0000000000', consumerBic: 'INGBNL2A' })

    const paypal = await newMandate(server, customerId, PAYPAL)
    assert.equal(paypal.method, 'paypal')
    assert.deepEqual(paypal.details, { consumerName: 'Jane Doe', consumerAccount: 'jane@example.org' })
    assert.equal(paypal.mandateReference, null)
    assert.equal(paypal.signatureDate, null)

    const german = await newMandate(server, customerId, { method: 'directdebit', consumerName: 'Max', consumerAccount: 'DE89370400440532013000', consumerBic: 'COBADEFFXXX' })
    assert.equal(german.details.consumerBic, 'COBADEFFXXX', 'as given where the IBAN does not name the bank')
  })

  test('the customer gets _links.mandates with its first mandate, and loses it when none is left; events show them', async (t) => {
    const server = await startTestServer(t)
    const customerId = await newCustomer(server)
    const customerPath = `/v2/customers/${customerId}`
    assert.equal((await call(server, server.keys.test, 'GET', customerPath)).body._links.mandates, undefined)
    const mandate = await newMandate(server, customerId)
    const link = { href: `${server.apiUrl}/customers/${customerId}/mandates`, type: 'application/hal+json' }
    assert.deepEqual((await call(server, server.keys.test, 'GET', customerPath)).body._links.mandates, link)
    const listed = (await call(server, server.keys.test, 'GET', '/v2/customers')).body._embedded.customers
    assert.deepEqual(listed.find((customer: { id: string }) => customer.id === customerId)._links.mandates, link)
    assert.deepEqual((await call(server, server.keys.test, 'PATCH', customerPath, { json: { name: 'J' } })).body._links.mandates, link)

    await call(server, server.keys.test, 'DELETE', `${customerPath}/mandates/${mandate.id}`)
    const withEvents = await call(server, server.keys.test, 'GET', `${customerPath}?include=events`)
    assert.equal(withEvents.body._links.mandates, undefined)
    assert.deepEqual(
      withEvents.body.events.map((event: { type: number; message: string }) => [event.type, event.message]),
      [
        [200, 'Customer created'],
        [210, `Mandate ${mandate.id} created`],
        [201, 'Customer updated: name'],
        [211, `Mandate ${mandate.id} revoked`],
      ],
    )
  })

  test('deleting a customer revokes its mandates: they answer 404 with the customer, and the rows say revoked', async (t) => {
    const server = await startTestServer(t)
    const customerId = await newCustomer(server)
    const first = await newMandate(server, customerId)
    const second = await newMandate(server, customerId, PAYPAL)
    assert.equal((await call(server, server.keys.test, 'DELETE', `/v2/customers/${customerId}`)).status, 204)
    for (const mandate of [first, second]) {
      const answer = await call(server, server.keys.test, 'GET', `/v2/customers/${customerId}/mandates/${mandate.id}`)
      assert.equal(answer.status, 404)
      assert.equal(answer.body.detail, `No customer exists with token ${customerId}.`)
    }
    const rows = await server.rows('select revoked_at from mandates where customer_id = ?', [customerId])
    assert.equal(rows.length, 2)
    assert.ok(rows.every((row) => typeof row.revoked_at === 'string'))
  })

  test('Idempotency-Key: a repeated create replays the mandate without a second one; a repeated revoke replays 204', async (t) => {
    const server = await startTestServer(t)
    const customerId = await newCustomer(server)
    const path = `/v2/customers/${customerId}/mandates`
    const headers = { 'idempotency-key': 'mandate-1' }
    const first = await call(server, server.keys.test, 'POST', path, { json: DIRECT_DEBIT, headers })
    const again = await call(server, server.keys.test, 'POST', path, { json: DIRECT_DEBIT, headers })
    assert.equal(again.status, 201)
    assert.equal(again.headers.get('idempotent-replayed'), 'true')
    assert.deepEqual(again.body, first.body)
    assert.equal(await mandateCount(server), 1)
    const other = await call(server, server.keys.test, 'POST', path, { json: PAYPAL, headers })
    assert.equal(other.status, 422)
    const revokeHeaders = { 'idempotency-key': 'revoke-1' }
    const revoke = () => call(server, server.keys.test, 'DELETE', `${path}/${first.body.id}`, { headers: revokeHeaders })
    assert.equal((await revoke()).status, 204)
    const replayed = await revoke()
    assert.equal(replayed.status, 204)
    assert.equal(replayed.headers.get('idempotent-replayed'), 'true')
  })
})

describe('mandate refusals: status, field, whole body, nothing stored', () => {
  test('bad input is 422 with the field at fault', async (t) => {
    const server = await startTestServer(t)
    const customerId = await newCustomer(server)
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10)
    const cases: Array<[object | string, string, string]> = [
      [{ ...DIRECT_DEBIT, consumerAccount: 'NL56INGB0000000000' }, 'consumerAccount', "The 'consumerAccount' field is not a valid IBAN: its check digits do not match."],
      [{ ...DIRECT_DEBIT, consumerAccount: 'NL55INGB000000000' }, 'consumerAccount', "The 'consumerAccount' field has the wrong length for an IBAN of its country."],
      [{ ...DIRECT_DEBIT, method: 'ideal' }, 'method', "The 'method' field must be one of creditcard, directdebit, or paypal."],
      [{ ...DIRECT_DEBIT, method: 'creditcard' }, 'method', "The 'method' field must be directdebit or paypal: creditcard mandates can only be created through a first payment with the customer's card."],
      [{ ...DIRECT_DEBIT, signatureDate: tomorrow }, 'signatureDate', "The 'signatureDate' field must be a date in YYYY-MM-DD format, not in the future."],
      [{ ...DIRECT_DEBIT, signatureDate: '07-05-2023' }, 'signatureDate', "The 'signatureDate' field must be a date in YYYY-MM-DD format, not in the future."],
      [{ method: 'directdebit', consumerAccount: 'NL55INGB0000000000' }, 'consumerName', "The 'consumerName' field is required."],
      [{ consumerName: 'A', consumerAccount: 'NL55INGB0000000000' }, 'method', "The 'method' field is required."],
      [{ method: 'directdebit', consumerName: 'A' }, 'consumerAccount', "The 'consumerAccount' field is required for directdebit mandates."],
      [{ ...PAYPAL, consumerEmail: undefined }, 'consumerEmail', "The 'consumerEmail' field is required for paypal mandates."],
      [{ ...PAYPAL, paypalBillingAgreementId: undefined }, 'paypalBillingAgreementId', "The 'paypalBillingAgreementId' field is required for paypal mandates."],
      [{ ...PAYPAL, consumerEmail: 'jane@' }, 'consumerEmail', "The 'consumerEmail' field must be a valid email address, for example 'jane@example.org'."],
      [{ ...DIRECT_DEBIT, consumerBic: 'ING' }, 'consumerBic', "The 'consumerBic' field must be a BIC of 8 or 11 characters, for example INGBNL2A."],
      [{ ...DIRECT_DEBIT, consumerName: 42 }, 'consumerName', "The 'consumerName' field must be a string."],
      [{ ...DIRECT_DEBIT, iban: 'NL55INGB0000000000' }, 'iban', 'Non-existent body parameter "iban" for this API call.'],
      [{ ...DIRECT_DEBIT, consumerAcount: 'x' }, 'consumerAcount', 'Non-existent body parameter "consumerAcount" for this API call. Did you mean: "consumerAccount"?'],
      ['method=directdebit&consumerName=A&consumerAccount=NL56INGB0000000000', 'consumerAccount', "The 'consumerAccount' field is not a valid IBAN: its check digits do not match."],
    ]
    for (const [body, field, detail] of cases) {
      const options = typeof body === 'string' ? { form: body } : { json: body }
      const answer = await call(server, server.keys.test, 'POST', `/v2/customers/${customerId}/mandates`, options)
      assert.equal(answer.status, 422, `${JSON.stringify(body)}: ${answer.text}`)
      assert.deepEqual(answer.body, {
        status: 422,
        title: 'Unprocessable Entity',
        detail,
        field,
        _links: { documentation: { href: `${server.baseUrl}/docs#errors`, type: 'text/html' } },
      })
    }
    assert.equal(await mandateCount(server), 0)
    const events = (await call(server, server.keys.test, 'GET', `/v2/customers/${customerId}?include=events`)).body.events
    assert.equal(events.length, 1, 'no mandate event either')
  })

  test('query and path refusals: unknown names, bad cursors, unknown ids, another customer’s mandate', async (t) => {
    const server = await startTestServer(t)
    const customerId = await newCustomer(server)
    const sibling = await newCustomer(server)
    const mandate = await newMandate(server, customerId)
    const expect = async (method: string, path: string, status: number, detail: string, field?: string) => {
      const answer = await call(server, server.keys.test, method, path)
      assert.equal(answer.status, status, `${method} ${path}: ${answer.text}`)
      assert.equal(answer.body.detail, detail)
      assert.equal(answer.body.field, field)
    }
    await expect('GET', `/v2/customers/${customerId}/mandates?include=events`, 422, 'Non-existent query parameter "include" for this API call.', 'include')
    await expect('GET', `/v2/customers/${customerId}/mandates?from=mdt_nothing123`, 400, 'Invalid cursor value', 'from')
    await expect('GET', `/v2/customers/${customerId}/mandates?limit=251`, 400, "The 'limit' parameter must be a whole number from 1 to 250.", 'limit')
    await expect('GET', `/v2/customers/${customerId}/mandates/mdt_nothing123`, 404, 'No mandate exists with token mdt_nothing123.')
    await expect('GET', `/v2/customers/cst_nothing123/mandates`, 404, 'No customer exists with token cst_nothing123.')
    await expect('POST', `/v2/customers/cst_nothing123/mandates?x=1`, 422, 'Non-existent query parameter "x" for this API call.', 'x')
    await expect('GET', `/v2/customers/${sibling}/mandates/${mandate.id}`, 404, `No mandate exists with token ${mandate.id}.`)
    await expect('DELETE', `/v2/customers/${sibling}/mandates/${mandate.id}`, 404, `No mandate exists with token ${mandate.id}.`)
    await expect('GET', `/v2/customers/${sibling}/mandates?from=${mandate.id}`, 400, 'Invalid cursor value', 'from')
    // Ids too long to look up: the same 404s, worded for the resource the route takes.
    const long = 'x'.repeat(201)
    await expect('GET', `/v2/customers/${customerId}/mandates/${long}`, 404, `No mandate exists with token ${long.slice(0, 40)}….`)
    await expect('DELETE', `/v2/customers/${customerId}/mandates/${long}`, 404, `No mandate exists with token ${long.slice(0, 40)}….`)
    await expect('GET', `/v2/customers/${long}/mandates`, 404, `No customer exists with token ${long.slice(0, 40)}….`)
    const overlongCustomer = await call(server, server.keys.test, 'POST', `/v2/customers/${long}/mandates`, { json: DIRECT_DEBIT })
    assert.equal(overlongCustomer.body.detail, `No customer exists with token ${long.slice(0, 40)}….`)
    assert.match((await call(server, server.keys.test, 'POST', `/v2/customers/${long}`, { json: {} })).body.detail, /^There is no POST /)
    // An empty segment is no id: no such route.
    assert.match((await call(server, server.keys.test, 'GET', '/v2/customers//mandates')).body.detail, /^There is no GET /)
    const created = await call(server, server.keys.test, 'POST', '/v2/customers/cst_nothing123/mandates', { json: DIRECT_DEBIT })
    assert.equal(created.status, 404)
    assert.equal(await mandateCount(server), 1)
    assert.equal((await call(server, server.keys.test, 'GET', `/v2/customers/${customerId}/mandates/${mandate.id}`)).status, 200)
  })
})

describe('mandate isolation across modes and organizations', () => {
  test('another mode or organization sees neither the customer nor its mandates; access tokens choose by testmode', async (t) => {
    const server = await startTestServer(t)
    const { keys } = server
    const customerId = await newCustomer(server)
    const mandate = await newMandate(server, customerId)
    for (const key of [keys.live, keys.otherTest, keys.otherLive]) {
      for (const [method, path] of [
        ['GET', `/v2/customers/${customerId}/mandates/${mandate.id}`],
        ['DELETE', `/v2/customers/${customerId}/mandates/${mandate.id}`],
        ['GET', `/v2/customers/${customerId}/mandates`],
        ['POST', `/v2/customers/${customerId}/mandates`],
      ] as const) {
        const answer = await call(server, key, method, path, method === 'POST' ? { json: DIRECT_DEBIT } : {})
        assert.equal(answer.status, 404, `${method} ${path}`)
      }
    }
    // An access token acts in live mode unless testmode says otherwise: in the query for reads, the body for writes.
    assert.equal((await call(server, keys.access, 'GET', `/v2/customers/${customerId}/mandates/${mandate.id}`)).status, 404)
    const viaToken = await call(server, keys.access, 'GET', `/v2/customers/${customerId}/mandates/${mandate.id}?testmode=true`)
    assert.equal(viaToken.status, 200)
    assert.equal(viaToken.body.mode, 'test')
    const created = await call(server, keys.access, 'POST', `/v2/customers/${customerId}/mandates`, { json: { ...PAYPAL, testmode: true } })
    assert.equal(created.status, 201, created.text)
    assert.equal(created.body.mode, 'test')
    const listed = await call(server, keys.access, 'GET', `/v2/customers/${customerId}/mandates?testmode=true&limit=1`)
    assert.equal(listed.body.count, 1)
    assert.match(listed.body._links.next.href, /testmode=true/)
    const revoked = await call(server, keys.access, 'DELETE', `/v2/customers/${customerId}/mandates/${mandate.id}`, { json: { testmode: true } })
    assert.equal(revoked.status, 204)
    // An API key's mode is its own: testmode that contradicts it is refused, and nothing changes.
    const contradicting = await call(server, keys.test, 'POST', `/v2/customers/${customerId}/mandates`, { json: { ...PAYPAL, testmode: false } })
    assert.equal(contradicting.status, 422)
    assert.equal(await mandateCount(server), 2)
    // A live customer's mandate is live.
    const liveCustomer = await newCustomer(server, keys.live)
    assert.equal((await newMandate(server, liveCustomer, DIRECT_DEBIT, keys.live)).mode, 'live')
  })
})

describe('mandate lists', () => {
  test('pages walk both ways with next and previous, carrying limit, sort and testmode; revoked ones are left out', async (t) => {
    const server = await startTestServer(t)
    const customerId = await newCustomer(server)
    const ids: string[] = []
    for (let i = 0; i < 12; i++) ids.push((await newMandate(server, customerId, { ...DIRECT_DEBIT, mandateReference: `M${i}` })).id)
    const base = `/v2/customers/${customerId}/mandates`
    const walk = async (start: string) => {
      const seen: string[] = []
      let href: string | undefined = `${server.baseUrl}${start}`
      const previous: string | null = null
      while (href) {
        const page = await call(server, server.keys.test, 'GET', href.slice(server.baseUrl.length))
        assert.equal(page.status, 200, page.text)
        assert.equal(page.body.count, page.body._embedded.mandates.length)
        if (seen.length > 0) assert.ok(page.body._links.previous, 'a page after the first has previous')
        else assert.equal(page.body._links.previous, previous)
        assert.equal(page.body._links.documentation.href, `${server.baseUrl}/docs#list-mandates`)
        seen.push(...page.body._embedded.mandates.map((mandate: { id: string }) => mandate.id))
        href = page.body._links.next?.href
      }
      return seen
    }
    assert.deepEqual(await walk(`${base}?limit=5`), [...ids].reverse())
    assert.deepEqual(await walk(`${base}?limit=5&sort=asc`), ids)
    const middle = await call(server, server.keys.test, 'GET', `${base}?from=${ids[6]}&limit=3&sort=asc`)
    assert.deepEqual(middle.body._links.previous.href, `${server.apiUrl}${base.slice(3)}?from=${ids[3]}&limit=3&sort=asc`)
    assert.deepEqual(middle.body._links.next.href, `${server.apiUrl}${base.slice(3)}?from=${ids[9]}&limit=3&sort=asc`)
    await call(server, server.keys.test, 'DELETE', `${base}/${ids[0]}`)
    assert.deepEqual(await walk(`${base}?limit=4&sort=asc`), ids.slice(1))
    const fromRevoked = await call(server, server.keys.test, 'GET', `${base}?from=${ids[0]}&limit=2&sort=asc`)
    assert.deepEqual(fromRevoked.body._embedded.mandates.map((mandate: { id: string }) => mandate.id), ids.slice(1, 3))
  })
})
