import { createHash, randomBytes } from 'node:crypto'

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/**
 * `length` characters drawn uniformly from [0-9A-Za-z] by the OS's CSPRNG. Bytes of 248 and up are rejected
 * so that each character is exactly 1/62 likely (248 = 4 × 62).
 */
export function randomBase62(length: number): string {
  let result = ''
  while (result.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte >= 248) continue
      result += BASE62[byte % 62]
      if (result.length === length) break
    }
  }
  return result
}

const CUSTOMER_ID = /^cst_[0-9A-Za-z]{10}$/

/** A new customer id in Mollie's format: `cst_` and 10 random base62 characters (about 59 bits). */
export function newCustomerId(): string {
  return `cst_${randomBase62(10)}`
}

/** Whether `value` has the shape of a customer id; says nothing about whether that customer exists. */
export function isCustomerId(value: string): boolean {
  return CUSTOMER_ID.test(value)
}

const MANDATE_ID = /^mdt_[0-9A-Za-z]{10}$/

/** A new mandate id in Mollie's format: `mdt_` and 10 random base62 characters (spec `mandateToken`). */
export function newMandateId(): string {
  return `mdt_${randomBase62(10)}`
}

/** Whether `value` has the shape of a mandate id; says nothing about whether that mandate exists. */
export function isMandateId(value: string): boolean {
  return MANDATE_ID.test(value)
}

const PAYMENT_ID = /^tr_[0-9A-Za-z]{10}$/

/** A new payment id in Mollie's format: `tr_` and 10 random base62 characters (spec `paymentToken`). */
export function newPaymentId(): string {
  return `tr_${randomBase62(10)}`
}

/** Whether `value` has the shape of a payment id; says nothing about whether that payment exists. */
export function isPaymentId(value: string): boolean {
  return PAYMENT_ID.test(value)
}

const SUBSCRIPTION_ID = /^sub_[0-9A-Za-z]{10}$/

/** A new subscription id in Mollie's format: `sub_` and 10 random base62 characters (spec `subscriptionToken`). */
export function newSubscriptionId(): string {
  return `sub_${randomBase62(10)}`
}

/** Whether `value` has the shape of a subscription id; says nothing about whether that subscription exists. */
export function isSubscriptionId(value: string): boolean {
  return SUBSCRIPTION_ID.test(value)
}

/**
 * The organization's one website profile (spec `profileToken`): `pfl_` and 10 base62 characters derived from the
 * organization's id, so that it is stable without being stored.
 */
export function profileIdOf(organizationId: string): string {
  const digest = createHash('sha256').update(`profile:${organizationId}`).digest()
  let id = ''
  for (let index = 0; id.length < 10; index++) id += BASE62[digest[index]! % 62]
  return `pfl_${id}`
}

export function newOrganizationId(): string {
  return `org_${randomBase62(12)}`
}

export function newCredentialId(): string {
  return `key_${randomBase62(12)}`
}
