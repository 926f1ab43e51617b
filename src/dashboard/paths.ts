/**
 * Every path the dashboard emits (links, form actions, redirects, its stylesheet and icon, its cookies' path),
 * from one object that knows the public base path. Behind a proxy that maps `https://host/clientele/*` to
 * Clientele, PUBLIC_URL is `https://host/clientele`: the server still routes `/dashboard/…`, but a browser must
 * be sent to `/clientele/dashboard/…`. Paths are root-absolute (no scheme or host), so they work on whatever
 * host the browser used; the base path is that of the URLs the API's links are built from (`Urls.basePath`:
 * PUBLIC_URL's path, or the root), so the API's `_links`, the docs and the dashboard always agree.
 */
import type { FastifyRequest } from 'fastify'
import type { Urls } from '../http/urls.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The dashboard's paths; decorated on the dashboard's scope only. */
    dashboardPaths: DashboardPaths
  }
}

/** Where the dashboard is mounted on the server (what a proxy forwards to). */
export const DASHBOARD_MOUNT = '/dashboard'

export interface DashboardPaths {
  /** The public base path (`''` or `/clientele`). */
  readonly base: string
  /** The dashboard's own root, `{base}/dashboard`: also the path of its cookies. */
  readonly root: string
  readonly customers: string
  /** Every payment of the session's tenant. */
  readonly payments: string
  readonly signIn: string
  readonly signOut: string
  readonly mode: string
  readonly docs: string
  readonly openApi: string
  customer(id: string): string
  customerEdit(id: string): string
  customerDelete(id: string): string
  /** A customer's payments. */
  customerPayments(id: string): string
  /** One payment: the path of the API's `_links.dashboard`. */
  payment(id: string): string
  /** Where a payment's outcome buttons post. */
  paymentStatus(id: string): string
  /** A file served by the dashboard's asset route. */
  asset(name: string): string
  /**
   * A path as the server routes it (`/dashboard/customers?search=x`, say: a `next` to return to) as the
   * browser must request it.
   */
  fromServerPath(path: string): string
}

export function createDashboardPaths(urls: Pick<Urls, 'basePath' | 'customerDashboardUrl' | 'paymentDashboardUrl'>): DashboardPaths {
  const base = urls.basePath
  const root = `${base}${DASHBOARD_MOUNT}`
  // The path of the API's `_links.dashboard`, so that both always agree.
  const customer = (id: string) => new URL(urls.customerDashboardUrl(id)).pathname
  const payment = (id: string) => new URL(urls.paymentDashboardUrl(id)).pathname
  return {
    base,
    root,
    customers: `${root}/customers`,
    payments: `${root}/payments`,
    signIn: `${root}/sign-in`,
    signOut: `${root}/sign-out`,
    mode: `${root}/mode`,
    docs: `${base}/docs`,
    openApi: `${base}/v2/openapi.json`,
    customer,
    customerEdit: (id) => `${customer(id)}/edit`,
    customerDelete: (id) => `${customer(id)}/delete`,
    customerPayments: (id) => `${customer(id)}/payments`,
    payment,
    paymentStatus: (id) => `${payment(id)}/status`,
    asset: (name) => `${root}/assets/${name}`,
    fromServerPath: (path) => `${base}${path}`,
  }
}

/** The paths of the dashboard a request was routed to. */
export function pathsOf(request: FastifyRequest): DashboardPaths {
  return request.server.dashboardPaths
}
