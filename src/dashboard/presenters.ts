/** Domain objects as the dashboard shows them: text for people, links from the same builders as the API's. */
import type { Customer, CustomerEvent, Mode } from '../domain/schemas.js'
import type { Urls } from '../http/urls.js'
import type { DashboardPaths } from './paths.js'
import type { DashboardSession } from './session.js'
import type { CustomerView, EventView, ModeChoice, SessionView } from './views.js'

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })

/** `2024-03-20T09:13:37+00:00` → `20 Mar 2024, 09:13 UTC`: the stored time is UTC, and says so. */
export function dateTimeText(timestamp: string): string {
  const date = new Date(timestamp)
  return Number.isNaN(date.getTime()) ? timestamp : `${dateTimeFormat.format(date)} UTC`
}

export const MODE_LABELS: Record<Mode, string> = { test: 'Test mode', live: 'Live mode' }

export function customerView(customer: Customer, urls: Urls, paths: DashboardPaths): CustomerView {
  return {
    id: customer.id,
    mode: customer.mode,
    name: customer.name,
    email: customer.email,
    locale: customer.locale,
    metadataJson: customer.metadata === null ? null : JSON.stringify(customer.metadata, null, 2),
    createdAt: customer.createdAt,
    createdAtText: dateTimeText(customer.createdAt),
    dashboardPath: paths.customer(customer.id),
    apiUrl: urls.customerUrl(customer.id),
  }
}

export function eventView(event: CustomerEvent): EventView {
  return { ...event, createdAtText: dateTimeText(event.createdAt) }
}

const CREDENTIAL_LABELS = { test: 'test API key', live: 'live API key', access: 'organization access token' }

export function sessionView(session: DashboardSession): SessionView {
  const modeChoices: ModeChoice[] = (['test', 'live'] as const).map((mode) => ({
    mode,
    label: mode === 'test' ? 'Test' : 'Live',
    current: mode === session.mode,
    available: session.modes.includes(mode),
  }))
  const unavailable = modeChoices.find((choice) => !choice.available)
  return {
    organizationName: session.organizationName,
    mode: session.mode,
    modeChoices,
    ...(unavailable && {
      modeNote:
        `Signed in with a ${CREDENTIAL_LABELS[session.credential.kind]}, which works in ${session.mode} mode ` +
        `only. To switch to ${unavailable.mode} mode, sign in with an organization access token.`,
    }),
  }
}

/**
 * How to fetch the customer with curl. An access token picks the mode per request, so a test-mode customer
 * needs `testmode=true`; the key is a placeholder, never the session's.
 */
export function curlCommand(session: DashboardSession, customer: Customer, urls: Urls): string {
  const url = urls.customerUrl(customer.id)
  const query = session.credential.kind === 'access' && customer.mode === 'test' ? '?testmode=true' : ''
  return `curl "${url}${query}" -H "Authorization: Bearer $MOLLIE_KEY"`
}
