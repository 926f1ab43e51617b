/**
 * Response validation: each wire object's schema compiled once, when the client is loaded, and its failures
 * described by property path (`_embedded.customers[3].mode must be string (got number)`), so that a server
 * sending the wrong shape is named at the field, not discovered later as an `undefined` somewhere else.
 */
import { Compile } from 'typebox/compile'
import { ResponseValidationError, type RequestDescription, type ResponseFault } from './errors.js'
import {
  CustomerListSchema,
  CustomerSchema,
  CustomerWithEventsSchema,
  MandateListSchema,
  MandateSchema,
  PaymentListSchema,
  PaymentSchema,
  ClockAdvanceSchema,
  TestClockSchema,
  SubscriptionListSchema,
  SubscriptionSchema,
} from './schemas.js'

/** The part of a compiled TypeBox validator used here. */
export interface ResponseCheck<T> {
  Check(value: unknown): value is T
  Errors(value: unknown): readonly ValidatorError[]
}

interface ValidatorError {
  keyword: string
  instancePath: string
  params: object
  message: string
}

export const responseChecks = {
  customer: Compile(CustomerSchema),
  customerWithEvents: Compile(CustomerWithEventsSchema),
  customerList: Compile(CustomerListSchema),
  mandate: Compile(MandateSchema),
  mandateList: Compile(MandateListSchema),
  payment: Compile(PaymentSchema),
  paymentList: Compile(PaymentListSchema),
  clock: Compile(TestClockSchema),
  clockAdvance: Compile(ClockAdvanceSchema),
  subscription: Compile(SubscriptionSchema),
  subscriptionList: Compile(SubscriptionListSchema),
}

/** A received response, as far as validation needs it. */
export interface ReceivedBody {
  status: number
  body: string
  request: RequestDescription
}

/** The body parsed and checked against `check`; throws ResponseValidationError naming the first bad field. */
export function validateResponse<T>(check: ResponseCheck<T>, received: ReceivedBody): T {
  let value: unknown
  try {
    value = JSON.parse(received.body)
  } catch {
    const message = received.body === '' ? 'is empty, where a JSON object was expected' : 'is not JSON'
    throw new ResponseValidationError([{ path: '(body)', message }], received, received.request)
  }
  if (check.Check(value)) return value
  throw new ResponseValidationError(describeFaults(check.Errors(value), value), received, received.request)
}

/**
 * One fault per place. A union reports one error per branch at the same path (`must be string`, `must be
 * null`) plus an `anyOf` summary; they are merged into one `must be string or null`.
 */
export function describeFaults(errors: readonly ValidatorError[], value: unknown): ResponseFault[] {
  const byPath = new Map<string, { segments: string[]; expectations: string[]; others: string[] }>()
  const add = (segments: string[], kind: 'expectations' | 'others', text: string) => {
    const path = formatPath(segments)
    let entry = byPath.get(path)
    if (!entry) byPath.set(path, (entry = { segments, expectations: [], others: [] }))
    if (!entry[kind].includes(text)) entry[kind].push(text)
  }
  for (const error of errors) {
    const segments = parsePointer(error.instancePath)
    const params = error.params as {
      type?: string
      allowedValue?: unknown
      allowedValues?: unknown[]
      requiredProperties?: string[]
    }
    if (error.keyword === 'anyOf') continue
    if (error.keyword === 'required') {
      for (const property of params.requiredProperties ?? []) add([...segments, property], 'others', 'is missing')
    } else if (error.keyword === 'type' && params.type) {
      add(segments, 'expectations', params.type)
    } else if (error.keyword === 'const') {
      add(segments, 'expectations', JSON.stringify(params.allowedValue))
    } else if (error.keyword === 'enum' && params.allowedValues) {
      for (const expectation of enumExpectations(params.allowedValues, at(value, segments))) {
        add(segments, 'expectations', expectation)
      }
    } else {
      add(segments, 'others', error.message)
    }
  }
  return [...byPath].map(([path, { segments, expectations, others }]) => {
    const parts = [...others]
    if (expectations.length > 0) parts.push(`must be ${joinAlternatives(expectations)}`)
    const found = at(value, segments)
    if (found === undefined) return { path, message: parts.join(', ') }
    // A string's content is shown only where a fixed word was expected (`resource`): elsewhere it may be a
    // customer's personal data, and error messages end up in logs.
    const expectsWord = expectations.some((expectation) => expectation.startsWith('"'))
    return { path, message: `${parts.join(', ')} (got ${describe(found, expectsWord)})` }
  })
}

/**
 * A value of the wrong type is told the type (`must be string`), which also merges with the `string` branch of an
 * open enum; a value of the right type but outside the list is told the list.
 */
function enumExpectations(allowed: readonly unknown[], found: unknown): string[] {
  const typeOf = (item: unknown) => (item === null ? 'null' : typeof item)
  if (allowed.some((item) => typeOf(item) === typeOf(found))) {
    const shown = allowed.slice(0, 5).map((item) => JSON.stringify(item))
    return [allowed.length > 5 ? `one of ${shown.join(', ')} …` : `one of ${shown.join(', ')}`]
  }
  return [...new Set(allowed.map(typeOf))]
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
}

/** `_embedded.customers[3].mode`; `(body)` for the body itself. */
function formatPath(segments: readonly string[]): string {
  if (segments.length === 0) return '(body)'
  return segments.reduce(
    (path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment),
    '',
  )
}

function at(value: unknown, segments: readonly string[]): unknown {
  let current = value
  for (const segment of segments) {
    if (typeof current !== 'object' || current === null) return undefined
    current = (current as Record<string, unknown>)[segment]
  }
  return current
}

function describe(value: unknown, showString: boolean): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'string') return showString && value.length <= 40 ? JSON.stringify(value) : 'string'
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return typeof value
}

function joinAlternatives(items: readonly string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`
}
