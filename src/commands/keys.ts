/** `clientele keys create | list | revoke`. */
import { generateKey, hashKey, keyHint, type CredentialKind } from '../domain/keys.js'
import { DATABASE_URL_OPTION, UsageError, parse, withStore } from './common.js'

export async function keysCreate(args: string[]): Promise<void> {
  const { values } = parse(args, {
    ...DATABASE_URL_OPTION,
    organization: { type: 'string' },
    mode: { type: 'string' },
    'access-token': { type: 'boolean' },
  })
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

export async function keysList(args: string[]): Promise<void> {
  const { values } = parse(args, { ...DATABASE_URL_OPTION, organization: { type: 'string' } })
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

export async function keysRevoke(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, DATABASE_URL_OPTION, true)
  const [id, ...rest] = positionals
  if (!id || rest.length > 0) throw new UsageError('Give exactly one key id (from `clientele keys list`).')
  const credential = await withStore(values['database-url'], (store) => store.credentials.revoke(id))
  if (!credential) throw new Error(`there is no key with id ${id}; \`clientele keys list\` shows them.`)
  process.stderr.write(`Revoked ${credential.id} (${credential.hint}).\n`)
}
