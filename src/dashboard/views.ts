/**
 * The dashboard's pages, rendered by Eta with escaping on: `<%= %>` escapes every value, and the only raw
 * insertions (`<%~ %>`) are other templates' output. Templates are TypeScript string modules, so they travel with
 * the compiled code into dist/. Each page has a typed view model; the templates only lay it out.
 */
import { Eta } from 'eta'
import type { Mode } from '../domain/schemas.js'
import type { DashboardPaths } from './paths.js'
import type { MandatesView } from './mandate-view.js'
import type { SubscriptionsView } from './subscription-view.js'
import type { PaymentPageView, PaymentRowView } from './payment-view.js'
import { customerDeleteTemplate } from './templates/customer-delete.js'
import { customerEditTemplate } from './templates/customer-edit.js'
import { customerFieldsTemplate } from './templates/customer-fields.js'
import { customerListTemplate } from './templates/customer-list.js'
import { customerMandatesTemplate } from './templates/customer-mandates.js'
import { customerSubscriptionsTemplate } from './templates/customer-subscriptions.js'
import { customerTemplate } from './templates/customer.js'
import { formErrorsTemplate } from './templates/form-errors.js'
import { layoutTemplate } from './templates/layout.js'
import { messageTemplate } from './templates/message.js'
import { paymentListTemplate } from './templates/payment-list.js'
import { paymentTemplate } from './templates/payment.js'
import { signInTemplate } from './templates/sign-in.js'

const eta = new Eta({ autoEscape: true, cache: true })
const templates = {
  '@layout': layoutTemplate,
  '@message': messageTemplate,
  '@sign-in': signInTemplate,
  '@customer-list': customerListTemplate,
  '@customer': customerTemplate,
  '@customer-edit': customerEditTemplate,
  '@customer-delete': customerDeleteTemplate,
  '@customer-mandates': customerMandatesTemplate,
  '@customer-subscriptions': customerSubscriptionsTemplate,
  '@customer-fields': customerFieldsTemplate,
  '@form-errors': formErrorsTemplate,
  '@payment': paymentTemplate,
  '@payment-list': paymentListTemplate,
}
for (const [name, template] of Object.entries(templates)) eta.loadTemplate(name, template)

export interface ModeChoice {
  mode: Mode
  label: string
  current: boolean
  /** False for the other mode of an API key session: the key cannot act in it. */
  available: boolean
}

export interface SessionView {
  organizationName: string
  mode: Mode
  modeChoices: ModeChoice[]
  /** Why a mode is unavailable, when one is. */
  modeNote?: string
}

/** What the layout needs on every page. */
export interface Frame {
  title: string
  csrfToken: string
  session: SessionView | null
  assets: { stylesheet: string; icon: string }
  /** Every path a page links to or posts to. */
  paths: DashboardPaths
  /** The navigation item to mark as current. */
  section?: 'customers' | 'payments'
}

export interface CustomerView {
  id: string
  mode: Mode
  name: string | null
  email: string | null
  locale: string | null
  /** Pretty-printed; null when the customer has no metadata. */
  metadataJson: string | null
  createdAt: string
  createdAtText: string
  dashboardPath: string
  apiUrl: string
}

export interface EventView {
  type: number
  message: string
  createdAt: string
  createdAtText: string
}

export interface CustomerFormView {
  /** The fields as text, as typed or as stored. */
  values: { name: string; email: string; locale: string; metadata: string }
  /** Every field at fault, in form order of the check; the first gets the focus. */
  errors?: Array<{ field: string; detail: string }>
  /** What the error summary says happened. */
  failure: string
  locales: readonly string[]
  metadataMaxBytes: number
}

export interface MessageView {
  statusCode: number
  heading: string
  message: string
  hint?: string
  back: { href: string; label: string }
}

export interface SignInView {
  next?: string
  notice?: string
  error?: string
  sessionHours: number
}

export interface CustomerListView {
  mode: Mode
  modeLabel: string
  notice?: string
  search: string
  searchMaxLength: number
  customers: CustomerView[]
  emptyMessage: string
  pages: { previous?: string; next?: string }
  form: CustomerFormView
  apiUrl: string
  documentationUrl: string
}

export interface CustomerPageView extends MandatesView, SubscriptionsView {
  customer: CustomerView
  events: EventView[]
  notice?: string
  documentationUrl: string
  curl: string
}

export interface CustomerEditView {
  customer: CustomerView
  form: CustomerFormView
}

export interface CustomerDeleteView {
  customer: CustomerView
}

export interface PaymentListView {
  heading: string
  /** The customer whose payments these are; absent for all of the tenant's. */
  customer?: { id: string; dashboardPath: string }
  payments: PaymentRowView[]
  emptyMessage: string
  pages: { previous?: string; next?: string }
  apiUrl: string
}

const render =
  <View extends object>(name: keyof typeof templates) =>
  (frame: Frame, view: View): string =>
    eta.render(name, { ...frame, ...view })

export const views = {
  message: render<MessageView>('@message'),
  signIn: render<SignInView>('@sign-in'),
  customerList: render<CustomerListView>('@customer-list'),
  customer: render<CustomerPageView>('@customer'),
  customerEdit: render<CustomerEditView>('@customer-edit'),
  customerDelete: render<CustomerDeleteView>('@customer-delete'),
  payment: render<PaymentPageView>('@payment'),
  paymentList: render<PaymentListView>('@payment-list'),
}
