/**
 * The customer list of the session's mode: newest first, a page at a time with the API's own cursors (`from` is
 * the id of a page's first customer), searchable by name or email; and creating a customer from it.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import Type from 'typebox'
import { FieldError } from '../../domain/validation.js'
import type { Urls } from '../../http/urls.js'
import { LIST_LIMIT_MAX } from '../../http/schemas.js'
import type { Store } from '../../store/store.js'
import {
  CustomerFormBodySchema,
  EMPTY_FORM_VALUES,
  customerForm,
  readCustomerForm,
  submittedValues,
} from '../customer-form.js'
import { sendMessage } from '../errors.js'
import { frameOf, redirectAfterPost, sendPage } from '../page.js'
import { pathsOf, type DashboardPaths } from '../paths.js'
import { MODE_LABELS, customerView } from '../presenters.js'
import { sessionOf, tenantOf } from '../session.js'
import { views, type CustomerFormView } from '../views.js'

const PAGE_SIZE = 25
const SEARCH_MAX_LENGTH = 100

const ListQuerySchema = Type.Object({
  search: Type.Optional(Type.String({ maxLength: SEARCH_MAX_LENGTH })),
  from: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: LIST_LIMIT_MAX })),
  notice: Type.Optional(Type.Enum(['deleted'])),
})

interface ListState {
  search: string
  from?: string
  /** Only when the visitor chose one, so that links stay short otherwise. */
  limit?: number
}

function listPath(paths: DashboardPaths, { search, from, limit }: ListState): string {
  const query = new URLSearchParams()
  if (search) query.set('search', search)
  if (from) query.set('from', from)
  if (limit !== undefined) query.set('limit', String(limit))
  const text = query.toString()
  return text ? `${paths.customers}?${text}` : paths.customers
}

export const customerListRoutes: FastifyPluginAsyncTypebox<{ store: Store; urls: Urls }> = async (
  app,
  { store, urls },
) => {
  async function sendList(
    request: FastifyRequest,
    reply: FastifyReply,
    state: ListState,
    options: { form: CustomerFormView; notice?: string; statusCode?: number },
  ): Promise<FastifyReply> {
    const session = sessionOf(request)
    const paths = pathsOf(request)
    const page = await store.customers.list(tenantOf(session), {
      from: state.from,
      limit: state.limit ?? PAGE_SIZE,
      sort: 'desc',
      search: state.search || undefined,
    })
    if (!page) {
      return sendMessage(request, reply, {
        statusCode: 400,
        heading: 'This page of the list does not exist',
        message: `The page link's cursor (from=${state.from}) is not a customer of this list: Invalid cursor value.`,
        back: { href: listPath(paths, { search: state.search }), label: 'Go to the first page' },
      })
    }
    request.listedItems = page.customers.length
    const mode = session.mode
    const view = {
      mode,
      modeLabel: MODE_LABELS[mode],
      search: state.search,
      searchMaxLength: SEARCH_MAX_LENGTH,
      customers: page.customers.map((customer) => customerView(customer, urls, paths)),
      emptyMessage: state.search
        ? `No customer's name or email contains “${state.search}”.`
        : `No customers in ${mode} mode yet.`,
      pages: {
        ...(page.previousFrom !== undefined && { previous: listPath(paths, { ...state, from: page.previousFrom }) }),
        ...(page.nextFrom !== undefined && { next: listPath(paths, { ...state, from: page.nextFrom }) }),
      },
      form: options.form,
      apiUrl: urls.customerListUrl(session.credential.kind === 'access' && mode === 'test' ? { testmode: true } : {}),
      documentationUrl: urls.documentation('list-customers').href,
      ...(options.notice && { notice: options.notice }),
    }
    const html = views.customerList(frameOf(request, reply, 'Customers', 'customers'), view)
    return sendPage(reply, html, options.statusCode)
  }

  app.get('/', async (request, reply) => reply.redirect(pathsOf(request).customers, 303))

  app.get('/customers', { schema: { querystring: ListQuerySchema } }, async (request, reply) => {
    const { search = '', from, limit, notice } = request.query
    return sendList(request, reply, { search: search.trim(), from, limit }, {
      form: customerForm(EMPTY_FORM_VALUES, 'The customer was not created'),
      ...(notice === 'deleted' && { notice: 'The customer was deleted.' }),
    })
  })

  app.post('/customers', { schema: { body: CustomerFormBodySchema } }, async (request, reply) => {
    const session = sessionOf(request)
    try {
      const { value } = await store.customers.create(tenantOf(session), readCustomerForm(request.body))
      return redirectAfterPost(reply, `${pathsOf(request).customer(value.id)}?notice=created`)
    } catch (error) {
      if (!(error instanceof FieldError)) throw error
      const form = customerForm(submittedValues(request.body), 'The customer was not created', error)
      return sendList(request, reply, { search: '' }, { form, statusCode: 422 })
    }
  })
}
