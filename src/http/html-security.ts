/**
 * The security headers of every HTML page Clientele serves (the dashboard, the docs), through @fastify/helmet:
 * a Content-Security-Policy that lets no script run and loads nothing from elsewhere, no framing, and the
 * helmet defaults beside them.
 */
import type { FastifyHelmetOptions } from '@fastify/helmet'

/** `formAction`: `'self'` where pages post forms (the dashboard), `'none'` where they do not (the docs). */
export function htmlSecurityHeaders(formAction: "'self'" | "'none'"): FastifyHelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        formAction: [formAction],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    // HSTS would bind the whole host (often localhost) to HTTPS for a year, breaking every other local server.
    hsts: false,
  }
}
