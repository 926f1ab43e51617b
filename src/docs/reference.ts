/**
 * The API reference as the page shows it, built from the served OpenAPI document: one entry per operation
 * (anchored by its operationId, which `_links.documentation` points at), and the error format (anchored `errors`).
 */
import { STATUS_CODES } from 'node:http'
import type { Urls } from '../http/urls.js'
import { OPERATIONS } from '../http/urls.js'
import { ALWAYS_POSSIBLE, ERROR_STATUS_MEANINGS } from './error-statuses.js'
import { markdownBlock, markdownInline } from './markdown.js'
import { HTTP_METHODS, type OpenApiDocument, type Operation, type Response } from './openapi-document.js'
import { fieldRows, typeLabel, type FieldRow } from './schema-rows.js'

export interface ParameterRow {
  name: string
  location: string
  type: string
  required: boolean
  descriptionHtml: string
}

export interface ResponseView {
  status: string
  reason: string
  descriptionHtml: string
  contentType?: string
  fields: FieldRow[]
}

export interface OperationView {
  /** The operationId: the anchor of this operation on the page. */
  id: string
  method: string
  /** As requested, with the server's base path: `/v2/customers/{customerId}`. */
  path: string
  summary: string
  descriptionHtml: string
  parameters: ParameterRow[]
  body?: { contentTypes: string[]; fields: FieldRow[] }
  responses: ResponseView[]
  errorStatuses: { status: string; reason: string }[]
  example: string
}

export interface ReferenceView {
  title: string
  version: string
  baseUrl: string
  descriptionHtml: string
  authenticationHtml: string
  operations: OperationView[]
  errors: {
    statuses: { status: number; reason: string; meaningHtml: string }[]
    fields: FieldRow[]
    example: string
  }
  openApiUrl: string
}

const isError = (status: string) => Number(status) >= 400

function reasonOf(status: string | number): string {
  return STATUS_CODES[Number(status)] ?? ''
}

function firstContent(response: Response | undefined) {
  const [contentType, media] = Object.entries(response?.content ?? {})[0] ?? []
  return contentType ? { contentType, schema: media?.schema } : undefined
}

/** A curl command for the operation, with the document's own examples for path parameters and body fields. */
function exampleOf(baseUrl: string, path: string, method: string, operation: Operation): string {
  let url = `${baseUrl}${path}`
  for (const parameter of operation.parameters ?? []) {
    if (parameter.in === 'path' && parameter.example !== undefined) {
      url = url.replace(`{${parameter.name}}`, String(parameter.example))
    }
  }
  const lines = [`curl${method === 'get' ? '' : ` -X ${method.toUpperCase()}`} "${url}"`]
  lines.push('  -H "Authorization: Bearer $MOLLIE_KEY"')
  if (method === 'post' || method === 'patch') {
    const properties = firstContent({ content: operation.requestBody?.content })?.schema?.properties ?? {}
    for (const [name, property] of Object.entries(properties)) {
      const example = property.examples?.[0]
      if (typeof example === 'string') lines.push(`  -d "${name}=${example}"`)
    }
  }
  return lines.join(' \\\n')
}

function operationView(
  baseUrl: string,
  basePath: string,
  path: string,
  method: string,
  operation: Operation,
): OperationView {
  const responses = Object.entries(operation.responses ?? {})
  const bodyContent = operation.requestBody?.content
  const body = bodyContent && {
    contentTypes: Object.keys(bodyContent),
    fields: fieldRows(firstContent({ content: bodyContent })?.schema),
  }
  return {
    id: operation.operationId ?? `${method}-${path}`,
    method: method.toUpperCase(),
    path: `${basePath}${path}`,
    summary: operation.summary ?? `${method.toUpperCase()} ${path}`,
    descriptionHtml: markdownBlock(operation.description ?? ''),
    parameters: (operation.parameters ?? []).map((parameter) => ({
      name: parameter.name,
      location: parameter.in,
      type: parameter.schema ? typeLabel(parameter.schema) : 'string',
      required: parameter.required ?? false,
      descriptionHtml: markdownInline(parameter.description ?? ''),
    })),
    ...(body && { body }),
    responses: responses
      .filter(([status]) => !isError(status))
      .map(([status, response]) => {
        const content = firstContent(response)
        return {
          status,
          reason: reasonOf(status),
          descriptionHtml: markdownInline(response.description ?? ''),
          ...(content && { contentType: content.contentType }),
          fields: fieldRows(content?.schema),
        }
      }),
    errorStatuses: responses
      .filter(([status]) => isError(status))
      .map(([status]) => ({ status, reason: reasonOf(status) })),
    example: exampleOf(baseUrl, path, method, operation),
  }
}

/** Operations in the order of the API's own list (create, list, get, update, delete), then any others. */
function byOperationOrder(a: OperationView, b: OperationView): number {
  const rank = (id: string) => {
    const index = (OPERATIONS as readonly string[]).indexOf(id)
    return index === -1 ? OPERATIONS.length : index
  }
  return rank(a.id) - rank(b.id)
}

export function buildReference(document: OpenApiDocument, urls: Urls): ReferenceView {
  const baseUrl = document.servers?.[0]?.url ?? urls.apiBase
  const operations: OperationView[] = []
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    // A path item may name its own server (Clientele's test helpers live at the root, not under /v2).
    const itemBaseUrl = (item as { servers?: Array<{ url: string }> }).servers?.[0]?.url ?? baseUrl
    const itemBasePath = new URL(itemBaseUrl, 'http://placeholder').pathname.replace(/\/$/, '')
    for (const method of HTTP_METHODS) {
      const operation = item[method]
      if (operation) operations.push(operationView(itemBaseUrl, itemBasePath, path, method, operation))
    }
  }
  operations.sort(byOperationOrder)

  const errorResponse = Object.values(document.paths ?? {})
    .flatMap((item) => HTTP_METHODS.map((method) => item[method]))
    .flatMap((operation) => Object.entries(operation?.responses ?? {}))
    .find(([status, response]) => isError(status) && firstContent(response))?.[1]
  const statuses = new Set<number>(
    operations.flatMap((operation) => operation.errorStatuses.map(({ status }) => Number(status))),
  )
  for (const status of ALWAYS_POSSIBLE) statuses.add(status)

  const security = Object.values(document.components?.securitySchemes ?? {})
  return {
    title: document.info.title,
    version: document.info.version,
    baseUrl,
    descriptionHtml: markdownBlock(document.info.description ?? ''),
    authenticationHtml: markdownBlock(
      security.map((scheme) => `\`Authorization: Bearer <key>\`: ${scheme.description ?? ''}`).join('\n\n'),
    ),
    operations,
    errors: {
      statuses: [...statuses]
        .sort((a, b) => a - b)
        .map((status) => ({
          status,
          reason: reasonOf(status),
          meaningHtml: markdownInline(ERROR_STATUS_MEANINGS[status] ?? ''),
        })),
      fields: fieldRows(firstContent(errorResponse)?.schema),
      example: JSON.stringify(
        {
          status: 404,
          title: 'Not Found',
          detail: 'No customer exists with token cst_5B8cwPMGnU.',
          _links: { documentation: urls.errorDocumentation },
        },
        null,
        2,
      ),
    },
    openApiUrl: `${urls.apiBase}/openapi.json`,
  }
}
