/**
 * `clientele export` and `clientele import`: the whole database, or one organization, as NDJSON on standard
 * output and input. A backup and a way between SQLite and PostgreSQL that loses nothing. A refused import
 * changes nothing: not the database, and into a new SQLite file, not even the file system.
 */
import { once } from 'node:events'
import { existsSync, readdirSync, rmdirSync, rmSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { Compile } from 'typebox/compile'
import { isCustomerId, isMandateId, isPaymentId } from '../domain/ids.js'
import { checkAmount, checkWebhookUrl } from '../domain/payment.js'
import { INTERVAL_FAULT, parseInterval } from '../domain/subscription.js'
import { FieldError, parseCustomerFields } from '../domain/validation.js'
import {
  CredentialRecordSchema,
  CustomerRecordSchema,
  MandateRecordSchema,
  EventRecordSchema,
  ExportHeaderSchema,
  ImportError,
  OrganizationRecordSchema,
  PaymentRecordSchema,
  SubscriptionRecordSchema,
  type ExportRecord,
  type NumberedRecord,
} from '../store/export-format.js'
import { loadConfig } from '../config.js'
import { sqliteFilename } from '../store/open.js'
import { DATABASE_URL_OPTION, counted, parse, withStore } from './common.js'

export async function exportCommand(args: string[]): Promise<void> {
  const { values } = parse(args, { ...DATABASE_URL_OPTION, organization: { type: 'string' } })
  const counts = await withStore(values['database-url'], async (store) => {
    const counts: Record<string, number> = {}
    for await (const record of store.transfer.export(values.organization)) {
      counts[record.type] = (counts[record.type] ?? 0) + 1
      // Respect backpressure: a large export must not pile up in memory when stdout is slow.
      if (!process.stdout.write(`${JSON.stringify(record)}\n`)) await once(process.stdout, 'drain')
    }
    return counts
  })
  if (values.organization !== undefined && !counts.organization) {
    throw new Error(`there is no organization named '${values.organization}'.`)
  }
  process.stderr.write(
    `Exported ${counted(counts.organization ?? 0, 'organization')}, ${counted(counts.credential ?? 0, 'key')}, ` +
      `${counted(counts.customer ?? 0, 'customer')}, ${counted(counts.mandate ?? 0, 'mandate')}, ` +
      `${counted(counts.subscription ?? 0, 'subscription')}, ` +
      `${counted(counts.payment ?? 0, 'payment')}, ${counted(counts.event ?? 0, 'event')}.\n`,
  )
}

/** One compiled check per record type, so that a fault is reported at its field, not as "matches no type". */
const RECORD_CHECKS = new Map(
  [
    ExportHeaderSchema,
    OrganizationRecordSchema,
    CredentialRecordSchema,
    CustomerRecordSchema,
    MandateRecordSchema,
    SubscriptionRecordSchema,
    PaymentRecordSchema,
    EventRecordSchema,
  ].map(
    (schema) => [schema.properties.type.const as string, Compile(schema)] as const,
  ),
)

/**
 * The longest line an import reads, in bytes: the largest record the API can produce (a customer with 1 KiB of
 * metadata, a mandate) is a few kilobytes. A longer line is refused while it arrives, before it is held whole or
 * parsed (a 100 MB line once needed 770 MB).
 */
export const MAX_LINE_BYTES = 1024 * 1024

/** The lines of `input` (LF or CRLF), refusing one longer than `maxBytes` as soon as it grows past it. */
export async function* readLines(input: AsyncIterable<Buffer | string>, maxBytes = MAX_LINE_BYTES): AsyncGenerator<string> {
  let parts: Buffer[] = []
  let length = 0
  let line = 1
  const tooLong = () =>
    new ImportError(line, `the line is longer than ${maxBytes / (1024 * 1024)} MiB (${maxBytes} bytes), the most an import reads; no record is that long`)
  for await (const chunk of input) {
    let buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    for (let newline = buffer.indexOf(10); newline !== -1; newline = buffer.indexOf(10)) {
      if (length + newline > maxBytes) throw tooLong()
      parts.push(buffer.subarray(0, newline))
      const text = Buffer.concat(parts).toString('utf8')
      yield text.endsWith('\r') ? text.slice(0, -1) : text
      line++
      parts = []
      length = 0
      buffer = buffer.subarray(newline + 1)
    }
    length += buffer.length
    if (length > maxBytes) throw tooLong()
    if (buffer.length > 0) parts.push(buffer)
  }
  if (length > 0) yield Buffer.concat(parts).toString('utf8')
}

/**
 * The lines of an export (standard input, for `clientele import`) as records, each checked against the format and
 * the API's rules, with its line number. Exported for tests that import into a store in-process (PGlite).
 */
export async function* readRecords(input: AsyncIterable<Buffer | string>): AsyncGenerator<NumberedRecord> {
  let line = 0
  for await (const text of readLines(input)) {
    line++
    if (text.trim() === '') continue
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      throw new ImportError(line, 'not valid JSON')
    }
    const type = (value as { type?: unknown } | null)?.type
    const check = typeof type === 'string' ? RECORD_CHECKS.get(type) : undefined
    if (!check) throw new ImportError(line, `not a record of the clientele export format (type ${JSON.stringify(type ?? null)})`)
    if (!check.Check(value)) {
      const [fault] = check.Errors(value)
      throw new ImportError(line, `not a valid ${type} record${fault?.instancePath ? ` at ${fault.instancePath}` : ''}`)
    }
    const record = value as ExportRecord
    const badId = misshapenId(record)
    if (badId) throw new ImportError(line, `not a valid ${type} record: ${badId}`)
    // A customer's fields obey the API's rules (the same compiled schema), so that an import cannot store what the
    // API would refuse, nor what a GET → PATCH round trip could not send back. Deleted customers are scrubbed.
    if (record.type === 'customer' && record.deletedAt === null) {
      try {
        parseCustomerFields({ name: record.name, email: record.email, locale: record.locale, metadata: record.metadata })
      } catch (error) {
        if (error instanceof FieldError) throw new ImportError(line, `customer ${record.id}: ${error.detail}`)
        throw error
      }
    }
    // A payment's amount and webhook URL obey the API's rules beyond their schemas: a currency Mollie accepts with
    // its decimals, and an http(s) webhook. (Whether a live webhook may name a private host is the deployment's
    // setting, WEBHOOK_ALLOW_PRIVATE, not the payment's: not checked here.)
    if (record.type === 'payment' || record.type === 'subscription') {
      try {
        checkAmount(record.amount, 'amount', null)
        checkWebhookUrl(record.webhookUrl, record.mode, true)
        if (record.type === 'subscription' && !parseInterval(record.interval)) throw new FieldError('interval', INTERVAL_FAULT)
      } catch (error) {
        if (error instanceof FieldError) throw new ImportError(line, `${record.type} ${record.id}: ${error.detail}`)
        throw error
      }
    }
    yield { line, record }
  }
}

/**
 * The first id of `record` that is not in the shape the API gives and takes (`cst_`, `mdt_`, `tr_` and 10 letters or
 * digits), described; undefined when all are. An id the API cannot name in a path would be stored but unreachable.
 */
function misshapenId(record: ExportRecord): string | undefined {
  const ids: Array<[string, string | null, (id: string) => boolean]> = []
  if (record.type === 'customer') ids.push(['id', record.id, isCustomerId])
  if (record.type === 'mandate') ids.push(['id', record.id, isMandateId], ['customerId', record.customerId, isCustomerId])
  if (record.type === 'payment') {
    ids.push(['id', record.id, isPaymentId], ['customerId', record.customerId, isCustomerId], ['mandateId', record.mandateId, isMandateId])
  }
  if (record.type === 'event') ids.push(['customerId', record.customerId, isCustomerId])
  const bad = ids.find(([, id, isShaped]) => id !== null && !isShaped(id))
  return bad && `${bad[0]} ${JSON.stringify(bad[1])} is not an id the API makes (a prefix and 10 letters or digits)`
}

/**
 * What an import into a SQLite file that does not exist yet creates (the file, its WAL and shared-memory files,
 * missing folders), so that a refused import can remove it all: a refused import leaves no database behind.
 */
function createdBySqliteImport(databaseUrl: string): () => void {
  const filename = sqliteFilename(databaseUrl)
  if (filename === undefined || filename === ':memory:' || existsSync(filename)) return () => {}
  const newFolders: string[] = []
  for (let folder = dirname(resolve(filename)); !existsSync(folder); folder = dirname(folder)) newFolders.push(folder)
  return () => {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${filename}${suffix}`, { force: true })
    for (const folder of newFolders) {
      if (readdirSync(folder).length > 0) break
      rmdirSync(folder)
    }
  }
}

export async function importCommand(args: string[]): Promise<void> {
  const { values } = parse(args, { ...DATABASE_URL_OPTION, merge: { type: 'boolean' } })
  const removeCreated = createdBySqliteImport(loadConfig(process.env, { 'database-url': values['database-url'] }).databaseUrl)
  try {
    const summary = await withStore(values['database-url'], async (store) => {
      const imported = await store.transfer.import(readRecords(process.stdin), { merge: values.merge === true })
      await store.refreshStatistics()
      return imported
    })
    process.stderr.write(
      `Imported ${counted(summary.organizations, 'organization')}, ${counted(summary.credentials, 'key')}, ` +
        `${counted(summary.customers, 'customer')}, ${counted(summary.mandates, 'mandate')}, ` +
        `${counted(summary.subscriptions, 'subscription')}, ` +
        `${counted(summary.payments, 'payment')}, ${counted(summary.events, 'event')}.\n`,
    )
  } catch (error) {
    removeCreated()
    if (error instanceof ImportError) throw new Error(`import refused at ${error.message}. Nothing was imported.`)
    throw error
  }
}
