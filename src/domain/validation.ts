/**
 * Validation against the schemas, and what we tell the caller when input fails. Every rule lives on a schema
 * (schemas.ts, with the rules of rules.ts attached by `Type.Refine`); this module only reads schemas: it finds
 * parameters an operation does not know (Mollie refuses them), and words a failed check from the failing schema's
 * own limits and values, so that a message never restates a limit. The API (http/validation.ts), the dashboard's
 * forms and `clientele import` all go through here.
 */
import { closest, distance } from 'fastest-levenshtein'
import { Compile } from 'typebox/compile'
import { CUSTOMER_FIELDS, CustomerFieldsSchema, type CustomerFields } from './schemas.js'

export { isEmailAddress, isStorableText, metadataByteLength, metadataFault, METADATA_MAX_DEPTH } from './rules.js'

/**
 * Input at fault in one named field (a dotted path for nested fields). The HTTP layer makes it a 422 with `field`,
 * as Mollie names one field per error; `faults` lists every field at fault (the first is `field`), for forms that
 * show them all at once.
 */
export class FieldError extends Error {
  readonly faults: readonly Fault[]

  constructor(
    readonly field: string,
    readonly detail: string,
    faults?: readonly Fault[],
  ) {
    super(detail)
    this.name = 'FieldError'
    this.faults = faults ?? [{ field, detail }]
  }
}

/** The parts of JSON Schema this module reads. */
export interface SchemaNode {
  type?: string | string[]
  anyOf?: SchemaNode[]
  enum?: readonly unknown[]
  const?: unknown
  items?: SchemaNode
  properties?: Record<string, SchemaNode>
  additionalProperties?: boolean | SchemaNode
  maxLength?: number
  minLength?: number
  minimum?: number
  maximum?: number
  format?: string
}

export interface ValidationErrorItem {
  instancePath: string
  keyword: string
  params?: Record<string, unknown>
}

// ---------------------------------------------------------------------------------------------------------------
// Unknown parameters

export interface UnknownParameter {
  /** The dotted path of the first unknown name, down to a leaf: `metaData.user`, as Mollie names it. */
  path: string
  /** The closest known name at that level, when one is close. */
  suggestion?: string
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A closed object schema: one whose properties are all its parameters. */
function closedObject(schema: SchemaNode | undefined): SchemaNode | undefined {
  if (!schema) return undefined
  if (schema.properties && schema.additionalProperties !== true && typeof schema.additionalProperties !== 'object') {
    return schema
  }
  return schema.anyOf?.map(closedObject).find(Boolean)
}

/** The item schema of an array schema (or of the array branch of a union). */
export function arrayItems(schema: SchemaNode | undefined): SchemaNode | undefined {
  if (!schema) return undefined
  if (schema.items && typesOf(schema).includes('array')) return schema.items
  return schema.anyOf?.map(arrayItems).find(Boolean)
}

/** Follows the first key at each level of an unknown value, as Mollie reports `metaData.user` for a nested one. */
export function leafPath(path: string, value: unknown): string {
  let current = value
  while (isPlainObject(current)) {
    const [first] = Object.keys(current)
    if (first === undefined) break
    path = `${path}.${first}`
    current = current[first]
  }
  return path
}

/** The known name closest to `name` (edit distance, case-insensitive), if close enough to be a likely typo. */
function suggest(name: string, known: string[]): string | undefined {
  if (known.length === 0) return undefined
  const lower = name.toLowerCase()
  const candidate = closest(lower, known.map((option) => option.toLowerCase()))
  const allowed = Math.max(2, Math.floor(name.length / 3))
  return distance(lower, candidate) <= allowed ? known.find((option) => option.toLowerCase() === candidate) : undefined
}

/**
 * The first name in `value` that `schema` does not define, looking into nested closed objects (`amount.curency`),
 * never into free-form ones (metadata). Own keys only, `__proto__` included: it is a name like any other.
 */
export function unknownParameter(schema: SchemaNode, value: unknown, prefix = ''): UnknownParameter | undefined {
  if (Array.isArray(value)) {
    // A list of closed objects (a payment's `lines`): each item's names, `lines.0.quantty` as the path.
    const items = arrayItems(schema)
    if (!items) return undefined
    for (const [index, item] of value.entries()) {
      const nested = unknownParameter(items, item, `${prefix}${index}.`)
      if (nested) return nested
    }
    return undefined
  }
  const object = closedObject(schema)
  if (!object?.properties || !isPlainObject(value)) return undefined
  const known = Object.keys(object.properties)
  for (const name of Object.keys(value)) {
    const property = Object.hasOwn(object.properties, name) ? object.properties[name] : undefined
    if (!property) {
      return { path: leafPath(`${prefix}${name}`, value[name]), suggestion: suggest(name, known) }
    }
    const nested = unknownParameter(property, value[name], `${prefix}${name}.`)
    if (nested) return nested
  }
  return undefined
}

// ---------------------------------------------------------------------------------------------------------------
// Messages built from the failing schema

/** How a value is quoted in a message: body fields are JSON (`true`), query parameters text (`'true'`). */
export type Audience = 'field' | 'parameter'

const FORMATS: Record<string, string> = {
  email: "a valid email address, for example 'jane@example.org'",
}

function typesOf(schema: SchemaNode): string[] {
  return schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type]
}

/** The alternatives a schema accepts, in words; `literals` says whether they are all exact values. */
function alternatives(schema: SchemaNode, audience: Audience): { words: string[]; literals: boolean } {
  const quote = (value: unknown) => (audience === 'parameter' ? `'${String(value)}'` : String(value))
  if (schema.anyOf) {
    const branches = schema.anyOf.map((branch) => alternatives(branch, audience))
    const nullable = schema.anyOf.some((branch) => typesOf(branch).includes('null'))
    // A nullable flag: null means "not given", so the message names its two values only.
    const flag = nullable && schema.anyOf.some((branch) => typesOf(branch).includes('boolean'))
    const words = branches.flatMap((branch) => branch.words).filter((word) => !(flag && word === 'null'))
    const literals = branches.every((branch, index) => branch.literals || typesOf(schema.anyOf![index]!).includes('null'))
    return { words, literals }
  }
  if (schema.enum) return { words: schema.enum.map(quote), literals: true }
  if (schema.const !== undefined) return { words: [quote(schema.const)], literals: true }
  const words = typesOf(schema).flatMap((type): string[] => {
    switch (type) {
      case 'string':
        return ['a string']
      case 'object':
        return ['a JSON object']
      case 'array':
        return [typesOf(schema.items ?? {}).includes('string') ? 'an array of strings' : 'an array']
      case 'boolean':
        return [quote(true), quote(false)]
      case 'integer':
        return [numberRange('a whole number', schema)]
      case 'number':
        return [numberRange('a number', schema)]
      default:
        return [type]
    }
  })
  return { words, literals: typesOf(schema).every((type) => type === 'boolean' || type === 'null') }
}

function numberRange(noun: string, schema: SchemaNode): string {
  if (schema.minimum !== undefined && schema.maximum !== undefined) return `${noun} from ${schema.minimum} to ${schema.maximum}`
  if (schema.minimum !== undefined) return `${noun} of at least ${schema.minimum}`
  if (schema.maximum !== undefined) return `${noun} of at most ${schema.maximum}`
  return noun
}

/** `a`, `a or b`, `a, b, or c`. */
function either(words: string[]): string {
  if (words.length <= 2) return words.join(' or ')
  return `${words.slice(0, -1).join(', ')}, or ${words.at(-1)}`
}

/** What a schema accepts, as the end of "must be …". */
export function expectation(schema: SchemaNode, audience: Audience): string {
  const { words, literals } = alternatives(schema, audience)
  const values = words.filter((word) => word !== 'null')
  const nullable = values.length < words.length
  if (literals && values.length > 2) return `one of ${either(values)}${nullable ? ', or null' : ''}`
  return either(words)
}

/** The schema at a dotted path, following properties (and the object branch of a union). */
function schemaAt(schema: SchemaNode, path: string[]): SchemaNode | undefined {
  let current: SchemaNode | undefined = schema
  for (const name of path) {
    if (/^\d+$/.test(name) && arrayItems(current)) {
      current = arrayItems(current)
      continue
    }
    const object: SchemaNode | undefined = closedObject(current) ?? current
    current = object?.properties?.[name]
  }
  return current
}

function decodePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~')
}

/** The path of the value at fault, as far as the schema names it (not into free-form values such as metadata). */
function fieldPath(schema: SchemaNode, instancePath: string): string[] {
  const path: string[] = []
  let current: SchemaNode | undefined = schema
  for (const segment of instancePath.split('/').slice(1).map(decodePointer)) {
    const items: SchemaNode | undefined = /^\d+$/.test(segment) ? arrayItems(current) : undefined
    if (items) {
      path.push(segment)
      current = items
      continue
    }
    const object = closedObject(current)
    const next = object?.properties && Object.hasOwn(object.properties, segment) ? object.properties[segment] : undefined
    if (!next) break
    path.push(segment)
    current = next
  }
  return path
}

export interface Fault {
  /** The dotted path at fault, or '' when the value as a whole is wrong (a body that is not an object). */
  field: string
  /** The whole sentence for the caller. */
  detail: string
}

const STRUCTURAL = new Set(['type', 'anyOf', 'oneOf', 'const', 'enum', 'boolean'])

/**
 * The one fault worth reporting from a failed check, in words built from the schema. A rule broken by a value of a
 * right type (maxLength, format, a refinement) is more useful than each union branch's type mismatch, so it is
 * preferred; otherwise the message says what the field accepts.
 */
export function describeFault(schema: SchemaNode, errors: Iterable<ValidationErrorItem>, audience: Audience): Fault {
  const list = [...errors]
  const chosen = list.find((error) => !STRUCTURAL.has(error.keyword)) ?? list[0]
  // A missing property is reported at its parent object: the field at fault is the property itself.
  const missing = chosen?.keyword === 'required' ? (chosen.params?.requiredProperties as string[] | undefined)?.[0] : undefined
  const instancePath = missing === undefined ? chosen?.instancePath ?? '' : `${chosen!.instancePath}/${missing}`
  const path = chosen ? fieldPath(schema, instancePath) : []
  const field = path.join('.')
  const subject = audience === 'field' ? `The '${field}' field` : `The '${field}' parameter`
  if (!chosen || path.length === 0) return { field: '', detail: 'The request body must be a JSON object.' }
  const target = schemaAt(schema, path) ?? {}
  switch (chosen.keyword) {
    case '~refine':
      return { field, detail: `${subject} ${String(chosen.params?.message)}.` }
    case 'format': {
      const format = String(chosen.params?.format)
      return { field, detail: `${subject} must be ${FORMATS[format] ?? `a valid ${format}`}.` }
    }
    case 'maxLength':
      return { field, detail: `${subject} must be at most ${String(chosen.params?.limit)} characters long.` }
    case 'minLength':
      return { field, detail: `${subject} must be at least ${String(chosen.params?.limit)} characters long.` }
    case 'required':
      return { field, detail: `${subject} is required.` }
    default: {
      const accepted = expectation(target, audience)
      // A single accepted value reads better as what is supported.
      if (audience === 'parameter' && !accepted.includes(' or ') && accepted.startsWith("'")) {
        return { field, detail: `${subject} only supports ${accepted}.` }
      }
      return { field, detail: `${subject} must be ${accepted}.` }
    }
  }
}

/** One fault per field at fault, in the order the check reported them (see describeFault). */
export function describeFaults(schema: SchemaNode, errors: Iterable<ValidationErrorItem>, audience: Audience): Fault[] {
  const byField = new Map<string, ValidationErrorItem[]>()
  for (const error of errors) {
    const field = fieldPath(schema, error.instancePath).join('.')
    byField.set(field, [...(byField.get(field) ?? []), error])
  }
  return [...byField.values()].map((items) => describeFault(schema, items, audience))
}

// ---------------------------------------------------------------------------------------------------------------
// Customer fields outside the API (the dashboard's forms, the import, the store's last line of defence)

const customerFieldsCheck = Compile(CustomerFieldsSchema)

/**
 * Validates untrusted input as customer fields with the API's own compiled schema. Returns only the known fields
 * (callers build the input themselves, so other names are not a caller's mistake). Throws FieldError.
 */
export function parseCustomerFields(input: unknown): CustomerFields {
  if (!customerFieldsCheck.Check(input)) {
    const [first, ...rest] = describeFaults(CustomerFieldsSchema, customerFieldsCheck.Errors(input), 'field')
    throw new FieldError(first!.field, first!.detail, [first!, ...rest])
  }
  return pickCustomerFields(input)
}

/** Throws FieldError unless `fields` are valid customer fields: for code that takes fields from elsewhere. */
export function checkCustomerFieldRules(fields: CustomerFields): void {
  parseCustomerFields(fields)
}

/** Only the named fields of a validated body, those given: `testmode` is not the resource's. */
export function pickFields<T extends object>(input: T, names: readonly (keyof T)[]): T {
  const fields: Partial<T> = {}
  for (const name of names) {
    if (input[name] !== undefined) fields[name] = input[name]
  }
  return fields as T
}

/** Only the customer fields of a validated body: `testmode` is not the customer's. */
export function pickCustomerFields(input: CustomerFields): CustomerFields {
  return pickFields(input, CUSTOMER_FIELDS)
}
