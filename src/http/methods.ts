/**
 * The methods each API path takes, for the answers Fastify's router does not give: `405 Method Not Allowed` with
 * an `Allow` header when a known path is called with a method it does not take (`PATCH /v2/customers`, `PUT
 * /v2/customers/cst_…`: Mollie answers 405, and a 404 would tell a client that the *customer* does not exist), and
 * `204` with `Allow` for `OPTIONS` (no authentication, nothing else). The table is filled from the routes as they are
 * registered and matched by find-my-way, the router Fastify itself uses, with the same options.
 */
import FindMyWay from 'find-my-way'
import type { FastifyInstance } from 'fastify'

export interface MethodTable {
  /** The methods `path` (no query) takes, `OPTIONS` included, or undefined when no route has that path. */
  allowed(path: string): string[] | undefined
  /** Every route pattern recorded, with the methods registered on it (OPTIONS only when a route declares it). */
  routes(): Array<{ url: string; methods: string[] }>
}

/** Starts recording the routes registered on `app` under `prefix` from now on. Call before registering them. */
export function recordMethods(app: FastifyInstance, prefix: string, options: { ignoreTrailingSlash: boolean; maxParamLength: number }): MethodTable {
  const router = FindMyWay({ ...options })
  const methodsByPattern = new Map<string, Set<string>>()
  const registered = new Map<string, string[]>()
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith(prefix)) return
    let methods = methodsByPattern.get(route.url)
    if (!methods) {
      methods = new Set(['OPTIONS'])
      methodsByPattern.set(route.url, methods)
      // One entry per pattern, under GET, whatever methods it takes: the store holds them.
      router.on('GET', route.url, () => {}, methods)
    }
    for (const method of [route.method].flat()) methods.add(method)
    registered.set(route.url, [...(registered.get(route.url) ?? []), ...[route.method].flat()])
  })
  return {
    allowed(path) {
      const found = router.find('GET', path)
      const methods = found?.store as Set<string> | undefined
      return methods ? [...methods].sort() : undefined
    },
    routes() {
      return [...registered].map(([url, methods]) => ({ url, methods }))
    },
  }
}
