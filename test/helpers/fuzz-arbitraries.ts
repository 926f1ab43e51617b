/**
 * fast-check generators for the fuzz suite: hostile text, customer-shaped bodies and the raw text around them
 * (escapes, duplicate keys, deep nesting, broken JSON and bytes), form bodies, query strings, paths, header values
 * and raw HTTP requests. Every generator yields what goes on the wire; the oracle reads the wire, not the value
 * that produced it.
 */
import fc from 'fast-check'
import { LOCALES } from '../../src/domain/schemas.js'

/** Characters that have broken text handling somewhere: controls, lone surrogates, direction marks, combiners. */
const ODD_CHARACTERS = [
  '\u0000', '\u0001', '\u0008', '\t', '\n', '\r', '\u001b', '\u001f', '\u007f', '\u0080', '\u0085', '\u00a0',
  '\u00ad', '\u0301', 'e\u0301', '\u200b', '\u200d', '\u200e', '\u200f', '\u202e', '\u2028', '\u2029', '\u2066',
  '\ufeff', '\ufffd', '\uffff', '\ud800', '\udbff', '\udc00', '\udfff', '\ud83d', '\ude00', '😀', '👩‍👩‍👧', '🇳🇱', '𝕏',
  'ß', 'İ', 'ǅ', 'ﬀ', 'א', 'ع', '中', 'ᄀ', 'Z̤͔ͧ̑', '"', '\\', '/', "'", '`', '<', '>', '&', '%', '+', '=', '?', '#',
  '[', ']', '{', '}', '@', ';', ',', ':', ' ', '.', '..', '$', '*',
] as const

/** Strings that break programs that splice input into SQL, HTML, templates, shells, paths or headers. */
const INJECTIONS = [
  "'; DROP TABLE customers; --",
  "Robert'); DROP TABLE customers;--",
  '" OR 1=1 --',
  "' OR ''='",
  '1; SELECT pg_sleep(10)',
  "') UNION SELECT key_hash FROM credentials --",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  '<!--',
  ']]>',
  '{{7*7}}',
  '${7*7}', // eslint-disable-line no-template-curly-in-string -- a template-injection probe, as text
  '<%= 7*7 %>',
  '#{7*7}',
  '%00',
  '%2e%2e%2f',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '$(rm -rf /)',
  '`id`',
  '%s%s%s%n',
  '\r\nSet-Cookie: a=b',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'null',
  'undefined',
  'NaN',
  'cst_',
  'cst_%27',
] as const

const oddCharacter = fc.constantFrom(...ODD_CHARACTERS)
const injection = fc.constantFrom(...INJECTIONS)

/** Short text mixing odd characters, injections and ordinary letters. */
const oddText = fc
  .array(fc.oneof(oddCharacter, injection, fc.string({ maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 4 })), {
    maxLength: 8,
  })
  .map((parts) => parts.join(''))

/** Long text, up to ~100 kB: around the 255/254 field limits, the 1 kB metadata limit, and the 64 KiB body limit. */
const hugeText = fc
  .tuple(
    fc.constantFrom('x', 'é', '😀', '\u0000', 'e\u0301', "'; DROP TABLE customers; --", '<script>'),
    fc.oneof(
      fc.integer({ min: 250, max: 260 }),
      fc.integer({ min: 1000, max: 1100 }),
      fc.integer({ min: 60_000, max: 70_000 }),
      fc.integer({ min: 1, max: 100_000 }),
    ),
  )
  .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length))

/** A name right at its limit of 255 characters, counted in code points, or just past it. */
const boundaryText = fc
  .tuple(fc.constantFrom('n', 'é', '😀', '中'), fc.integer({ min: 253, max: 257 }))
  .map(([unit, count]) => unit.repeat(count))

const anyText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ maxLength: 20 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 20 }), weight: 2 },
  { arbitrary: oddText, weight: 5 },
  { arbitrary: injection, weight: 2 },
  { arbitrary: boundaryText, weight: 1 },
  { arbitrary: hugeText, weight: 1 },
)

const shortText = (below: number) => anyText.filter((text) => text.length < below)

const characters = (text: string) => fc.constantFrom(...text)
const label = fc.string({ unit: characters('abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 1, maxLength: 12 })

const ATEXT = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-"
const atom = fc.oneof(
  { arbitrary: fc.string({ unit: characters('abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 1, maxLength: 12 }), weight: 3 },
  { arbitrary: fc.string({ unit: characters(ATEXT), minLength: 1, maxLength: 8 }), weight: 1 },
)
/** A domain label: letters, digits and inner hyphens, sometimes in upper case. */
const domainLabel = fc
  .tuple(label, fc.option(label, { nil: undefined }), fc.boolean())
  .map(([head, tail, upper]) => {
    const text = tail === undefined ? head : `${head}-${tail}`
    return upper ? text.toUpperCase() : text
  })
const topLevelDomain = fc.oneof(
  { arbitrary: fc.string({ unit: characters('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: 2, maxLength: 6 }), weight: 6 },
  { arbitrary: fc.constantFrom('xn--p1ai', 'xn--90ais', 'XN--MGBERP4A5D4AR', 'museum'), weight: 1 },
)

/** Addresses valid by the rule: a dot-atom local part (every atext character), ASCII labels, an alphabetic or `xn--` TLD. */
const validEmail = fc
  .tuple(fc.array(atom, { minLength: 1, maxLength: 3 }), fc.array(domainLabel, { minLength: 1, maxLength: 3 }), topLevelDomain)
  .map(([atoms, labels, tld]) => `${atoms.join('.')}@${labels.join('.')}.${tld}`)

/** A domain of exactly `length` characters (labels of at most 63, then `.com`). */
function domainOfLength(length: number): string {
  const labels: string[] = []
  let rest = length - 4
  while (rest > 63) {
    const take = Math.min(63, rest - 2)
    labels.push('d'.repeat(take))
    rest -= take + 1
  }
  labels.push('e'.repeat(Math.max(1, rest)))
  return `${labels.join('.')}.com`
}

/** Addresses at the length limits: local part 64/65, domain 253/254, the whole 254/255, a label 63/64. */
const boundaryEmail = fc.oneof(
  fc.integer({ min: 62, max: 66 }).map((length) => `${'l'.repeat(length)}@example.org`),
  fc.integer({ min: 251, max: 255 }).map((length) => `a@${domainOfLength(length)}`),
  fc.integer({ min: 185, max: 192 }).map((length) => `${'l'.repeat(64)}@${domainOfLength(length)}`),
  fc.integer({ min: 62, max: 65 }).map((length) => `jane@${'x'.repeat(length)}.org`),
)

/** Near misses, one rule broken each (or, for some, none: the oracle decides). */
const EMAIL_CASES = [
  'a@b', '@example.org', 'jane@', 'jane@@example.org', 'jane@example.123', 'jane@-x.org', 'jane@x-.org', '"jane"@example.org',
  'jane doe@example.org', 'jane..doe@example.org', '.jane@example.org', 'jane.@example.org', 'jane@example', 'jane@exa_mple.org',
  'jane@example.c', 'jane@example.co', 'jane@example.c0m', 'jane@example.xn--', 'jane@example.xn--p1ai', 'jane@example..org',
  'jane@.example.org', 'jane@example.org.', 'jane@[127.0.0.1]', 'jane@127.0.0.1', 'jörg@beispiel.de', 'joerg@bücher-beispiel.de',
  'joerg@xn--bcher-beispiel-0ob.de', 'ジェーン@example.jp', 'jane@exämple.org', "o'brien@example.ie", 'a_b-c{d}@example.org',
  'Jane.Doe+Shop@Example.ORG', 'jane(comment)@example.org', 'jane\\@x@example.org', 'jane@example.org\u0000', ' jane@example.org',
  'jane@example.org ', 'jane@ex ample.org', 'jane@example.org\n', '!#$%&\'*+/=?^_`{|}~-@example.org', 'a@b.c.d.e.f.gh', 'x@1.2.3.museum',
  'jane@example.-org', 'jane@example.org-', 'jane@example.o-rg', 'jane@EXAMPLE.ORG', 'jane@xn--.org', 'jane@example.XN--P1AI',
]

/** Splices `insert` into `text` at a position chosen by `at`. */
const splice = (text: string, insert: string, at: number) => {
  const index = at % (text.length + 1)
  return text.slice(0, index) + insert + text.slice(index)
}

const emailLike = fc.oneof(
  { arbitrary: validEmail, weight: 4 },
  { arbitrary: fc.tuple(validEmail, oddText, fc.nat()).map(([email, odd, at]) => splice(email, odd, at)), weight: 2 },
  // One character of the valid alphabet (or a dot, an @, a non-ASCII letter) spliced in somewhere.
  {
    arbitrary: fc
      .tuple(validEmail, fc.constantFrom('.', '..', '@', '-', '_', 'ü', 'é', '+', ' ', '"', '\\'), fc.nat())
      .map(([email, insert, at]) => splice(email, insert, at)),
    weight: 2,
  },
  { arbitrary: anyText, weight: 2 },
  { arbitrary: boundaryEmail, weight: 1 },
  { arbitrary: fc.constantFrom(...EMAIL_CASES), weight: 2 },
)

const localeLike = fc.oneof(
  { arbitrary: fc.constantFrom(...LOCALES), weight: 4 },
  {
    arbitrary: fc.constantFrom('en_us', 'EN_US', 'en-US', 'en_US ', ' en_US', 'en', 'xx_XX', '', 'nl_NL\u0000', 'en_US\u200b', 'tlh_QO'),
    weight: 2,
  },
  { arbitrary: anyText, weight: 1 },
)

/** JSON values of every kind, with odd strings and numbers JSON cannot round-trip exactly (-0, 2^53 + 1). */
const jsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(-0, 2 ** 53 + 1, 1e308, 5e-324)),
    shortText(2000),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(shortText(100), fc.constantFrom('name', 'a', '', ' ')), tie('value'), { maxKeys: 5 }),
  ),
})).value

/** Metadata: every allowed shape, every refused one, and sizes on both sides of 1,024 bytes. */
const metadataLike = fc.oneof(
  { arbitrary: anyText, weight: 3 },
  { arbitrary: fc.dictionary(shortText(100), jsonValue, { maxKeys: 6 }), weight: 4 },
  { arbitrary: fc.array(anyText, { maxLength: 6 }), weight: 2 },
  { arbitrary: fc.array(jsonValue, { maxLength: 4 }), weight: 1 },
  { arbitrary: jsonValue, weight: 1 },
  {
    // {"blob":"…"} is 11 bytes besides the text.
    arbitrary: fc
      .tuple(fc.integer({ min: 1000, max: 1030 }), fc.constantFrom('x', 'é', '€'))
      .map(([bytes, unit]) => ({ blob: unit.repeat(Math.floor((bytes - 11) / Buffer.byteLength(unit))) })),
    weight: 2,
  },
  {
    // Keys that other code could take for a prototype: refused at any depth (JSON.parse makes `__proto__` an own key).
    arbitrary: fc.constantFrom<unknown>(
      JSON.parse('{"__proto__":{"admin":true}}'),
      JSON.parse('{"a":{"b":{"__proto__":1}}}'),
      JSON.parse('[{"__proto__":null}]'),
      { constructor: { prototype: { admin: true } } },
      { a: { constructor: { prototype: 1 } } },
      { constructor: 'x', prototype: {} },
      { constructor: {}, toString: 'x', hasOwnProperty: 1 },
      { constructor: ['prototype'] },
    ),
    weight: 1,
  },
)

const testmodeLike = fc.oneof(
  { arbitrary: fc.constantFrom<unknown>(true, null), weight: 2 },
  { arbitrary: fc.constantFrom<unknown>(false, 'true', 'false', 1, 0, 'yes', [], {}, [true]), weight: 1 },
)

/** A value of the wrong JSON type for any customer field. */
const wrongType = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant([]),
  fc.array(anyText, { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 }),
)

const fieldOf = <T>(good: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: good, weight: 6 }, { arbitrary: fc.constant(null), weight: 1 }, { arbitrary: wrongType, weight: 1 })

/**
 * Names no operation defines: typos and other casings of real ones (which get a suggestion), fields of the response
 * or of other resources, integer-like names (JavaScript puts them first in key order), and `__proto__`.
 */
const unknownName = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      'id', 'mode', 'resource', 'createdAt', '_links', 'Name', 'NAME', 'name ', 'e-mail', 'emial', 'metaData', 'testMode', 'TESTMODE',
      'locales', 'amount', 'customerId', '0', '10', '__proto__', 'constructor', 'toString', '', ' ', 'a.b', 'metadata.a',
    ),
    weight: 3,
  },
  { arbitrary: shortText(50), weight: 1 },
)

/** The value of an unknown name: `field` names its leaf, following the first key of each object. */
const unknownValue = fc.oneof(
  { arbitrary: jsonValue, weight: 3 },
  { arbitrary: fc.constantFrom<unknown>({ user: 1 }, { value: '10.00', currency: 'EUR' }, { a: { b: { c: [1] } } }, {}, { '': { x: 1 } }, [{ a: 1 }]), weight: 1 },
)

/** Bodies shaped like a customer: any subset of the fields, each of any type, and now and then unknown names. */
const customerLike = fc
  .tuple(
    fc.record(
      {
        name: fieldOf(anyText),
        email: fieldOf(emailLike),
        locale: fieldOf(localeLike),
        metadata: metadataLike,
        testmode: testmodeLike,
      },
      { requiredKeys: [] },
    ),
    fc.oneof(
      { arbitrary: fc.constant({}), weight: 4 },
      { arbitrary: fc.dictionary(unknownName, unknownValue, { minKeys: 1, maxKeys: 3 }), weight: 1 },
    ),
    fc.boolean(),
  )
  // Unknown names before or after the known ones: the first unknown in key order is the one reported.
  .map(([fields, extra, first]) => (first ? { ...extra, ...fields } : { ...fields, ...extra }) as Record<string, unknown>)

/** Writes a JSON value with a chosen escape style: every style must read back as the same value. */
function encodeJson(value: unknown, style: JsonStyle): string {
  const text = style === 'pretty' ? JSON.stringify(value, null, 2) : JSON.stringify(value)
  if (style === 'plain' || style === 'pretty') return text
  // Escapes code units outside ASCII (and, for 'escape-all', every word character) inside strings as \uXXXX.
  let out = ''
  let inString = false
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!
    if (inString && char === '\\') {
      // An escape JSON.stringify wrote stays as it is: \n, \", or a whole \uXXXX.
      const length = text[index + 1] === 'u' ? 6 : 2
      out += text.slice(index, index + length)
      index += length - 1
      continue
    }
    if (char === '"') inString = !inString
    const code = char.charCodeAt(0)
    if (inString && char !== '"' && (code > 0x7e || (style === 'escape-all' && /[A-Za-z0-9_]/.test(char)))) {
      const hex = code.toString(16).padStart(4, '0')
      out += `\\u${index % 2 === 0 ? hex.toUpperCase() : hex}`
    } else out += char
  }
  return out
}

export type JsonStyle = 'plain' | 'pretty' | 'escape-non-ascii' | 'escape-all'
const jsonStyle = fc.constantFrom<JsonStyle>('plain', 'pretty', 'escape-non-ascii', 'escape-all')

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'))

/** A body on the wire, with what it is for the report. */
export interface WireBody {
  kind: string
  bytes: Uint8Array
}

const keyPool = fc.constantFrom('name', 'email', 'locale', 'metadata', 'testmode', 'x', 'Name', '__proto__', 'constructor', '')
const valuePool = fc.oneof(anyText, validEmail, fc.constantFrom(...LOCALES), jsonValue, fc.constant({ prototype: 1 }))

/** Objects written with repeated keys: JSON.parse keeps the last, and so must the server. */
const duplicateKeys = fc
  .array(fc.tuple(keyPool, valuePool), { minLength: 1, maxLength: 8 })
  .map((pairs): WireBody => ({
    kind: 'duplicate keys',
    bytes: utf8(`{${pairs.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`).join(',')}}`),
  }))

/** Arrays or objects nested up to 30,000 deep, written as text: no value that deep is built here. */
const deepNesting = fc
  .record({
    // Around the limits (32 levels of metadata, 64 of body) and far past them, where recursion runs out.
    depth: fc.oneof(
      fc.integer({ min: 1, max: 70 }),
      fc.constantFrom(31, 32, 33, 62, 63, 64, 65, 1000, 5000, 10_000, 30_000),
    ),
    opener: fc.constantFrom('[', '{"a":', '[{"a":'),
    place: fc.constantFrom('body', 'unknown field', 'metadata', 'metadata member', 'name'),
  })
  .map(({ depth, opener, place }): WireBody => {
    const closer = opener === '[' ? ']' : opener === '{"a":' ? '}' : '}]'
    const inner = `${opener.repeat(depth)}${opener === '[' ? '' : '1'}${closer.repeat(depth)}`
    const text =
      place === 'body' ? inner
      : place === 'unknown field' ? `{"nested":${inner}}`
      : place === 'metadata' ? `{"metadata":${inner}}`
      : place === 'metadata member' ? `{"metadata":{"deep":${inner}}}`
      : `{"name":${inner}}`
    return { kind: `nesting ${depth} deep in ${place}`, bytes: utf8(text) }
  })

/** A valid JSON text broken by one edit: truncated, a character inserted, removed or replaced. */
const brokenJson = fc
  .tuple(
    customerLike,
    fc.nat(),
    fc.constantFrom('truncate', 'insert', 'delete', 'replace', 'double'),
    fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '\\', '\u0000', '\n', 'NaN', 'undefined', "'", '/*', '\ud800', '1e999', '-', '.'),
  )
  .map(([value, at, edit, piece]): WireBody => {
    const text = JSON.stringify(value)
    const index = at % (text.length + 1)
    const edited =
      edit === 'truncate' ? text.slice(0, index)
      : edit === 'insert' ? text.slice(0, index) + piece + text.slice(index)
      : edit === 'delete' ? text.slice(0, index) + text.slice(index + 1)
      : edit === 'replace' ? text.slice(0, index) + piece + text.slice(index + 1)
      : text + text
    return { kind: `json, ${edit}`, bytes: utf8(edited) }
  })

/** Bytes that are not UTF-8 (or are, oddly): overlongs, encoded surrogates, stray continuations, a raw NUL, a BOM. */
const oddBytes = fc
  .tuple(
    customerLike,
    fc.nat(),
    fc.constantFrom([0xff], [0xfe, 0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0x00], [0xef, 0xbb, 0xbf]),
  )
  .map(([value, at, bytes]): WireBody => {
    const text = Buffer.from(JSON.stringify({ name: 'x', ...value }))
    // Inside the first string value, or at the very start (where a BOM is legal).
    const quote = text.indexOf(0x22, text.indexOf(0x3a))
    const index = at % 3 === 0 ? 0 : quote + 1
    return {
      kind: `bytes ${bytes.map((byte) => byte.toString(16)).join(' ')}`,
      bytes: new Uint8Array(Buffer.concat([text.subarray(0, index), Buffer.from(bytes), text.subarray(index)])),
    }
  })

const blankBody = fc
  .constantFrom('', ' ', '\n\t\r ', '\ufeff', '\u00a0', '\u2028', '\ufeff{}', '{}\n', 'null', '[]', '""', '0', 'true')
  .map((text): WireBody => ({ kind: 'blank or scalar', bytes: utf8(text) }))

const styled = (values: fc.Arbitrary<unknown>, kind: string) =>
  fc.tuple(values, jsonStyle).map(([value, style]): WireBody => ({ kind: `${kind}, ${style}`, bytes: utf8(encodeJson(value ?? null, style)) }))

/** Every kind of JSON body the create property sends. */
export const jsonBody: fc.Arbitrary<WireBody> = fc.oneof(
  { arbitrary: styled(customerLike, 'customer'), weight: 10 },
  { arbitrary: styled(jsonValue, 'any json'), weight: 2 },
  { arbitrary: duplicateKeys, weight: 2 },
  { arbitrary: deepNesting, weight: 1 },
  { arbitrary: brokenJson, weight: 2 },
  { arbitrary: oddBytes, weight: 2 },
  { arbitrary: blankBody, weight: 1 },
)

/** Percent-encodes the UTF-8 bytes of text (a lone surrogate becomes U+FFFD's bytes, as on any wire). */
export function percentEncode(text: string): string {
  const unreserved = /[A-Za-z0-9\-_.~]/
  return [...Buffer.from(text, 'utf8')]
    .map((byte) => String.fromCharCode(byte))
    .map((char) => (unreserved.test(char) ? char : `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`))
    .join('')
}

const PERCENT_GARBAGE = [
  '%', '%Z', '%ZZ', '%E0%A4', '%ED%A0%80', '%C0%AF', '%00', '%25', '%2', '%%', '%u0041', '+', '%2B', '%26', '%3D', '%5B', '%5D',
] as const

/** Writes text for a query or form: encoded, raw, with + for spaces, or with broken escapes spliced in. */
const wireText = (text: fc.Arbitrary<string>) =>
  fc
    .tuple(
      text,
      // Broken escapes now and then: one that is not UTF-8 makes a whole form a 400, so not in every pair.
      fc.oneof(
        { arbitrary: fc.constant('encoded'), weight: 8 },
        { arbitrary: fc.constantFrom('raw', 'raw', 'plus'), weight: 3 },
        { arbitrary: fc.constant('garbage'), weight: 1 },
      ),
      fc.constantFrom(...PERCENT_GARBAGE),
      fc.nat(),
    )
    .map(([value, style, garbage, at]) => {
      if (style === 'encoded') return percentEncode(value)
      if (style === 'plus') return percentEncode(value).replace(/%20/g, '+')
      if (style === 'raw') return value
      return splice(percentEncode(value), garbage, at)
    })

const formKey = fc.oneof(
  { arbitrary: fc.constantFrom('name', 'email', 'locale', 'metadata', 'testmode'), weight: 10 },
  {
    arbitrary: fc.constantFrom(
      'metadata[a]', 'metadata[a][b]', 'metadata[a][b][c][d][e][f][g]', 'metadata[a][b][c][d][e]', 'metadata[]', 'metadata[0]',
      'metadata[1]', 'metadata[49]', 'metadata[50]', 'metadata[__proto__]', 'metadata[constructor][prototype]',
      'metadata[toString]', 'name[]', 'name[x]', 'email[]', 'testmode[]', 'locale[0]', '[name]', 'metadata[][]',
    ),
    weight: 4,
  },
  {
    // Names the operation does not define, `__proto__` (which qs drops) among them.
    arbitrary: fc.constantFrom(
      '__proto__', '__proto__[name]', '__proto__[admin]', 'constructor[prototype][x]', 'metadata[', 'metadata]', 'metadata[a', 'name]',
      'metaData[user]', 'Name', 'emial', 'testMode', 'id', '0', '5[a]', 'toString', 'x', '[__proto__]',
    ),
    weight: 1,
  },
  { arbitrary: shortText(200), weight: 1 },
)

const formValue = fc.oneof(
  { arbitrary: anyText, weight: 4 },
  { arbitrary: validEmail, weight: 2 },
  { arbitrary: fc.constantFrom(...LOCALES), weight: 2 },
  { arbitrary: fc.constantFrom('true', 'false', '', 'null', 'TRUE', '1'), weight: 2 },
)

/** Bytes that are not UTF-8 (a Latin-1 é, a stray continuation, an encoded surrogate) or, for the BOM, are. */
const RAW_BYTES = [[0xe9], [0xfc], [0x80], [0xc3], [0xed, 0xa0, 0x80], [0xef, 0xbb, 0xbf]] as const

/** Form bodies: keys with qs bracket syntax, repeats, encoded or raw or broken percent escapes, now and then raw bytes. */
export const formBody = fc
  .tuple(
    fc.array(fc.tuple(wireText(formKey), fc.option(wireText(formValue), { nil: undefined, freq: 8 })), {
      maxLength: 10,
    }),
    fc.constantFrom('&', '&', '&', '&', '&&', ';'),
    fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 12 },
      { arbitrary: fc.tuple(fc.constantFrom(...RAW_BYTES), fc.nat()), weight: 1 },
    ),
    // Past qs's parameter limit (100), or just within it.
    fc.oneof({ arbitrary: fc.constant(undefined), weight: 25 }, { arbitrary: fc.integer({ min: 95, max: 105 }), weight: 1 }),
  )
  .map(([pairs, separator, raw, padding]): WireBody => {
    const text = pairs.map(([key, value]) => (value === undefined ? key : `${key}=${value}`)).join(separator)
    const padded = padding === undefined ? text : [text, ...Array.from({ length: padding }, (_, index) => `metadata[k${index}]=v`)].join('&')
    const bytes = Buffer.from(padded, 'utf8')
    if (raw === undefined) return { kind: 'form', bytes: new Uint8Array(bytes) }
    const [inserted, at] = raw
    const index = at % (bytes.length + 1)
    return {
      kind: `form, bytes ${inserted.map((byte) => byte.toString(16)).join(' ')}`,
      bytes: new Uint8Array(Buffer.concat([bytes.subarray(0, index), Buffer.from(inserted), bytes.subarray(index)])),
    }
  })

/** A reference to a customer of the server under test, resolved when the case runs. */
export type IdReference =
  | { kind: 'live'; index: number }
  | { kind: 'deleted'; index: number }
  | { kind: 'text'; text: string }

const idReference: fc.Arbitrary<IdReference> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('live' as const), index: fc.nat() }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('deleted' as const), index: fc.nat() }), weight: 1 },
  {
    arbitrary: fc
      .oneof(
        shortText(300),
        fc
          .string({ unit: characters('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), minLength: 10, maxLength: 10 })
          .map((tail) => `cst_${tail}`),
        fc.integer({ min: 150, max: 260 }).map((length) => `cst_${'x'.repeat(length - 4)}`),
      )
      .map((text) => ({ kind: 'text' as const, text })),
    weight: 2,
  },
)

export interface QueryParameter {
  /** The name as written on the wire, and what it decodes to (undefined when it is garbage). */
  wireName: string
  name: string | undefined
  /** The value: a known one to be encoded, a customer reference, or raw wire text; absent for `?limit`. */
  value: { kind: 'text'; text: string } | { kind: 'id'; id: IdReference } | { kind: 'wire'; wire: string } | undefined
}

/** Mostly the operation's own names; now and then the other read's (`include` on a list), which it does not take. */
const knownParameter = (target: 'list' | 'get') =>
  fc.oneof(
    { arbitrary: target === 'list' ? fc.constantFrom('limit', 'sort', 'from', 'testmode') : fc.constantFrom('include', 'testmode'), weight: 6 },
    { arbitrary: target === 'list' ? fc.constant('include') : fc.constantFrom('limit', 'sort', 'from'), weight: 1 },
  )

const asText = (text: string) => ({ kind: 'text' as const, text })

const parameterValue = fc.oneof(
  { arbitrary: fc.integer({ min: -5, max: 300 }).map((number) => asText(String(number))), weight: 3 },
  {
    arbitrary: fc
      .constantFrom(
        '1', '250', '251', '0', '05', '-0', '+5', '5.0', '5.5', '1e2', '0x10', ' 5', '5 ', '1000000000000000', '0000000000000005',
        'asc', 'desc', 'ASC', 'events', 'EVENTS', 'events,payments', 'true', 'false', 'True', '', 'null',
      )
      .map(asText),
    weight: 4,
  },
  { arbitrary: idReference.map((id) => ({ kind: 'id' as const, id })), weight: 3 },
  { arbitrary: shortText(500).map(asText), weight: 2 },
  { arbitrary: fc.constantFrom(...PERCENT_GARBAGE).map((wire) => ({ kind: 'wire' as const, wire })), weight: 1 },
)

const queryParameter = (target: 'list' | 'get'): fc.Arbitrary<QueryParameter> => fc.oneof(
  {
    arbitrary: fc
      .tuple(knownParameter(target), fc.boolean(), fc.option(parameterValue, { nil: undefined, freq: 10 }))
      .map(([name, encodeName, value]) => ({
        wireName: encodeName ? [...name].map((char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`).join('') : name,
        name,
        value,
      })),
    weight: 5,
  },
  {
    // Unknown names are refused with 422 naming them; a name that is not even a valid escape is named as sent.
    arbitrary: fc
      .tuple(
        fc.oneof(shortText(100), fc.constantFrom('limit[]', 'from[0]', 'Limit', 'SORT', 'foo', '__proto__', 'constructor', 'hasOwnProperty')),
        fc.option(parameterValue, { nil: undefined, freq: 10 }),
        fc.boolean(),
      )
      .map(([name, value, garbage]) => ({
        wireName: garbage ? `%ZZ${percentEncode(name)}` : percentEncode(name),
        name: garbage ? undefined : name,
        value,
      })),
    weight: 1,
  },
)

/** A body sent with a read (GET): refused if it says anything, whatever it says; an empty one is fine. */
export interface ReadBodyCase {
  contentType: string | undefined
  bytes: Uint8Array
}

export const readBodyCase: fc.Arbitrary<ReadBodyCase | undefined> = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 6 },
  {
    arbitrary: fc.record({
      contentType: fc.constantFrom(
        'application/json', 'application/json', 'application/x-www-form-urlencoded', undefined, undefined, 'text/plain',
        'application/json; charset=latin1', 'text/plain; charset=latin1',
      ),
      text: fc.constantFrom(
        '{}', ' ', '{"testmode":true}', '{"metaData":{"user":1}}', '{"__proto__":{"a":1}}', '{"b":1,"2":3}', 'testmode=true',
        'include=events', 'x=1&__proto__[a]=1', '__proto__=1', 'a[b][c]=1', 'just words', '[]', 'null', '"x"', '{',
        '%ZZ=1', 'name=Ren%E9',
      ),
      raw: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 5 },
        { arbitrary: fc.constantFrom<readonly number[]>([0xff], [0xc3]), weight: 1 },
      ),
    }).map(({ contentType, text, raw }) => ({
      contentType,
      bytes: new Uint8Array(Buffer.concat([Buffer.from(text, 'utf8'), Buffer.from(raw ?? [])])),
    })),
    weight: 1,
  },
)

const queryTarget = fc.oneof(
  fc.constant({ kind: 'list' as const }),
  idReference.map((id) => ({ kind: 'get' as const, id })),
) as fc.Arbitrary<{ kind: 'list' } | { kind: 'get'; id: IdReference }>

export const queryCase = queryTarget.chain((target) =>
  fc.record({
    target: fc.constant(target),
    parameters: fc.array(queryParameter(target.kind), { maxLength: 4 }),
    separator: fc.constantFrom('&', '&', '&', '&&'),
    body: readBodyCase,
  }),
)
export type QueryCase = typeof queryCase extends fc.Arbitrary<infer T> ? T : never

/** Path segments under /v2 and beside it: ids and route names, encoded or not, and the separators between them. */
const pathSegment = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      'customers', 'customers', 'v2', 'Customers', 'customer', 'payments', 'mandates', 'openapi.json', '', '.', '..', '%2e', '%2E%2E',
      '%2F', 'a%2Fb', 'a%5Cb', '%00', 'cst_a%00b', ';', 'customers;x', 'customers%20', '%20customers', '~', 'customers.json',
      'customers%3Fx=1',
    ),
    weight: 4,
  },
  { arbitrary: idReference.map((id) => ({ id })), weight: 3 },
  { arbitrary: wireText(shortText(120)), weight: 2 },
  { arbitrary: fc.integer({ min: 190, max: 3000 }).map((length) => 'x'.repeat(length)), weight: 1 },
  { arbitrary: fc.constantFrom(...PERCENT_GARBAGE), weight: 1 },
)

export const pathCase = fc.record({
  method: fc.constantFrom('GET', 'GET', 'GET', 'PATCH', 'DELETE', 'POST', 'PUT', 'HEAD', 'OPTIONS', 'OPTIONS'),
  prefix: fc.oneof(
    { arbitrary: fc.constant('/v2/customers/'), weight: 6 },
    {
      arbitrary: fc.constantFrom('/v2/', '/v2//', '/', '//v2/customers/', '/V2/customers/', '/v2/customers//'),
      weight: 3,
    },
  ),
  segments: fc.oneof(
    { arbitrary: fc.array(pathSegment, { minLength: 1, maxLength: 1 }), weight: 5 },
    { arbitrary: fc.array(pathSegment, { maxLength: 0 }), weight: 1 },
    { arbitrary: fc.array(pathSegment, { minLength: 2, maxLength: 3 }), weight: 2 },
  ),
  trailingSlashes: fc.constantFrom('', '', '/', '//'),
  // Reads take their own names (list: from, limit, sort, testmode; get: include, testmode), writes none.
  query: fc.constantFrom('', '', '', '?', '?include=events', '?x=%ZZ', '#fragment', '?testmode=true', '?testmode=false', '?limit=1', '?%ZZ'),
})
export type PathCase = typeof pathCase extends fc.Arbitrary<infer T> ? T : never

/** Header values fetch can send: printable ASCII and latin1 (fetch refuses the rest; the raw property sends it). */
const printable = Array.from({ length: 95 }, (_, index) => String.fromCharCode(0x20 + index))
const headerText = fc.oneof(
  fc.string({ unit: fc.constantFrom(...printable, '\t', '\u00e9', '\u00ff', '\u0080'), maxLength: 40 }),
  injection.filter((text) => !/[\r\n]/.test(text)),
)

export type AuthorizationCase =
  | { kind: 'valid'; scheme: string; spaces: string; trailing: string }
  | { kind: 'absent' }
  | { kind: 'value'; value: string }

export const authorizationCase: fc.Arbitrary<AuthorizationCase> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('valid' as const),
      scheme: fc.constantFrom('Bearer', 'bearer', 'BEARER', 'BeArEr'),
      spaces: fc.constantFrom(' ', '  ', '   '),
      trailing: fc.constantFrom('', ' ', '  '),
    }),
    weight: 12,
  },
  { arbitrary: fc.constant({ kind: 'absent' as const }), weight: 1 },
  {
    arbitrary: fc
      .oneof(
        headerText,
        headerText.map((text) => `Bearer ${text}`),
        fc.constantFrom(
          'Bearer', 'Bearer ', 'Basic dGVzdDp0ZXN0', 'Token test_x', 'Bearer test_', 'Bearer live_', 'Bearer access_',
          `Bearer test_${'a'.repeat(30)}`, `Bearer test_${'a'.repeat(3000)}`, 'Bearer\ttest_x', 'Bearer, Bearer',
        ),
      )
      .map((value) => ({ kind: 'value' as const, value })),
    weight: 3,
  },
)

/** Mutations of a real key that must all be refused: one character changed, cut, extended, another prefix. */
export const keyMutation = fc.constantFrom('flip-last', 'cut', 'extend', 'live-prefix', 'upper', 'revoked', 'access-prefix')

export const contentTypeCase = fc.oneof(
  { arbitrary: fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'application/hal+json'), weight: 5 },
  {
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8', 'APPLICATION/JSON', ' application/json', 'application/json;', 'application/json; charset="utf-16"',
      'application/json; charset=UTF8', 'application/json;charset="utf-8"', 'application/json; charset=', 'application/hal+json; charset=ascii',
      'application/json;;;', 'application/x-www-form-urlencoded; charset=latin1', 'text/plain', 'text/html', 'application/xml',
      'multipart/form-data; boundary=x', 'application/jsonx', 'application/json-patch+json', 'application/vnd.api+json', 'application/*',
      '*/*', 'json', '', ';', 'application/json, text/plain', 'text/plain; application/json',
    ),
    weight: 4,
  },
  { arbitrary: headerText, weight: 2 },
  { arbitrary: fc.constant(undefined), weight: 1 },
)

export const idempotencyKeyCase = fc.oneof(
  { arbitrary: fc.constant({ kind: 'absent' as const }), weight: 3 },
  {
    arbitrary: fc
      .string({ unit: fc.constantFrom(...printable.slice(1)), minLength: 1, maxLength: 40 })
      .map((key) => ({ kind: 'new' as const, key })),
    weight: 3,
  },
  { arbitrary: fc.nat().map((index) => ({ kind: 'reuse' as const, index })), weight: 2 },
  {
    arbitrary: fc
      .oneof(headerText, fc.constantFrom('', ' ', 'a b', 'é', 'x'.repeat(256), 'ok\u0080'))
      .map((key) => ({ kind: 'value' as const, key })),
    weight: 2,
  },
)

export const acceptCase = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('application/json', 'text/html', '*/*', 'application/xml;q=0', 'garbage', ';;;', 'application/hal+json;q=0'),
  headerText,
)

export const acceptEncodingCase = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(
    'gzip', 'br', 'deflate', 'identity', '*', 'gzip;q=0', 'gzip;q=0, br;q=0, deflate;q=0', '*;q=0', 'identity;q=0', 'gzip;q=garbage',
    'br;q=-1', 'compress', 'zstd', 'gzip, gzip, gzip', 'x-gzip', ',,,', 'GZIP',
  ),
  headerText,
)
