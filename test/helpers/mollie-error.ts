/** The whole of a Mollie error answer, asserted in one place: its content type, its keys and their values. */
import assert from 'node:assert/strict'

export interface ExpectedError {
  status: number
  title: string
  detail: string | RegExp
  field?: string
}

/** Asserts `body` is exactly Mollie's error body (no other keys; `field` absent when not expected). */
export function assertErrorBody(baseUrl: string, body: any, contentType: string | null | undefined, expected: ExpectedError): void {
  assert.equal(contentType, 'application/hal+json; charset=utf-8')
  const { status, title, detail, field, _links, ...rest } = body
  assert.deepEqual(rest, {}, 'no other keys')
  assert.equal(status, expected.status)
  assert.equal(title, expected.title)
  if (expected.detail instanceof RegExp) assert.match(detail, expected.detail)
  else assert.equal(detail, expected.detail)
  assert.equal(field, expected.field)
  assert.ok(!('field' in body) || typeof body.field === 'string', 'field is absent or a string')
  assert.deepEqual(_links, { documentation: { href: `${baseUrl}/docs#errors`, type: 'text/html' } })
}
