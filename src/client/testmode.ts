/**
 * Where a client call puts `testmode` (access tokens only), as Mollie's clients do: in the query string of reads,
 * in the body of writes. Shared by every resource namespace of the typed client.
 */

/** `?a=1&testmode=true` from the entries given (undefined values left out), or '' when there is nothing to send. */
export function queryString(entries: [string, string | number | undefined][], testmode: boolean | undefined): string {
  const search = new URLSearchParams()
  for (const [name, value] of entries) {
    if (value !== undefined) search.append(name, String(value))
  }
  if (testmode !== undefined) search.append('testmode', String(testmode))
  const query = search.toString()
  return query ? `?${query}` : ''
}

/** The `testmode` member of a write's body, or nothing. */
export function testmodeBody(testmode: boolean | undefined): Record<string, boolean> {
  return testmode === undefined ? {} : { testmode }
}
