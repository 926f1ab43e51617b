/**
 * A webhook receiver for tests: an HTTP server on 127.0.0.1 and a free port that records every POST it gets and
 * answers as told. Closed when the test calls close() (do it in t.after).
 *
 *   const receiver = await startWebhookReceiver({ answer: (attempt) => (attempt <= 2 ? 500 : 200) })
 *   … enqueue a delivery to receiver.url …
 *   await receiver.waitFor(3)
 *   receiver.received[2].body   // 'id=tr_…'
 *
 * `answer(attempt, request)` decides each answer: a status code; 'hang' (never answer: the sender's timeout); or
 * 'reset' (destroy the connection without an answer). `attempt` counts requests to this receiver, from 1. Default:
 * 200 to everything.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface ReceivedWebhook {
  /** The raw body, e.g. `id=tr_…`. */
  body: string
  contentType: string | undefined
  /** When it arrived whole, Date.now(). */
  at: number
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:PORT/webhook` */
  url: string
  /** Every request received so far, in order of arrival (hung and reset ones too). */
  received: ReceivedWebhook[]
  /** Resolves once `count` requests have arrived; rejects after `timeoutMs` (default 20 s) with what did. */
  waitFor(count: number, timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

export type WebhookAnswer = number | 'hang' | 'reset'

export async function startWebhookReceiver(
  options: { answer?: (attempt: number, request: IncomingMessage) => WebhookAnswer } = {},
): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = []
  const waiters = new Set<() => void>()
  const sockets = new Set<Socket>()
  const hanging = new Set<ServerResponse>()
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), contentType: request.headers['content-type'], at: Date.now() })
      const answer = options.answer?.(received.length, request) ?? 200
      for (const waiter of waiters) waiter()
      if (answer === 'hang') {
        hanging.add(response)
        return
      }
      if (answer === 'reset') {
        request.socket.destroy()
        return
      }
      response.writeHead(answer, { 'content-type': 'text/plain' }).end('ok')
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    received,
    waitFor(count, timeoutMs = 20_000) {
      if (received.length >= count) return Promise.resolve()
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (received.length < count) return
          clearTimeout(timer)
          waiters.delete(check)
          resolve()
        }
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`the receiver got ${received.length} of ${count} webhooks within ${timeoutMs} ms: ${JSON.stringify(received.map((entry) => entry.body))}`))
        }, timeoutMs)
        waiters.add(check)
      })
    },
    async close() {
      for (const socket of sockets) socket.destroy()
      hanging.clear()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
