/**
 * The checkout's pages, rendered by Eta with escaping on (`<%= %>` escapes every value; `<%~ %>` only inserts other
 * templates' output), from typed view models; and its stylesheet, served from memory under a name with its hash.
 */
import { createHash } from 'node:crypto'
import { Eta } from 'eta'
import type { CheckoutOutcome } from '../domain/checkout.js'
import type { Mode } from '../domain/schemas.js'
import { checkoutStylesheet } from './stylesheet.js'
import { checkoutTemplate } from './templates/checkout.js'
import { checkoutLayoutTemplate } from './templates/layout.js'
import { checkoutMessageTemplate } from './templates/message.js'

const eta = new Eta({ autoEscape: true, cache: true })
eta.loadTemplate('@layout', checkoutLayoutTemplate)
eta.loadTemplate('@checkout', checkoutTemplate)
eta.loadTemplate('@message', checkoutMessageTemplate)

/** The stylesheet's file name: `checkout.<hash>.css`, cacheable for good (a new version is a new name). */
export const STYLESHEET = {
  name: `checkout.${createHash('sha256').update(checkoutStylesheet).digest('hex').slice(0, 12)}.css`,
  body: checkoutStylesheet,
}

/** What every checkout page needs. */
export interface CheckoutFrame {
  title: string
  /** The stylesheet's public path. */
  stylesheet: string
}

export interface CheckoutPageView {
  payment: {
    id: string
    mode: Mode
    amountText: string
    description: string
    sequenceText: string
    status: string
    /** The payment's method, when it has one. */
    method: string | null
  }
  /** "Test mode" or the live notice. */
  modeNotice: string
  /** Where the form posts (this page's public path). */
  action: string
  token: string
  /** The methods to pick from; empty when the payment's method is fixed. */
  methods: Array<{ value: string; label: string; checked: boolean }>
  /** One submit button each; empty when the status is final. */
  outcomes: Array<{ status: CheckoutOutcome; label: string; hint: string }>
  overdue: boolean
  /** The redirect URL, for "leave it open"; null when there is none to go back to. */
  leaveOpenUrl: string | null
  /** For a final payment: where "Back to the shop" goes. */
  returnUrl: string | null
  /** Why the last submission changed nothing (a PaymentStatusError's detail). */
  error?: string
}

export interface CheckoutMessageView {
  statusCode: number
  heading: string
  message: string
}

export const checkoutViews = {
  page: (frame: CheckoutFrame, view: CheckoutPageView): string => eta.render('@checkout', { ...frame, ...view }),
  message: (frame: CheckoutFrame, view: CheckoutMessageView): string => eta.render('@message', { ...frame, ...view }),
}
