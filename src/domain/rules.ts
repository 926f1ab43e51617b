/**
 * The rules of customer input that JSON Schema cannot state: email addresses as Mollie checks them, text that can be
 * stored and given back unchanged, and metadata within its budget. Pure predicates and their limits; the schemas
 * (schemas.ts) attach them with `Type.Refine` and `format`, so every compiled check (the API's routes, the dashboard's
 * forms, `clientele import`) enforces them alike, and the messages say what the limits are.
 */
import Format from 'typebox/format'

/** Mollie allows "up to approximately 1kB" of metadata; we count the UTF-8 bytes of its JSON encoding. */
export const METADATA_MAX_BYTES = 1024
/** How deep metadata may nest: far beyond any real use, far below where recursion (JSON encoding) runs out. */
export const METADATA_MAX_DEPTH = 32

/** RFC 5322 `atext`: the characters of a dot-atom's atoms, ASCII only. */
const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
const LOCAL_PART = new RegExp(`^${ATOM}(?:\\.${ATOM})*$`)
const DOMAIN_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/
/** A top-level domain: letters, or an IDNA A-label (`xn--…`, its prefix in any case, as DNS names are). */
const TOP_LEVEL_DOMAIN = /^(?:[A-Za-z]{2,63}|[Xx][Nn]--[A-Za-z0-9-]{1,59})$/

/**
 * An email address as Mollie accepts one: an RFC 5322 addr-spec over ASCII, i.e. a dot-atom local part of at most 64
 * characters (no leading, trailing or doubled dots; no quoted strings) and a domain of at least two ASCII labels
 * (internationalised domains in their punycode `xn--` form) whose last is alphabetic or an A-label.
 * Refused, as by Mollie: `jörg@beispiel.de`, `joerg@bücher-beispiel.de`, `jane..doe@example.org`, `.jane@…`.
 */
export function isEmailAddress(value: string): boolean {
  const at = value.lastIndexOf('@')
  if (at <= 0 || at > 64) return false
  if (!LOCAL_PART.test(value.slice(0, at))) return false
  const domain = value.slice(at + 1)
  if (domain.length > 253) return false
  const labels = domain.split('.')
  return labels.length >= 2 && labels.every((label) => DOMAIN_LABEL.test(label)) && TOP_LEVEL_DOMAIN.test(labels.at(-1)!)
}

// The one definition of `format: "email"` in this process, used by every compiled schema.
Format.Set('email', isEmailAddress)

/**
 * Text we can store and give back unchanged on every store: no lone UTF-16 surrogates (they cannot be encoded
 * as UTF-8) and no control characters (PostgreSQL refuses NUL in text).
 */
export function isStorableText(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  return value.isWellFormed() && !/[\u0000-\u001F\u007F]/.test(value)
}

export const PLAIN_TEXT_RULE = 'must be plain text, without control characters or invalid Unicode'

/** What can be wrong with metadata beyond its type, each with the message that ends "The 'metadata' field …". */
export const METADATA_FAULTS = {
  depth: `must not nest deeper than ${METADATA_MAX_DEPTH} levels`,
  number: 'holds a number JSON cannot represent',
  key: 'must not use the key "__proto__", nor "prototype" inside "constructor"',
  size: `must be at most ${METADATA_MAX_BYTES} bytes once JSON-encoded`,
} as const
export type MetadataFault = keyof typeof METADATA_FAULTS

/**
 * What JSON Schema cannot see in metadata, found without recursion: nesting past METADATA_MAX_DEPTH, numbers JSON
 * cannot represent (a 1e400 in the request parses as Infinity and would come back as null), keys that other code
 * could mistake for an object's prototype (refused as Fastify's JSON parser refuses them), and the byte budget.
 */
export function metadataFault(metadata: unknown): MetadataFault | undefined {
  const pending: Array<[unknown, number]> = [[metadata, 0]]
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!
    if (typeof value === 'number' && !Number.isFinite(value)) return 'number'
    if (typeof value !== 'object' || value === null) continue
    if (depth >= METADATA_MAX_DEPTH) return 'depth'
    if (Object.hasOwn(value, '__proto__')) return 'key'
    const record = value as Record<string, unknown>
    if (Object.hasOwn(value, 'constructor') && isObject(record.constructor) && Object.hasOwn(record.constructor, 'prototype')) {
      return 'key'
    }
    for (const child of Object.values(value)) pending.push([child, depth + 1])
  }
  return metadataByteLength(metadata) > METADATA_MAX_BYTES ? 'size' : undefined
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null
}

export function metadataByteLength(metadata: unknown): number {
  return metadata === null || metadata === undefined ? 0 : Buffer.byteLength(JSON.stringify(metadata), 'utf8')
}
