/**
 * What a person who opens an API URL in a browser sees: not Mollie's JSON (which an API client gets, unchanged), but
 * a short page saying how to call the API, with a curl line and a link to the docs. Chosen by the `Accept` header:
 * a browser asks for `text/html`; both official clients ask for `application/hal+json` and never for HTML.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Urls } from './urls.js'

/** Whether the request comes from a browser's address bar (a read that accepts HTML), not from an API client. */
export function wantsHtml(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false
  const accept = request.headers.accept ?? ''
  return accept.includes('text/html') && !accept.includes('json')
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}

/**
 * Sends the page, with the status the API would have answered (401 without a key, 404 for the bare base URL) and
 * the same strict security headers as the dashboard's pages (no script, nothing loaded from elsewhere).
 */
export function sendApiHelpPage(reply: FastifyReply, urls: Urls, status: number, url: string, why: string): FastifyReply {
  const docs = urls.documentation('list-customers').href.replace(/#.*$/, '')
  const example = `curl ${url} -H "Authorization: Bearer test_…"`
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Clientele API</title></head>
<body>
<main>
<h1>This is an API address</h1>
<p>${escapeHtml(why)} API clients call it with a key in the <code>Authorization</code> header, for example:</p>
<pre><code>${escapeHtml(example)}</code></pre>
<p>Read the <a href="${escapeHtml(docs)}">API reference</a>, or open the <a href="${escapeHtml(urls.dashboardBase)}">dashboard</a>.</p>
</main>
</body>
</html>
`
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .send(html)
}
