/**
 * The fuzz suite's oracle: from a request as sent, which answers are correct. It is written from the API's
 * stated rules (README "Behaviour, in detail", the route schemas, the limits the source names), not from the
 * server's code paths, so that a disagreement between the two is a finding. Where a rule leaves room (which of two
 * unknown names, or of a body and a query, is reported first), the oracle allows each reading rather than guess.
 */
import qs from 'qs'
import { LOCALES, type Metadata } from '../../src/domain/schemas.js'

export const BODY_LIMIT = 64 * 1024
export const METADATA_LIMIT = 1024
/** Bodies may nest 64 levels and metadata 32: enough for any customer, far from where recursion runs out. */
export const BODY_DEPTH_LIMIT = 64
export const METADATA_DEPTH_LIMIT = 32
export const CUSTOMER_FIELDS = ['name', 'email', 'locale', 'metadata'] as const

export interface CustomerState {
  name: string | null
  email: string | null
  locale: string | null
  metadata: Metadata
}

export const EMPTY_CUSTOMER: CustomerState = { name: null, email: null, locale: null, metadata: null }

/** An unknown name the answer must report with Mollie's wording: where it was, its top-level name, and the names
 * the operation knows (a suggestion, when given, must be one of them). */
export interface UnknownName {
  where: 'body' | 'query'
  name: string
  known: readonly string[]
}

/** One acceptable answer. A 200/201 carries the fields it must show; an error the `field` values it may name. */
export type Outcome =
  | { status: 200 | 201; fields: CustomerState }
  /** A list page, a HEAD, an OPTIONS or a delete: judged by the caller. */
  | { status: 200 | 204 }
  /**
   * `field` undefined: the body must have no `field`; otherwise its `field` must be one of these. With `unknown`,
   * `field` is the one dotted path reported and the detail is Mollie's "Non-existent … parameter" sentence.
   */
  | { status: 400 | 401 | 404 | 405 | 413 | 415 | 422; field?: readonly string[]; unknown?: UnknownName }

/** The names each operation takes, in its body and in its query (README "Validation"; writes take no query). */
export const BODY_NAMES = {
  create: ['name', 'email', 'locale', 'metadata', 'testmode'],
  update: ['name', 'email', 'locale', 'metadata', 'testmode'],
  delete: ['testmode'],
  read: [],
} as const satisfies Record<string, readonly string[]>
export const QUERY_NAMES = {
  list: ['from', 'limit', 'sort', 'testmode'],
  get: ['include', 'testmode'],
  write: [],
} as const satisfies Record<string, readonly string[]>

function codePointCount(text: string): number {
  let count = 0
  for (const _ of text) count++
  return count
}

/** README: name and email "may not contain control characters or invalid Unicode". */
function isPlainText(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return text.isWellFormed() && !/[\u0000-\u001F\u007F]/.test(text)
}

// RFC 5322 dot-atom over ASCII: atoms of atext separated by single dots.
const ATEXT = "A-Za-z0-9!#$%&'*+/=?^_`{|}~-"
const DOT_ATOM = new RegExp(`^[${ATEXT}]+(?:\\.[${ATEXT}]+)*$`)
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/

/**
 * The address rule, exactly (README "Validation", "Differences"): local part a dot-atom of ≤ 64 characters; domain
 * ≤ 253 characters of ≥ 2 labels, each 1–63 letters, digits and inner hyphens, the last alphabetic (2–63) or an
 * `xn--` A-label; the whole ≤ 254; ASCII only.
 */
export function isValidEmail(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (value.length > 254 || !/^[\u0000-\u007F]*$/.test(value)) return false
  const parts = value.split('@')
  if (parts.length !== 2) return false
  const [local, domain] = parts as [string, string]
  if (local.length > 64 || !DOT_ATOM.test(local)) return false
  if (domain.length > 253) return false
  const labels = domain.split('.')
  if (labels.length < 2 || !labels.every((label) => label.length <= 63 && LABEL.test(label))) return false
  const last = labels.at(-1)!
  // The A-label prefix `xn--`, in any case (DNS names are case-insensitive).
  return /^[A-Za-z]{2,63}$/.test(last) || last.toLowerCase().startsWith('xn--')
}

function isMetadataShape(value: unknown): value is Metadata {
  if (value === null || typeof value === 'string') return true
  if (Array.isArray(value)) return value.every((item) => typeof item === 'string')
  return typeof value === 'object'
}

/** Nesting depth of a JSON value, counted without recursion (bodies may be nested tens of thousands deep). */
function nestingDepth(value: unknown): number {
  let deepest = 0
  const stack: Array<[unknown, number]> = [[value, 0]]
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!
    if (node === null || typeof node !== 'object') continue
    deepest = Math.max(deepest, depth + 1)
    for (const child of Object.values(node)) stack.push([child, depth + 1])
  }
  return deepest
}

/** The deepest bracket nesting in JSON text, brackets inside strings not counted. */
function textNestingDepth(text: string): number {
  let depth = 0
  let deepest = 0
  for (const token of text.matchAll(/"(?:[^"\\]|\\.)*"?|[[{]|[\]}]/gs)) {
    const [match] = token
    if (match === '[' || match === '{') deepest = Math.max(deepest, ++depth)
    else if (match === ']' || match === '}') depth--
  }
  return deepest
}

/** Whether a JSON value holds a number JSON cannot write back (1e400 parses as Infinity). */
function hasNonFiniteNumber(value: unknown): boolean {
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const node = stack.pop()
    if (typeof node === 'number' && !Number.isFinite(node)) return true
    if (node !== null && typeof node === 'object') stack.push(...Object.values(node))
  }
  return false
}

/**
 * README "Differences": metadata may not use the key `__proto__`, nor `prototype` inside a `constructor` object,
 * at any depth (JSON.parse makes `__proto__` an own key like any other).
 */
function hasPrototypeKey(value: unknown): boolean {
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const node = stack.pop()
    if (node === null || typeof node !== 'object') continue
    if (Object.hasOwn(node, '__proto__')) return true
    const constructor = (node as Record<string, unknown>).constructor
    if (Object.hasOwn(node, 'constructor') && constructor !== null && typeof constructor === 'object') {
      if (Object.hasOwn(constructor, 'prototype')) return true
    }
    stack.push(...Object.values(node))
  }
  return false
}

/** JSON numbers have no -0; what comes back is the value after one trip through JSON. */
function jsonRoundTrip<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value))
}

export function isObjectBody(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Mollie names an unknown value by its leaf: the first key at each level of a plain object (`metaData.user`). */
export function leafPath(name: string, value: unknown): string {
  let path = name
  let current = value
  while (isObjectBody(current)) {
    const [first] = Object.keys(current)
    if (first === undefined) break
    path = `${path}.${first}`
    current = current[first]
  }
  return path
}

/** The first name of `value`, in key order, that is not one of `known`, reported as Mollie reports it. */
export function firstUnknownName(
  value: Record<string, unknown>,
  known: readonly string[],
  where: 'body' | 'query',
): Extract<Outcome, { unknown?: UnknownName }> | undefined {
  const name = Object.keys(value).find((key) => !known.includes(key))
  if (name === undefined) return undefined
  const field = where === 'body' ? leafPath(name, value[name]) : name
  return { status: 422, field: [field], unknown: { where, name, known } }
}

interface FieldVerdict {
  /** Fields certainly at fault. */
  faults: Set<string>
  /** The customer fields given (null included), as they must be stored when accepted. */
  given: Partial<CustomerState>
}

/** Judges the customer fields and `testmode` of a parsed body, for a request made with a test API key. */
function judgeFields(body: Record<string, unknown>): FieldVerdict {
  const faults = new Set<string>()
  const given: Partial<CustomerState> = {}
  const { name, email, locale, metadata, testmode } = body
  if (name !== undefined) {
    if (name === null || (typeof name === 'string' && codePointCount(name) <= 255 && isPlainText(name))) given.name = name
    else faults.add('name')
  }
  if (email !== undefined) {
    if (email === null || (typeof email === 'string' && isValidEmail(email))) given.email = email
    else faults.add('email')
  }
  if (locale !== undefined) {
    if (locale === null || (LOCALES as readonly unknown[]).includes(locale)) given.locale = locale as string | null
    else faults.add('locale')
  }
  if (metadata !== undefined) {
    if (!isMetadataShape(metadata)) faults.add('metadata')
    else if (nestingDepth(metadata) > METADATA_DEPTH_LIMIT || hasNonFiniteNumber(metadata)) faults.add('metadata')
    else if (hasPrototypeKey(metadata)) faults.add('metadata')
    else if (metadata !== null && Buffer.byteLength(JSON.stringify(metadata)) > METADATA_LIMIT) faults.add('metadata')
    else given.metadata = jsonRoundTrip(metadata)
  }
  // A test key works in test mode only: `testmode: false` contradicts it and is refused, not ignored.
  if (testmode !== undefined && testmode !== null && testmode !== true) faults.add('testmode')
  return { faults, given }
}

/** A body as read: the object, and for a form whose root names include `__proto__`, the names it may be reported as. */
export interface ReadBody {
  value: Record<string, unknown>
  /** Other unknown names the server may report first (a form's `__proto__`, whose place in key order is open). */
  alternatives?: readonly string[]
}

/** The unknown-name outcomes of a body: the first unknown in key order, or (forms) an alternative. */
function unknownBodyOutcomes(read: ReadBody, known: readonly string[]): Outcome[] {
  const first = firstUnknownName(read.value, known, 'body')
  if (!first) return []
  const others = (read.alternatives ?? [])
    .filter((name) => name !== first.unknown!.name && !known.includes(name) && Object.hasOwn(read.value, name))
    .map((name): Outcome => ({ status: 422, field: [leafPath(name, read.value[name])], unknown: { where: 'body', name, known } }))
  return [first, ...others]
}

/** Create: unknown names first, then each field's rules. */
export function expectCreate(read: ReadBody): Outcome[] {
  const unknown = unknownBodyOutcomes(read, BODY_NAMES.create)
  if (unknown.length > 0) return unknown
  const verdict = judgeFields(read.value)
  if (verdict.faults.size > 0) return [{ status: 422, field: [...verdict.faults] }]
  return [{ status: 201, fields: { ...EMPTY_CUSTOMER, ...verdict.given } }]
}

/**
 * PATCH: an omitted field is unchanged, null clears. `current` is undefined for an unknown or deleted id. Every rule
 * lives on the body's schema, so a refused body is refused before the customer is looked up.
 */
export function expectUpdate(read: ReadBody, current: CustomerState | undefined): Outcome[] {
  const unknown = unknownBodyOutcomes(read, BODY_NAMES.update)
  if (unknown.length > 0) return unknown
  const verdict = judgeFields(read.value)
  if (verdict.faults.size > 0) return [{ status: 422, field: [...verdict.faults] }]
  if (!current) return [{ status: 404 }]
  return [{ status: 200, fields: { ...current, ...verdict.given } }]
}

/**
 * A query name the operation does not take, on a write (which takes none) whose body is judged first by the
 * server: the rules put unknown names before every other check but do not order the body and the query, so a
 * body's own 422 and the query's are both accepted, and the query's replaces any answer the body would get.
 */
export function withUnknownQuery(outcomes: Outcome[], query: Outcome | undefined): Outcome[] {
  if (!query) return outcomes
  return outcomes.flatMap((outcome): Outcome[] =>
    outcome.status === 422 ? [outcome, query] : outcome.status >= 400 && outcome.status !== 404 ? [outcome] : [query],
  )
}

/** The media type of a Content-Type value, as a server compares it: lower case, parameters dropped. */
function mediaType(contentType: string): string {
  return contentType.split(';', 1)[0]!.trim().toLowerCase()
}

export type BodyKind = 'json' | 'form' | 'untyped' | 'unsupported'

export function bodyKind(contentType: string | undefined): BodyKind {
  if (contentType === undefined) return 'untyped'
  const type = mediaType(contentType)
  if (type === 'application/json' || type === 'application/hal+json') return 'json'
  if (type === 'application/x-www-form-urlencoded') return 'form'
  return 'unsupported'
}

/** Rule: a `charset` parameter other than utf-8 (utf8), in any case, is refused with 400. */
export function hasForeignCharset(contentType: string | undefined): boolean {
  if (contentType === undefined) return false
  for (const parameter of contentType.split(';').slice(1)) {
    const equals = parameter.indexOf('=')
    if (equals < 0 || parameter.slice(0, equals).trim().toLowerCase() !== 'charset') continue
    const value = parameter.slice(equals + 1).trim().replace(/^"(.*)"$/, '$1').trim()
    return !/^utf-?8$/i.test(value)
  }
  return false
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true })

/** Body bytes as text: UTF-8 or nothing; a leading byte order mark is dropped (RFC 8259 §8.1 allows it). */
export function decodeBody(bytes: Uint8Array): string | undefined {
  try {
    const text = fatalUtf8.decode(bytes)
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  } catch {
    return undefined
  }
}

/** A JSON body's text as read: `undefined` when it is unreadable or not an object (400). Empty text is `{}`. */
export function readJsonText(text: string): ReadBody | undefined {
  // An empty body with a JSON content type is an empty object (mollie-api-typescript sends one).
  if (text.trim() === '') return { value: {} }
  if (textNestingDepth(text) > BODY_DEPTH_LIMIT) return undefined
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  return isObjectBody(value) ? { value } : undefined
}

/**
 * A strict form decoder: `+` is a space, a `%` that does not start an escape (`%ZZ`, a trailing `%`) is literal
 * text, and escapes that do not decode as UTF-8 (`%E9`, `%ED%A0%80`) are an error.
 */
function strictDecode(text: string): string {
  return decodeURIComponent(text.replace(/\+/g, ' ').replace(/%(?![0-9A-Fa-f]{2})/g, '%25'))
}

/**
 * Form bodies are read with qs and the stated options (depth 5, 100 parameters, 50 array items, exceeding one an
 * error, strict depth, plain objects, a strict UTF-8 decoder); `undefined` when that fails (400). Then the
 * documented text conversion: `testmode=true` is the boolean. A root name `__proto__` (which qs drops) is an
 * unknown parameter `__proto__`.
 */
export function readFormText(text: string): ReadBody | undefined {
  let value: Record<string, unknown>
  try {
    value = qs.parse(text, {
      depth: 5,
      parameterLimit: 100,
      arrayLimit: 50,
      throwOnLimitExceeded: true,
      strictDepth: true,
      plainObjects: true,
      decoder: strictDecode,
    }) as Record<string, unknown>
  } catch {
    return undefined
  }
  const body: Record<string, unknown> = Object.assign(Object.create(null), value)
  if (body.testmode === 'true' || body.testmode === 'false') body.testmode = body.testmode === 'true'
  // A `__proto__` name segment at any depth (which qs drops) stands where it was sent, as an own key.
  let restored = false
  for (const pair of text.split('&').filter(Boolean)) {
    const name = strictDecode(pair.split('=', 1)[0]!)
    const root = name.split('[', 1)[0]!
    const path = [root, ...[...name.slice(root.length).matchAll(/\[([^\]]*)\]/g)].map((match) => match[1]!)]
    const at = path.indexOf('__proto__')
    if (at < 0) continue
    let node: Record<string, unknown> = body
    let reachable = true
    for (const segment of path.slice(0, at)) {
      const next = Object.hasOwn(node, segment) ? node[segment] : undefined
      if (typeof next === 'object' && next !== null) node = next as Record<string, unknown>
      else if (next === undefined) {
        const created = Object.create(null) as Record<string, unknown>
        Object.defineProperty(node, segment, { value: created, enumerable: true, writable: true, configurable: true })
        node = created
      } else {
        reachable = false
        break
      }
    }
    if (reachable && !Object.hasOwn(node, '__proto__')) {
      Object.defineProperty(node, '__proto__', { value: {}, enumerable: true, writable: true, configurable: true })
      restored ||= at === 0
    }
  }
  return restored ? { value: body, alternatives: ['__proto__'] } : { value: body }
}

/**
 * A body without a Content-Type (mollie-api-py): after trimming, JSON when it starts with `{`, `[` or `"`; a form
 * when every `&`-separated part has a `=` (empty parts, which qs skips, aside); anything else a 400. Empty is `{}`.
 */
export function readUntypedText(text: string): ReadBody | undefined {
  const trimmed = text.trim()
  if (trimmed === '') return { value: {} }
  if (/^[[{"]/.test(trimmed)) return readJsonText(trimmed)
  if (trimmed.split('&').every((part) => part === '' || part.includes('='))) return readFormText(trimmed)
  return undefined
}

/** How a body reads: the object, or the status that refuses it (400 unreadable, 415 unsupported type). */
export type BodyReading = ReadBody | { status: 400 | 413 | 415 }

/** Reads a body (bytes present, within the limit) as the rules say, for its Content-Type. */
export function readBody(contentType: string | undefined, bytes: Uint8Array): BodyReading {
  const kind = bodyKind(contentType)
  if (kind === 'unsupported') return { status: 415 }
  if (hasForeignCharset(contentType)) return { status: 400 }
  const text = decodeBody(bytes)
  if (text === undefined) return { status: 400 }
  const read = kind === 'json' ? readJsonText(text) : kind === 'form' ? readFormText(text) : readUntypedText(text)
  return read ?? { status: 400 }
}

export function isRead(reading: BodyReading): reading is ReadBody {
  return 'value' in reading
}

/** Expected answers to a create with this body and content type, before any header other than the key. */
export function expectCreateRequest(contentType: string | undefined, body: Uint8Array | undefined): Outcome[] {
  if (body !== undefined && body.byteLength > BODY_LIMIT) return [{ status: 413 }]
  if (body === undefined || body.byteLength === 0) {
    // No body and no type is an empty customer. With a type, the (empty) body goes through its parser; with an
    // unsupported type, it may be refused or ignored.
    if (contentType === undefined) return expectCreate({ value: {} })
    if (bodyKind(contentType) === 'unsupported') return [{ status: 415 }, ...expectCreate({ value: {} })]
    if (hasForeignCharset(contentType)) return [{ status: 400 }]
    return expectCreate({ value: {} })
  }
  const reading = readBody(contentType, body)
  return isRead(reading) ? expectCreate(reading) : [reading]
}

/**
 * A body sent with a GET or HEAD: read as a write's would be; a non-empty object is refused as an unknown body
 * parameter, its first key (or, as rule 1 names any unknown value, the leaf under it). An empty one is fine.
 * `undefined`: nothing to refuse.
 */
export function expectReadBody(contentType: string | undefined, bytes: Uint8Array): Outcome[] | undefined {
  if (bytes.byteLength === 0) return undefined
  if (bytes.byteLength > BODY_LIMIT) return [{ status: 413 }]
  // An unsupported type, a foreign charset and bytes that are not UTF-8 are all refusals; the rules do not order them.
  if (bodyKind(contentType) === 'unsupported') {
    return hasForeignCharset(contentType) || decodeBody(bytes) === undefined ? [{ status: 415 }, { status: 400 }] : [{ status: 415 }]
  }
  const reading = readBody(contentType, bytes)
  if (!isRead(reading)) return [reading]
  const names = [Object.keys(reading.value)[0], ...(reading.alternatives ?? [])].filter((name) => name !== undefined)
  if (names.length === 0) return undefined
  return names.flatMap((name): Outcome[] => {
    const unknown: UnknownName = { where: 'body', name, known: BODY_NAMES.read }
    const paths = [...new Set([name, leafPath(name, reading.value[name])])]
    return paths.map((path) => ({ status: 422, field: [path], unknown }))
  })
}

// ---------------------------------------------------------------------------------------------------------------
// Query strings

/** Decodes a query name or value as Fastify's parser does: `+` is a space; an escape that fails leaves it as sent. */
function decodeQueryPart(text: string): string {
  const spaced = text.replace(/\+/g, ' ')
  if (!spaced.includes('%')) return spaced
  try {
    return decodeURIComponent(spaced) || spaced
  } catch {
    return spaced
  }
}

/**
 * A query string (without `?`) as Fastify reads it: `&`-separated pairs, empty ones skipped, a repeated name an
 * array. The result is an object, so its key order is JavaScript's (integer-like names first).
 */
export function parseQuery(search: string): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = Object.create(null)
  if (search === '') return result
  for (const part of search.split('&')) {
    const equals = part.indexOf('=')
    const rawName = equals < 0 ? part : part.slice(0, equals)
    if (equals < 0 && rawName === '') continue
    const name = decodeQueryPart(rawName)
    const value = equals < 0 ? '' : decodeQueryPart(part.slice(equals + 1))
    const previous = result[name]
    result[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value]
  }
  return result
}

/** Whether a query value is one its parameter takes (README "API coverage"), for a request made with a test key. */
export function isValidQueryValue(name: string, value: string | string[], cursors: readonly string[]): boolean {
  if (typeof value !== 'string') return false
  switch (name) {
    case 'limit':
      return /^-?\d{1,15}$/.test(value) && Number(value) >= 1 && Number(value) <= 250
    case 'sort':
      return value === 'asc' || value === 'desc'
    case 'include':
      return value === 'events'
    case 'testmode':
      // false contradicts the test key
      return value === 'true'
    case 'from':
      return cursors.includes(value)
    default:
      return false
  }
}

/**
 * The expected refusal of a query: an unknown name (422, the first in key order) before any value (400 naming
 * the parameter). `undefined` when the query is fine.
 */
export function expectQuery(
  query: Record<string, string | string[]>,
  known: readonly string[],
  cursors: readonly string[] = [],
): Outcome | undefined {
  const unknown = firstUnknownName(query, known, 'query')
  if (unknown) return unknown
  const faults = Object.keys(query).filter((name) => !isValidQueryValue(name, query[name]!, cursors))
  return faults.length > 0 ? { status: 400, field: faults } : undefined
}

/** Ids are at most 200 characters once decoded; the router does not look longer ones up. */
export const ID_LENGTH_LIMIT = 200

/** Whether a path as sent has a percent-escape that is not one, or that decodes to bytes that are not UTF-8. */
export function hasMalformedEscape(path: string): boolean {
  try {
    decodeURIComponent(path)
    return false
  } catch {
    return true
  }
}

/** The customer id segment of a path as sent, decoded, when it is longer than any id can be. */
export function overlongId(pathname: string): string | undefined {
  const segment = /^\/v2\/customers\/([^/]+)/.exec(pathname)?.[1]
  if (segment === undefined || hasMalformedEscape(segment)) return undefined
  const id = decodeURIComponent(segment)
  return id.length > ID_LENGTH_LIMIT ? id : undefined
}
