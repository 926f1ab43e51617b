/**
 * The checkout form's anti-forgery token: an HMAC-SHA256 of the payment id under a secret kept in the settings
 * store (`checkout-form-secret`, made once per database, as the dashboard's session secret is: dashboard/secrets.ts),
 * so every instance on one database makes and accepts the same tokens. The checkout has no session (the payment id
 * is its key, as on Mollie), so the token proves only that whoever posts has read the page: another site's page
 * cannot read it, and so cannot post an outcome.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { SettingStore } from '../store/store.js'

const CHECKOUT_SECRET_SETTING = 'checkout-form-secret'

export interface CheckoutTokens {
  /** The token of a payment's form. */
  of(paymentId: string): string
  /** Whether `token` is the payment's, compared in constant time. */
  verify(paymentId: string, token: string): boolean
}

export async function loadCheckoutTokens(settings: SettingStore): Promise<CheckoutTokens> {
  const secret = await settings.getOrCreate(CHECKOUT_SECRET_SETTING, () => randomBytes(32).toString('base64url'))
  // A key for this purpose only, derived as the dashboard derives its own.
  const key = createHmac('sha256', secret).update('checkout form').digest()
  const of = (paymentId: string) => createHmac('sha256', key).update(paymentId).digest('base64url')
  return {
    of,
    verify(paymentId, token) {
      const expected = Buffer.from(of(paymentId))
      const given = Buffer.from(token)
      return given.length === expected.length && timingSafeEqual(given, expected)
    },
  }
}
