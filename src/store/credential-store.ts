import { organizationNameProblem } from '../domain/organization.js'
import { timingSafeEqual } from 'node:crypto'
import type { Selectable } from 'kysely'
import { formatTimestamp } from '../domain/customer.js'
import { newCredentialId, newOrganizationId } from '../domain/ids.js'
import type { CredentialKind } from '../domain/keys.js'
import type { StoreContext } from './context.js'
import { prepareQuery, type PreparedQuery } from './prepared.js'
import type { CredentialsTable } from './database.js'
import type {
  Credential,
  CredentialStore,
  CredentialWithOrganization,
  Organization,
  OrganizationStore,
} from './store.js'

function sameHash(stored: string, given: string): boolean {
  const a = Buffer.from(stored, 'hex')
  const b = Buffer.from(given, 'hex')
  return a.length === b.length && timingSafeEqual(a, b)
}

function toCredential(row: Selectable<CredentialsTable>): Credential {
  return {
    id: row.id,
    organizationId: row.organization_id,
    kind: row.kind as CredentialKind,
    hint: row.hint,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  }
}

export class KyselyOrganizationStore implements OrganizationStore {
  readonly #context: StoreContext

  constructor(context: StoreContext) {
    this.#context = context
  }

  async list(): Promise<Organization[]> {
    const rows = await this.#context.db.selectFrom('organizations').selectAll().orderBy('name').execute()
    return rows.map((row) => ({ id: row.id, name: row.name, createdAt: row.created_at }))
  }

  async get(id: string): Promise<Organization | undefined> {
    const row = await this.#context.db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst()
    return row && { id: row.id, name: row.name, createdAt: row.created_at }
  }

  async ensure(name: string): Promise<Organization> {
    const existing = await this.#find(name)
    if (existing) return existing
    const problem = organizationNameProblem(name)
    if (problem) throw new Error(`${problem}.`)
    const row = { id: newOrganizationId(), name, created_at: formatTimestamp(this.#context.now()) }
    try {
      await this.#context.db.insertInto('organizations').values(row).execute()
      return { id: row.id, name, createdAt: row.created_at }
    } catch (error) {
      // Another process created it between our read and our insert.
      const raced = this.#context.dialect.errors.isUniqueViolation(error) && (await this.#find(name))
      if (raced) return raced
      throw error
    }
  }

  async #find(name: string): Promise<Organization | undefined> {
    const row = await this.#context.db
      .selectFrom('organizations')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst()
    return row && { id: row.id, name: row.name, createdAt: row.created_at }
  }
}

export class KyselyCredentialStore implements CredentialStore {
  readonly #context: StoreContext
  readonly #organizations: OrganizationStore

  constructor(context: StoreContext, organizations: OrganizationStore) {
    this.#context = context
    this.#organizations = organizations
    this.#byHash = prepareQuery(context.db, context.dialect.driver, 'credential by hash', (param) =>
      context.db
        .selectFrom('credentials')
        .selectAll()
        .where('key_hash', '=', param('keyHash'))
        .where('revoked_at', 'is', null),
    )
  }

  /** Runs on every request whose key is not cached: prepared once. */
  readonly #byHash: PreparedQuery<{ keyHash: string }, Selectable<CredentialsTable>>

  async findByHash(keyHash: string): Promise<Credential | undefined> {
    const [row] = await this.#byHash.run({ keyHash })
    // The index found the row; comparing the hashes again in constant time keeps the guarantee independent of
    // how each database compares strings.
    if (!row || !sameHash(row.key_hash, keyHash)) return undefined
    return toCredential(row)
  }

  async get(id: string): Promise<Credential | undefined> {
    const row = await this.#context.db.selectFrom('credentials').selectAll().where('id', '=', id).executeTakeFirst()
    return row && toCredential(row)
  }

  async create(organizationName: string, kind: CredentialKind, keyHash: string, hint: string): Promise<Credential> {
    const organization = await this.#organizations.ensure(organizationName)
    const row = {
      id: newCredentialId(),
      organization_id: organization.id,
      kind,
      key_hash: keyHash,
      hint,
      created_at: formatTimestamp(this.#context.now()),
      revoked_at: null,
    }
    await this.#context.db.insertInto('credentials').values(row).execute()
    return toCredential(row)
  }

  async register(
    organizationName: string,
    kind: CredentialKind,
    keyHash: string,
    hint: string,
  ): Promise<{ credential: Credential; created: boolean }> {
    const existing = await this.#findAnyByHash(keyHash)
    if (existing) return { credential: existing, created: false }
    try {
      return { credential: await this.create(organizationName, kind, keyHash, hint), created: true }
    } catch (error) {
      // Another instance, starting at the same moment with the same configured key, registered it first.
      const raced = this.#context.dialect.errors.isUniqueViolation(error) && (await this.#findAnyByHash(keyHash))
      if (raced) return { credential: raced, created: false }
      throw error
    }
  }

  async #findAnyByHash(keyHash: string): Promise<Credential | undefined> {
    const row = await this.#context.db
      .selectFrom('credentials')
      .selectAll()
      .where('key_hash', '=', keyHash)
      .executeTakeFirst()
    return row && toCredential(row)
  }

  async list(organizationName?: string): Promise<CredentialWithOrganization[]> {
    let query = this.#context.db
      .selectFrom('credentials')
      .innerJoin('organizations', 'organizations.id', 'credentials.organization_id')
      .selectAll('credentials')
      .select('organizations.name as organization_name')
      .orderBy('organizations.name')
      .orderBy('credentials.created_at')
      .orderBy('credentials.id')
    if (organizationName !== undefined) query = query.where('organizations.name', '=', organizationName)
    const rows = await query.execute()
    return rows.map((row) => ({ ...toCredential(row), organizationName: row.organization_name }))
  }

  async revoke(id: string): Promise<Credential | undefined> {
    const { db, now } = this.#context
    await db
      .updateTable('credentials')
      .set({ revoked_at: formatTimestamp(now()) })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute()
    const row = await db.selectFrom('credentials').selectAll().where('id', '=', id).executeTakeFirst()
    return row && toCredential(row)
  }
}
