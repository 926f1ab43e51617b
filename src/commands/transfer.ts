/**
 * `clientele export` and `clientele import`: the whole database, or one organization, as NDJSON on standard
 * output and input. A backup and a way between SQLite and PostgreSQL that loses nothing.
 */
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { Compile } from 'typebox/compile'
import {
  CredentialRecordSchema,
  CustomerRecordSchema,
  MandateRecordSchema,
  EventRecordSchema,
  ExportHeaderSchema,
  ImportError,
  OrganizationRecordSchema,
  type ExportRecord,
  type NumberedRecord,
} from '../store/export-format.js'
import { DATABASE_URL_OPTION, UsageError, parse, withStore } from './common.js'

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
    `Exported ${counts.organization ?? 0} organizations, ${counts.credential ?? 0} keys, ${counts.customer ?? 0} customers, ${counts.mandate ?? 0} mandates, ${counts.event ?? 0} events.\n`,
  )
}

/** One compiled check per record type, so that a fault is reported at its field, not as "matches no type". */
const RECORD_CHECKS = new Map(
  [ExportHeaderSchema, OrganizationRecordSchema, CredentialRecordSchema, CustomerRecordSchema, MandateRecordSchema, EventRecordSchema].map(
    (schema) => [schema.properties.type.const as string, Compile(schema)] as const,
  ),
)

/** The lines of standard input as records, each checked against the format, with its line number. */
async function* readRecords(input: NodeJS.ReadableStream): AsyncGenerator<NumberedRecord> {
  let line = 0
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
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
    yield { line, record: value as ExportRecord }
  }
}

export async function importCommand(args: string[]): Promise<void> {
  const { values } = parse(args, DATABASE_URL_OPTION)
  try {
    const summary = await withStore(values['database-url'], async (store) => {
      const imported = await store.transfer.import(readRecords(process.stdin))
      await store.refreshStatistics()
      return imported
    })
    process.stderr.write(
      `Imported ${summary.organizations} organizations, ${summary.credentials} keys, ${summary.customers} customers, ${summary.mandates} mandates, ${summary.events} events.\n`,
    )
  } catch (error) {
    if (error instanceof ImportError) throw new Error(`import refused at ${error.message}. Nothing was imported.`)
    throw error
  }
}
