/**
 * Mandate ↔ row, each way written once. `details` is JSON text (its fields depend on the method); timestamps and
 * dates are the exact text the API returns.
 */
import type { Insertable, Selectable } from 'kysely'
import type { Mandate, MandateDetails, MandateMethod, MandateStatus } from '../domain/mandate-schemas.js'
import type { Mode } from '../domain/schemas.js'
import type { MandatesTable } from './database.js'

/** The columns a mandate is read from. */
export const MANDATE_COLUMNS = [
  'id',
  'mode',
  'customer_id',
  'method',
  'status',
  'details',
  'mandate_reference',
  'signature_date',
  'created_at',
  'revoked_at',
] as const

export type MandateRow = Pick<Selectable<MandatesTable>, (typeof MANDATE_COLUMNS)[number]>

/** A whole row as written: every column but `seq`, which the database assigns. */
export type MandateInsert = Required<Omit<Insertable<MandatesTable>, 'seq'>>

export function toMandate(row: MandateRow): Mandate {
  return {
    id: row.id,
    mode: row.mode as Mode,
    status: row.status as MandateStatus,
    method: row.method as MandateMethod,
    details: JSON.parse(row.details) as MandateDetails,
    mandateReference: row.mandate_reference,
    signatureDate: row.signature_date,
    customerId: row.customer_id,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  }
}

export function mandateRow(organizationId: string, mandate: Mandate): MandateInsert {
  return {
    id: mandate.id,
    organization_id: organizationId,
    mode: mandate.mode,
    customer_id: mandate.customerId,
    method: mandate.method,
    status: mandate.status,
    details: JSON.stringify(mandate.details),
    mandate_reference: mandate.mandateReference,
    signature_date: mandate.signatureDate,
    created_at: mandate.createdAt,
    revoked_at: mandate.revokedAt,
  }
}
