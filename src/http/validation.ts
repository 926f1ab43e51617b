/**
 * Request validation: route schemas compiled with TypeBox at boot, and their failures turned into Mollie's
 * errors. Bodies are checked strictly (a JSON `"name": 123` is an error, not a string); query strings, path
 * parameters and form bodies are text on the wire, so exact textual forms are first converted to the schema's
 * types (`limit=5` → 5, `testmode=true` → true) and nothing looser (`limit=5.5` stays an error).
 */
import type { FastifySchemaCompiler } from 'fastify'
import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { fieldMessage, primaryFault } from '../domain/validation.js'
import { apiErrors, type ApiError } from './errors.js'
import { isFormBody } from './content-types.js'

type JsonSchema = {
  type?: string | string[]
  anyOf?: JsonSchema[]
  properties?: Record<string, JsonSchema>
}

function accepts(schema: JsonSchema, type: string): boolean {
  if (schema.type === type || (Array.isArray(schema.type) && schema.type.includes(type))) return true
  return schema.anyOf?.some((branch) => accepts(branch, type)) ?? false
}

const INTEGER_TEXT = /^-?\d{1,15}$/

/** Converts the string values of `input` whose property takes a boolean or an integer, when they are exactly one. */
export function convertText(schema: JsonSchema, input: unknown): unknown {
  if (typeof input !== 'object' || input === null || !schema.properties) return input
  const output: Record<string, unknown> = { ...(input as Record<string, unknown>) }
  for (const [name, value] of Object.entries(output)) {
    const property = schema.properties[name]
    if (!property || typeof value !== 'string') continue
    if ((value === 'true' || value === 'false') && accepts(property, 'boolean')) output[name] = value === 'true'
    else if (INTEGER_TEXT.test(value) && accepts(property, 'integer')) output[name] = Number(value)
  }
  return output
}

/** What we tell the caller about a bad query parameter. `from` follows the spec's 400-invalid-list-request. */
const PARAMETER_MESSAGES: Record<string, string> = {
  limit: "The 'limit' parameter must be a whole number from 1 to 250.",
  sort: "The 'sort' parameter must be 'asc' or 'desc'.",
  include: "The 'include' parameter only supports 'events'.",
  testmode: "The 'testmode' parameter must be 'true' or 'false'.",
}

function parameterError(field: string): ApiError {
  if (field === 'from') return apiErrors.invalidCursor()
  return apiErrors.invalidParameter(field, PARAMETER_MESSAGES[field] ?? `The '${field}' parameter is invalid.`)
}

function bodyError(field: string, keyword: string): ApiError {
  if (field === '') return apiErrors.invalidBody('The request body must be a JSON object.')
  return apiErrors.invalidField(field, fieldMessage(field, keyword))
}

export const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = Compile(schema)
  if (httpPart === 'body') {
    return (input: unknown) => {
      // Fastify passes null when there was no body at all (a DELETE without one, say): that is an empty body.
      const value = input === null ? {} : isFormBody(input) ? convertText(schema, input) : input
      if (check.Check(value)) return { value }
      const fault = primaryFault(check.Errors(value))
      return { error: bodyError(fault.field, fault.keyword) }
    }
  }
  return (input: unknown) => {
    const value = convertText(schema, input)
    if (check.Check(value)) return { value }
    return { error: parameterError(primaryFault(check.Errors(value)).field) }
  }
}
