/**
 * The customer form: text as the browser sends it, turned into customer fields by the API's own validation
 * (parseCustomerFields), so a refused value gets the message the API would give. In the form, an empty field
 * means none (`null`), and metadata is written as JSON.
 */
import Type, { type Static } from 'typebox'
import { LOCALES, METADATA_MAX_BYTES, type Customer, type CustomerFields } from '../domain/schemas.js'
import { FieldError, parseCustomerFields } from '../domain/validation.js'
import { CSRF_FIELD } from './csrf.js'
import type { CustomerFormView } from './views.js'

/** Lengths and formats are left to the domain, so that its messages are the ones shown. */
export const CustomerFormBodySchema = Type.Object({
  [CSRF_FIELD]: Type.String(),
  name: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
  locale: Type.Optional(Type.String()),
  metadata: Type.Optional(Type.String()),
})
type CustomerFormBody = Static<typeof CustomerFormBodySchema>

type FormValues = CustomerFormView['values']

function parseMetadata(text: string): unknown {
  if (text === '') return null
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new FieldError(
      'metadata',
      `The 'metadata' field is not valid JSON (${(error as Error).message}). Write an object such as ` +
        `{"order_id": "1234"}, an array of strings or a quoted string, or leave it empty for none.`,
    )
  }
}

/**
 * The customer fields of a submitted form. A field the request left out, or (when editing) sent back exactly as
 * the form showed it, is not part of the change: untouched text is never re-interpreted (`""` as `null`, say).
 * Throws FieldError.
 */
export function readCustomerForm(body: CustomerFormBody, shown?: FormValues): CustomerFields {
  const input: Record<string, unknown> = {}
  const text = (value: string) => (value.trim() === '' ? null : value.trim())
  // Browsers send a textarea's line breaks as CRLF whatever the page had.
  const changed = (field: keyof FormValues) =>
    body[field] !== undefined && body[field].replace(/\r\n/g, '\n') !== shown?.[field]
  if (changed('name')) input.name = text(body.name!)
  if (changed('email')) input.email = text(body.email!)
  if (changed('locale')) input.locale = text(body.locale!)
  // Every field at fault is reported at once: metadata that is not JSON joins the others' faults.
  let unreadable: FieldError | undefined
  if (changed('metadata')) {
    try {
      input.metadata = parseMetadata(body.metadata!.trim())
    } catch (error) {
      if (!(error instanceof FieldError)) throw error
      unreadable = error
    }
  }
  try {
    const fields = parseCustomerFields(input)
    if (unreadable) throw unreadable
    return fields
  } catch (error) {
    if (!(error instanceof FieldError) || !unreadable || error === unreadable) throw error
    const faults = [...error.faults, ...unreadable.faults]
    throw new FieldError(faults[0]!.field, faults[0]!.detail, faults)
  }
}

export function formValuesOf(customer: Customer): FormValues {
  return {
    name: customer.name ?? '',
    email: customer.email ?? '',
    locale: customer.locale ?? '',
    metadata: customer.metadata === null ? '' : JSON.stringify(customer.metadata, null, 2),
  }
}

/** What was typed, to show again next to the message when the form is refused. */
export function submittedValues(body: CustomerFormBody): FormValues {
  return { name: body.name ?? '', email: body.email ?? '', locale: body.locale ?? '', metadata: body.metadata ?? '' }
}

export const EMPTY_FORM_VALUES: FormValues = { name: '', email: '', locale: '', metadata: '' }

export function customerForm(values: FormValues, failure: string, error?: FieldError): CustomerFormView {
  return {
    values,
    failure,
    locales: LOCALES,
    metadataMaxBytes: METADATA_MAX_BYTES,
    ...(error && { errors: error.faults.map(({ field, detail }) => ({ field, detail })) }),
  }
}
