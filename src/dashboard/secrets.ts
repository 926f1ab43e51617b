/**
 * The dashboard's signing keys. Every instance on one database derives them from the same stored secret, so a
 * session cookie or a form token made by one instance is accepted by all of them.
 */
import { createHmac, randomBytes } from 'node:crypto'
import type { SettingStore } from '../store/store.js'

const SESSION_SECRET_SETTING = 'dashboard-session-secret'

export interface DashboardKeys {
  /** Signs the session and CSRF-secret cookies (HMAC-SHA256, by @fastify/cookie). */
  cookieSecret: string
  /** Binds each CSRF token to the session it was made for. */
  csrfHmacKey: string
}

export async function loadDashboardKeys(settings: SettingStore): Promise<DashboardKeys> {
  const secret = await settings.getOrCreate(SESSION_SECRET_SETTING, () => randomBytes(32).toString('base64url'))
  // One stored secret, a separate key per use: a value signed for one purpose can never pass for another.
  const derive = (purpose: string) => createHmac('sha256', secret).update(purpose).digest('base64url')
  return { cookieSecret: derive('session cookie'), csrfHmacKey: derive('csrf token') }
}
