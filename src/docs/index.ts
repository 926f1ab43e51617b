/**
 * The API reference at /docs, rendered on the server from the OpenAPI document the app serves at
 * /v2/openapi.json, with its stylesheet served from here (every path it links to under PUBLIC_URL's path): it works offline, and under a strict CSP that allows
 * nothing but this server's own stylesheet. Each operation is anchored by its operationId and the error format
 * by `errors`, which is where every `_links.documentation` points.
 */
import { createHash } from 'node:crypto'
import helmet from '@fastify/helmet'
import { htmlSecurityHeaders } from '../http/html-security.js'
import type { FastifyPluginAsync } from 'fastify'
import type { Urls } from '../http/urls.js'
import { dereference, type OpenApiDocument } from './openapi-document.js'
import { buildReference } from './reference.js'
import { stylesheet } from './stylesheet.js'
import { renderNotFound, renderReference, type DocsPaths } from './views.js'

const TEXT_HTML_UTF8 = 'text/html; charset=utf-8'

/** The paths the pages link to, under PUBLIC_URL's path (`/clientele/docs` behind a proxy that maps `/clientele`). */
function docsPaths(urls: Urls): DocsPaths {
  const base = urls.basePath
  return { docs: `${base}/docs`, dashboard: `${base}/dashboard` }
}
const stylesheetName = `docs.${createHash('sha256').update(stylesheet).digest('hex').slice(0, 12)}.css`

export const docs: FastifyPluginAsync<{ urls: Urls }> = async (app, { urls }) => {
  const paths = docsPaths(urls)
  const stylesheetUrl = `${paths.docs}/assets/${stylesheetName}`
  await app.register(helmet, htmlSecurityHeaders("'none'"))

  // The document is fixed once the app is ready, so the page is rendered once, on its first request.
  let page: string | undefined
  app.get('/', { schema: { hide: true } }, async (_request, reply) => {
    page ??= renderReference(buildReference(dereference(app.swagger() as unknown as OpenApiDocument), urls), stylesheetUrl, paths)
    return reply.type(TEXT_HTML_UTF8).header('cache-control', 'no-cache').send(page)
  })

  app.get(`/assets/${stylesheetName}`, { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(stylesheet),
  )

  app.setNotFoundHandler((_request, reply) => reply.code(404).type(TEXT_HTML_UTF8).send(renderNotFound(stylesheetUrl, paths)))
  // The docs are a page: a failure to render it is answered as a page too, never as the API's JSON.
  app.setErrorHandler((error, request, reply) => {
    request.log.error({ err: error }, 'docs page failed')
    const html = '<!doctype html><html lang="en"><meta charset="utf-8"><title>Something went wrong</title>' +
      '<h1>Something went wrong</h1><p>The API reference could not be shown. The error has been logged; please try again.</p></html>\n'
    return reply.code(500).type(TEXT_HTML_UTF8).send(html)
  })
}
