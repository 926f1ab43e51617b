/** The limits that protect a running server: per-key rate limit and slow senders. */
import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { call, startTestServer } from './helpers/server.js'

describe('rate limit', () => {
  test('past the per-key limit: 429 in Mollie’s format with Retry-After; other keys are unaffected; it recovers', async (t) => {
    const server = await startTestServer(t, { rateLimitPerSecond: 5 })
    // A budget of 5 units that refills continuously: 12 reads at once get 5 through and more while they are taken
    // in (how many more depends on the machine's speed), and at least some 429s.
    const responses = await Promise.all(Array.from({ length: 12 }, () => call(server, server.keys.test, 'GET', '/v2/customers')))
    const statuses = responses.map((response) => response.status)
    assert.deepEqual([...new Set(statuses)].sort(), [200, 429])
    assert.ok(statuses.filter((status) => status === 200).length >= 5, String(statuses))
    const refused = responses.find((response) => response.status === 429)!
    assert.equal(refused.headers.get('content-type'), 'application/hal+json; charset=utf-8')
    assert.match(refused.headers.get('retry-after') ?? '', /^[1-9]\d*$/)
    assert.deepEqual({ ...refused.body, detail: undefined }, {
      status: 429,
      title: 'Too Many Requests',
      detail: undefined,
      _links: { documentation: { href: `${server.baseUrl}/docs#errors`, type: 'text/html' } },
    })
    assert.match(refused.body.detail, /^Too many requests with this key: at most 5 per second\. Retry after \d+ seconds?\.$/)
    // The limit is per key: another key of the same organization still gets through.
    assert.equal((await call(server, server.keys.live, 'GET', '/v2/customers')).status, 200)
    // A refused create stores nothing.
    const create = await call(server, server.keys.test, 'POST', '/v2/customers', { json: { name: 'x' } })
    if (create.status === 429) assert.equal((await call(server, server.keys.live, 'GET', '/v2/customers')).body.count, 0)
    await sleep(Number(refused.headers.get('retry-after')) * 1000 + 100)
    assert.equal((await call(server, server.keys.test, 'GET', '/v2/customers')).status, 200)
  })

  test('unauthenticated requests are refused with 401 before any limit is counted', async (t) => {
    const server = await startTestServer(t, { rateLimitPerSecond: 2 })
    for (let i = 0; i < 5; i++) assert.equal((await call(server, 'test_unknown', 'GET', '/v2/customers')).status, 401)
    assert.equal((await call(server, server.keys.test, 'GET', '/v2/customers')).status, 200)
  })
})

describe('slow senders', () => {
  test('a request that never finishes arriving is cut off after the request timeout; the server keeps serving', async (t) => {
    const server = await startTestServer(t, { requestTimeoutMs: 1000 })
    const port = Number(new URL(server.baseUrl).port)
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        // Headers promise a body that never comes.
        socket.write(`POST /v2/customers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${server.keys.test}\r\n`)
        socket.write('Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"name":')
      })
      let text = ''
      socket.on('data', (chunk) => (text += chunk))
      socket.on('close', () => resolve(text))
      socket.on('error', reject)
      setTimeout(() => reject(new Error('the server never gave up on the slow request')), 20_000).unref()
    })
    assert.match(answer, /^HTTP\/1\.1 408 Request Timeout\r\n/)
    assert.match(answer, /content-type: application\/hal\+json/i)
    assert.match(answer, /\{"status":408,"title":"Request Timeout","detail":"The request did not arrive in time\."/)
    assert.equal((await call(server, server.keys.test, 'GET', '/v2/customers')).body.count, 0)
  })
})
