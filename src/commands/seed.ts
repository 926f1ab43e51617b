/**
 * `clientele seed`: fills an organization with realistic random customers, with a progress bar. With `--seed S`
 * the customers are the same on every run, `createdAt` included (dated in the year before SEEDED_PERIOD_END);
 * only their ids are new, so that seeding one database twice never collides.
 */
import { DEFAULT_ORGANIZATION } from '../bootstrap.js'
import { SEEDED_PERIOD_END, seedCustomers } from '../seed/seed-customers.js'
import { createSeededRandom } from '../seed/seeded-random.js'
import { DATABASE_URL_OPTION, UsageError, counted, parse, withStore } from './common.js'

const MAX_COUNT = 100_000_000

export async function seedCommand(args: string[]): Promise<void> {
  const { values } = parse(args, {
    ...DATABASE_URL_OPTION,
    count: { type: 'string' },
    mode: { type: 'string' },
    organization: { type: 'string' },
    seed: { type: 'string' },
  })
  const count = Number(values.count)
  if (values.count === undefined || !/^\d+$/.test(values.count) || count < 1 || count > MAX_COUNT) {
    const given = values.count === undefined ? '' : ` (not ${values.count})`
    throw new UsageError(`--count must be a whole number from 1 to ${MAX_COUNT.toLocaleString('en')}${given}.`)
  }
  const mode = values.mode ?? 'test'
  if (mode !== 'test' && mode !== 'live') throw new UsageError('--mode must be test or live.')
  if (values.seed !== undefined && !/^\d{1,9}$/.test(values.seed)) {
    throw new UsageError(`--seed must be a whole number of at most 9 digits (not ${values.seed}).`)
  }
  const organizationName = values.organization?.trim() || DEFAULT_ORGANIZATION
  const progress = progressBar(count)
  const result = await withStore(values['database-url'], async (store) => {
    const organization = await store.organizations.ensure(organizationName)
    const seeded = await seedCustomers(store, { organizationId: organization.id, mode }, count, {
      // A seeded run is dated in a fixed year, so that it repeats exactly; an unseeded one ends now.
      ...(values.seed !== undefined && { random: createSeededRandom(Number(values.seed)), until: SEEDED_PERIOD_END }),
      onProgress: ({ inserted }) => progress(inserted),
    })
    await store.refreshStatistics()
    return seeded
  })
  const seconds = result.elapsedMs / 1000
  process.stderr.write(
    `Seeded ${counted(result.inserted, `${mode} customer`)} into '${organizationName}' in ${seconds.toFixed(1)} s ` +
      `(${Math.round(result.inserted / Math.max(seconds, 0.001)).toLocaleString('en')}/s).\n`,
  )
}

/** A bar redrawn in place on a terminal; on a pipe or a CI log, a line per tenth instead. */
function progressBar(total: number): (done: number) => void {
  const started = Date.now()
  let lastTenth = -1
  return (done) => {
    const fraction = done / total
    const rate = Math.round(done / Math.max((Date.now() - started) / 1000, 0.001)).toLocaleString('en')
    const text = `${Math.floor(fraction * 100)}% ${done.toLocaleString('en')}/${total.toLocaleString('en')} (${rate}/s)`
    if (process.stderr.isTTY) {
      const width = 30
      const filled = Math.round(fraction * width)
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}${done === total ? '\n' : ''}`)
    } else if (Math.floor(fraction * 10) > lastTenth) {
      lastTenth = Math.floor(fraction * 10)
      process.stderr.write(`seeding: ${text}\n`)
    }
  }
}
