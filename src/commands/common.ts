/** What every command shares: argument parsing, usage errors, and a store opened from DATABASE_URL. */
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { loadConfig } from '../config.js'
import { openStoreFromUrl, redact } from '../store/open.js'
import type { Store } from '../store/store.js'

/** Wrong usage: exit code 2, with the one thing that is wrong and where to read more (the CLI adds that). */
export class UsageError extends Error {}

/** `--help` on a command: the help text, exit code 0. */
export class HelpRequested extends Error {}

export const DATABASE_URL_OPTION = { 'database-url': { type: 'string' } } as const

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const
type Options = NonNullable<ParseArgsConfig['options']>
type Parsed<T extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T & typeof HELP_OPTION; allowPositionals: boolean; strict: true }>
>

/**
 * A value option followed by a negative number (`--count -5`) takes it as its value, as a person means it:
 * parseArgs would call it ambiguous, and the command's own check then says what the value must be.
 */
function joinNegativeValues(args: string[], options: Options): string[] {
  const joined: string[] = []
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!
    const next = args[index + 1]
    const option = arg.startsWith('--') ? options[arg.slice(2)] : undefined
    if (option?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${arg}=${next}`)
      index++
    } else {
      joined.push(arg)
    }
  }
  return joined
}

/** parseArgs' error as one short sentence: what is wrong, with the option or argument at fault. */
function usageMessageOf(error: Error & { code?: string }): string {
  const option = /Option '(?:-\w, )?(--?[\w-]+)/.exec(error.message)?.[1]
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option '${/Unknown option '([^']+)'/.exec(error.message)?.[1] ?? '?'}'.`
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument '${/Unexpected argument '([^']*)'/.exec(error.message)?.[1] ?? '?'}'.`
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(error.message)) return `${option} takes no value.`
      if (/ambiguous/.test(error.message)) {
        return `${option} needs a value (a value that starts with '-' is written ${option}=VALUE).`
      }
      return `${option} needs a value.`
    default:
      return error.message
  }
}

/** parseArgs, strict, with `--help`; throws UsageError for unknown or malformed options, HelpRequested for --help. */
export function parse<T extends Options>(args: string[], options: T, allowPositionals = false): Parsed<T> {
  let parsed: Parsed<T>
  const allOptions = { ...options, ...HELP_OPTION }
  try {
    parsed = parseArgs({ args: joinNegativeValues(args, allOptions), options: allOptions, allowPositionals, strict: true })
  } catch (error) {
    throw new UsageError(usageMessageOf(error as Error & { code?: string }))
  }
  if ((parsed.values as { help?: boolean }).help) throw new HelpRequested()
  return parsed
}

/** `1 organization`, `2 organizations`: a count with its noun (English plural by `s`). */
export function counted(count: number, noun: string): string {
  return `${count.toLocaleString('en')} ${noun}${count === 1 ? '' : 's'}`
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
