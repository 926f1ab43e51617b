/**
 * Export and import of a whole database (or one organization) in the export format. Reads go in keyset batches
 * so memory stays flat however large the table; an import is one transaction, so it lands whole or not at all.
 */
import type { Kysely } from 'kysely'
import { formatTimestamp } from '../domain/customer.js'
import { profileIdOf } from '../domain/ids.js'
import { organizationNameProblem } from '../domain/organization.js'
import type { StoreContext } from './context.js'
import { customerRow, toCustomer } from './customer-row.js'
import { mandateRow, toMandate } from './mandate-row.js'
import { PAYMENT_COLUMNS, paymentRow, toPayment } from './payment-row.js'
import { SUBSCRIPTION_COLUMNS, subscriptionRow, toSubscription } from './subscription-row.js'
import type { Database } from './database.js'
import {
  EXPORT_FORMAT_VERSION,
  ImportError,
  type CustomerRecord,
  type EventRecord,
  type ExportRecord,
  type ImportSummary,
  type MandateRecord,
  type NumberedRecord,
  type PaymentRecord,
  type SubscriptionRecord,
} from './export-format.js'
import type { TransferStore } from './store.js'

const BATCH = 1000
const INSERT_BATCH = 500

export class KyselyTransferStore implements TransferStore {
  readonly #context: StoreContext

  constructor(context: StoreContext) {
    this.#context = context
  }

  async *export(organizationName?: string): AsyncGenerator<ExportRecord> {
    const { db, now } = this.#context
    yield { type: 'clientele-export', version: EXPORT_FORMAT_VERSION, exportedAt: formatTimestamp(now()) }

    let organizationQuery = db.selectFrom('organizations').selectAll().orderBy('created_at').orderBy('id')
    if (organizationName !== undefined) organizationQuery = organizationQuery.where('name', '=', organizationName)
    const organizations = await organizationQuery.execute()
    if (organizations.length === 0) return
    const organizationIds = organizations.map((organization) => organization.id)
    for (const organization of organizations) {
      yield { type: 'organization', id: organization.id, name: organization.name, createdAt: organization.created_at }
    }

    const credentials = await db
      .selectFrom('credentials')
      .selectAll()
      .where('organization_id', 'in', organizationIds)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    for (const credential of credentials) {
      yield {
        type: 'credential',
        id: credential.id,
        organizationId: credential.organization_id,
        kind: credential.kind as 'test' | 'live' | 'access',
        keyHash: credential.key_hash,
        hint: credential.hint,
        createdAt: credential.created_at,
        revokedAt: credential.revoked_at,
      }
    }

    // Oldest first: importing in this order gives the same list order.
    for (let after = -1; ; ) {
      const rows = await db
        .selectFrom('customers')
        .selectAll()
        .where('organization_id', 'in', organizationIds)
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(BATCH)
        .execute()
      for (const row of rows) {
        yield {
          type: 'customer',
          ...toCustomer(row),
          organizationId: row.organization_id,
          updatedAt: row.updated_at,
          deletedAt: row.deleted_at,
        }
      }
      if (rows.length < BATCH) break
      after = Number(rows.at(-1)!.seq)
    }

    for (let after = -1; ; ) {
      const rows = await db
        .selectFrom('mandates')
        .selectAll()
        .where('organization_id', 'in', organizationIds)
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(BATCH)
        .execute()
      for (const row of rows) yield { type: 'mandate', ...toMandate(row), organizationId: row.organization_id }
      if (rows.length < BATCH) break
      after = Number(rows.at(-1)!.seq)
    }

    // In creation (insertion) order: importing in this order keeps the lists' tie-breaks.
    for (let after = -1; ; ) {
      const rows = await db
        .selectFrom('subscriptions')
        .select(['seq', ...SUBSCRIPTION_COLUMNS])
        .where('organization_id', 'in', organizationIds)
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(BATCH)
        .execute()
      for (const row of rows) yield { type: 'subscription', ...toSubscription(row), organizationId: row.organization_id }
      if (rows.length < BATCH) break
      after = Number(rows.at(-1)!.seq)
    }

    for (let after = -1; ; ) {
      const rows = await db
        .selectFrom('payments')
        .select(['seq', ...PAYMENT_COLUMNS])
        .where('organization_id', 'in', organizationIds)
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(BATCH)
        .execute()
      for (const row of rows) yield { type: 'payment', ...toPayment(row), organizationId: row.organization_id }
      if (rows.length < BATCH) break
      after = Number(rows.at(-1)!.seq)
    }

    for (let after = -1; ; ) {
      const rows = await db
        .selectFrom('customer_events')
        .innerJoin('customers', 'customers.id', 'customer_events.customer_id')
        .select([
          'customer_events.seq',
          'customer_events.customer_id',
          'customer_events.type',
          'customer_events.message',
          'customer_events.created_at',
        ])
        .where('customers.organization_id', 'in', organizationIds)
        .where('customer_events.seq', '>', after)
        .orderBy('customer_events.seq')
        .limit(BATCH)
        .execute()
      for (const row of rows) {
        yield {
          type: 'event',
          customerId: row.customer_id,
          eventType: Number(row.type),
          message: row.message,
          createdAt: row.created_at,
        }
      }
      if (rows.length < BATCH) break
      after = Number(rows.at(-1)!.seq)
    }
  }

  async import(records: AsyncIterable<NumberedRecord>, { merge = false }: { merge?: boolean } = {}): Promise<ImportSummary> {
    const { db, dialect } = this.#context
    return dialect.driver.writeTransaction(db, async (trx) => {
      const importer = new Importer(trx, merge)
      for await (const numbered of records) await importer.add(numbered)
      return importer.finish()
    })
  }
}

/**
 * One import in progress: checks each record against what came before, writes in batches. It adds only to the
 * organizations it creates, unless `merge`: a file that knows an existing organization's id (or a customer's) must
 * not be able to give it a key, customers, mandates, payments or events.
 */
class Importer {
  readonly #trx: Kysely<Database>
  readonly #merge: boolean
  readonly #summary: ImportSummary = { organizations: 0, credentials: 0, customers: 0, mandates: 0, subscriptions: 0, payments: 0, events: 0 }
  /** Organizations this import may add to: those it created, and (with merge) existing ones it met. */
  readonly #organizations = new Set<string>()
  readonly #customers = new Set<string>()
  readonly #mandates = new Set<string>()
  readonly #payments = new Set<string>()
  readonly #subscriptions = new Set<string>()
  #customerBatch: NumberedRecord[] = []
  #mandateBatch: NumberedRecord[] = []
  #paymentBatch: NumberedRecord[] = []
  #subscriptionBatch: NumberedRecord[] = []
  #eventBatch: NumberedRecord[] = []
  #sawHeader = false
  #stage = 0

  constructor(trx: Kysely<Database>, merge: boolean) {
    this.#trx = trx
    this.#merge = merge
  }

  async add({ line, record }: NumberedRecord): Promise<void> {
    if (!this.#sawHeader) {
      if (record.type !== 'clientele-export') throw new ImportError(line, 'the first line must be the clientele-export header')
      this.#sawHeader = true
      return
    }
    const stage = ['clientele-export', 'organization', 'credential', 'customer', 'mandate', 'subscription', 'payment', 'event'].indexOf(record.type)
    if (stage < this.#stage || record.type === 'clientele-export') {
      throw new ImportError(line, `a ${record.type} record cannot come after ${['', 'organizations', 'credentials', 'customers', 'mandates', 'subscriptions', 'payments', 'events'][this.#stage]}`)
    }
    this.#stage = stage
    switch (record.type) {
      case 'organization':
        return this.#addOrganization(line, record)
      case 'credential':
        return this.#addCredential(line, record)
      case 'customer':
        this.#customerBatch.push({ line, record })
        if (this.#customerBatch.length >= INSERT_BATCH) await this.#flushCustomers()
        return
      case 'mandate':
        await this.#flushCustomers()
        this.#mandateBatch.push({ line, record })
        if (this.#mandateBatch.length >= INSERT_BATCH) await this.#flushMandates()
        return
      case 'subscription':
        await this.#flushCustomers()
        await this.#flushMandates()
        this.#subscriptionBatch.push({ line, record })
        if (this.#subscriptionBatch.length >= INSERT_BATCH) await this.#flushSubscriptions()
        return
      case 'payment':
        await this.#flushCustomers()
        await this.#flushMandates()
        await this.#flushSubscriptions()
        this.#paymentBatch.push({ line, record })
        if (this.#paymentBatch.length >= INSERT_BATCH) await this.#flushPayments()
        return
      case 'event':
        await this.#flushCustomers()
        await this.#flushMandates()
        await this.#flushSubscriptions()
        await this.#flushPayments()
        this.#eventBatch.push({ line, record })
        if (this.#eventBatch.length >= INSERT_BATCH) await this.#flushEvents()
    }
  }

  async finish(): Promise<ImportSummary> {
    if (!this.#sawHeader) throw new ImportError(1, 'the input is empty; expected a clientele-export header')
    await this.#flushCustomers()
    await this.#flushMandates()
    await this.#flushSubscriptions()
    await this.#flushPayments()
    await this.#flushEvents()
    return this.#summary
  }

  async #addOrganization(line: number, record: Extract<ExportRecord, { type: 'organization' }>): Promise<void> {
    const problem = organizationNameProblem(record.name)
    if (problem) throw new ImportError(line, `organization ${record.id}: ${problem}`)
    const clash = await this.#trx
      .selectFrom('organizations')
      .select(['id', 'name'])
      .where((eb) => eb.or([eb('id', '=', record.id), eb('name', '=', record.name)]))
      .executeTakeFirst()
    if (clash) {
      throw new ImportError(line, `organization ${clash.id === record.id ? record.id : `'${record.name}'`} already exists in this database`)
    }
    await this.#trx.insertInto('organizations').values({ id: record.id, name: record.name, created_at: record.createdAt }).execute()
    this.#organizations.add(record.id)
    this.#summary.organizations++
  }

  async #addCredential(line: number, record: Extract<ExportRecord, { type: 'credential' }>): Promise<void> {
    await this.#requireOrganization(line, record.organizationId, `credential ${record.id}`)
    const clash = await this.#trx
      .selectFrom('credentials')
      .select('id')
      .where((eb) => eb.or([eb('id', '=', record.id), eb('key_hash', '=', record.keyHash)]))
      .executeTakeFirst()
    if (clash) throw new ImportError(line, `credential ${record.id} (or its key) already exists in this database`)
    await this.#trx
      .insertInto('credentials')
      .values({
        id: record.id,
        organization_id: record.organizationId,
        kind: record.kind,
        key_hash: record.keyHash,
        hint: record.hint,
        created_at: record.createdAt,
        revoked_at: record.revokedAt,
      })
      .execute()
    this.#summary.credentials++
  }

  async #requireOrganization(line: number, id: string, what: string): Promise<void> {
    if (this.#organizations.has(id)) return
    const existing = await this.#trx.selectFrom('organizations').select('id').where('id', '=', id).executeTakeFirst()
    if (!existing) throw new ImportError(line, `organization ${id} is neither in this import nor in the database`)
    this.#refuseUnlessMerging(line, `${what} would be added to organization ${id}, which already exists in this database`)
    this.#organizations.add(id)
  }

  #refuseUnlessMerging(line: number, what: string): void {
    if (!this.#merge) {
      throw new ImportError(line, `${what}: an import adds only to the organizations it creates (pass --merge to add to existing ones)`)
    }
  }

  async #flushCustomers(): Promise<void> {
    const batch = this.#customerBatch
    if (batch.length === 0) return
    this.#customerBatch = []
    for (const { line, record } of batch) {
      const customer = record as CustomerRecord
      await this.#requireOrganization(line, customer.organizationId, `customer ${customer.id}`)
      if (this.#customers.has(customer.id)) throw new ImportError(line, `customer ${customer.id} appears twice`)
      this.#customers.add(customer.id)
    }
    const ids = batch.map(({ record }) => (record as CustomerRecord).id)
    const existing = await this.#trx.selectFrom('customers').select('id').where('id', 'in', ids).executeTakeFirst()
    if (existing) {
      const line = batch.find(({ record }) => (record as CustomerRecord).id === existing.id)!.line
      throw new ImportError(line, `customer ${existing.id} already exists in this database`)
    }
    await this.#trx
      .insertInto('customers')
      .values(
        batch.map(({ record }) => {
          const { organizationId, updatedAt, deletedAt, ...customer } = record as CustomerRecord
          return customerRow(organizationId, customer, { updatedAt, deletedAt })
        }),
      )
      .execute()
    this.#summary.customers += batch.length
  }

  /** A mandate's customer must be in this import or the database, in the mandate's organization and mode. */
  async #flushMandates(): Promise<void> {
    const batch = this.#mandateBatch
    if (batch.length === 0) return
    this.#mandateBatch = []
    const mandates = batch.map(({ line, record }) => ({ line, mandate: record as MandateRecord }))
    for (const { line, mandate } of mandates) {
      if (this.#mandates.has(mandate.id)) throw new ImportError(line, `mandate ${mandate.id} appears twice`)
      this.#mandates.add(mandate.id)
    }
    const customerIds = [...new Set(mandates.map(({ mandate }) => mandate.customerId))]
    const owners = new Map(
      (
        await this.#trx
          .selectFrom('customers')
          .select(['id', 'organization_id', 'mode'])
          .where('id', 'in', customerIds)
          .execute()
      ).map((row) => [row.id, row] as const),
    )
    for (const { line, mandate } of mandates) {
      const owner = owners.get(mandate.customerId)
      if (!owner) throw new ImportError(line, `mandate of customer ${mandate.customerId}, which is neither in this import nor in the database`)
      if (!this.#customers.has(mandate.customerId)) {
        this.#refuseUnlessMerging(line, `mandate ${mandate.id} would be added to customer ${mandate.customerId}, which already exists in this database`)
      }
      if (owner.organization_id !== mandate.organizationId || owner.mode !== mandate.mode) {
        throw new ImportError(line, `mandate ${mandate.id} is not in the organization and mode of its customer ${mandate.customerId}`)
      }
    }
    const existing = await this.#trx
      .selectFrom('mandates')
      .select('id')
      .where('id', 'in', mandates.map(({ mandate }) => mandate.id))
      .executeTakeFirst()
    if (existing) {
      const line = mandates.find(({ mandate }) => mandate.id === existing.id)!.line
      throw new ImportError(line, `mandate ${existing.id} already exists in this database`)
    }
    await this.#trx
      .insertInto('mandates')
      .values(mandates.map(({ mandate: { type: _type, organizationId, ...mandate } }) => mandateRow(organizationId, mandate)))
      .execute()
    this.#summary.mandates += batch.length
  }

  /**
   * A subscription's customer and mandate are in this import or the database, in the subscription's organization and
   * mode, the mandate its customer's.
   */
  async #flushSubscriptions(): Promise<void> {
    const batch = this.#subscriptionBatch
    if (batch.length === 0) return
    this.#subscriptionBatch = []
    const subscriptions = batch.map(({ line, record }) => ({ line, subscription: record as SubscriptionRecord }))
    for (const { line, subscription } of subscriptions) {
      await this.#requireOrganization(line, subscription.organizationId, `subscription ${subscription.id}`)
      if (this.#subscriptions.has(subscription.id)) throw new ImportError(line, `subscription ${subscription.id} appears twice`)
      this.#subscriptions.add(subscription.id)
    }
    const customers = new Map(
      (
        await this.#trx
          .selectFrom('customers')
          .select(['id', 'organization_id', 'mode'])
          .where('id', 'in', [...new Set(subscriptions.map(({ subscription }) => subscription.customerId))])
          .execute()
      ).map((row) => [row.id, row] as const),
    )
    const mandates = new Map(
      (
        await this.#trx
          .selectFrom('mandates')
          .select(['id', 'customer_id'])
          .where('id', 'in', [...new Set(subscriptions.map(({ subscription }) => subscription.mandateId))])
          .execute()
      ).map((row) => [row.id, row] as const),
    )
    for (const { line, subscription } of subscriptions) {
      const customer = customers.get(subscription.customerId)
      if (!customer) {
        throw new ImportError(line, `subscription ${subscription.id} of customer ${subscription.customerId}, which is neither in this import nor in the database`)
      }
      if (customer.organization_id !== subscription.organizationId || customer.mode !== subscription.mode) {
        throw new ImportError(line, `subscription ${subscription.id} is not in the organization and mode of its customer ${subscription.customerId}`)
      }
      if (mandates.get(subscription.mandateId)?.customer_id !== subscription.customerId) {
        throw new ImportError(line, `subscription ${subscription.id} is on mandate ${subscription.mandateId}, which is not its customer's (in this import or the database)`)
      }
    }
    const existing = await this.#trx
      .selectFrom('subscriptions')
      .select('id')
      .where('id', 'in', subscriptions.map(({ subscription }) => subscription.id))
      .executeTakeFirst()
    if (existing) {
      const line = subscriptions.find(({ subscription }) => subscription.id === existing.id)!.line
      throw new ImportError(line, `subscription ${existing.id} already exists in this database`)
    }
    await this.#trx
      .insertInto('subscriptions')
      .values(subscriptions.map(({ subscription: { type: _type, organizationId, ...subscription } }) => subscriptionRow(organizationId, subscription)))
      .execute()
    this.#summary.subscriptions += batch.length
  }

  /**
   * A payment is its organization's: its profile is the organization's, and its customer and mandate (when it has
   * them) are in this import or the database, in the payment's organization and mode, the mandate its customer's.
   */
  async #flushPayments(): Promise<void> {
    const batch = this.#paymentBatch
    if (batch.length === 0) return
    this.#paymentBatch = []
    const payments = batch.map(({ line, record }) => ({ line, payment: record as PaymentRecord }))
    for (const { line, payment } of payments) {
      await this.#requireOrganization(line, payment.organizationId, `payment ${payment.id}`)
      if (this.#payments.has(payment.id)) throw new ImportError(line, `payment ${payment.id} appears twice`)
      this.#payments.add(payment.id)
      if (payment.profileId !== profileIdOf(payment.organizationId)) {
        throw new ImportError(line, `payment ${payment.id} has profile ${payment.profileId}, which is not its organization's (${profileIdOf(payment.organizationId)})`)
      }
      if (payment.mandateId !== null && payment.customerId === null) {
        throw new ImportError(line, `payment ${payment.id} names mandate ${payment.mandateId} but no customer`)
      }
    }
    const customerIds = [...new Set(payments.flatMap(({ payment }) => (payment.customerId === null ? [] : [payment.customerId])))]
    const customers = new Map(
      customerIds.length === 0
        ? []
        : (
            await this.#trx.selectFrom('customers').select(['id', 'organization_id', 'mode']).where('id', 'in', customerIds).execute()
          ).map((row) => [row.id, row] as const),
    )
    const mandateIds = [...new Set(payments.flatMap(({ payment }) => (payment.mandateId === null ? [] : [payment.mandateId])))]
    const mandates = new Map(
      mandateIds.length === 0
        ? []
        : (await this.#trx.selectFrom('mandates').select(['id', 'customer_id']).where('id', 'in', mandateIds).execute()).map(
            (row) => [row.id, row] as const,
          ),
    )
    for (const { line, payment } of payments) {
      if (payment.customerId === null) continue
      const customer = customers.get(payment.customerId)
      if (!customer) {
        throw new ImportError(line, `payment ${payment.id} of customer ${payment.customerId}, which is neither in this import nor in the database`)
      }
      if (customer.organization_id !== payment.organizationId || customer.mode !== payment.mode) {
        throw new ImportError(line, `payment ${payment.id} is not in the organization and mode of its customer ${payment.customerId}`)
      }
      if (payment.mandateId === null) continue
      const mandate = mandates.get(payment.mandateId)
      if (!mandate) {
        throw new ImportError(line, `payment ${payment.id} on mandate ${payment.mandateId}, which is neither in this import nor in the database`)
      }
      if (mandate.customer_id !== payment.customerId) {
        throw new ImportError(line, `payment ${payment.id} is on mandate ${payment.mandateId}, which is not its customer ${payment.customerId}'s`)
      }
    }
    const existing = await this.#trx
      .selectFrom('payments')
      .select('id')
      .where('id', 'in', payments.map(({ payment }) => payment.id))
      .executeTakeFirst()
    if (existing) {
      const line = payments.find(({ payment }) => payment.id === existing.id)!.line
      throw new ImportError(line, `payment ${existing.id} already exists in this database`)
    }
    await this.#trx
      .insertInto('payments')
      .values(payments.map(({ payment: { type: _type, organizationId, ...payment } }) => paymentRow(organizationId, payment)))
      .execute()
    this.#summary.payments += batch.length
  }

  async #flushEvents(): Promise<void> {
    const batch = this.#eventBatch
    if (batch.length === 0) return
    this.#eventBatch = []
    const unknown = batch.filter(({ record }) => !this.#customers.has((record as EventRecord).customerId))
    if (unknown.length > 0) {
      const ids = [...new Set(unknown.map(({ record }) => (record as EventRecord).customerId))]
      const found = new Set(
        (await this.#trx.selectFrom('customers').select('id').where('id', 'in', ids).execute()).map((row) => row.id),
      )
      const orphan = unknown.find(({ record }) => !found.has((record as EventRecord).customerId))
      if (orphan) {
        throw new ImportError(orphan.line, `event of customer ${(orphan.record as EventRecord).customerId}, which is neither in this import nor in the database`)
      }
      const [first] = unknown
      this.#refuseUnlessMerging(first!.line, `an event would be added to customer ${(first!.record as EventRecord).customerId}, which already exists in this database`)
    }
    await this.#trx
      .insertInto('customer_events')
      .values(
        batch.map(({ record }) => {
          const event = record as EventRecord
          return { customer_id: event.customerId, type: event.eventType, message: event.message, created_at: event.createdAt }
        }),
      )
      .execute()
    this.#summary.events += batch.length
  }
}
