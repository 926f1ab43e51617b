/**
 * Lets a closing server end by itself. Node closes the connections that are idle when closing begins, but a
 * keep-alive connection that is busy with a request then stays open after its answer, idle until the keep-alive
 * timeout, and holds the process up until close-with-grace gives up on it. So the server keeps the set of its open
 * connections (an entry per connection, nothing per request), and once closing begins every answer still to come,
 * on those connections and on requests read later, says `Connection: close`: Node closes the connection after it.
 */
import type { ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { Server as TlsServer } from 'node:tls'
import type { FastifyInstance } from 'fastify'

export function closeConnectionsOnShutdown(app: FastifyInstance): void {
  const server = app.server
  const sockets = new Set<Socket>()
  // An HTTPS server parses requests on the TLS socket, which its 'connection' event does not give.
  server.on(server instanceof TlsServer ? 'secureConnection' : 'connection', (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  app.addHook('preClose', (done) => {
    server.prependListener('request', (_request, response) => closeAfter(response))
    for (const socket of sockets) {
      // Node's own reference from a socket to the answer it is writing (it has had this name since 0.x).
      const response = (socket as { _httpMessage?: ServerResponse })._httpMessage
      if (response) closeAfter(response)
    }
    done()
  })
}

function closeAfter(response: ServerResponse): void {
  if (!response.headersSent) return void response.setHeader('connection', 'close')
  const socket = response.socket
  response.once('finish', () => socket?.end())
}
