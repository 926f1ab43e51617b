/**
 * How a call fails. Each class answers one question a caller has to decide on: ApiError (the API answered and
 * said no: look at `status` and `field`), NetworkError and its TimeoutError (no answer arrived: the outcome of a
 * write is unknown unless it is repeated with the same idempotency key), and ResponseValidationError (an answer
 * arrived in a shape this client does not understand).
 */
import { Compile } from 'typebox/compile'
import { ErrorFieldsSchema, ErrorLinksSchema, type ErrorResponse } from './schemas.js'

/** What identifies a request in an error: enough to find it in logs, never a credential. */
export interface RequestDescription {
  /** `GET`, `POST`, `PATCH` or `DELETE`. */
  method: string
  /** The full URL requested. */
  url: string
  /** The Idempotency-Key sent (every POST, PATCH and DELETE has one); repeating the call with it is safe. */
  idempotencyKey?: string
}

const errorFieldsCheck = Compile(ErrorFieldsSchema)
const errorLinksCheck = Compile(ErrorLinksSchema)

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** The API answered with an error status (4xx, or 5xx once retries ran out). */
export class ApiError extends Error {
  /** The HTTP status (Mollie repeats it as the body's `status`). */
  readonly status: number
  /** The body's `title` (the reason phrase, e.g. `Not Found`), or the response's status text. */
  readonly title: string
  /** The body's `detail`: Mollie's explanation for people. Also the error's message. */
  readonly detail: string
  /** The request field or parameter at fault, when the API named one (e.g. `email`, `from`). */
  readonly field: string | undefined
  /** The body's `_links.documentation.href`, when present. */
  readonly documentationUrl: string | undefined
  /** How long the API asked to wait before trying again (`Retry-After`), when it said so. */
  readonly retryAfterMs: number | undefined
  /** The response body exactly as received (JSON text for Mollie's errors; anything for a proxy's). */
  readonly body: string
  /** The response headers (`Retry-After`, a request id a support desk asks for …). */
  readonly headers: Headers
  /** The request that failed. */
  readonly request: RequestDescription

  constructor(
    response: { status: number; statusText: string; headers: Headers; body: string; retryAfterMs?: number },
    request: RequestDescription,
  ) {
    const parsed = parseJson(response.body)
    const fields: Partial<ErrorResponse> = errorFieldsCheck.Check(parsed) ? parsed : {}
    const title = fields.title ?? (response.statusText || 'Error')
    const detail = fields.detail ?? `${request.method} ${new URL(request.url).pathname} answered ${response.status} ${title}.`
    super(detail)
    this.name = 'ApiError'
    this.status = response.status
    this.title = title
    this.detail = detail
    this.field = fields.field
    this.documentationUrl = errorLinksCheck.Check(parsed) ? parsed._links.documentation.href : undefined
    this.retryAfterMs = response.retryAfterMs
    this.body = response.body
    this.headers = response.headers
    this.request = request
  }
}

/** No response arrived: the connection failed, was refused or dropped, or the body was cut off. */
export class NetworkError extends Error {
  /** The request that got no answer; a write in it may or may not have happened. */
  readonly request: RequestDescription

  constructor(message: string, request: RequestDescription, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'NetworkError'
    this.request = request
  }
}

/** No complete response arrived within `timeoutMs`. */
export class TimeoutError extends NetworkError {
  /** The limit that was reached, per attempt. */
  readonly timeoutMs: number

  constructor(timeoutMs: number, request: RequestDescription) {
    super(`${request.method} ${request.url} got no complete response within ${timeoutMs} ms.`, request)
    this.name = 'TimeoutError'
    this.timeoutMs = timeoutMs
  }
}

/** One fault found in a response, as the validator reported it. */
export interface ResponseFault {
  /** Where, as a property path: `_links.self.href`, `_embedded.customers[3].mode`; `(body)` for the whole. */
  path: string
  /** What is wrong there, e.g. `must be string or null (got 42)` or `is missing`. */
  message: string
}

/**
 * A successful response whose body is not the object the API documents: a missing or mistyped field, or no
 * JSON at all. The first fault names the field; `faults` lists every one the validator found.
 */
export class ResponseValidationError extends Error {
  /** The path of the first fault, e.g. `name` or `_links.self`. */
  readonly path: string
  /** Every fault found, one per place. */
  readonly faults: readonly ResponseFault[]
  /** The (successful) HTTP status of the response. */
  readonly status: number
  /** The response body exactly as received. */
  readonly body: string
  /** The request answered with it. */
  readonly request: RequestDescription

  constructor(
    faults: readonly ResponseFault[],
    response: { status: number; body: string },
    request: RequestDescription,
  ) {
    const first = faults[0] ?? { path: '(body)', message: 'is not what the API documents' }
    super(
      `Unexpected response to ${request.method} ${new URL(request.url).pathname} (${response.status}): ` +
        `${first.path} ${first.message}.`,
    )
    this.name = 'ResponseValidationError'
    this.path = first.path
    this.faults = faults
    this.status = response.status
    this.body = response.body
    this.request = request
  }
}
