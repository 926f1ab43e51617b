/**
 * The parts of an OpenAPI 3.1 document the reference page reads, declared here rather than taken from a library's
 * full typing: like Kysely with its drivers, the page depends on the minimum it uses.
 */
export interface JsonSchema {
  type?: string | string[]
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  enum?: unknown[]
  const?: unknown
  format?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  items?: JsonSchema
  properties?: Record<string, JsonSchema>
  required?: string[]
  description?: string
  examples?: unknown[]
}

export interface Parameter {
  name: string
  in: string
  required?: boolean
  description?: string
  schema?: JsonSchema
  example?: unknown
}

export interface MediaType {
  schema?: JsonSchema
}

export interface Response {
  description?: string
  content?: Record<string, MediaType>
}

export interface Operation {
  operationId?: string
  summary?: string
  description?: string
  parameters?: Parameter[]
  requestBody?: { required?: boolean; description?: string; content?: Record<string, MediaType> }
  responses?: Record<string, Response>
}

export interface OpenApiDocument {
  info: { title: string; version: string; description?: string }
  servers?: { url: string }[]
  paths?: Record<string, Record<string, Operation>>
  components?: { securitySchemes?: Record<string, { type?: string; scheme?: string; description?: string }> }
}

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const

/**
 * The document with every `#/components/schemas/…` reference replaced by the schema it names, so that the page reads
 * each schema where it is used. Components do not refer to themselves, so the copy is finite.
 */
export function dereference(document: OpenApiDocument): OpenApiDocument {
  const schemas = (document.components as { schemas?: Record<string, unknown> } | undefined)?.schemas ?? {}
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve)
    if (typeof value !== 'object' || value === null) return value
    const reference = (value as { $ref?: unknown }).$ref
    if (typeof reference === 'string' && reference.startsWith('#/components/schemas/')) {
      return resolve(schemas[reference.slice('#/components/schemas/'.length)])
    }
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, resolve(child)]))
  }
  return { ...document, paths: resolve(document.paths) as OpenApiDocument['paths'] }
}
