/**
 * What makes customer input valid, and what we tell the caller when it is not. The API and the dashboard both
 * go through here, so a rule and its message exist once.
 */
import Format from 'typebox/format'
import { Compile } from 'typebox/compile'
import {
  CUSTOMER_FIELDS,
  CustomerFieldsSchema,
  EMAIL_MAX_LENGTH,
  LOCALES,
  METADATA_MAX_BYTES,
  NAME_MAX_LENGTH,
  type CustomerFields,
  type Metadata,
} from './schemas.js'

/** Input at fault in one named field. The HTTP layer turns it into a 422 with `field`. */
export class FieldError extends Error {
  constructor(
    readonly field: string,
    readonly detail: string,
  ) {
    super(detail)
    this.name = 'FieldError'
  }
}

const EMAIL_LOCAL_PART = /^[^\s@"(),:;<>[\\\]]{1,64}$/u
const EMAIL_DOMAIN_LABEL = /^(?!-)[\p{L}\p{N}-]{1,63}(?<!-)$/u

/**
 * A practical address check: one `@`, a local part without spaces or specials, and a domain of at least two
 * labels whose last is not numeric. Internationalised domains are allowed. It refuses what no mail server would
 * take, not every address RFC 5322 permits (quoted local parts are refused on purpose).
 */
export function isEmailAddress(value: string): boolean {
  const at = value.lastIndexOf('@')
  if (at <= 0 || at !== value.indexOf('@')) return false
  if (!EMAIL_LOCAL_PART.test(value.slice(0, at))) return false
  const labels = value.slice(at + 1).split('.')
  if (labels.length < 2) return false
  const tld = labels[labels.length - 1]!
  return labels.every((label) => EMAIL_DOMAIN_LABEL.test(label)) && tld.length >= 2 && !/^\d+$/.test(tld)
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

/** How deep metadata may nest: far beyond any real use, far below where recursion (JSON encoding) runs out. */
export const METADATA_MAX_DEPTH = 32

/**
 * What JSON Schema cannot see in metadata, found without recursion: nesting past METADATA_MAX_DEPTH, and numbers
 * JSON cannot represent (a 1e400 in the request parses as Infinity and would come back as null).
 */
export function metadataFault(metadata: Metadata): 'depth' | 'number' | undefined {
  const pending: Array<[unknown, number]> = [[metadata, 0]]
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!
    if (typeof value === 'number' && !Number.isFinite(value)) return 'number'
    if (typeof value !== 'object' || value === null) continue
    if (depth >= METADATA_MAX_DEPTH) return 'depth'
    for (const child of Object.values(value)) pending.push([child, depth + 1])
  }
  return undefined
}

export function metadataByteLength(metadata: Metadata): number {
  return metadata === null ? 0 : Buffer.byteLength(JSON.stringify(metadata), 'utf8')
}

const localeList = `${LOCALES.slice(0, -1).join(', ')} or ${LOCALES.at(-1)}`

/** The message for each field and kind of fault: what is wrong, and what to send instead. */
const FIELD_MESSAGES: Record<string, Partial<Record<string, string>>> = {
  name: {
    type: "The 'name' field must be a string or null.",
    maxLength: `The 'name' field must be at most ${NAME_MAX_LENGTH} characters long.`,
    text: "The 'name' field must be plain text, without control characters or invalid Unicode.",
  },
  email: {
    type: "The 'email' field must be a string or null.",
    maxLength: `The 'email' field must be at most ${EMAIL_MAX_LENGTH} characters long.`,
    format: "The 'email' field must be a valid email address, for example 'jane@example.org'.",
    text: "The 'email' field must be a valid email address, for example 'jane@example.org'.",
  },
  locale: {
    type: `The 'locale' field must be one of ${localeList}, or null.`,
    enum: `The 'locale' field must be one of ${localeList}, or null.`,
  },
  metadata: {
    type: "The 'metadata' field must be a string, a JSON object, an array of strings, or null.",
    size: `The 'metadata' field must be at most ${METADATA_MAX_BYTES} bytes once JSON-encoded.`,
    depth: `The 'metadata' field must not nest deeper than ${METADATA_MAX_DEPTH} levels.`,
    number: "The 'metadata' field holds a number JSON cannot represent.",
  },
  testmode: {
    type: "The 'testmode' field must be true or false.",
  },
}

/** The message for a fault of `kind` (a JSON Schema keyword, or `text`/`size`) in `field`. */
export function fieldMessage(field: string, kind: string): string {
  const messages = FIELD_MESSAGES[field]
  return messages?.[kind] ?? messages?.type ?? `The '${field}' field is invalid.`
}

export interface SchemaFault {
  /** The top-level property at fault, or '' when the value as a whole is wrong. */
  field: string
  /** The JSON Schema keyword that failed. */
  keyword: string
}

/**
 * Picks the one fault worth reporting from a validator's error list. Union branches each report a type
 * mismatch; a constraint error (maxLength, format, enum …) means the value had a right type but broke a rule,
 * which is the more useful thing to say.
 */
export function primaryFault(errors: readonly { instancePath: string; keyword: string }[]): SchemaFault {
  const structural = new Set(['type', 'anyOf', 'oneOf', 'const'])
  const chosen = errors.find((error) => !structural.has(error.keyword)) ?? errors[0]
  if (!chosen) return { field: '', keyword: 'type' }
  const field = chosen.instancePath.split('/')[1] ?? ''
  // A literal-union miss (a locale outside the list) reports `const` per branch: it is an enum fault.
  const keyword = chosen.keyword === 'const' ? 'enum' : chosen.keyword
  return { field: decodeJsonPointer(field), keyword }
}

function decodeJsonPointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~')
}

/**
 * The rules JSON Schema cannot state: storable text, and metadata within its byte budget. Throws FieldError.
 */
export function checkCustomerFieldRules(fields: CustomerFields): void {
  for (const field of ['name', 'email'] as const) {
    const value = fields[field]
    if (typeof value === 'string' && !isStorableText(value)) {
      throw new FieldError(field, fieldMessage(field, 'text'))
    }
  }
  if (fields.metadata !== undefined) {
    const fault = metadataFault(fields.metadata)
    if (fault) throw new FieldError('metadata', fieldMessage('metadata', fault))
    if (metadataByteLength(fields.metadata) > METADATA_MAX_BYTES) {
      throw new FieldError('metadata', fieldMessage('metadata', 'size'))
    }
  }
}

const customerFieldsCheck = Compile(CustomerFieldsSchema)

/**
 * Validates untrusted input as customer fields: the schema, then the rules beyond it. Returns only the known
 * fields. For callers that do not validate through a route schema (the dashboard, the CLI).
 */
export function parseCustomerFields(input: unknown): CustomerFields {
  if (!customerFieldsCheck.Check(input)) {
    const fault = primaryFault(customerFieldsCheck.Errors(input))
    throw new FieldError(fault.field, fieldMessage(fault.field, fault.keyword))
  }
  const fields = pickCustomerFields(input)
  checkCustomerFieldRules(fields)
  return fields
}

/** Only the customer fields of a validated body: `testmode` and unknown fields are not the customer's. */
export function pickCustomerFields(input: CustomerFields): CustomerFields {
  const fields: Record<string, unknown> = {}
  for (const field of CUSTOMER_FIELDS) {
    if (input[field] !== undefined) fields[field] = input[field]
  }
  return fields as CustomerFields
}
