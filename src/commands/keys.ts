/** `clientele keys create | list | revoke`. */
import { generateKey, hashKey, keyHint, kindOfKey, type CredentialKind } from '../domain/keys.js'
import type { Store } from '../store/store.js'
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
    if (values.mode !== undefined) throw new UsageError('an access token has no fixed mode: leave out --mode.')
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

/** Throws when no organization has this name, naming the ones there are. */
async function assertOrganization(store: Store, name: string): Promise<void> {
  const names = (await store.organizations.list()).map((organization) => organization.name)
  if (names.includes(name)) return
  const known = names.length === 0 ? 'there are none yet' : `there are: ${names.map((known) => `'${known}'`).join(', ')}`
  throw new Error(`there is no organization named '${name}' (${known}).`)
}

export async function keysList(args: string[]): Promise<void> {
  const { values } = parse(args, { ...DATABASE_URL_OPTION, organization: { type: 'string' } })
  const credentials = await withStore(values['database-url'], async (store) => {
    if (values.organization !== undefined) await assertOrganization(store, values.organization)
    return store.credentials.list(values.organization)
  })
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

/**
 * Revokes by id (`key_…`, from `keys list`). A key itself (`live_…`) is recognised and refused, with its id when
 * it is a key of this database: ids are what lists, logs and scripts show, and keys are best kept out of shell
 * history. Revoking a revoked key changes nothing, and says so.
 */
export async function keysRevoke(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, DATABASE_URL_OPTION, true)
  const [id, ...rest] = positionals
  if (!id || rest.length > 0) throw new UsageError('give exactly one key id (from `clientele keys list`).')
  const outcome = await withStore(values['database-url'], async (store) => {
    if (kindOfKey(id)) return { asKey: await store.credentials.findByHash(hashKey(id)) }
    const before = await store.credentials.get(id)
    if (!before || before.revokedAt !== null) return { before }
    return { before, after: await store.credentials.revoke(id) }
  })
  if ('asKey' in outcome) {
    const found = outcome.asKey
    throw new UsageError(
      found
        ? `that is a key, not a key id: its id is ${found.id}. Run: clientele keys revoke ${found.id}`
        : 'that is a key, not a key id, and no active key of this database matches it (revoked already, or from ' +
            'another database). `clientele keys list` shows the ids.',
    )
  }
  const { before, after } = outcome
  if (!before) throw new Error(`there is no key with id ${id}; \`clientele keys list\` shows them.`)
  if (!after) {
    process.stderr.write(`${before.id} (${before.hint}) was already revoked at ${before.revokedAt}; nothing changed.\n`)
    return
  }
  process.stderr.write(`Revoked ${after.id} (${after.hint}).\n`)
}
