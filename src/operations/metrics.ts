/**
 * Prometheus metrics through prom-client, served at `GET /_clientele/metrics` (text format 0.0.4) when
 * `METRICS=on`; with `METRICS_TOKEN` set, only to `Authorization: Bearer <METRICS_TOKEN>` (else 401 in
 * Mollie's error format). Off, the route does not exist (404) and requests pay nothing for metrics.
 *
 * What is measured:
 *
 *   clientele_http_requests_total{method,route,status}            counter: answered requests
 *   clientele_http_request_duration_seconds{method,route,status}  histogram: from the request's arrival to the
 *                                                                 end of its answer, in seconds
 *   process_*, nodejs_*                                           prom-client's default Node process metrics
 *
 * `route` is the route's pattern (`/v2/customers/:id`), never the raw URL, so a customer id never becomes a
 * label; anything no route matched (404s, malformed URLs) is `route="unmatched"`. `method` is one of the HTTP
 * methods the app knows, any other is `OTHER`; `status` is the numeric status code. Label sets are therefore
 * bounded by the routes of the app.
 *
 * For background work (webhook delivery, the scheduler: not built yet), one Metrics object per process is the
 * registry to add to. A worker asks for its instruments once, at start, by name without the `clientele_` prefix:
 *
 *   const deliveries = metrics.counter({ name: 'webhook_deliveries_total', help: 'Webhook deliveries, by outcome.', labelNames: ['outcome'] })
 *   deliveries.inc({ outcome: 'delivered' })
 *   const lag = metrics.histogram({ name: 'webhook_delivery_lag_seconds', help: 'From the event to its delivery.', buckets: LAG_BUCKETS })
 *   lag.observe(seconds)
 *
 * and the scheduler likewise `scheduler_lag_seconds`. Asking again for a name returns the same instrument, so
 * two apps in one process (HTTP and HTTPS) and a worker share one series. Labels must come from small fixed sets
 * (an outcome, a status), never from ids or URLs.
 *
 * With WORKERS > 1 each worker counts its own requests; the scrape is answered by whichever worker the
 * connection reaches, which asks the primary to sum the workers' registries (prom-client's
 * AggregatorRegistry): see clusterMetrics() and serveClusterMetrics().
 */
import cluster from 'node:cluster'
import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { AggregatorRegistry, Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import { ApiError } from '../http/errors.js'

export const METRIC_PREFIX = 'clientele_'
/** The `route` label of requests no route matched. */
export const UNMATCHED_ROUTE = 'unmatched'
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

/** Seconds: a local GET takes a fraction of a millisecond, a request stuck behind a database a few seconds. */
export const REQUEST_DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
/** Seconds, for lags of background work (delivery, scheduling): from a second to an hour. */
export const LAG_BUCKETS = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600]

export interface InstrumentConfig<Label extends string> {
  /** Without the `clientele_` prefix; Prometheus conventions: `_total` for counters, a unit suffix (`_seconds`). */
  name: string
  help: string
  labelNames?: readonly Label[]
}

export interface Metrics {
  readonly registry: Registry
  /** Records one answered request. `route` is a pattern or UNMATCHED_ROUTE; `seconds` its duration. */
  observeRequest(method: string, route: string, status: number, seconds: number): void
  /** The counter `clientele_<name>`, created on first use. */
  counter<Label extends string = string>(config: InstrumentConfig<Label>): Counter<Label>
  /** The histogram `clientele_<name>`, created on first use; buckets default to LAG_BUCKETS. */
  histogram<Label extends string = string>(config: InstrumentConfig<Label> & { buckets?: number[] }): Histogram<Label>
}

/** One per process: main.ts makes it when METRICS=on and hands it to every app it builds. */
export function createMetrics(options: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry()
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry })

  const counter = <Label extends string>(config: InstrumentConfig<Label>): Counter<Label> => {
    const name = `${METRIC_PREFIX}${config.name}`
    const existing = registry.getSingleMetric(name)
    if (existing) {
      if (!(existing instanceof Counter)) throw new Error(`${name} is already registered, and not as a counter`)
      return existing as Counter<Label>
    }
    return new Counter({ name, help: config.help, labelNames: config.labelNames ?? [], registers: [registry] })
  }
  const histogram = <Label extends string>(config: InstrumentConfig<Label> & { buckets?: number[] }): Histogram<Label> => {
    const name = `${METRIC_PREFIX}${config.name}`
    const existing = registry.getSingleMetric(name)
    if (existing) {
      if (!(existing instanceof Histogram)) throw new Error(`${name} is already registered, and not as a histogram`)
      return existing as Histogram<Label>
    }
    const { help, labelNames = [], buckets = LAG_BUCKETS } = config
    return new Histogram({ name, help, labelNames, buckets, registers: [registry] })
  }

  const labelNames = ['method', 'route', 'status'] as const
  const requests = counter({ name: 'http_requests_total', help: 'HTTP requests answered, by route pattern, method and status.', labelNames })
  const durations = histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from a request\'s arrival to the end of its answer, in seconds, by route pattern, method and status.',
    labelNames,
    buckets: REQUEST_DURATION_BUCKETS,
  })
  // The labelled children, kept so that a request costs one Map lookup instead of prom-client's label hashing.
  const children = new Map<string, { count: { inc(): void }; duration: { observe(value: number): void } }>()

  return {
    registry,
    counter,
    histogram,
    observeRequest(method, route, status, seconds) {
      const key = `${method} ${status} ${route}`
      let child = children.get(key)
      if (!child) {
        const labels = { method: KNOWN_METHODS.has(method) ? method : 'OTHER', route, status: String(status) }
        child = { count: requests.labels(labels), duration: durations.labels(labels) }
        // A bounded set in practice (routes × methods × statuses); a guard against a flood of odd methods.
        if (children.size < 10_000) children.set(key, child)
      }
      child.count.inc()
      child.duration.observe(seconds)
    },
  }
}

/** Counts every answer of `app` (all scopes, 404s included): one onResponse hook, added to the root. */
export function registerRequestMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.is404 ? UNMATCHED_ROUTE : (request.routeOptions.url ?? UNMATCHED_ROUTE)
    metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000)
    done()
  })
}

export interface MetricsRouteOptions {
  metrics: Metrics
  /** When set, the route answers only `Authorization: Bearer <token>`. */
  token?: string
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}

/** Compares in constant time (digests of equal length), so the token cannot be guessed byte by byte. */
function bearerMatches(header: string | undefined, token: string): boolean {
  return header !== undefined && timingSafeEqual(sha256(header), sha256(`Bearer ${token}`))
}

/** `GET /_clientele/metrics`, registered under `/_clientele`. */
export const metricsRoute: FastifyPluginAsync<MetricsRouteOptions> = async (scope, { metrics, token }) => {
  scope.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (token !== undefined && !bearerMatches(request.headers.authorization, token)) {
      reply.header('www-authenticate', 'Bearer realm="clientele metrics"')
      throw new ApiError(401, 'The metrics need Authorization: Bearer <METRICS_TOKEN>.', undefined, 'Unauthorized Request')
    }
    const text = cluster.isWorker ? await clusterMetrics() : await metrics.registry.metrics()
    return reply.header('cache-control', 'no-store').type(metrics.registry.contentType).send(text)
  })
}

/** Worker ↔ primary messages for a cluster-wide scrape. */
const REQUEST = 'clientele:metrics-request'
const RESPONSE = 'clientele:metrics-response'
const CLUSTER_TIMEOUT_MS = 5_000

interface ClusterMessage {
  type?: unknown
  id?: unknown
  text?: unknown
  error?: unknown
}

let nextRequestId = 0

/** In a worker: the metrics of every worker, summed by the primary (which must run serveClusterMetrics()). */
function clusterMetrics(): Promise<string> {
  const id = ++nextRequestId
  return new Promise((resolve, reject) => {
    const done = (message: ClusterMessage) => {
      if (message?.type !== RESPONSE || message.id !== id) return
      clearTimeout(timer)
      process.off('message', done)
      if (typeof message.text === 'string') resolve(message.text)
      else reject(new Error(`cluster metrics failed: ${String(message.error)}`))
    }
    const timer = setTimeout(() => {
      process.off('message', done)
      reject(new Error('cluster metrics: the primary did not answer'))
    }, CLUSTER_TIMEOUT_MS)
    process.on('message', done)
    process.send!({ type: REQUEST, id })
  })
}

/**
 * In the primary, with WORKERS > 1 and METRICS=on: answers a worker's scrape with the sum of all workers'
 * registries. prom-client's AggregatorRegistry asks each worker over IPC for the registries it was given
 * (shareWithCluster()).
 */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry()
  cluster.on('message', (worker, message: ClusterMessage) => {
    if (message?.type !== REQUEST) return
    aggregator.clusterMetrics().then(
      (text: string) => worker.send({ type: RESPONSE, id: message.id, text }),
      (error: Error) => worker.send({ type: RESPONSE, id: message.id, error: error.message }),
    )
  })
}

/** In a worker: what the primary's AggregatorRegistry collects from this process. */
export function shareWithCluster(metrics: Metrics): void {
  AggregatorRegistry.setRegistries([metrics.registry])
  // Constructing one is what makes prom-client answer the primary's requests in this worker.
  new AggregatorRegistry() // eslint-disable-line no-new -- constructing it sets up the primary's side
}
