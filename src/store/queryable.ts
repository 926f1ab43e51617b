/** Text that can be a key: no stored id holds NUL, and PostgreSQL refuses NUL in text outright. */
export function isQueryable(text: string): boolean {
  return !text.includes('\u0000')
}
