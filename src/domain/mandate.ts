/**
 * The mandate's rules: which fields a method requires, what a new mandate looks like, and its revocation. No I/O:
 * the store calls these, the clock and the id come from the caller. Field types and single-field rules (an IBAN's
 * checksum, a signature date not in the future) are on the schemas (mandate-schemas.ts); the rules here are the
 * ones that look at several fields at once.
 *
 * Sources: spec 2025-09-05 `entity-mandate` (consumerAccount "Required for SEPA Direct Debit mandates";
 * consumerEmail and paypalBillingAgreementId "Required for PayPal mandates"; paypalBillingAgreementId or
 * payPalVaultId "but not both"), `create-mandate` (card mandates only through a first payment); compat §11 (PayPal
 * mandate `details.consumerAccount` holds the PayPal email).
 */
import { Compile } from 'typebox/compile'
import { formatTimestamp } from './customer.js'
import { mandateCreatedEvent, mandateRevokedEvent } from './events.js'
import { bicOfIban, normalizeIban } from './iban.js'
import {
  MANDATE_FIELDS,
  MandateFieldsSchema,
  SIGNATURE_DATE_RULE,
  todayInAmsterdam,
  type Mandate,
  type MandateDetails,
  type MandateFields,
} from './mandate-schemas.js'
import type { CustomerEvent, Mode } from './schemas.js'
import { describeFault, FieldError, pickFields } from './validation.js'

const mandateFieldsCheck = Compile(MandateFieldsSchema)

function required(field: string, method: string): FieldError {
  return new FieldError(field, `The '${field}' field is required for ${method} mandates.`)
}

/**
 * Throws FieldError unless `fields` make a mandate: valid by the schema (for callers other than the API, whose
 * route schema has checked that already), with what the method requires, and a signature date not after `now`'s
 * date (null: the caller checks that later, with checkSignatureDate, once it knows the tenant's clock).
 */
export function checkMandateFields(fields: MandateFields, now: Date | null = new Date()): void {
  if (!mandateFieldsCheck.Check(fields)) {
    const fault = describeFault(MandateFieldsSchema, mandateFieldsCheck.Errors(fields), 'field')
    throw new FieldError(fault.field, fault.detail)
  }
  if (now) checkSignatureDate(fields.signatureDate, now)
  if (fields.method === 'directdebit') {
    if (!fields.consumerAccount) throw required('consumerAccount', 'directdebit')
  } else if (fields.method === 'paypal') {
    if (!fields.consumerEmail) throw required('consumerEmail', 'paypal')
    if (fields.paypalBillingAgreementId && fields.payPalVaultId) {
      throw new FieldError(
        'payPalVaultId',
        "The 'payPalVaultId' field cannot be combined with 'paypalBillingAgreementId': send one of the two.",
      )
    }
    if (!fields.paypalBillingAgreementId && !fields.payPalVaultId) throw required('paypalBillingAgreementId', 'paypal')
  }
}

/** Throws FieldError when `signatureDate` is after `now`'s date in Amsterdam (Mollie's today). */
export function checkSignatureDate(signatureDate: string | null | undefined, now: Date): void {
  if (signatureDate && signatureDate > todayInAmsterdam(now)) {
    throw new FieldError('signatureDate', `The 'signatureDate' field ${SIGNATURE_DATE_RULE}.`)
  }
}

/** Only the mandate fields of a validated body: `testmode` is not the mandate's. */
export function pickMandateFields(input: MandateFields): MandateFields {
  return pickFields(input, MANDATE_FIELDS)
}

/**
 * What `details` shows. Direct debit: name, IBAN (normalized) and BIC, the BIC derived from the IBAN where its
 * country allows, else as given, else null. PayPal: name, and the PayPal email as `consumerAccount`.
 */
export function mandateDetails(fields: MandateFields): MandateDetails {
  if (fields.method === 'paypal') return { consumerName: fields.consumerName, consumerAccount: fields.consumerEmail ?? null }
  const iban = fields.consumerAccount ? normalizeIban(fields.consumerAccount) : null
  return {
    consumerName: fields.consumerName,
    consumerAccount: iban,
    consumerBic: (iban && bicOfIban(iban)) ?? fields.consumerBic ?? null,
  }
}

export interface NewMandate {
  mandate: Mandate
  event: CustomerEvent
}

/** A mandate created directly through the API: `valid` at once (spec examples of create-mandate). */
export function newMandate(id: string, customerId: string, mode: Mode, fields: MandateFields, now: Date): NewMandate {
  const createdAt = formatTimestamp(now)
  return {
    mandate: {
      id,
      mode,
      status: 'valid',
      method: fields.method,
      details: mandateDetails(fields),
      mandateReference: fields.mandateReference ?? null,
      signatureDate: fields.signatureDate ?? null,
      customerId,
      createdAt,
      revokedAt: null,
    },
    event: mandateCreatedEvent(id, createdAt),
  }
}

export function revocationEvent(mandateId: string, revokedAt: string): CustomerEvent {
  return mandateRevokedEvent(mandateId, revokedAt)
}
