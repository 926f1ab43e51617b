/**
 * What the load generator is asked to do and what it reports: the contract between bench/run.ts and the
 * load-worker process. Types only, so both sides load it without side effects.
 */

export interface LoadPlan {
  /** `http://127.0.0.1:PORT`: loopback only. */
  origin: string
  connections: number
  durationSeconds: number
  /** Load before measuring, at the same connections, so the server's JIT and caches are warm. */
  warmupSeconds: number
  method: 'GET' | 'POST' | 'PATCH'
  /** Each request takes one of these at random. */
  paths: string[]
  /** Each request takes one of these at random (with `content-type` in headers). */
  bodies?: string[]
  headers: Record<string, string>
}

export interface LoadResult {
  /** Responses received in the measured period, whatever their status. */
  responses: number
  durationSeconds: number
  reqPerSec: number
  p50Ms: number
  p99Ms: number
  maxMs: number
  /** Socket errors and timeouts (timeouts are counted here too). */
  socketErrors: number
  timeouts: number
  non2xx: number
  statusCodes: Record<string, number>
  /** CPU the load generator itself used in the measured period, in ms (user + system). */
  cpuMs: number
}

/** Lines the worker writes on stdout, one JSON object each. */
export type WorkerMessage = { event: 'measuring' } | { event: 'done'; result: LoadResult }
