/**
 * The one seam between Clientele and its database. It speaks the domain, never SQL, and every customer call
 * takes the tenant, so isolation between organizations and modes is decided here once and not in each caller.
 */
import type { CredentialKind } from '../domain/keys.js'
import type { NewCustomer } from '../domain/customer.js'
import type { ExportRecord, ImportSummary, NumberedRecord } from './export-format.js'
import type { Customer, CustomerEvent, CustomerFields, Mode } from '../domain/schemas.js'
import type { Mandate, MandateFields } from '../domain/mandate-schemas.js'
import type { Subscription, SubscriptionChanges, SubscriptionFields } from '../domain/subscription-schemas.js'
import type { Payment, PaymentChanges, PaymentFields, PaymentMethod, PaymentStatus } from '../domain/payment-schemas.js'
import type { Kysely } from 'kysely'
import type { Database } from './database.js'
import type { AdvanceRequest } from '../domain/clock.js'

/** Whose data a request may see: one organization, in one mode. */
export interface Tenant {
  organizationId: string
  mode: Mode
}

export interface Organization {
  id: string
  name: string
  createdAt: string
}

/** A stored API key or access token: never the key itself, only what identifies and describes it. */
export interface Credential {
  id: string
  organizationId: string
  kind: CredentialKind
  /** Prefix and last four characters, for listings. */
  hint: string
  createdAt: string
  revokedAt: string | null
}

export interface CredentialWithOrganization extends Credential {
  organizationName: string
}

/**
 * Makes a mutation replay-safe. The first request with a key performs the mutation and records its outcome in
 * the same transaction; a later one with the same scope and key gets that outcome back without a second
 * mutation, or an IdempotencyKeyReusedError when its fingerprint differs.
 */
export interface IdempotencyClaim {
  /** Who may replay: the credential that sent the request. */
  scope: string
  key: string
  /** A digest of method, path and body. */
  fingerprint: string
}

export interface Written<T> {
  value: T
  /** True when this is the recorded outcome of an earlier request with the same idempotency key. */
  replayed: boolean
}

export type SortOrder = 'asc' | 'desc'

export interface ListRequest {
  /** The id of the first customer of the page (inclusive), as the previous page's `next` link carries it. */
  from?: string
  limit: number
  sort: SortOrder
  /** Only customers whose name or email contains this text, ignoring case (the dashboard's search). */
  search?: string
}

export interface CustomerPage {
  customers: Customer[]
  /** The `from` of the page before this one, in this sort order; undefined on the first page. */
  previousFrom?: string
  /** The `from` of the page after this one; undefined on the last page. */
  nextFrom?: string
}

export interface CustomerStore {
  /** The customer, or undefined when it never existed, was deleted, or belongs to another tenant. */
  get(tenant: Tenant, id: string): Promise<Customer | undefined>
  /**
   * One page by keyset: its cost depends on `limit`, not on how deep the page is. Undefined when `from` is not
   * a customer (current or deleted) of this tenant. Deleted customers stay valid cursors, so a walk along `next`
   * links survives concurrent deletes.
   */
  list(tenant: Tenant, request: ListRequest): Promise<CustomerPage | undefined>
  /** The customer's history, oldest first; undefined when get() would be. */
  events(tenant: Tenant, id: string): Promise<CustomerEvent[] | undefined>
  /** Creates a customer and its `created` event in one transaction. */
  create(tenant: Tenant, fields: CustomerFields, claim?: IdempotencyClaim): Promise<Written<Customer>>
  /**
   * Stores customers made by the domain (newCustomer) with their events, in one transaction: for bulk loads
   * such as `clientele seed` and the benchmark, not for API requests.
   */
  insertMany(tenant: Tenant, customers: readonly NewCustomer[]): Promise<void>
  /** Applies PATCH semantics in one transaction; undefined when get() would be. */
  update(
    tenant: Tenant,
    id: string,
    changes: CustomerFields,
    claim?: IdempotencyClaim,
  ): Promise<Written<Customer> | undefined>
  /**
   * Deletes: personal fields are erased and the id stays as a tombstone (see list()). Undefined when get()
   * would be.
   */
  delete(tenant: Tenant, id: string, claim?: IdempotencyClaim): Promise<Written<null> | undefined>
}

/** A page of a customer's mandates: the request is a ListRequest without `search`. */
export interface MandatePage {
  mandates: Mandate[]
  previousFrom?: string
  nextFrom?: string
}

/**
 * A customer's mandates. Every call takes the tenant and the customer: a mandate of another organization, mode or
 * customer is not found. Revoked mandates are kept (get() returns them with `revokedAt` set; the API answers 410)
 * but are not listed.
 */
export interface MandateStore {
  /** The mandate, revoked or not; undefined when it is not this customer's in this tenant. */
  get(tenant: Tenant, customerId: string, id: string): Promise<Mandate | undefined>
  /**
   * One page of the customer's mandates that are not revoked, by keyset. Undefined when `from` is not a mandate
   * (revoked or not) of this customer. The caller has checked that the customer exists.
   */
  list(tenant: Tenant, customerId: string, request: Omit<ListRequest, 'search'>): Promise<MandatePage | undefined>
  /**
   * Creates a `valid` mandate and the customer's `mandate created` event in one transaction. Undefined when the
   * customer does not exist (or was deleted) in this tenant. Throws FieldError for invalid fields, before any
   * transaction opens.
   */
  create(tenant: Tenant, customerId: string, fields: MandateFields, claim?: IdempotencyClaim): Promise<Written<Mandate> | undefined>
  /**
   * Revokes, with the customer's `mandate revoked` event. Undefined when get() would be; MandateRevokedError when
   * it is revoked already.
   */
  revoke(tenant: Tenant, customerId: string, id: string, claim?: IdempotencyClaim): Promise<Written<null> | undefined>
  /** Which of these customers (of this tenant) have a mandate that is not revoked: for their `_links.mandates`. */
  customersWithMandates(tenant: Tenant, customerIds: readonly string[]): Promise<Set<string>>
}

/** A page of payments (a tenant's, or one customer's). */
export interface PaymentPage {
  payments: Payment[]
  previousFrom?: string
  nextFrom?: string
}

/** What the deployment decides about payments (settings), given with each write that needs it. */
export interface PaymentPolicy {
  /** Whether live-mode webhook URLs may name private and loopback hosts (WEBHOOK_ALLOW_PRIVATE). */
  allowPrivateWebhooks: boolean
  /** The status test-mode recurring payments begin in: `pending` as Mollie's, or `paid` (RECURRING_PAYMENT_STATUS). */
  recurringStatus: 'pending' | 'paid'
}

/** A status chosen for a payment: at the checkout, through /_clientele, or by the API's cancel. */
export interface StatusRequest {
  status: PaymentStatus
  /** The method chosen, for a payment that has none. */
  method?: PaymentMethod
}

/**
 * Payments. Every call takes the tenant, except locate() (the checkout page's key is the payment id). A status change
 * commits with its customer event, the mandate a paid first payment makes, and the webhook delivery due (an outbox),
 * in one transaction.
 */
export interface PaymentStore {
  /** The payment, or undefined when it is not this tenant's. */
  get(tenant: Tenant, id: string): Promise<Payment | undefined>
  /** The payment and whose it is, by id alone: for the checkout page. */
  locate(id: string): Promise<{ tenant: Tenant; payment: Payment } | undefined>
  /**
   * One page by keyset, of the tenant's payments, one customer's (`customerId`) or one subscription's
   * (`subscriptionId`). Undefined when `from` is not a payment of that list.
   */
  list(
    tenant: Tenant,
    request: Omit<ListRequest, 'search'> & { customerId?: string; subscriptionId?: string },
  ): Promise<PaymentPage | undefined>
  /**
   * Creates a payment (and for a recurring one its charge on a mandate). `customerId`: the path's customer
   * (create-customer-payment), else the body's. Undefined when the path's customer does not exist in this tenant.
   * Throws FieldError for fields that make no payment (before any transaction opens) and for a customer or mandate
   * that does not fit (the transaction rolls back).
   */
  create(
    tenant: Tenant,
    fields: PaymentFields,
    options: { customerId: string | null; fromPath: boolean; policy: PaymentPolicy },
    claim?: IdempotencyClaim,
  ): Promise<Written<Payment> | undefined>
  /** update-payment; undefined when get() would be; FieldError for a change the status no longer allows. */
  update(tenant: Tenant, id: string, changes: PaymentChanges, policy: PaymentPolicy, claim?: IdempotencyClaim): Promise<Written<Payment> | undefined>
  /** cancel-payment; undefined when get() would be; PaymentStatusError unless it is cancelable. */
  cancel(tenant: Tenant, id: string, claim?: IdempotencyClaim): Promise<Written<Payment> | undefined>
  /**
   * Sets the outcome (replayed under an Idempotency-Key, as writes are); undefined when get() would be;
   * PaymentStatusError for a change the machine refuses.
   */
  changeStatus(tenant: Tenant, id: string, request: StatusRequest, claim?: IdempotencyClaim): Promise<Written<Payment> | undefined>
  /**
   * Expires payments whose expiry has passed (at most `limit`); how many it expired. Safe on several instances.
   * Test-mode payments expire by their organization's test clock. With `tenant`: only that tenant's payments.
   */
  expireDue(limit?: number, tenant?: Tenant): Promise<number>
  /** Which of these customers (of this tenant) have a payment: for their `_links.payments`. */
  customersWithPayments(tenant: Tenant, customerIds: readonly string[]): Promise<Set<string>>
}

/**
 * The test clocks (issue 17): each organization's test mode has its own, starting at real time; live mode always
 * runs on real time. The stores stamp a test-mode tenant's writes with its clock.
 */
export interface ClockStore {
  /** The tenant's time: real time in live mode, the organization's test clock in test mode. */
  now(tenant: Tenant): Promise<Date>
  /**
   * Moves the organization's test-mode clock forward to `to`, or `by` a duration from its time; answers the clock's
   * time after (`YYYY-MM-DDTHH:MM:SS+00:00`), replayed under an Idempotency-Key. FieldError (422) for a target
   * that is not later than the clock's time or not a valid date-time or duration. Concurrent advances never move
   * the clock back.
   */
  advance(organizationId: string, request: AdvanceRequest, claim?: IdempotencyClaim): Promise<Written<{ now: string }>>
  /** The organizations whose test clock was advanced, with their test-mode time now: for the scheduler's sweep. */
  advanced(): Promise<Array<{ organizationId: string; now: Date }>>
}

/** A page of subscriptions (a tenant's, or one customer's). */
export interface SubscriptionPage {
  subscriptions: Subscription[]
  previousFrom?: string
  nextFrom?: string
}

/** What the deployment decides about subscriptions (settings), fixed when the store opens (StoreOptions). */
export interface SubscriptionPolicy {
  /** How test-mode scheduled payments begin (RECURRING_PAYMENT_STATUS); live ones are paid at once. */
  recurringStatus: 'pending' | 'paid'
  /** Test mode: a subscription is canceled after this many payments, as Mollie's are after 10; 0: never. */
  testPaymentLimit: number
}

/** What one chargeDue() call did. */
export interface ChargeSummary {
  paymentsCreated: number
  webhooksQueued: number
}

/**
 * A customer's subscriptions, and the scheduler's charges. Every API call takes the tenant and the customer: a
 * subscription of another organization, mode or customer is not found. Canceled and completed subscriptions are
 * kept and listed.
 */
export interface SubscriptionStore {
  get(tenant: Tenant, customerId: string, id: string): Promise<Subscription | undefined>
  /**
   * One page by keyset, of the tenant's subscriptions or (with `customerId`) one customer's. Undefined when `from` is
   * not a subscription of that list.
   */
  list(tenant: Tenant, request: Omit<ListRequest, 'search'> & { customerId?: string }): Promise<SubscriptionPage | undefined>
  /**
   * Creates an `active` subscription charged on a valid mandate of the customer (the one named, else one of the
   * method, else any), with the customer's event. Undefined when the customer does not exist in this tenant;
   * FieldError for fields that make no subscription, no suitable mandate, or a description an active subscription of
   * the customer has.
   */
  create(
    tenant: Tenant,
    customerId: string,
    fields: SubscriptionFields,
    policy: Pick<PaymentPolicy, 'allowPrivateWebhooks'>,
    claim?: IdempotencyClaim,
  ): Promise<Written<Subscription> | undefined>
  /** update-subscription; undefined when get() would be; FieldError when canceled or completed, or for a bad change. */
  update(
    tenant: Tenant,
    customerId: string,
    id: string,
    changes: SubscriptionChanges,
    policy: Pick<PaymentPolicy, 'allowPrivateWebhooks'>,
    claim?: IdempotencyClaim,
  ): Promise<Written<Subscription> | undefined>
  /** cancel-subscription; undefined when get() would be; FieldError when it is canceled or completed already. */
  cancel(tenant: Tenant, customerId: string, id: string, claim?: IdempotencyClaim): Promise<Written<Subscription> | undefined>
  /** Which of these customers (of this tenant) have a subscription: for their `_links.subscriptions`. */
  customersWithSubscriptions(tenant: Tenant, customerIds: readonly string[]): Promise<Set<string>>
  /**
   * The scheduler: makes every payment due up to `upTo` (an active subscription whose `nextPaymentDate` is on or
   * before `upTo`'s date in Amsterdam), of all tenants, one organization, or one organization's mode; repeats until
   * nothing is due, so a subscription several intervals behind gets each payment, dated on its own due date
   * (subscription.ts, chargeTime). Claims at most `limit` subscriptions per transaction (default 100); each claim
   * commits with its payments, their webhooks and the advanced schedules, so that across instances and crashes each
   * payment is made exactly once.
   */
  chargeDue(request: { upTo: Date; organizationId?: string; mode?: Mode; limit?: number }): Promise<ChargeSummary>
}

export interface CredentialStore {
  /** The live (not revoked) credential with this key hash. */
  findByHash(keyHash: string): Promise<Credential | undefined>
  /** The credential with this id, revoked or not. */
  get(id: string): Promise<Credential | undefined>
  /** Stores a credential for `keyHash` in the organization named `organizationName`, creating it if needed. */
  create(organizationName: string, kind: CredentialKind, keyHash: string, hint: string): Promise<Credential>
  /**
   * Stores a credential for `keyHash` unless one exists with that hash (revoked or not), which is then returned
   * as it is: for keys fixed by configuration, registered again at every start.
   */
  register(
    organizationName: string,
    kind: CredentialKind,
    keyHash: string,
    hint: string,
  ): Promise<{ credential: Credential; created: boolean }>
  list(organizationName?: string): Promise<CredentialWithOrganization[]>
  /** Revokes by credential id; the revoked credential, or undefined when there is none with that id. */
  revoke(id: string): Promise<Credential | undefined>
}

export interface OrganizationStore {
  list(): Promise<Organization[]>
  /** The organization with this id (one indexed read; sign-in uses it). */
  get(id: string): Promise<Organization | undefined>
  /** The organization with this name, created when missing. */
  ensure(name: string): Promise<Organization>
}

/** Whole-database export and import, in the format of export-format.ts. */
export interface TransferStore {
  /** Every record of the database, or of one organization, in dependency and list order. */
  export(organizationName?: string): AsyncIterable<ExportRecord>
  /**
   * Imports records in one transaction: all of them, or (on the first fault, an ImportError naming its line)
   * none. Ids and keys that already exist are faults, not merges. An import adds only to the organizations it
   * creates: a credential, customer, mandate or event of an organization already in the database is a fault,
   * unless `merge` is set.
   */
  import(records: AsyncIterable<NumberedRecord>, options?: { merge?: boolean }): Promise<ImportSummary>
}

/** Small values the instances of one deployment share, such as the dashboard's session signing secret. */
export interface SettingStore {
  /** The value stored under `name`; when there is none, `create()`'s value, stored once even under races. */
  getOrCreate(name: string, create: () => string): Promise<string>
  /** The value stored under `name`, if any. */
  get(name: string): Promise<string | undefined>
  /** Stores `value` under `name`, replacing what was there. */
  put(name: string, value: string): Promise<void>
}

/** A webhook due: what a resource's store enqueues when its status changes (see WebhookStore.enqueueIn). */
export interface WebhookDeliveryRequest {
  organizationId: string
  mode: Mode
  /** The resource the webhook reports, e.g. `tr_…`: the POSTed body is `id=<resourceId>`. */
  resourceId: string
  /** The resource's `webhookUrl`. */
  url: string
  /** When the change happened (the store's clock): the first attempt is due then. */
  at: Date
}

/** One attempt to deliver, as logged. */
export interface WebhookAttempt {
  /** 1 for the first attempt. */
  attempt: number
  /** When it started, ISO 8601 with ms. */
  at: string
  url: string
  /** The HTTP status answered, or null when there was none (see `error`). */
  status: number | null
  /** Why there was no status (a timeout, a refused connection, a DNS failure …), or null. */
  error: string | null
  durationMs: number
}

/** A webhook delivery with its attempts, for the resource's dashboard page. */
export interface WebhookDelivery {
  id: string
  mode: Mode
  resourceId: string
  url: string
  /** The form body POSTed: `id=<resourceId>`. */
  body: string
  /** `pending` until a 2xx (`delivered`) or the last attempt of the schedule failed (`failed`). */
  status: 'pending' | 'delivered' | 'failed'
  /** ISO 8601 (with ms): the change's time, the first attempt's due time. */
  createdAt: string
  /** When the next attempt is due, while pending (ISO 8601 with ms); a claimed delivery's lease expiry. */
  nextAttemptAt: string | null
  deliveredAt: string | null
  gaveUpAt: string | null
  /** Oldest first. */
  attempts: WebhookAttempt[]
}

/** A delivery claimed by one instance: its lease, and what the attempt needs. */
export interface WebhookClaim {
  id: string
  /** Live deliveries may not reach private addresses (unless WEBHOOK_ALLOW_PRIVATE): checked when connecting. */
  mode: Mode
  resourceId: string
  url: string
  body: string
  /** Attempts that reached an outcome before this one: this is attempt `attempts + 1`. */
  attempts: number
  /** The change's time, ms since the epoch (for the lag metric). */
  createdAtMs: number
  /** The lease: held by `claimedBy` until `claimExpiresAtMs` (ms since the epoch), then claimable again. */
  claimedBy: string
  claimExpiresAtMs: number
}

/** What came of one claimed attempt, and what follows from it. */
export interface WebhookOutcome {
  claim: WebhookClaim
  /** When the attempt started, ms since the epoch. */
  startedAtMs: number
  durationMs: number
  /** The HTTP status answered, if any. */
  status?: number
  /** Why there was no status (or why a status counts as failed), if so. */
  error?: string
  /** `delivered`; a failure retried at `retryAtMs`; or `gave-up` after the schedule's last attempt. */
  next: { kind: 'delivered' } | { kind: 'retry'; retryAtMs: number } | { kind: 'gave-up' }
}

/**
 * The webhook outbox. A resource's store enqueues inside its own write transaction (enqueueIn), so a delivery is
 * due if and only if the change that caused it commits; the worker (src/webhooks/delivery.ts) claims due deliveries
 * in the database, with a lease, so that among any number of instances exactly one attempts each, and records the
 * outcome only if it still holds the lease.
 */
export interface WebhookStore {
  /**
   * Enqueues a delivery of `id=<resourceId>` to `url`, due at `at`, inside `trx`: a transaction of another store's
   * write (`dialect.driver.writeTransaction`). A plain function property, safe to pass around unbound. After the
   * transaction commits, call wake() so this process delivers at once.
   */
  readonly enqueueIn: (trx: Kysely<Database>, delivery: WebhookDeliveryRequest) => Promise<void>
  /** enqueueIn in a write transaction of its own (tests, benchmarks, tools); does not wake. */
  enqueue(deliveries: readonly WebhookDeliveryRequest[]): Promise<void>
  /** Tells this process's worker that deliveries may be due now (after a commit that enqueued). */
  wake(): void
  /** Calls `listener` on every wake(); returns the unsubscribe function. */
  onWake(listener: () => void): () => void
  /**
   * Claims up to `limit` deliveries due at `nowMs` (ms since the epoch), oldest due first, for `instance` until
   * `nowMs + leaseMs`, in one write transaction: two concurrent claims never return the same delivery (PostgreSQL:
   * FOR UPDATE SKIP LOCKED; SQLite: its single writer). A delivery whose lease expired is due again.
   */
  claim(request: { instance: string; limit: number; nowMs: number; leaseMs: number }): Promise<WebhookClaim[]>
  /**
   * Records outcomes in one write transaction: each attempt is logged and its delivery updated, but only where the
   * claim still holds the lease (nobody claimed the delivery after it expired). Per outcome, in order: whether it
   * was recorded.
   */
  record(outcomes: readonly WebhookOutcome[]): Promise<boolean[]>
  /** When the earliest unfinished delivery is due (ms since the epoch), or undefined when none is. */
  nextDueAtMs(): Promise<number | undefined>
  /** The tenant's deliveries for this resource with their attempts, oldest first; [] when there are none. */
  deliveriesOf(tenant: Tenant, resourceId: string): Promise<WebhookDelivery[]>
}

export interface Store {
  readonly customers: CustomerStore
  readonly mandates: MandateStore
  readonly payments: PaymentStore
  readonly subscriptions: SubscriptionStore
  readonly webhooks: WebhookStore
  readonly credentials: CredentialStore
  readonly organizations: OrganizationStore
  readonly settings: SettingStore
  readonly transfer: TransferStore
  readonly clocks: ClockStore
  /** Which implementation this is, for logs and the startup banner. */
  readonly description: string
  /** Which database engine serves it, for the health endpoint (PGlite counts as `postgres`). */
  readonly engine: 'sqlite' | 'postgres'
  /**
   * One trivial read and no write, for health checks: resolves when the database answers and its schema is at
   * the migration this process brought it to; rejects with the driver's error (see isUnavailable) or with
   * SchemaNotReadyError. The caller bounds the wait.
   */
  ping(): Promise<void>
  /** Whether `error` means the database cannot serve right now, so the request may succeed if retried. */
  isUnavailable(error: unknown): boolean
  /** Refreshes the database's statistics after bulk loads (seed, import), so that queries are planned well. */
  refreshStatistics(): Promise<void>
  /** Deletes idempotency records older than the retention period. */
  purgeExpired(): Promise<number>
  close(): Promise<void>
}

/** The database answers, but its schema is not (or no longer) at this code's latest migration. */
export class SchemaNotReadyError extends Error {
  constructor() {
    super('The database schema is not at the latest migration')
    this.name = 'SchemaNotReadyError'
  }
}

/** The same idempotency key was used before for a different request. */
export class IdempotencyKeyReusedError extends Error {
  constructor() {
    super('Idempotency key reused for a different request')
    this.name = 'IdempotencyKeyReusedError'
  }
}

/** The mandate was revoked (by the API or with its customer): the API answers 410 Gone (compat §11). */
export class MandateRevokedError extends Error {
  constructor(readonly mandateId: string) {
    super(`Mandate ${mandateId} is revoked`)
    this.name = 'MandateRevokedError'
  }
}
