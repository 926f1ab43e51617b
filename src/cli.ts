/**
 * `clientele`: the command line. Output meant for scripts (a new key, an export) goes to stdout alone;
 * everything said to a person goes to stderr. Exit codes: 0 done, 1 failed, 2 wrong usage. A usage error
 * prints the one thing that is wrong, the command's usage line and where to read more (`clientele CMD --help`),
 * never the whole help.
 */
import { SETTINGS, ConfigError, loadConfig } from './config.js'
import { HelpRequested, UsageError, parse } from './commands/common.js'
import { keysCreate, keysList, keysRevoke } from './commands/keys.js'
import { seedCommand } from './commands/seed.js'
import { exportCommand, importCommand } from './commands/transfer.js'
import { runFromEnvironment } from './main.js'
import { VERSION } from './version.js'

/** Each command: how it is called (one line or more) and what it does; the help and every usage hint use these. */
const COMMANDS = [
  { name: 'serve', usage: ['clientele serve [options]'], does: 'start the server (see: clientele serve --help)', run: serve },
  {
    name: 'keys create',
    usage: ['clientele keys create --organization NAME --mode test|live', 'clientele keys create --organization NAME --access-token'],
    does: 'print a new API key or organization access token; creates the organization if needed',
    run: keysCreate,
  },
  { name: 'keys list', usage: ['clientele keys list [--organization NAME]'], does: 'list keys (hints only: keys are stored as hashes)', run: keysList },
  { name: 'keys revoke', usage: ['clientele keys revoke KEY_ID'], does: 'revoke a key by its id; a running server refuses it within a second', run: keysRevoke },
  {
    name: 'seed',
    usage: ['clientele seed --count N [--mode test|live] [--organization NAME] [--seed S]'],
    does: "add N realistic random customers (default: test mode, 'default'); --seed S: the same every run",
    run: seedCommand,
  },
  { name: 'export', usage: ['clientele export [--organization NAME]'], does: 'write the database (or one organization) to stdout as NDJSON', run: exportCommand },
  { name: 'import', usage: ['clientele import [--merge]'], does: 'read an export from stdin into this database: all of it, or nothing; --merge may add to organizations it already holds', run: importCommand },
] as const satisfies readonly { name: string; usage: readonly string[]; does: string; run: (args: string[]) => Promise<unknown> }[]
type Command = (typeof COMMANDS)[number]

const USAGE_WIDTH = 44

function usageLines(command: Command): string[] {
  const lines = command.usage.map((line) => `  ${line}`)
  const last = lines.length - 1
  lines[last] = lines[last]!.length < USAGE_WIDTH ? `${lines[last]!.padEnd(USAGE_WIDTH)}${command.does}` : `${lines[last]}\n${' '.repeat(USAGE_WIDTH)}${command.does}`
  return lines
}

const HELP = `clientele ${VERSION}: a self-hosted Mollie Customers, Mandates, Payments and Subscriptions API v2

Usage:
${COMMANDS.flatMap(usageLines).join('\n')}

Every command takes --database-url (default: $DATABASE_URL, else sqlite:./data/clientele.sqlite).
`

/** `clientele COMMAND --help`: its usage and what it does. */
function commandHelp(command: Command): string {
  return `Usage:\n${command.usage.map((line) => `  ${line}`).join('\n')}\n\n${command.does[0]!.toUpperCase()}${command.does.slice(1)}.\n` +
    'It also takes --database-url (default: $DATABASE_URL, else sqlite:./data/clientele.sqlite).\n'
}

function serveHelp(): string {
  const flags = SETTINGS.map((setting) => `--${setting.flag} <value>`)
  const flagWidth = Math.max(...flags.map((flag) => flag.length)) + 2
  const envWidth = Math.max(...SETTINGS.map((setting) => setting.env.length)) + 2
  const rows = SETTINGS.map((setting, index) => {
    const fallback = setting.default === undefined ? '' : ` (default: ${setting.default})`
    return `  ${flags[index]!.padEnd(flagWidth)}${setting.env.padEnd(envWidth)}${setting.help}${fallback}`
  })
  return `Usage: clientele serve [options]\n\nEach option can also be set by its environment variable; a flag wins.\n\n${rows.join('\n')}\n`
}

/**
 * A bad flag value is a usage error that names the flag (`--port`), not the variable it stands in for (`PORT`):
 * each flag given is checked alone, on top of the defaults.
 */
function checkServeFlags(values: Record<string, string | undefined>): void {
  for (const setting of SETTINGS) {
    const value = values[setting.flag]
    if (value === undefined) continue
    try {
      loadConfig({}, { [setting.flag]: value })
    } catch (error) {
      const prefix = `${setting.env} is invalid: `
      if (error instanceof ConfigError && error.message.startsWith(prefix)) {
        throw new UsageError(`--${setting.flag} ${JSON.stringify(value)} is invalid: ${error.message.slice(prefix.length)}`)
      }
      // Anything else (TLS_CERT without TLS_KEY, say) depends on more than this flag: the start reports it.
    }
  }
}

async function serve(args: string[]): Promise<number> {
  const options = Object.fromEntries(SETTINGS.map((setting) => [setting.flag, { type: 'string' as const }]))
  let values: Record<string, string | undefined>
  try {
    values = parse(args, options).values as Record<string, string | undefined>
  } catch (error) {
    if (!(error instanceof HelpRequested)) throw error
    process.stdout.write(serveHelp())
    return 0
  }
  checkServeFlags(values)
  await runFromEnvironment(values)
  return process.exitCode === undefined ? 0 : Number(process.exitCode)
}

/** The command that `argv` names, and its arguments; undefined for an unknown one. */
function commandOf(argv: string[]): { command: Command | undefined; name: string; args: string[] } {
  const [first = '', ...rest] = argv
  const keysHelp = first === 'keys' && (rest[0] === '--help' || rest[0] === '-h')
  const name = first === 'keys' && !keysHelp ? `keys ${rest[0] ?? ''}`.trim() : first
  const args = first === 'keys' ? rest.slice(1) : rest
  return { command: COMMANDS.find((command) => command.name === name), name, args }
}

/** A usage error: the one thing that is wrong, then the command's usage and where to read more. Exit code 2. */
function usageError(message: string, command: Command | undefined): number {
  if (!command) {
    process.stderr.write(`clientele: ${message}\nSee: clientele --help\n`)
  } else {
    const usage = command.usage.map((line, index) => `${index === 0 ? 'Usage: ' : '       '}${line}`).join('\n')
    process.stderr.write(`clientele ${command.name}: ${message}\n${usage}\nSee: clientele ${command.name} --help\n`)
  }
  return 2
}

export async function runCli(argv: string[]): Promise<number> {
  const [first] = argv
  if (first === undefined || first === 'help' || first === '--help' || first === '-h') {
    process.stdout.write(HELP)
    return 0
  }
  if (first === '--version' || first === '-v') {
    process.stdout.write(`${VERSION}\n`)
    return 0
  }
  const { command, name, args } = commandOf(argv)
  if (name === 'keys' && argv.length > 1) {
    process.stdout.write(HELP)
    return 0
  }
  try {
    if (!command) {
      throw new UsageError(
        first === 'keys'
          ? name === 'keys'
            ? 'keys needs a command: create, list or revoke.'
            : `unknown keys command '${argv[1]}': use create, list or revoke.`
          : `unknown command '${first}'.`,
      )
    }
    const code = await command.run(args)
    return typeof code === 'number' ? code : 0
  } catch (error) {
    if (error instanceof HelpRequested) {
      process.stdout.write(command ? commandHelp(command) : HELP)
      return 0
    }
    if (error instanceof UsageError) return usageError(error.message, command)
    if (error instanceof ConfigError) {
      process.stderr.write(`clientele: ${error.message}\n`)
      return 2
    }
    process.stderr.write(`clientele: ${(error as Error).message}\n`)
    return 1
  }
}
