/**
 * Webhook delivery and attempt ↔ row, each way written once. Scheduling times are ms since the epoch (integers,
 * compared in SQL); the others are ISO 8601 text with ms. PostgreSQL's int8 arrive as numbers (postgres.ts), but
 * PGlite's and some drivers' as strings or bigints: Number() settles them here.
 */
import type { Selectable } from 'kysely'
import type { Mode } from '../domain/schemas.js'
import type { WebhookAttemptsTable, WebhookDeliveriesTable } from './database.js'
import type { WebhookAttempt, WebhookClaim, WebhookDelivery, WebhookDeliveryRequest } from './store.js'

/** The columns a claim is read from (RETURNING of the claiming update). */
export const CLAIM_COLUMNS = ['id', 'mode', 'resource_id', 'url', 'body', 'attempts', 'created_at', 'claimed_by', 'claim_expires_at_ms'] as const
export type ClaimRow = Pick<Selectable<WebhookDeliveriesTable>, (typeof CLAIM_COLUMNS)[number]>

/** The columns a delivery is read from for deliveriesOf. */
export const DELIVERY_COLUMNS = [
  'id',
  'mode',
  'resource_id',
  'url',
  'body',
  'next_attempt_at_ms',
  'delivered_at',
  'gave_up_at',
  'created_at',
] as const
export type DeliveryRow = Pick<Selectable<WebhookDeliveriesTable>, (typeof DELIVERY_COLUMNS)[number]>

export const ATTEMPT_COLUMNS = ['delivery_id', 'attempt', 'at_ms', 'url', 'status', 'error', 'duration_ms'] as const
export type AttemptRow = Pick<Selectable<WebhookAttemptsTable>, (typeof ATTEMPT_COLUMNS)[number]>

/** What an enqueue writes: every column but those with defaults or set later. */
export interface DeliveryInsert {
  id: string
  organization_id: string
  mode: string
  resource_id: string
  url: string
  body: string
  next_attempt_at_ms: number
  created_at: string
}

/** The form body Mollie POSTs: the resource's id, and nothing else. */
export function webhookBody(resourceId: string): string {
  return new URLSearchParams({ id: resourceId }).toString()
}

export function deliveryRow(id: string, delivery: WebhookDeliveryRequest): DeliveryInsert {
  return {
    id,
    organization_id: delivery.organizationId,
    mode: delivery.mode,
    resource_id: delivery.resourceId,
    url: delivery.url,
    body: webhookBody(delivery.resourceId),
    next_attempt_at_ms: delivery.at.getTime(),
    created_at: delivery.at.toISOString(),
  }
}

export function toClaim(row: ClaimRow): WebhookClaim {
  return {
    id: row.id,
    mode: row.mode as Mode,
    resourceId: row.resource_id,
    url: row.url,
    body: row.body,
    attempts: Number(row.attempts),
    createdAtMs: Date.parse(row.created_at),
    claimedBy: row.claimed_by!,
    claimExpiresAtMs: Number(row.claim_expires_at_ms),
  }
}

export function toAttempt(row: AttemptRow): WebhookAttempt {
  return {
    attempt: Number(row.attempt),
    at: new Date(Number(row.at_ms)).toISOString(),
    url: row.url,
    status: row.status === null ? null : Number(row.status),
    error: row.error,
    durationMs: Number(row.duration_ms),
  }
}

export function toDelivery(row: DeliveryRow, attempts: WebhookAttempt[]): WebhookDelivery {
  return {
    id: row.id,
    mode: row.mode as Mode,
    resourceId: row.resource_id,
    url: row.url,
    body: row.body,
    status: row.delivered_at !== null ? 'delivered' : row.gave_up_at !== null ? 'failed' : 'pending',
    createdAt: row.created_at,
    nextAttemptAt: row.next_attempt_at_ms === null ? null : new Date(Number(row.next_attempt_at_ms)).toISOString(),
    deliveredAt: row.delivered_at,
    gaveUpAt: row.gave_up_at,
    attempts,
  }
}
