/** What every command shares: argument parsing, usage errors, and a store opened from DATABASE_URL. */
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { loadConfig } from '../config.js'
import { openStoreFromUrl, redact } from '../store/open.js'
import type { Store } from '../store/store.js'

/** Wrong usage: exit code 2, with the help text. */
export class UsageError extends Error {}

/** `--help` on a command: the help text, exit code 0. */
export class HelpRequested extends Error {}

export const DATABASE_URL_OPTION = { 'database-url': { type: 'string' } } as const

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const
type Options = NonNullable<ParseArgsConfig['options']>
type Parsed<T extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T & typeof HELP_OPTION; allowPositionals: boolean; strict: true }>
>

/** parseArgs, strict, with `--help`; throws UsageError for unknown or malformed options, HelpRequested for --help. */
export function parse<T extends Options>(args: string[], options: T, allowPositionals = false): Parsed<T> {
  let parsed: Parsed<T>
  try {
    parsed = parseArgs({ args, options: { ...options, ...HELP_OPTION }, allowPositionals, strict: true })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  if ((parsed.values as { help?: boolean }).help) throw new HelpRequested()
  return parsed
}

/** Opens the store of `--database-url` (else DATABASE_URL, else the default), runs `work`, closes it. */
export async function withStore<T>(databaseUrl: string | undefined, work: (store: Store) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env, { 'database-url': databaseUrl })
  let store: Store
  try {
    store = await openStoreFromUrl(config.databaseUrl, {
      poolSize: 2,
      statementTimeoutMs: config.databaseStatementTimeoutMs,
      connectTimeoutMs: config.databaseConnectTimeoutMs,
    })
  } catch (error) {
    throw new Error(`cannot open the database ${redact(config.databaseUrl)}: ${(error as Error).message}`)
  }
  try {
    return await work(store)
  } finally {
    await store.close()
  }
}
