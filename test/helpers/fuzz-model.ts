/**
 * The fuzz suite's oracle: from a request as sent, which answers are correct. It is written from the API's
 * stated rules (README "Behaviour, in detail", the route schemas, the limits the source names), not from the
 * server's code paths, so that a disagreement between the two is a finding. Where a rule leaves room (an address
 * that is neither clearly valid nor clearly invalid), the oracle allows each reading rather than guess.
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

/** One acceptable answer. A 200/201 carries the fields it must show; an error the `field` values it may name. */
export type Outcome =
  | { status: 200 | 201; fields: CustomerState }
  /** A list page, a HEAD, or a delete: judged by the caller. */
  | { status: 200 | 204 }
  /** `field` undefined: the body must have no `field`; otherwise its `field` must be one of these. */
  | { status: 400 | 401 | 404 | 413 | 415 | 422; field?: readonly string[] }

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

// Addresses built only from these parts are valid by any reading of the rule; the generator's valid addresses
// are all of this shape.
const CLEARLY_VALID_EMAIL = /^[a-z0-9._+-]{1,40}@(?:[a-z0-9ü]{1,20}\.){1,3}[a-z]{2,6}$/

function emailVerdict(value: string): 'valid' | 'invalid' | 'either' {
  if (codePointCount(value) > 254 || !isPlainText(value)) return 'invalid'
  if (value.split('@').length !== 2 || /\s/.test(value)) return 'invalid'
  return CLEARLY_VALID_EMAIL.test(value) ? 'valid' : 'either'
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
 * Fastify parses JSON with prototype-poisoning protection: a `__proto__` key anywhere, or a `constructor` object
 * with a `prototype` key, makes the body unreadable (400), as the errors suite documents.
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

interface FieldVerdict {
  /** Fields certainly at fault. */
  faults: Set<string>
  /** Fields the rules leave open (an unusual address). */
  either: Set<string>
  /** The customer fields given (null included), as they must be stored when accepted. */
  given: Partial<CustomerState>
}

/** Judges the customer fields and `testmode` of a parsed body, for a request made with a test API key. */
function judgeFields(body: Record<string, unknown>): FieldVerdict {
  const faults = new Set<string>()
  const either = new Set<string>()
  const given: Partial<CustomerState> = {}
  const { name, email, locale, metadata, testmode } = body
  if (name !== undefined) {
    if (name === null || (typeof name === 'string' && codePointCount(name) <= 255 && isPlainText(name))) given.name = name
    else faults.add('name')
  }
  if (email !== undefined) {
    if (email === null) given.email = null
    else if (typeof email !== 'string') faults.add('email')
    else {
      const verdict = emailVerdict(email)
      if (verdict === 'invalid') faults.add('email')
      else {
        if (verdict === 'either') either.add('email')
        given.email = email
      }
    }
  }
  if (locale !== undefined) {
    if (locale === null || (LOCALES as readonly unknown[]).includes(locale)) given.locale = locale as string | null
    else faults.add('locale')
  }
  if (metadata !== undefined) {
    if (!isMetadataShape(metadata)) faults.add('metadata')
    else if (nestingDepth(metadata) > METADATA_DEPTH_LIMIT || hasNonFiniteNumber(metadata)) faults.add('metadata')
    else if (metadata !== null && Buffer.byteLength(JSON.stringify(metadata)) > METADATA_LIMIT) faults.add('metadata')
    else given.metadata = jsonRoundTrip(metadata)
  }
  // A test key works in test mode only: `testmode: false` contradicts it and is refused, not ignored.
  if (testmode !== undefined && testmode !== null && testmode !== true) faults.add('testmode')
  return { faults, either, given }
}

function fieldOutcomes(verdict: FieldVerdict, success: Outcome): Outcome[] {
  if (verdict.faults.size > 0) return [{ status: 422, field: [...verdict.faults, ...verdict.either] }]
  if (verdict.either.size > 0) return [success, { status: 422, field: [...verdict.either] }]
  return [success]
}

export function isObjectBody(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** What a JSON body reads as: `undefined` when it is not readable JSON (400). */
export function readJsonBody(bytes: Uint8Array): { value: unknown } | undefined {
  const text = Buffer.from(bytes).toString('utf8')
  // An empty body with a JSON content type is an empty object (mollie-api-typescript sends one).
  if (text.trim() === '') return { value: {} }
  // RFC 8259 §8.1 lets a parser ignore a leading byte order mark; Fastify's does.
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  if (textNestingDepth(json) > BODY_DEPTH_LIMIT) return undefined
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    return undefined
  }
  return hasPrototypeKey(value) ? undefined : { value }
}

/**
 * Form bodies are read with qs and these limits (src/http/content-types.ts); the oracle reads them the same
 * way, then applies the documented text conversion: `testmode=true` is the boolean.
 */
export function readFormBody(text: string): Record<string, unknown> {
  const body: Record<string, unknown> = qs.parse(text, { depth: 5, parameterLimit: 100, arrayLimit: 50, allowPrototypes: false })
  if (body.testmode === 'true' || body.testmode === 'false') body.testmode = body.testmode === 'true'
  return body
}

function expectCreate(body: unknown): Outcome[] {
  if (!isObjectBody(body)) return [{ status: 400 }]
  const verdict = judgeFields(body)
  return fieldOutcomes(verdict, { status: 201, fields: { ...EMPTY_CUSTOMER, ...verdict.given } })
}

/** PATCH: an omitted field is unchanged, null clears. `current` is undefined for an unknown or deleted id. */
export function expectUpdate(body: unknown, current: CustomerState | undefined): Outcome[] {
  if (!isObjectBody(body)) return [{ status: 400 }]
  const verdict = judgeFields(body)
  if (!current) {
    // Schema faults come before the lookup; the text and size rules may be checked before or after it.
    if (verdict.faults.size > 0) return [{ status: 422, field: [...verdict.faults, ...verdict.either] }, { status: 404 }]
    return verdict.either.size > 0 ? [{ status: 404 }, { status: 422, field: [...verdict.either] }] : [{ status: 404 }]
  }
  return fieldOutcomes(verdict, { status: 200, fields: { ...current, ...verdict.given } })
}

/** The media type of a Content-Type value, as a server compares it: lower case, parameters dropped. */
function mediaType(contentType: string): string {
  return contentType.split(';', 1)[0]!.trim().toLowerCase()
}

export type BodyKind = 'json' | 'form' | 'unsupported'

export function bodyKind(contentType: string | undefined): BodyKind {
  if (contentType === undefined) return 'unsupported'
  const type = mediaType(contentType)
  if (type === 'application/json' || type === 'application/hal+json') return 'json'
  if (type === 'application/x-www-form-urlencoded') return 'form'
  return 'unsupported'
}

/** Expected answers to a create with this body and content type, before any header other than the key. */
export function expectCreateRequest(contentType: string | undefined, body: Uint8Array | undefined): Outcome[] {
  if (body !== undefined && body.byteLength > BODY_LIMIT) return [{ status: 413 }]
  if (body === undefined || body.byteLength === 0) {
    // No body at all is an empty customer; an empty body with an unsupported type may be refused or ignored.
    if (contentType === undefined || bodyKind(contentType) !== 'unsupported') return expectCreate({})
    return [{ status: 415 }, ...expectCreate({})]
  }
  const kind = bodyKind(contentType)
  if (kind === 'unsupported') return [{ status: 415 }]
  if (kind === 'form') return expectCreate(readFormBody(Buffer.from(body).toString('utf8')))
  const read = readJsonBody(body)
  return read ? expectCreate(read.value) : [{ status: 400 }]
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
