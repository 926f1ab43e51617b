/**
 * The export format: NDJSON, one record per line, everything a database holds that the API's answers depend on
 * (organizations, key hashes, customers including deleted ones, mandates including revoked ones, events), so that importing an export into a
 * fresh database, SQLite or PostgreSQL, makes the same keys work and the API answer byte for byte the same.
 * Idempotency records (short-lived) and settings (per deployment) are not part of it.
 *
 * Records come in dependency order: the header, organizations, credentials, customers (in list order), mandates
 * (in creation order), events (in history order). Version 1; a reader refuses versions it does not know. Mandate
 * records were added within version 1: an export without mandates reads as before, and a reader from before them
 * refuses a mandate record by its type, naming the line.
 */
import Type, { type Static } from 'typebox'
import { CREDENTIAL_KINDS } from '../domain/keys.js'
import { MandateSchema } from '../domain/mandate-schemas.js'
import { CreatedAtSchema, CustomerIdSchema, CustomerSchema } from '../domain/schemas.js'

export const EXPORT_FORMAT_VERSION = 1

const NullableTimestamp = Type.Union([CreatedAtSchema, Type.Null()])

export const ExportHeaderSchema = Type.Object({
  type: Type.Literal('clientele-export'),
  version: Type.Literal(EXPORT_FORMAT_VERSION),
  exportedAt: CreatedAtSchema,
})

export const OrganizationRecordSchema = Type.Object({
  type: Type.Literal('organization'),
  id: Type.String({ pattern: '^org_[0-9A-Za-z]+$' }),
  name: Type.String({ minLength: 1 }),
  createdAt: CreatedAtSchema,
})

export const CredentialRecordSchema = Type.Object({
  type: Type.Literal('credential'),
  id: Type.String({ pattern: '^key_[0-9A-Za-z]+$' }),
  organizationId: Type.String(),
  kind: Type.Enum(CREDENTIAL_KINDS),
  keyHash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  hint: Type.String(),
  createdAt: CreatedAtSchema,
  revokedAt: NullableTimestamp,
})

export const CustomerRecordSchema = Type.Object({
  type: Type.Literal('customer'),
  ...CustomerSchema.properties,
  organizationId: Type.String(),
  updatedAt: CreatedAtSchema,
  deletedAt: NullableTimestamp,
})

export const MandateRecordSchema = Type.Object({
  type: Type.Literal('mandate'),
  ...MandateSchema.properties,
  id: Type.String({ pattern: '^mdt_[0-9A-Za-z]+$' }),
  organizationId: Type.String(),
})

export const EventRecordSchema = Type.Object({
  type: Type.Literal('event'),
  customerId: CustomerIdSchema,
  eventType: Type.Integer(),
  message: Type.String(),
  createdAt: CreatedAtSchema,
})

export const ExportRecordSchema = Type.Union([
  ExportHeaderSchema,
  OrganizationRecordSchema,
  CredentialRecordSchema,
  CustomerRecordSchema,
  MandateRecordSchema,
  EventRecordSchema,
])

export type ExportHeader = Static<typeof ExportHeaderSchema>
export type OrganizationRecord = Static<typeof OrganizationRecordSchema>
export type CredentialRecord = Static<typeof CredentialRecordSchema>
export type CustomerRecord = Static<typeof CustomerRecordSchema>
export type MandateRecord = Static<typeof MandateRecordSchema>
export type EventRecord = Static<typeof EventRecordSchema>
export type ExportRecord = Static<typeof ExportRecordSchema>

/** A record and the line it came from, so that an import can say where a fault is. */
export interface NumberedRecord {
  line: number
  record: ExportRecord
}

/** An import refused because of one record; nothing of the import was written. */
export class ImportError extends Error {
  constructor(
    readonly line: number,
    detail: string,
  ) {
    super(`line ${line}: ${detail}`)
    this.name = 'ImportError'
  }
}

export interface ImportSummary {
  organizations: number
  credentials: number
  customers: number
  mandates: number
  events: number
}
