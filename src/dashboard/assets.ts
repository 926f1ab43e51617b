/**
 * The dashboard's static files, served from memory. Each URL carries a hash of the content, so browsers may
 * cache it for good and a new version is a new URL.
 */
import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { stylesheet } from './stylesheet.js'

const ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">' +
  '<rect width="32" height="32" rx="7" fill="#0b57d0"/><circle cx="16" cy="12" r="5" fill="#fff"/>' +
  '<path d="M7 26c1.5-5 5-7 9-7s7.5 2 9 7" fill="#fff"/></svg>'

interface Asset {
  name: string
  contentType: string
  body: string
}

function hashed(base: string, extension: string, contentType: string, body: string): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12)
  return { name: `${base}.${hash}.${extension}`, contentType, body }
}

const assets = [
  hashed('dashboard', 'css', 'text/css; charset=utf-8', stylesheet),
  hashed('icon', 'svg', 'image/svg+xml', ICON),
]
const byName = new Map(assets.map((asset) => [asset.name, asset]))

/** The file names pages link to (DashboardPaths.asset makes them paths); served by assetRoutes. */
export const assetNames = {
  stylesheet: assets[0]!.name,
  icon: assets[1]!.name,
}

export async function assetRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
    const asset = byName.get(request.params.name)
    if (!asset) return reply.callNotFound()
    return reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .type(asset.contentType)
      .send(asset.body)
  })
}
