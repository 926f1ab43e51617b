/**
 * The baseline: the fastest a Node HTTP server can answer on this machine. A bare node:http server that sends
 * one fixed body (a real customer response, captured from Clientele) with the same content type, to every
 * request. Clientele's rows are read against it.
 *
 *   node --import tsx bench/baseline-server.ts '{"port":8081,"body":"…","contentType":"application/hal+json; charset=utf-8"}'
 */
import { createServer } from 'node:http'

const { port, body, contentType } = JSON.parse(process.argv[2] ?? '{}') as {
  port: number
  body: string
  contentType: string
}
const payload = Buffer.from(body)
const headers = { 'content-type': contentType, 'content-length': payload.length }

const server = createServer((_request, response) => {
  response.writeHead(200, headers)
  response.end(payload)
})
server.listen(port, '127.0.0.1', () => console.log(`baseline listening on http://127.0.0.1:${port}`))
process.on('SIGTERM', () => server.close(() => process.exit(0)))
