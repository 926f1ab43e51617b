/**
 * `clientele`: the command line. Output meant for scripts (a new key, an export) goes to stdout alone;
 * everything said to a person goes to stderr. Exit codes: 0 done, 1 failed, 2 wrong usage.
 */
import { SETTINGS, ConfigError } from './config.js'
import { HelpRequested, UsageError, parse } from './commands/common.js'
import { keysCreate, keysList, keysRevoke } from './commands/keys.js'
import { seedCommand } from './commands/seed.js'
import { exportCommand, importCommand } from './commands/transfer.js'
import { runFromEnvironment } from './main.js'
import { VERSION } from './version.js'

const HELP = `clientele ${VERSION}: a self-hosted Mollie Customers API v2

Usage:
  clientele serve [options]                 start the server (see: clientele serve --help)
  clientele keys create --organization NAME --mode test|live
                                            print a new API key (creates the organization if needed)
  clientele keys create --organization NAME --access-token
                                            print a new organization access token (mode chosen by testmode)
  clientele keys list [--organization NAME] list keys (hints only: keys are stored as hashes)
  clientele keys revoke KEY_ID              revoke a key; a running server refuses it within a second
  clientele seed --count N [--mode test|live] [--organization NAME] [--seed S]
                                            add N realistic random customers (default: test mode, 'default')
  clientele export [--organization NAME]    write the database (or one organization) to stdout as NDJSON
  clientele import                          read an export from stdin into this database: all of it, or nothing

Every command takes --database-url (default: $DATABASE_URL, else sqlite:./data/clientele.sqlite).
`

function serveHelp(): string {
  const rows = SETTINGS.map((setting) => {
    const flag = `--${setting.flag} <value>`.padEnd(38)
    const fallback = setting.default === undefined ? '' : ` (default: ${setting.default})`
    return `  ${flag}${setting.env.padEnd(31)}${setting.help}${fallback}`
  })
  return `Usage: clientele serve [options]\n\nEach option can also be set by its environment variable; a flag wins.\n\n${rows.join('\n')}\n`
}

async function serve(args: string[]): Promise<number> {
  const options = Object.fromEntries(SETTINGS.map((setting) => [setting.flag, { type: 'string' as const }]))
  let values: Record<string, unknown>
  try {
    values = parse(args, options).values
  } catch (error) {
    if (!(error instanceof HelpRequested)) throw error
    process.stdout.write(serveHelp())
    return 0
  }
  await runFromEnvironment(values as Record<string, string | undefined>)
  return process.exitCode === undefined ? 0 : Number(process.exitCode)
}

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  'keys create': keysCreate,
  'keys list': keysList,
  'keys revoke': keysRevoke,
  seed: seedCommand,
  export: exportCommand,
  import: importCommand,
}

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  try {
    if (command === 'serve') return await serve(rest)
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      process.stdout.write(HELP)
      return 0
    }
    if (command === '--version' || command === '-v') {
      process.stdout.write(`${VERSION}\n`)
      return 0
    }
    const [name, args] = command === 'keys' ? [`keys ${rest[0] ?? ''}`, rest.slice(1)] : [command, rest]
    const run = COMMANDS[name]
    if (!run) {
      throw new UsageError(command === 'keys' ? `Unknown keys command '${rest[0] ?? ''}': use create, list or revoke.` : `Unknown command '${command}'.`)
    }
    await run(args)
    return 0
  } catch (error) {
    if (error instanceof HelpRequested) {
      process.stdout.write(HELP)
      return 0
    }
    if (error instanceof UsageError) {
      process.stderr.write(`clientele: ${error.message}\n\n${HELP}`)
      return 2
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`clientele: ${error.message}\n`)
      return 2
    }
    process.stderr.write(`clientele: ${(error as Error).message}\n`)
    return 1
  }
}
