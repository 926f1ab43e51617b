/**
 * `clientele/mollie-api-client`: Mollie's official Node client (`@mollie/api-client`), unmodified, talking to a
 * Clientele server over plain HTTP on loopback.
 *
 * Why this exists: that client always hands node-fetch an `https.Agent` carrying its own bundled root
 * certificates (it overwrites any `caCertificates` you pass, and the agent's explicit `ca` also disables
 * NODE_EXTRA_CA_CERTS). An `http://` endpoint therefore fails with `Protocol "http:" not supported`, and no
 * self-signed or private-CA HTTPS setup can be trusted by it.
 *
 * How: while `createMollieClient` builds its network layer (synchronously, inside this call) the `https.Agent`
 * constructor yields one loopback-only HTTP agent instead, which the client then uses for all its requests.
 * Nothing else about the client changes: paths, headers, retries, idempotency keys, parsing. The agent refuses
 * to connect anywhere but loopback, and HTTPS URLs fail with the agent's protocol error, so a client made here can
 * never reach another host. The swap is undone before this function returns.
 */
import http from 'node:http'
import https from 'node:https'
import { isIP } from 'node:net'
import type { Duplex } from 'node:stream'
import { createMollieClient, type MollieClient, type MollieOptions } from '@mollie/api-client'

/** The official client's options; `apiEndpoint` is required and must be an `http://` loopback URL ending in /v2. */
export type LocalMollieOptions = MollieOptions & { apiEndpoint: string }

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '')
  if (bare === 'localhost') return true
  const version = isIP(bare)
  if (version === 4) return bare.startsWith('127.')
  if (version === 6) return bare === '::1' || /^::ffff:127\./i.test(bare)
  return false
}

/** An HTTP agent that connects only to loopback addresses. */
class LoopbackAgent extends http.Agent {
  override createConnection(
    options: http.ClientRequestArgs,
    callback?: (error: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const host = options.host ?? options.hostname ?? 'localhost'
    if (!isLoopbackHost(host)) {
      throw new Error(`clientele/mollie-api-client only connects to loopback addresses, not to ${host}.`)
    }
    return super.createConnection(options, callback)
  }
}

export function createLocalMollieClient(options: LocalMollieOptions): MollieClient {
  let endpoint: URL
  try {
    endpoint = new URL(options.apiEndpoint)
  } catch {
    throw new TypeError(`apiEndpoint must be a URL such as http://127.0.0.1:8080/v2, not '${options.apiEndpoint}'.`)
  }
  if (endpoint.protocol !== 'http:' || !isLoopbackHost(endpoint.hostname)) {
    throw new TypeError(
      `apiEndpoint must be an http:// URL on loopback (127.0.0.1, ::1 or localhost), not '${options.apiEndpoint}'. ` +
        'For a server with a public certificate, use createMollieClient from @mollie/api-client directly.',
    )
  }
  const agent = new LoopbackAgent()
  const OriginalAgent = https.Agent
  // A constructor that returns an object makes `new` yield that object.
  const SubstituteAgent = function SubstituteAgent() {
    return agent
  } as unknown as typeof https.Agent
  ;(https as { Agent: typeof https.Agent }).Agent = SubstituteAgent
  try {
    return createMollieClient(options)
  } finally {
    ;(https as { Agent: typeof https.Agent }).Agent = OriginalAgent
  }
}
