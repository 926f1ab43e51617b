/**
 * Customer ↔ row, each way written once: the one place where columns become wire names and back. Metadata is
 * JSON text (SQL NULL for `metadata: null`); timestamps are the exact text the API returns.
 */
import type { Insertable, Selectable } from 'kysely'
import type { Customer, Locale, Mode } from '../domain/schemas.js'
import type { CustomersTable } from './database.js'

/** The columns a customer is read from. */
export const CUSTOMER_COLUMNS = ['id', 'mode', 'name', 'email', 'locale', 'metadata', 'created_at'] as const

export type CustomerRow = Pick<Selectable<CustomersTable>, (typeof CUSTOMER_COLUMNS)[number]>

/** A whole row as written: every column but `seq`, which the database assigns. */
export type CustomerInsert = Required<Omit<Insertable<CustomersTable>, 'seq'>>

/** A row as the domain's customer. */
export function toCustomer(row: CustomerRow): Customer {
  return {
    id: row.id,
    mode: row.mode as Mode,
    name: row.name,
    email: row.email,
    locale: row.locale as Locale | null,
    metadata: row.metadata === null ? null : JSON.parse(row.metadata),
    createdAt: row.created_at,
  }
}

/**
 * The row of `customer` in `organizationId`. `updatedAt` defaults to `createdAt` (a new customer), `deletedAt`
 * to null (a live one); imports carry both.
 */
export function customerRow(
  organizationId: string,
  customer: Customer,
  { updatedAt = customer.createdAt, deletedAt = null }: { updatedAt?: string; deletedAt?: string | null } = {},
): CustomerInsert {
  return {
    id: customer.id,
    organization_id: organizationId,
    mode: customer.mode,
    name: customer.name,
    email: customer.email,
    locale: customer.locale,
    metadata: customer.metadata === null ? null : JSON.stringify(customer.metadata),
    created_at: customer.createdAt,
    updated_at: updatedAt,
    deleted_at: deletedAt,
  }
}
