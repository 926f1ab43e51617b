/**
 * The database a bench run measures: N realistic customers of one organization, with a test key. Seeding a
 * million customers takes a while, so a seeded database is kept (SQLite: bench/data/customers-N.sqlite) with a
 * manifest beside it, and reused while the manifest and the database still agree.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { generateKey, hashKey, keyHint } from '../src/domain/keys.js'
import { seedCustomers } from '../src/seed/seed-customers.js'
import { createSeededRandom } from '../src/seed/seeded-random.js'
import { openStoreFromUrl, redact } from '../src/store/open.js'
import type { Store, Tenant } from '../src/store/store.js'
import { ROOT } from './processes.js'

export const DATA_DIRECTORY = join(ROOT, 'bench/data')

/** Fixed so that every seeding of N customers produces the same names, emails, metadata and timestamps. */
const SEED = 20_240_320
/** Ids the GET and PATCH rows pick from at random, spread evenly over the table. */
const SAMPLE_SIZE = 10_000
/** Where the deep page starts, as a share of the list walked newest first. */
export const DEEP_PAGE_DEPTH = 0.9

export interface BenchDatabase {
  databaseUrl: string
  /** A test API key of the bench organization. */
  key: string
  organization: string
  /** How many were seeded; the table also holds what earlier runs' POST rows created. */
  customers: number
  sampleIds: string[]
  /** The customer DEEP_PAGE_DEPTH of the way down the list (newest first). */
  deepCursorId: string
  seeding: { reused: boolean; elapsedMs: number; customersPerSecond: number }
}

interface Manifest extends Omit<BenchDatabase, 'seeding' | 'databaseUrl'> {
  /** The URL without its password, so that a manifest is never applied to another database. */
  database: string
  seededAt: string
  seed: number
  seedingMs: number
}

export interface PrepareOptions {
  store: 'sqlite' | 'postgres'
  customers: number
  /** Seed again even if a usable database exists. */
  fresh: boolean
  log: (line: string) => void
}

function locate(options: PrepareOptions): { databaseUrl: string; manifestFile: string; sqliteFile?: string } {
  if (options.store === 'sqlite') {
    const sqliteFile = join(DATA_DIRECTORY, `customers-${options.customers}.sqlite`)
    return { databaseUrl: `sqlite:${sqliteFile}`, manifestFile: `${sqliteFile}.json`, sqliteFile }
  }
  const databaseUrl = process.env.DATABASE_URL
  if (!databaseUrl) throw new Error('--store postgres needs DATABASE_URL (postgres://user:password@host:5432/database).')
  const digest = createHash('sha256').update(databaseUrl).digest('hex').slice(0, 12)
  return { databaseUrl, manifestFile: join(DATA_DIRECTORY, `postgres-${digest}-${options.customers}.json`) }
}

function readManifest(file: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Manifest
  } catch {
    return undefined
  }
}

/** Whether the database still holds what the manifest says: the key works and sampled customers exist. */
async function stillValid(store: Store, manifest: Manifest): Promise<boolean> {
  const credential = await store.credentials.findByHash(hashKey(manifest.key))
  if (!credential) return false
  const tenant: Tenant = { organizationId: credential.organizationId, mode: 'test' }
  const probes = [manifest.sampleIds[0], manifest.sampleIds.at(-1), manifest.deepCursorId]
  for (const id of probes) if (!id || !(await store.customers.get(tenant, id))) return false
  return true
}

export async function prepareBenchDatabase(options: PrepareOptions): Promise<BenchDatabase> {
  const { databaseUrl, manifestFile, sqliteFile } = locate(options)
  mkdirSync(DATA_DIRECTORY, { recursive: true })
  const manifest = options.fresh ? undefined : readManifest(manifestFile)
  const usable =
    manifest !== undefined &&
    manifest.database === redact(databaseUrl) &&
    manifest.customers === options.customers &&
    (sqliteFile === undefined || existsSync(sqliteFile))

  if (usable) {
    const store = await openStoreFromUrl(databaseUrl)
    try {
      if (await stillValid(store, manifest)) {
        options.log(`Reusing ${redact(databaseUrl)}: ${manifest.customers.toLocaleString('en')} customers seeded ${manifest.seededAt}.`)
        const { database: _database, seededAt: _seededAt, seed: _seed, seedingMs, ...reused } = manifest
        const customersPerSecond = manifest.customers / (seedingMs / 1000)
        return { ...reused, databaseUrl, seeding: { reused: true, elapsedMs: seedingMs, customersPerSecond } }
      }
    } finally {
      await store.close()
    }
    options.log('The seeded database no longer matches its manifest: seeding it again.')
  }

  if (sqliteFile) for (const suffix of ['', '-wal', '-shm']) rmSync(`${sqliteFile}${suffix}`, { force: true })
  rmSync(manifestFile, { force: true })
  return seed(options, databaseUrl, manifestFile)
}

async function seed(options: PrepareOptions, databaseUrl: string, manifestFile: string): Promise<BenchDatabase> {
  const store = await openStoreFromUrl(databaseUrl)
  try {
    // A new organization per seeding: on a shared PostgreSQL database, runs of other sizes keep their own.
    const organization = `bench-${options.customers}-${Date.now().toString(36)}`
    const key = generateKey('test')
    const credential = await store.credentials.create(organization, 'test', hashKey(key), keyHint(key))
    const tenant: Tenant = { organizationId: credential.organizationId, mode: 'test' }

    const stride = Math.max(1, Math.floor(options.customers / SAMPLE_SIZE))
    // Insertion order is oldest first and the list walks newest first, so the deep page starts this early on.
    const deepIndex = Math.floor(options.customers * (1 - DEEP_PAGE_DEPTH))
    const sampleIds: string[] = []
    let deepCursorId = ''
    let index = 0
    let lastReport = 0
    options.log(`Seeding ${options.customers.toLocaleString('en')} customers into ${redact(databaseUrl)} …`)
    const result = await seedCustomers(store, tenant, options.customers, {
      random: createSeededRandom(SEED),
      onProgress({ inserted, total, elapsedMs, batch }) {
        for (const { customer } of batch) {
          if (index % stride === 0 && sampleIds.length < SAMPLE_SIZE) sampleIds.push(customer.id)
          if (index === deepIndex) deepCursorId = customer.id
          index++
        }
        if (elapsedMs - lastReport >= 5000 || inserted === total) {
          lastReport = elapsedMs
          const rate = Math.round(inserted / (elapsedMs / 1000))
          options.log(`  ${inserted.toLocaleString('en')} / ${total.toLocaleString('en')}  (${rate.toLocaleString('en')}/s)`)
        }
      },
    })
    await store.refreshStatistics()
    const customersPerSecond = options.customers / (result.elapsedMs / 1000)
    const database: BenchDatabase = {
      databaseUrl,
      key,
      organization,
      customers: options.customers,
      sampleIds,
      deepCursorId,
      seeding: { reused: false, elapsedMs: result.elapsedMs, customersPerSecond },
    }
    const manifest: Manifest = {
      database: redact(databaseUrl),
      key,
      organization,
      customers: options.customers,
      sampleIds,
      deepCursorId,
      seededAt: new Date().toISOString(),
      seed: SEED,
      seedingMs: Math.round(result.elapsedMs),
    }
    writeFileSync(manifestFile, `${JSON.stringify(manifest)}\n`)
    return database
  } finally {
    await store.close()
  }
}
