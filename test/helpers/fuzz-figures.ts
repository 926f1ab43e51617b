/**
 * Runs fast-check properties against the server with a fixed seed and keeps the figures the suite prints:
 * cases, failures and answers by status.
 */
import fc from 'fast-check'

function wholeNumber(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback)
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a whole number, not ${process.env[name]}`)
  return value
}

/** FUZZ_SEED and FUZZ_RUNS (total cases over all properties) override the reproducible defaults. */
export const FUZZ_SEED = wholeNumber('FUZZ_SEED', 20_250_905)
export const FUZZ_RUNS = wholeNumber('FUZZ_RUNS', 10_500)

export interface PropertyFigures {
  name: string
  cases: number
  statuses: Map<number, number>
  /** Other tallies a property keeps (how raw requests were answered, say). */
  notes: Map<string, number>
  failed: boolean
  seconds: number
}

const allFigures: PropertyFigures[] = []

export function newFigures(name: string): PropertyFigures {
  const figures: PropertyFigures = {
    name,
    cases: 0,
    statuses: new Map(),
    notes: new Map(),
    failed: false,
    seconds: 0,
  }
  allFigures.push(figures)
  return figures
}

export function count(map: Map<string | number, number>, key: string | number): void {
  map.set(key, (map.get(key) ?? 0) + 1)
}

const number = (value: number) => value.toLocaleString('en-US')

/**
 * Runs `check` on `runs` generated cases; on a failure, throws fast-check's report (the shrunk counterexample and
 * the seed and path that replay it).
 */
export async function runProperty<T>(
  figures: PropertyFigures,
  runs: number,
  seedOffset: number,
  arbitrary: fc.Arbitrary<T>,
  check: (value: T) => Promise<void>,
): Promise<void> {
  const started = performance.now()
  const details = await fc.check(fc.asyncProperty(arbitrary, check), { seed: FUZZ_SEED + seedOffset, numRuns: runs })
  figures.cases = details.numRuns
  figures.seconds = (performance.now() - started) / 1000
  figures.failed = details.failed
  console.log(describeProperty(figures))
  if (details.failed) {
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)
    throw new Error(`${await fc.asyncDefaultReportMessage(details)}\nFailure of the shrunk case: ${cause}`)
  }
}

function describeProperty(figures: PropertyFigures): string {
  const statuses = [...figures.statuses].sort(([a], [b]) => a - b).map(([status, times]) => `${status}×${number(times)}`).join(' ')
  const notes = [...figures.notes].map(([note, times]) => `${note}: ${number(times)}`).join(', ')
  return (
    `fuzz ${figures.name}: ${number(figures.cases)} cases in ${figures.seconds.toFixed(1)} s, ${figures.failed ? 'FAILED' : 'passed'}; ` +
    `answers ${statuses}` +
    (notes ? `; ${notes}` : '')
  )
}

export function summary(): string {
  const cases = allFigures.reduce((sum, figures) => sum + figures.cases, 0)
  const failures = allFigures.filter((figures) => figures.failed).length
  let serverErrors = 0
  for (const figures of allFigures) for (const [status, times] of figures.statuses) if (status >= 500) serverErrors += times
  const seconds = allFigures.reduce((sum, figures) => sum + figures.seconds, 0)
  return (
    `fuzz: ${number(cases)} cases, ${number(failures)} failures, ${number(serverErrors)} 5xx, seed ${FUZZ_SEED}, ` +
    `${seconds.toFixed(1)} s`
  )
}
