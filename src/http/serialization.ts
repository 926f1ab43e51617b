/**
 * Response serialization from the route schemas, through a simpler view of them. fast-json-stringify checks
 * every `anyOf` branch at run time (with Ajv) to pick one, which costs more than the whole JSON.stringify it
 * replaces; the documented schemas use `anyOf` for every nullable field. The view collapses a union of plain
 * types into a list of types (`"name": string | null`), and writes any other union (metadata) with
 * JSON.stringify. Serialization still drops every undeclared property, and writes properties in the schema's order;
 * the documented schemas stay as they are.
 */
import type { FastifySerializerCompiler } from 'fastify'
import fastJson from 'fast-json-stringify'

type Schema = Record<string, unknown>
const PLAIN_TYPES = new Set(['string', 'integer', 'number', 'boolean', 'null'])

function plainType(branch: Schema): string | undefined {
  return typeof branch.type === 'string' && PLAIN_TYPES.has(branch.type) ? branch.type : undefined
}

/** The schema as the serializer needs it: same shape, unions simplified. Validation keywords are irrelevant here. */
export function serializationView(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(serializationView)
  if (typeof schema !== 'object' || schema === null) return schema
  const source = schema as Schema
  if (Array.isArray(source.anyOf)) {
    const branches = source.anyOf as Schema[]
    const types = branches.map(plainType)
    if (types.every((type) => type !== undefined)) return { type: [...new Set(types)] }
    if (branches.every((branch) => branch.enum !== undefined || plainType(branch) !== undefined)) {
      // An enum or null (the locale): the values are strings; the enum itself does not change how they are written.
      return { type: [...new Set(branches.map((branch) => (branch.enum !== undefined ? 'string' : plainType(branch)!)))] }
    }
    return {}
  }
  const view: Schema = {}
  for (const [key, value] of Object.entries(source)) {
    // `required` is left out: fast-json-stringify writes required properties before the others, and Mollie's key
    // order (the spec's examples) interleaves them. The handlers' types already guarantee what is required.
    if (key === 'required') continue
    view[key] = key === 'properties' ? mapValues(value as Schema) : key === 'items' ? serializationView(value) : value
  }
  if (source.enum !== undefined && source.type === undefined) view.type = 'string'
  return view
}

function mapValues(properties: Schema): Schema {
  return Object.fromEntries(Object.entries(properties).map(([name, value]) => [name, serializationView(value)]))
}

export const serializerCompiler: FastifySerializerCompiler<unknown> = ({ schema }) =>
  fastJson(serializationView(schema) as Parameters<typeof fastJson>[0])
