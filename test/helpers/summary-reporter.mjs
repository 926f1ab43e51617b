/**
 * A node:test reporter that prints only the run's closing counts, as TAP does (`# tests 12`, `# pass 12`, `# fail 0`
 * …). `npm test` runs it beside the spec reporter, which is for people and prints its counts in another form.
 */
const COUNTS = /^(tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) \d/

export default async function* summary(source) {
  const lines = []
  for await (const event of source) {
    if (event.type === 'test:diagnostic' && event.data.nesting === 0 && COUNTS.test(event.data.message)) {
      lines.push(`# ${event.data.message}\n`)
    }
  }
  yield lines.join('')
}
