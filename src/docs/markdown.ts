/**
 * Descriptions in the OpenAPI document are CommonMark. markdown-it renders them with raw HTML off, so any markup
 * in a description is shown as text, never interpreted.
 */
import MarkdownIt from 'markdown-it'

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false })

export function markdownBlock(text: string): string {
  return markdown.render(text)
}

export function markdownInline(text: string): string {
  return markdown.renderInline(text)
}
