/**
 * What a server needs before its first request: an organization and keys to reach it with. An empty database
 * gets a `default` organization with a new test and live key, shown once; CLIENTELE_TEST_KEY and
 * CLIENTELE_LIVE_KEY fix those keys instead, and are registered at every start so scripts can rely on them.
 */
import { randomUUID } from 'node:crypto'
import { generateKey, hashKey, keyHint, type CredentialKind } from './domain/keys.js'
import type { Store } from './store/store.js'

export const DEFAULT_ORGANIZATION = 'default'

export interface StartupKey {
  kind: 'test' | 'live'
  /** The key itself, when it is known: generated just now, or given by configuration. */
  key?: string
  /** Generated just now: it will never be shown again. */
  generated: boolean
  /** Given by configuration but revoked earlier: it does not work. */
  revoked?: boolean
}

export async function ensureStartupKeys(
  store: Store,
  fixed: { testKey?: string; liveKey?: string },
): Promise<StartupKey[]> {
  // Instances starting together on an empty database agree on one of them to make the keys.
  const token = randomUUID()
  const firstStart =
    (await store.organizations.list()).length === 0 &&
    (await store.settings.getOrCreate('startup-keys-made-by', () => token)) === token
  const keys: StartupKey[] = []
  for (const kind of ['test', 'live'] as const satisfies readonly CredentialKind[]) {
    const given = kind === 'test' ? fixed.testKey : fixed.liveKey
    if (given !== undefined) {
      const { credential } = await store.credentials.register(DEFAULT_ORGANIZATION, kind, hashKey(given), keyHint(given))
      keys.push({ kind, key: given, generated: false, revoked: credential.revokedAt !== null })
    } else if (firstStart) {
      const key = generateKey(kind)
      await store.credentials.create(DEFAULT_ORGANIZATION, kind, hashKey(key), keyHint(key))
      keys.push({ kind, key, generated: true })
    } else {
      keys.push({ kind, generated: false })
    }
  }
  return keys
}
