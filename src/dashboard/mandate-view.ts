/** A customer's mandates as its dashboard page shows them: text for people, paths from the API's own builders. */
import type { Mandate } from '../domain/mandate-schemas.js'
import type { Urls } from '../http/urls.js'
import type { MandatePage } from '../store/store.js'

export interface MandateView {
  id: string
  method: string
  status: string
  consumerName: string | null
  consumerAccount: string | null
  consumerBic: string | null
  mandateReference: string | null
  signatureDate: string | null
  createdAt: string
  apiUrl: string
  /** Where its revoke form posts. */
  revokePath: string
}

export interface MandatesView {
  mandates: MandateView[]
  /** More than the page shows: the rest are in the API. */
  more: boolean
  /** The customer's mandate list in the API. */
  mandatesApiUrl: string
}

/** How many mandates a customer's page shows: far more than any customer has in practice. */
export const MANDATES_SHOWN = 100

export function mandatesView(page: MandatePage | undefined, customerId: string, dashboardPath: string, urls: Urls): MandatesView {
  const mandates = page?.mandates ?? []
  return {
    mandates: mandates.map((mandate: Mandate) => ({
      id: mandate.id,
      method: mandate.method,
      status: mandate.status,
      consumerName: mandate.details.consumerName ?? null,
      consumerAccount: mandate.details.consumerAccount ?? null,
      consumerBic: mandate.details.consumerBic ?? null,
      mandateReference: mandate.mandateReference,
      signatureDate: mandate.signatureDate,
      createdAt: mandate.createdAt,
      apiUrl: urls.mandateUrl(mandate.customerId, mandate.id),
      revokePath: `${dashboardPath}/mandates/${mandate.id}/revoke`,
    })),
    more: page?.nextFrom !== undefined,
    mandatesApiUrl: urls.mandateListUrl(customerId),
  }
}
