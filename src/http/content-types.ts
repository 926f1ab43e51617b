/**
 * The request bodies the API accepts: JSON (what both official clients send) and form-encoded (what Mollie's own
 * curl examples send, `-d name=…`, with `metadata[key]=…` for objects). Anything else is a 415.
 */
import formbody from '@fastify/formbody'
import type { FastifyInstance } from 'fastify'
import qs from 'qs'
import { apiErrors } from './errors.js'

const formBodies = new WeakSet<object>()

/** How deep a JSON body may nest. Customer bodies need a handful of levels; code that walks a body (the
 * idempotency fingerprint, JSON encoding) recurses, and must never meet a body deep enough to exhaust the stack. */
export const BODY_MAX_DEPTH = 64

/** Whether JSON text nests deeper than `limit`, counted on the text itself, before anything is parsed. */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0
  let inString = false
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (inString) {
      if (code === 92 /* \\ */) index++
      else if (code === 34 /* " */) inString = false
    } else if (code === 34) {
      inString = true
    } else if (code === 123 /* { */ || code === 91 /* [ */) {
      if (++depth > limit) return true
    } else if (code === 125 /* } */ || code === 93 /* ] */) {
      depth--
    }
  }
  return false
}

/** Whether the body came from a form: its values are text, to be converted to the schema's types. */
export function isFormBody(value: unknown): boolean {
  return typeof value === 'object' && value !== null && formBodies.has(value)
}

function parseForm(text: string): Record<string, unknown> {
  const body = qs.parse(text, { depth: 5, parameterLimit: 100, arrayLimit: 50, allowPrototypes: false })
  formBodies.add(body)
  return body
}

/** Replaces the scope's body parsers with the API's. Register inside the API's scope only. */
export async function registerBodyParsers(app: FastifyInstance): Promise<void> {
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeAllContentTypeParsers()
  app.addContentTypeParser(
    ['application/json', 'application/hal+json'],
    { parseAs: 'string' },
    (request, body, done) => {
      // mollie-api-typescript sends create() without arguments, and DELETE, as an empty body with a JSON
      // content type: that is an empty object, not an error.
      if ((body as string).trim() === '') return done(null, {})
      if (nestsDeeperThan(body as string, BODY_MAX_DEPTH)) {
        return done(apiErrors.invalidBody(`The request body nests deeper than ${BODY_MAX_DEPTH} levels.`), undefined)
      }
      parseJson(request, body as string, (error, value) => {
        if (error) return done(apiErrors.invalidBody('The request body is not valid JSON.'), undefined)
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          return done(apiErrors.invalidBody('The request body must be a JSON object.'), undefined)
        }
        done(null, value)
      })
    },
  )
  await app.register(formbody, { parser: parseForm })
}
