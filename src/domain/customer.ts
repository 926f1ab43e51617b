/**
 * The customer's rules: what a new customer looks like, and what an update changes. No I/O: the store calls
 * these inside its transactions, the clock and the id come from the caller. Fields arrive valid: they were checked
 * against CustomerFieldsSchema at the edge (the API's route schemas, or the store's entry for other callers), before
 * any transaction opened.
 */
import { customerCreatedEvent, customerDeletedEvent, customerUpdatedEvent } from './events.js'
import {
  CUSTOMER_FIELDS,
  type Customer,
  type CustomerEvent,
  type CustomerField,
  type CustomerFields,
  type Mode,
} from './schemas.js'

/**
 * A timestamp as Mollie writes `createdAt`: ISO 8601 in UTC to the second, with an explicit offset
 * (`2024-03-20T09:13:37+00:00`).
 */
export function formatTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}+00:00`
}

export interface NewCustomer {
  customer: Customer
  event: CustomerEvent
}

/** A customer created from `fields`: every field the request left out is null, as the spec's examples show. */
export function newCustomer(id: string, mode: Mode, fields: CustomerFields, now: Date): NewCustomer {
  const createdAt = formatTimestamp(now)
  return {
    customer: {
      id,
      mode,
      name: fields.name ?? null,
      email: fields.email ?? null,
      locale: fields.locale ?? null,
      metadata: fields.metadata ?? null,
      createdAt,
    },
    event: customerCreatedEvent(createdAt),
  }
}

export interface CustomerChange {
  customer: Customer
  changed: CustomerField[]
  /** Absent when nothing changed: a no-op update leaves no trace in the history. */
  event?: CustomerEvent
}

/**
 * Applies an update with PATCH semantics: an omitted field stays as it is, `null` clears it. Only fields whose
 * value really differs count as changed.
 */
export function changeCustomer(current: Customer, changes: CustomerFields, now: Date): CustomerChange {
  const customer: Customer = { ...current }
  const changed: CustomerField[] = []
  for (const field of CUSTOMER_FIELDS) {
    const value = changes[field]
    if (value === undefined || sameJson(value, current[field])) continue
    // The schema has checked each field's type; the assignment is per field, so widen once here.
    ;(customer as Record<CustomerField, unknown>)[field] = value
    changed.push(field)
  }
  if (changed.length === 0) return { customer, changed }
  return { customer, changed, event: customerUpdatedEvent(changed, formatTimestamp(now)) }
}

export function deletionEvent(now: Date): CustomerEvent {
  return customerDeletedEvent(formatTimestamp(now))
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b)
}
