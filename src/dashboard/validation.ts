/**
 * The dashboard's own validator compiler: the same TypeBox checks as everywhere (so the forms' rules are the API's),
 * but its failures are plain 400s with a sentence for a person, shown on the dashboard's error page, never the API's
 * Mollie-worded errors (no `Non-existent parameter`, no 422 body). Customer fields are checked by the forms
 * themselves (customer-form.ts), which show every fault next to its field.
 */
import type { FastifySchemaCompiler } from 'fastify'
import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { describeFault, type SchemaNode } from '../domain/validation.js'

export const pageValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = Compile(schema)
  return (input: unknown) => {
    if (check.Check(input)) return { value: input }
    const fault = describeFault(schema as SchemaNode, check.Errors(input), httpPart === 'body' ? 'field' : 'parameter')
    const detail = fault.field ? fault.detail : 'The request is not one the dashboard’s pages make.'
    return { error: Object.assign(new Error(detail), { statusCode: 400 }) }
  }
}
