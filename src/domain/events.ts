/**
 * Clientele's catalogue of customer event types. Mollie's spec shows a single example (`200`, "Customer created")
 * and publishes no table, so the codes are ours: 2xx for the customer itself, then one block of ten per
 * sub-resource. Codes are never reused or renumbered; sub-resource codes are reserved for when those resources
 * exist, so that history written today stays meaningful then.
 */
import type { CustomerEvent, CustomerField } from './schemas.js'

export const EVENT_TYPES = {
  customerCreated: { code: 200, summary: 'Customer created' },
  customerUpdated: { code: 201, summary: 'Customer updated; the message names the changed fields' },
  customerDeleted: { code: 202, summary: 'Customer deleted' },
  mandateCreated: { code: 210, summary: 'Mandate created; the message names the mandate' },
  mandateRevoked: { code: 211, summary: 'Mandate revoked (by the API, or with its customer); the message names the mandate' },
  subscriptionCreated: { code: 220, summary: 'Subscription created; the message names the subscription' },
  subscriptionUpdated: { code: 221, summary: 'Subscription updated; the message names the subscription' },
  subscriptionCanceled: { code: 222, summary: 'Subscription canceled (by the API, a revoked mandate, the customer\'s deletion, or the test-mode payment limit); the message names the subscription' },
  paymentCreated: { code: 230, summary: 'Payment created for the customer; the message names the payment' },
  paymentStatusChanged: { code: 231, summary: 'A payment of the customer changed status; the message names the payment and its new status' },
} as const

export type EventTypeName = keyof typeof EVENT_TYPES

/** The table as Markdown-friendly rows, for the served OpenAPI description and the docs page. */
export function describeEventTypes(): string {
  return Object.values(EVENT_TYPES)
    .map(({ code, summary }) => `\`${code}\`: ${summary}`)
    .join('; ')
}

export function customerCreatedEvent(createdAt: string): CustomerEvent {
  return { type: EVENT_TYPES.customerCreated.code, message: 'Customer created', createdAt }
}

/** The message names the fields that changed, never their values: events outlive a deletion's scrubbing. */
export function customerUpdatedEvent(changed: readonly CustomerField[], createdAt: string): CustomerEvent {
  return { type: EVENT_TYPES.customerUpdated.code, message: `Customer updated: ${changed.join(', ')}`, createdAt }
}

/** Mandate events name the mandate's id, never its details (IBANs, emails): events outlive a deletion's scrubbing. */
export function mandateCreatedEvent(mandateId: string, createdAt: string): CustomerEvent {
  return { type: EVENT_TYPES.mandateCreated.code, message: `Mandate ${mandateId} created`, createdAt }
}

export function mandateRevokedEvent(mandateId: string, createdAt: string): CustomerEvent {
  return { type: EVENT_TYPES.mandateRevoked.code, message: `Mandate ${mandateId} revoked`, createdAt }
}

export function customerDeletedEvent(createdAt: string): CustomerEvent {
  return { type: EVENT_TYPES.customerDeleted.code, message: 'Customer deleted', createdAt }
}
