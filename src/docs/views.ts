/** The reference page, rendered by Eta with escaping on; templates are string modules that ship in dist/. */
import { Eta } from 'eta'
import type { ReferenceView } from './reference.js'
import { fieldsTemplate } from './templates/fields.js'
import { notFoundTemplate } from './templates/not-found.js'
import { referenceTemplate } from './templates/reference.js'

const eta = new Eta({ autoEscape: true, cache: true })
eta.loadTemplate('@fields', fieldsTemplate)
eta.loadTemplate('@reference', referenceTemplate)
eta.loadTemplate('@not-found', notFoundTemplate)

/** Public paths of the pages the docs link to. */
export interface DocsPaths {
  docs: string
  dashboard: string
}

export function renderReference(reference: ReferenceView, stylesheet: string, paths: DocsPaths): string {
  return eta.render('@reference', { reference, stylesheet, paths })
}

export function renderNotFound(stylesheet: string, paths: DocsPaths): string {
  return eta.render('@not-found', { stylesheet, paths })
}
