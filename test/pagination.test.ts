import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { call, startTestServer, type TestServer } from './helpers/server.js'

async function createCustomers(server: TestServer, key: string, count: number): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < count; i++) {
    const created = await call(server, key, 'POST', '/v2/customers', { json: { name: `Customer ${i}` } })
    assert.equal(created.status, 201)
    ids.push(created.body.id)
  }
  return ids
}

/** Follows `next` links verbatim, as mollie-api-typescript does, collecting ids and pages. */
async function walk(server: TestServer, key: string, firstUrl: string, onPage?: (page: any) => Promise<void>) {
  const ids: string[] = []
  const pages: any[] = []
  let url: string | undefined = firstUrl
  while (url) {
    assert.ok(url.startsWith(server.apiUrl), `absolute link on this server: ${url}`)
    const response: any = await call(server, key, 'GET', url.slice(server.baseUrl.length))
    assert.equal(response.status, 200, response.text)
    pages.push(response.body)
    ids.push(...response.body._embedded.customers.map((customer: { id: string }) => customer.id))
    await onPage?.(response.body)
    url = response.body._links.next?.href
  }
  return { ids, pages }
}

describe('list', () => {
  test('an empty list has count 0, an empty array, and null previous and next', async (t) => {
    const server = await startTestServer(t)
    const listed = await call(server, server.keys.test, 'GET', '/v2/customers')
    assert.equal(listed.status, 200)
    assert.equal(listed.headers.get('content-type'), 'application/hal+json; charset=utf-8')
    assert.deepEqual(listed.body, {
      count: 0,
      _embedded: { customers: [] },
      _links: {
        self: { href: `${server.apiUrl}/customers?limit=50`, type: 'application/hal+json' },
        previous: null,
        next: null,
        documentation: { href: `${server.baseUrl}/docs#list-customers`, type: 'text/html' },
      },
    })
  })

  test('walking 130 customers by next links sees each exactly once, newest first by default', async (t) => {
    const server = await startTestServer(t)
    const created = await createCustomers(server, server.keys.test, 130)
    const { ids, pages } = await walk(server, server.keys.test, `${server.apiUrl}/customers?limit=50`)
    assert.deepEqual(ids, [...created].reverse())
    assert.deepEqual(
      pages.map((page) => page.count),
      [50, 50, 30],
    )
    assert.equal(pages[0]._links.previous, null)
    assert.equal(pages[2]._links.next, null)
    assert.equal(pages[1]._links.next.href, `${server.apiUrl}/customers?from=${created[29]}&limit=50`)
    // Each list item is a full customer object with its own links.
    assert.equal(pages[0]._embedded.customers[0]._links.self.href, `${server.apiUrl}/customers/${created[129]}`)
  })

  test('sort=asc walks oldest first and repeats sort in every link', async (t) => {
    const server = await startTestServer(t)
    const created = await createCustomers(server, server.keys.test, 125)
    const { ids, pages } = await walk(server, server.keys.test, `${server.apiUrl}/customers?sort=asc&limit=40`)
    assert.deepEqual(ids, created)
    assert.deepEqual(
      pages.map((page) => page.count),
      [40, 40, 40, 5],
    )
    for (const page of pages) {
      assert.match(page._links.self.href, /sort=asc/)
      if (page._links.next) assert.match(page._links.next.href, /sort=asc/)
    }
  })

  test('previous links lead back page by page to the first page', async (t) => {
    const server = await startTestServer(t)
    await createCustomers(server, server.keys.test, 25)
    const { pages } = await walk(server, server.keys.test, `${server.apiUrl}/customers?limit=10`)
    const last = pages.at(-1)
    const back = await call(server, server.keys.test, 'GET', last._links.previous.href.slice(server.baseUrl.length))
    assert.deepEqual(back.body._embedded.customers, pages[1]._embedded.customers)
    const first = await call(server, server.keys.test, 'GET', back.body._links.previous.href.slice(server.baseUrl.length))
    assert.deepEqual(first.body._embedded.customers, pages[0]._embedded.customers)
    assert.equal(first.body._links.previous, null)
  })

  test('from starts the page at that customer, inclusive', async (t) => {
    const server = await startTestServer(t)
    const created = await createCustomers(server, server.keys.test, 5)
    const listed = await call(server, server.keys.test, 'GET', `/v2/customers?from=${created[2]}&limit=2`)
    assert.deepEqual(
      listed.body._embedded.customers.map((customer: { id: string }) => customer.id),
      [created[2], created[1]],
    )
    assert.equal(listed.body._links.next.href, `${server.apiUrl}/customers?from=${created[0]}&limit=2`)
    assert.equal(listed.body._links.previous.href, `${server.apiUrl}/customers?from=${created[4]}&limit=2`)
  })

  test('any limit from 1 to 250 is accepted on any page, as @mollie/api-client iterate() varies it', async (t) => {
    const server = await startTestServer(t)
    await createCustomers(server, server.keys.test, 3)
    for (const limit of [1, 64, 128, 250]) {
      const listed = await call(server, server.keys.test, 'GET', `/v2/customers?limit=${limit}`)
      assert.equal(listed.status, 200)
      assert.equal(listed.body.count, Math.min(limit, 3))
    }
  })

  test('a walk sees every customer that existed when it began exactly once, while others are created and deleted', async (t) => {
    const server = await startTestServer(t)
    const created = await createCustomers(server, server.keys.test, 120)
    const deleted = new Set<string>()
    // Between pages: create two, and delete the customer the next link starts from plus one further ahead.
    const { ids } = await walk(server, server.keys.test, `${server.apiUrl}/customers?limit=25`, async (page) => {
      await createCustomers(server, server.keys.test, 2)
      if (!page._links.next) return
      const victim = new URL(page._links.next.href).searchParams.get('from')!
      const ahead = created[created.indexOf(victim) - 7]
      for (const id of [victim, ahead]) {
        if (!id) continue
        const response = await call(server, server.keys.test, 'DELETE', `/v2/customers/${id}`)
        assert.equal(response.status, 204)
        deleted.add(id)
      }
    })
    assert.equal(new Set(ids).size, ids.length, 'no duplicates')
    const expected = [...created].reverse().filter((id) => !deleted.has(id))
    assert.deepEqual(ids, expected, 'every surviving original customer once, in order; none created later')
  })

  test('test and live customers are listed apart', async (t) => {
    const server = await startTestServer(t)
    await createCustomers(server, server.keys.test, 3)
    await createCustomers(server, server.keys.live, 2)
    assert.equal((await call(server, server.keys.test, 'GET', '/v2/customers')).body.count, 3)
    assert.equal((await call(server, server.keys.live, 'GET', '/v2/customers')).body.count, 2)
  })

  test('next links repeat testmode for access tokens', async (t) => {
    const server = await startTestServer(t)
    const created = await createCustomers(server, server.keys.test, 3)
    const { ids, pages } = await walk(server, server.keys.access, `${server.apiUrl}/customers?limit=2&testmode=true`)
    assert.deepEqual(ids, [...created].reverse())
    assert.equal(pages[0]._links.next.href, `${server.apiUrl}/customers?from=${created[0]}&limit=2&testmode=true`)
  })
})
