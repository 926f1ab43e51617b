/**
 * API keys and organization access tokens: their formats, generation and hashing. Keys are shown once and stored
 * only as SHA-256 hashes; a key carries about 178 bits of randomness, so a fast hash is enough (no password
 * stretching is needed against guessing).
 */
import { createHash } from 'node:crypto'
import { randomBase62 } from './ids.js'
import type { Mode } from './schemas.js'

/**
 * What a credential is: a `test_`/`live_` API key, fixed to one mode, or an `access_` organization token whose mode
 * each request chooses with `testmode`.
 */
export const CREDENTIAL_KINDS = ['test', 'live', 'access'] as const
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number]

const KEY_RANDOM_LENGTH = 30
const KEY_FORMAT = /^(test|live|access)_[0-9A-Za-z]{30}$/

export function generateKey(kind: CredentialKind): string {
  return `${kind}_${randomBase62(KEY_RANDOM_LENGTH)}`
}

/** The kind of a well-formed key (prefix and 30 alphanumerics, as Mollie issues them), else undefined. */
export function kindOfKey(key: string): CredentialKind | undefined {
  const match = KEY_FORMAT.exec(key)
  return match ? (match[1] as CredentialKind) : undefined
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

/** A recognisable but useless fragment of a key for listings: its prefix and last four characters. */
export function keyHint(key: string): string {
  const prefix = key.slice(0, key.indexOf('_') + 1)
  return `${prefix}…${key.slice(-4)}`
}

/** The fixed mode of an API key; undefined for access tokens, whose mode comes from `testmode`. */
export function fixedModeOf(kind: CredentialKind): Mode | undefined {
  return kind === 'access' ? undefined : kind
}
