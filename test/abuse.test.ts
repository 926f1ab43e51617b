/**
 * What a client can hold or send before it is authenticated is bounded, and every such answer is Mollie's:
 * connections beyond the cap are refused, too many headers are a 431 (never silently dropped), HTTP/1.1 without
 * Host and CONNECT get Mollie-format answers, and an overlong id without a key is a 401 like any unauthenticated
 * request. Bounded loops, loopback only.
 */
import assert from 'node:assert/strict'
import { connect, type Socket } from 'node:net'
import { describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { exchange, rawRequest } from './helpers/raw-http.js'
import { call, startTestServer } from './helpers/server.js'

function port(baseUrl: string): number {
  return Number(new URL(baseUrl).port)
}

describe('bounded before authentication', () => {
  test('connections beyond the cap are refused at once; the server keeps serving, and serves again when they go', async (t) => {
    const server = await startTestServer(t, { maxConnections: 5 })
    const sockets: Socket[] = []
    const closed = new Set<Socket>()
    for (let i = 0; i < 12; i++) {
      const socket = connect(port(server.baseUrl), '127.0.0.1')
      socket.on('error', () => {})
      socket.on('close', () => closed.add(socket))
      sockets.push(socket)
    }
    await sleep(300)
    assert.ok(closed.size >= 7, `the connections over the cap were closed (${closed.size})`)
    for (const socket of sockets) socket.destroy()
    await sleep(100)
    assert.equal((await call(server, server.keys.test, 'GET', '/v2/customers')).status, 200)
  })

  test('more headers than allowed → 431 in Mollie’s format, even when Authorization comes last', async (t) => {
    const server = await startTestServer(t)
    const fillers = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`X-Filler-${i}`, 'x']))
    const { responses } = await exchange(port(server.baseUrl), [
      rawRequest('GET', '/v2/customers', { ...fillers, Authorization: `Bearer ${server.keys.test}` }),
    ])
    assert.equal(responses[0]?.status, 431)
    const body = JSON.parse(responses[0]!.body)
    assert.equal(body.title, 'Request Header Fields Too Large')
    assert.equal(responses[0]!.headers['content-type'], 'application/hal+json; charset=utf-8')
    const fewer = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`X-Filler-${i}`, 'x']))
    const fine = await exchange(port(server.baseUrl), [rawRequest('GET', '/v2/customers', { ...fewer, Authorization: `Bearer ${server.keys.test}` })])
    assert.equal(fine.responses[0]?.status, 200)
  })

  test('HTTP/1.1 without Host → 400 in Mollie’s format; CONNECT → 405, not a closed socket', async (t) => {
    const server = await startTestServer(t)
    const noHost = await exchange(port(server.baseUrl), [Buffer.from(`GET /v2/customers HTTP/1.1\r\nAuthorization: Bearer ${server.keys.test}\r\n\r\n`)])
    assert.equal(noHost.responses[0]?.status, 400)
    assert.equal(JSON.parse(noHost.responses[0]!.body).detail, 'An HTTP/1.1 request needs a Host header.')
    const tunnel = await exchange(port(server.baseUrl), [Buffer.from('CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n')])
    assert.equal(tunnel.responses[0]?.status, 405)
    assert.equal(JSON.parse(tunnel.responses[0]!.body).title, 'Method Not Allowed')
  })

  test('an overlong id without a key is a 401, like every unauthenticated request; with a key a 404', async (t) => {
    const server = await startTestServer(t)
    const long = `/v2/customers/cst_${'x'.repeat(300)}`
    const anonymous = await call(server, undefined, 'GET', long)
    assert.equal(anonymous.status, 401)
    assert.equal(anonymous.body.title, 'Unauthorized Request')
    assert.equal((await call(server, server.keys.test, 'GET', long)).status, 404)
  })

  test('a malformed or overlong URL under /dashboard gets a page, not the API’s JSON', async (t) => {
    const server = await startTestServer(t)
    for (const path of ['/dashboard/customers/cst_%E0%A4%A', `/dashboard/customers/cst_${'x'.repeat(300)}`]) {
      const response = await fetch(`${server.baseUrl}${path}`)
      assert.ok(response.status === 400 || response.status === 404, path)
      assert.match(response.headers.get('content-type') ?? '', /^text\/html/, path)
    }
  })
})
