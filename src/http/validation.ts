/**
 * Request validation: route schemas compiled with TypeBox at boot, and their failures turned into Mollie's
 * errors. Bodies are checked strictly (a JSON `"name": 123` is an error, not a string); query strings, path
 * parameters and form bodies are text on the wire, so exact textual forms are first converted to the schema's
 * types (`limit=5` → 5, `testmode=true` → true) and nothing looser (`limit=5.5` stays an error).
 */
import type { FastifyInstance, FastifySchemaCompiler, preValidationHookHandler } from 'fastify'
import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { arrayItems, describeFault, unknownParameter, type SchemaNode } from '../domain/validation.js'
import { apiErrors } from './errors.js'
import { isFormBody } from './content-types.js'

function accepts(schema: SchemaNode, type: string): boolean {
  if (schema.type === type || (Array.isArray(schema.type) && schema.type.includes(type))) return true
  return schema.anyOf?.some((branch) => accepts(branch, type)) ?? false
}

const INTEGER_TEXT = /^-?\d{1,15}$/

/** The object schema among a schema's union branches, if any. */
function objectOf(schema: SchemaNode): SchemaNode | undefined {
  if (schema.properties) return schema
  return schema.anyOf?.map(objectOf).find(Boolean)
}

/**
 * Converts the string values of `input` whose schema takes a boolean or an integer, when they are exactly one, at
 * any depth of closed objects and lists (a form's `lines[0][quantity]=2`).
 */
export function convertText(schema: SchemaNode, input: unknown): unknown {
  if (Array.isArray(input)) {
    const items = arrayItems(schema)
    return items ? input.map((item) => convertValue(items, item)) : input
  }
  const properties = objectOf(schema)?.properties
  if (typeof input !== 'object' || input === null || !properties) return input
  const output: Record<string, unknown> = { ...(input as Record<string, unknown>) }
  for (const [name, value] of Object.entries(output)) {
    const property = Object.hasOwn(properties, name) ? properties[name] : undefined
    if (property) output[name] = convertValue(property, value)
  }
  return output
}

function convertValue(schema: SchemaNode, value: unknown): unknown {
  if (typeof value !== 'string') return convertText(schema, value)
  if ((value === 'true' || value === 'false') && accepts(schema, 'boolean')) return value === 'true'
  if (INTEGER_TEXT.test(value) && accepts(schema, 'integer')) return Number(value)
  return value
}

/**
 * The validator of every route schema part. In order: names the operation does not define (Mollie's 422
 * "Non-existent … parameter", before anything else is looked at), text converted to the schema's types, then the
 * schema with its refinements. Messages come from the failing schema (domain/validation.ts). Invalid query values
 * are 400 with the parameter as `field` (spec 2025-09-05: `400-invalid-list-request`, "The locale is invalid"),
 * invalid body fields 422.
 */
export const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = Compile(schema)
  const node = schema as SchemaNode
  if (httpPart === 'body') {
    return (input: unknown) => {
      // Fastify passes null when there was no body at all (a DELETE without one, say): that is an empty body.
      const value = input === null || input === undefined ? {} : isFormBody(input) ? convertText(node, input) : input
      const unknown = unknownParameter(node, value)
      if (unknown) return { error: apiErrors.unknownParameter('body', unknown.path, unknown.suggestion) }
      if (check.Check(value)) return { value }
      const fault = describeFault(node, check.Errors(value), 'field')
      return { error: fault.field ? apiErrors.invalidField(fault.field, fault.detail) : apiErrors.invalidBody(fault.detail) }
    }
  }
  if (httpPart === 'headers') {
    return (input: unknown) => {
      if (check.Check(input)) return { value: input }
      return { error: apiErrors.invalidHeader(describeFault(node, check.Errors(input), 'parameter').field) }
    }
  }
  const where = httpPart === 'querystring' ? 'query' : 'path'
  return (input: unknown) => {
    const value = convertText(node, input)
    if (where === 'query') {
      const unknown = unknownParameter(node, value)
      if (unknown) return { error: apiErrors.unknownParameter('query', unknown.path, unknown.suggestion) }
    }
    if (check.Check(value)) return { value }
    const fault = describeFault(node, check.Errors(value), 'parameter')
    // The spec's own wording for a `from` that is not a cursor of this list.
    if (fault.field === 'from') return { error: apiErrors.invalidCursor() }
    return { error: apiErrors.invalidParameter(fault.field, fault.detail) }
  }
}

/**
 * Mollie refuses an unknown name before it looks at any value, but Fastify validates the body before the query
 * string: for an operation that takes both, a preValidation hook checks the query's names first.
 */
export function refuseUnknownQueryFirst(api: FastifyInstance): void {
  api.addHook('onRoute', (route) => {
    const query = route.schema?.querystring as SchemaNode | undefined
    if (!query || !route.schema?.body) return
    const check: preValidationHookHandler = (request, _reply, done) => {
      const unknown = unknownParameter(query, request.query)
      done(unknown ? apiErrors.unknownParameter('query', unknown.path, unknown.suggestion) : undefined)
    }
    route.preValidation = [check, ...[route.preValidation ?? []].flat()]
  })
}
