/**
 * The tables as Kysely sees them. Columns are snake_case; the mapping to Mollie's camelCase wire names happens
 * once, in kysely-store.ts. Timestamps are stored as the exact text the API returns, so that every store
 * answers byte for byte alike and an export/import round trip is lossless.
 */
import type { Generated } from 'kysely'

export interface OrganizationsTable {
  id: string
  name: string
  created_at: string
}

export interface CredentialsTable {
  id: string
  organization_id: string
  /** test | live | access */
  kind: string
  key_hash: string
  hint: string
  created_at: string
  revoked_at: string | null
}

export interface CustomersTable {
  /** Insertion order: breaks ties of `created_at` in list order (ids are random and cannot). */
  seq: Generated<number>
  id: string
  organization_id: string
  mode: string
  name: string | null
  email: string | null
  locale: string | null
  /** JSON text; SQL NULL for `metadata: null`. */
  metadata: string | null
  created_at: string
  updated_at: string
  /** Set on delete; the row stays as a tombstone so cursors keep working, with its personal fields erased. */
  deleted_at: string | null
}

export interface CustomerEventsTable {
  seq: Generated<number>
  customer_id: string
  type: number
  message: string
  created_at: string
}

/** Migration 0004. A revoked mandate keeps its row: it answers 410 and stays a list cursor. */
export interface MandatesTable {
  /** Insertion order: breaks ties of `created_at` in list order. */
  seq: Generated<number>
  id: string
  organization_id: string
  mode: string
  customer_id: string
  method: string
  status: string
  /** JSON text of `details`, whose fields depend on the method. */
  details: string
  mandate_reference: string | null
  signature_date: string | null
  created_at: string
  /** Set on revocation (by the API, or with its customer). */
  revoked_at: string | null
}

/** Migration 0005. Queried columns, and the rest of the payment as JSON in `data` (payment-row.ts). */
export interface PaymentsTable {
  /** Insertion order: breaks ties of `created_at` in list order. */
  seq: Generated<number>
  id: string
  organization_id: string
  mode: string
  profile_id: string
  customer_id: string | null
  mandate_id: string | null
  subscription_id: string | null
  sequence_type: string
  status: string
  method: string | null
  amount_currency: string
  amount_value: string
  description: string
  created_at: string
  /** While the payment can expire; null once it is final. */
  expires_at: string | null
  /** JSON text: every other field of the payment. */
  data: string
}

/** Migration 0007. Queried columns, and the rest of the subscription as JSON in `data` (subscription-row.ts). */
export interface SubscriptionsTable {
  /** Insertion order: breaks ties of `created_at` in list order. */
  seq: Generated<number>
  id: string
  organization_id: string
  mode: string
  customer_id: string
  mandate_id: string
  status: string
  description: string
  /** `YYYY-MM-DD` while active; null otherwise (nothing is due). */
  next_payment_date: string | null
  created_at: string
  /** JSON text: every other field of the subscription. */
  data: string
}

/**
 * Migration 0006: the webhook outbox. Times that schedule are ms since the epoch; the others ISO 8601 text with ms
 * (`Date.toISOString()`).
 */
export interface WebhookDeliveriesTable {
  /** Enqueue order: breaks ties of `next_attempt_at_ms`. */
  seq: Generated<number>
  id: string
  organization_id: string
  mode: string
  /** The resource the webhook is about (`tr_…`): the body's `id`. */
  resource_id: string
  url: string
  /** The exact form body POSTed: `id=<resource_id>`. */
  body: string
  /** Attempts that reached an outcome so far. */
  attempts: Generated<number>
  /** When the next attempt is due (a lease's expiry while claimed); null once delivered or given up. */
  next_attempt_at_ms: number | null
  /** The instance holding the lease, or null. */
  claimed_by: string | null
  claim_expires_at_ms: number | null
  delivered_at: string | null
  gave_up_at: string | null
  /** When the change happened that the webhook reports: the first attempt's due time. */
  created_at: string
}

/** Migration 0006: one row per attempt that reached an outcome (a 2xx, another status, or an error). */
export interface WebhookAttemptsTable {
  seq: Generated<number>
  delivery_id: string
  /** 1 for the first attempt. */
  attempt: number
  /** When the attempt started, ms since the epoch. */
  at_ms: number
  url: string
  /** The HTTP status answered; null when none was (timeout, refused connection, DNS failure …). */
  status: number | null
  /** Why no status was answered (or none), as `CODE: message`. */
  error: string | null
  duration_ms: number
}

export interface IdempotencyRecordsTable {
  scope: string
  key: string
  fingerprint: string
  status: number
  /** The object the original response carried (JSON: a customer, a mandate), or null for a 204. */
  customer: string | null
  created_at_ms: number
}

export interface SettingsTable {
  name: string
  value: string
}

/**
 * SQLite only (migration 0003): the FTS5 trigram index of customers' names and emails, rowid = customers.seq.
 * The column named like the table is FTS5's: `customers_search match …`, and commands such as 'rebuild'.
 */
export interface CustomersSearchTable {
  rowid: number
  name: string | null
  email: string | null
  customers_search: string
}

/** A test-mode organization's clock: real time plus `offset_ms` (ms, never negative). */
export interface TestClocksTable {
  organization_id: string
  offset_ms: number
}

export interface Database {
  organizations: OrganizationsTable
  credentials: CredentialsTable
  customers: CustomersTable
  customers_search: CustomersSearchTable
  customer_events: CustomerEventsTable
  mandates: MandatesTable
  payments: PaymentsTable
  subscriptions: SubscriptionsTable
  webhook_deliveries: WebhookDeliveriesTable
  webhook_attempts: WebhookAttemptsTable
  idempotency_records: IdempotencyRecordsTable
  settings: SettingsTable
  test_clocks: TestClocksTable
}
