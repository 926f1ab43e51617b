/** JSON Schemas as the rows of a field table: a readable type, its limits, allowed values, and nested fields. */
import type { JsonSchema } from './openapi-document.js'
import { markdownInline } from './markdown.js'

export interface FieldRow {
  /** Dotted path; `[]` marks the items of an array (`_embedded.customers[].id`). */
  name: string
  depth: number
  type: string
  required: boolean
  /** Limits such as `at most 255 characters`. */
  constraints: string[]
  /** The values an enum allows (none for single-value constants, whose type says it). */
  allowed: string[]
  descriptionHtml: string
}

/** Nesting shown in a table: enough for `_links.self` and a list's customers, not their links' insides. */
const MAX_DEPTH = 2

function branches(schema: JsonSchema): JsonSchema[] {
  return schema.anyOf ?? schema.oneOf ?? [schema]
}

/** `{ href, type }` objects are HAL links: named by their shape, never expanded row by row. */
function isLink(schema: JsonSchema): boolean {
  const names = Object.keys(schema.properties ?? {})
  return names.length === 2 && names.includes('href') && names.includes('type')
}

export function typeLabel(schema: JsonSchema): string {
  if (schema.anyOf || schema.oneOf) return [...new Set(branches(schema).map(typeLabel))].join(' | ')
  if (schema.const !== undefined) return JSON.stringify(schema.const)
  if (schema.enum) return schema.enum.length === 1 ? JSON.stringify(schema.enum[0]) : 'string'
  if (isLink(schema)) return 'link { href, type }'
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type ?? 'any')
  if (type === 'array') return `array of ${schema.items ? typeLabel(schema.items) : 'any'}`
  if (type === 'string' && schema.format) return `string (${schema.format})`
  return type
}

function constraintsOf(schema: JsonSchema): string[] {
  return branches(schema).flatMap((branch) => {
    const found: string[] = []
    if (branch.minLength !== undefined) found.push(`at least ${branch.minLength} characters`)
    if (branch.maxLength !== undefined) found.push(`at most ${branch.maxLength} characters`)
    if (branch.minimum !== undefined && branch.maximum !== undefined) {
      found.push(`from ${branch.minimum} to ${branch.maximum}`)
    } else if (branch.minimum !== undefined) {
      found.push(`at least ${branch.minimum}`)
    } else if (branch.maximum !== undefined) {
      found.push(`at most ${branch.maximum}`)
    }
    return found
  })
}

function allowedValues(schema: JsonSchema): string[] {
  return branches(schema).flatMap((branch) =>
    branch.enum && branch.enum.length > 1 ? branch.enum.map((value) => String(value)) : [],
  )
}

/** The object whose fields a property has: itself, or its array's items (marked by `[]`). */
function nestedObject(schema: JsonSchema): { schema: JsonSchema; suffix: string } | undefined {
  for (const branch of branches(schema)) {
    if (branch.properties && Object.keys(branch.properties).length > 0 && !isLink(branch)) {
      return { schema: branch, suffix: '' }
    }
    const items = branch.items
    if (items?.properties && Object.keys(items.properties).length > 0 && !isLink(items)) {
      return { schema: items, suffix: '[]' }
    }
  }
  return undefined
}

export function fieldRows(schema: JsonSchema | undefined, prefix = '', depth = 0): FieldRow[] {
  if (!schema?.properties) return []
  const required = new Set(schema.required ?? [])
  return Object.entries(schema.properties).flatMap(([name, property]) => {
    const path = prefix ? `${prefix}.${name}` : name
    const row: FieldRow = {
      name: path,
      depth,
      type: typeLabel(property),
      required: required.has(name),
      constraints: constraintsOf(property),
      allowed: allowedValues(property),
      descriptionHtml: markdownInline(property.description ?? ''),
    }
    const nested = nestedObject(property)
    if (!nested || depth >= MAX_DEPTH) return [row]
    return [row, ...fieldRows(nested.schema, `${path}${nested.suffix}`, depth + 1)]
  })
}
