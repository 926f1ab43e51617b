/**
 * `clientele`: the command line. Output meant for scripts (a new key) goes to stdout alone; everything said to
 * a person goes to stderr. Exit codes: 0 done, 1 failed, 2 wrong usage.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { ConfigError, SETTINGS, loadConfig } from './config.js'
import { generateKey, hashKey, keyHint, type CredentialKind } from './domain/keys.js'
import { runFromEnvironment } from './main.js'
import { openStoreFromUrl, redact } from './store/open.js'
import type { Store } from './store/store.js'
import { VERSION } from './version.js'

class UsageError extends Error {}

const DATABASE_URL_OPTION = { 'database-url': { type: 'string' } } as const

const HELP = `clientele ${VERSION}: a self-hosted Mollie Customers API v2

Usage:
  clientele serve [options]                 start the server (see: clientele serve --help)
  clientele keys create --organization NAME --mode test|live
                                            print a new API key (creates the organization if needed)
  clientele keys create --organization NAME --access-token
                                            print a new organization access token (mode chosen by testmode)
  clientele keys list [--organization NAME] list keys (hints only: keys are stored as hashes)
  clientele keys revoke KEY_ID              revoke a key; a running server refuses it within a second

Every command takes --database-url (default: $DATABASE_URL, else sqlite:./data/clientele.sqlite).
`

function serveHelp(): string {
  const rows = SETTINGS.map((setting) => {
    const flag = `--${setting.flag} <value>`.padEnd(28)
    const fallback = setting.default === undefined ? '' : ` (default: ${setting.default})`
    return `  ${flag}${setting.env.padEnd(20)}${setting.help}${fallback}`
  })
  return `Usage: clientele serve [options]\n\nEach option can also be set by its environment variable; a flag wins.\n\n${rows.join('\n')}\n`
}

function parse<T extends ParseArgsConfig['options']>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}

async function withStore<T>(databaseUrl: string | undefined, work: (store: Store) => Promise<T>): Promise<T> {
  const url = loadConfig(process.env, { 'database-url': databaseUrl }).databaseUrl
  let store: Store
  try {
    store = await openStoreFromUrl(url)
  } catch (error) {
    throw new Error(`cannot open the database ${redact(url)}: ${(error as Error).message}`)
  }
  try {
    return await work(store)
  } finally {
    await store.close()
  }
}

async function keysCreate(args: string[]): Promise<void> {
  const { values } = parse(args, {
    ...DATABASE_URL_OPTION,
    organization: { type: 'string' },
    mode: { type: 'string' },
    'access-token': { type: 'boolean' },
  })
  if (values.help) return void process.stderr.write(HELP)
  if (!values.organization?.trim()) throw new UsageError('--organization NAME is required.')
  let kind: CredentialKind
  if (values['access-token']) {
    if (values.mode !== undefined) throw new UsageError('An access token has no fixed mode: leave out --mode.')
    kind = 'access'
  } else if (values.mode === 'test' || values.mode === 'live') {
    kind = values.mode
  } else {
    throw new UsageError('--mode must be test or live (or use --access-token).')
  }
  const organization = values.organization.trim()
  const key = generateKey(kind)
  const credential = await withStore(values['database-url'], (store) =>
    store.credentials.create(organization, kind, hashKey(key), keyHint(key)),
  )
  process.stdout.write(`${key}\n`)
  process.stderr.write(
    `Created ${kind === 'access' ? 'an access token' : `a ${kind} key`} (${credential.id}) for organization '${organization}'. ` +
      'Keep it now: it is stored only as a hash and cannot be shown again.\n',
  )
}

async function keysList(args: string[]): Promise<void> {
  const { values } = parse(args, { ...DATABASE_URL_OPTION, organization: { type: 'string' } })
  if (values.help) return void process.stderr.write(HELP)
  const credentials = await withStore(values['database-url'], (store) => store.credentials.list(values.organization))
  const rows = [
    ['ID', 'ORGANIZATION', 'KIND', 'KEY', 'CREATED', 'REVOKED'],
    ...credentials.map((credential) => [
      credential.id,
      credential.organizationName,
      credential.kind,
      credential.hint,
      credential.createdAt,
      credential.revokedAt ?? '',
    ]),
  ]
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)))
  for (const row of rows) {
    process.stdout.write(`${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()}\n`)
  }
}

async function keysRevoke(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, DATABASE_URL_OPTION, true)
  if (values.help) return void process.stderr.write(HELP)
  const [id, ...rest] = positionals
  if (!id || rest.length > 0) throw new UsageError('Give exactly one key id (from `clientele keys list`).')
  const credential = await withStore(values['database-url'], (store) => store.credentials.revoke(id))
  if (!credential) throw new Error(`there is no key with id ${id}; \`clientele keys list\` shows them.`)
  process.stderr.write(`Revoked ${credential.id} (${credential.hint}).\n`)
}

async function serve(args: string[]): Promise<void> {
  const options = Object.fromEntries(SETTINGS.map((setting) => [setting.flag, { type: 'string' as const }]))
  const { values } = parse(args, options)
  if (values.help) return void process.stdout.write(serveHelp())
  await runFromEnvironment(values as Record<string, string | undefined>)
}

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  try {
    switch (command) {
      case 'serve':
        await serve(rest)
        return process.exitCode === undefined ? 0 : Number(process.exitCode)
      case 'keys': {
        const [action, ...args] = rest
        if (action === 'create') await keysCreate(args)
        else if (action === 'list') await keysList(args)
        else if (action === 'revoke') await keysRevoke(args)
        else throw new UsageError(`Unknown keys command '${action ?? ''}': use create, list or revoke.`)
        return 0
      }
      case '--version':
      case '-v':
        process.stdout.write(`${VERSION}\n`)
        return 0
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(HELP)
        return 0
      default:
        throw new UsageError(`Unknown command '${command}'.`)
    }
  } catch (error) {
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
