/**
 * Live-mode webhooks never reach private addresses, whatever the URL's host name says: the address is checked after
 * DNS, when connecting (src/webhooks/post.ts), not only as text when the payment is created.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { isPrivateHost } from '../src/domain/payment.js'
import { createPoster } from '../src/webhooks/post.js'
import { startWebhookReceiver } from './helpers/webhook-receiver.js'

describe('the webhook POST', () => {
  test('public-only deliveries refuse names that resolve to loopback, and loopback literals; others go through', async (t) => {
    const receiver = await startWebhookReceiver()
    t.after(() => receiver.close())
    const poster = createPoster(2_000)
    t.after(() => poster.destroy())
    const port = new URL(receiver.url).port
    const byName = await poster.post(`http://localhost:${port}/webhook`, 'id=tr_a', { publicOnly: true })
    assert.match(byName.error ?? '', /^EPRIVATE: localhost resolves to (127\.0\.0\.1|::1), a private or loopback address$/)
    const literal = await poster.post(`http://127.0.0.1:${port}/webhook`, 'id=tr_b', { publicOnly: true })
    assert.match(literal.error ?? '', /^EPRIVATE: 127\.0\.0\.1 is a private or loopback address$/)
    assert.equal(receiver.received.length, 0)
    assert.deepEqual(await poster.post(`http://localhost:${port}/webhook`, 'id=tr_c'), { status: 200 })
    assert.equal(receiver.received.length, 1)
  })

  test('what counts as private: names and addresses a shared deployment must not call', () => {
    for (const host of ['localhost', 'localhost.', 'api.localhost', '127.1.2.3', '10.0.0.1', '192.168.1.1', '169.254.169.254', '[::1]', '::127.0.0.1', '::ffff:10.0.0.1', 'fd00::1', '0.0.0.0']) {
      assert.ok(isPrivateHost(host), host)
    }
    for (const host of ['example.org', '93.184.216.34', '2606:2800:220:1::1']) assert.ok(!isPrivateHost(host), host)
  })
})
