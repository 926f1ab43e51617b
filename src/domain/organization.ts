/**
 * Organization names: one limit, checked wherever an organization is created (`keys create`, the configured keys at
 * start, `import`). A name is shown in every dashboard page's header and in CLI output, so it is one line of
 * reasonable length.
 */

/** In characters (code points). */
export const ORGANIZATION_NAME_MAX_LENGTH = 100

/** What is wrong with `name` as a new organization's name, or undefined when nothing is. */
export function organizationNameProblem(name: string): string | undefined {
  const length = [...name].length
  if (name.trim() === '') return 'an organization name must not be empty'
  if (length > ORGANIZATION_NAME_MAX_LENGTH) {
    return `an organization name has at most ${ORGANIZATION_NAME_MAX_LENGTH} characters; this one has ${length}`
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'an organization name must not contain control characters (line breaks, tabs, NUL)'
  return undefined
}
