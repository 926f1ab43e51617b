import type { StoreContext } from './context.js'
import type { SettingStore } from './store.js'

export class KyselySettingStore implements SettingStore {
  readonly #context: StoreContext

  constructor(context: StoreContext) {
    this.#context = context
  }

  async get(name: string): Promise<string | undefined> {
    const row = await this.#context.db.selectFrom('settings').select('value').where('name', '=', name).executeTakeFirst()
    return row?.value
  }

  async put(name: string, value: string): Promise<void> {
    const { db, dialect } = this.#context
    const updated = await db.updateTable('settings').set({ value }).where('name', '=', name).executeTakeFirst()
    if (Number(updated.numUpdatedRows) > 0) return
    try {
      await db.insertInto('settings').values({ name, value }).execute()
    } catch (error) {
      // Another instance inserted it meanwhile: the later write wins, as an update would.
      if (!dialect.errors.isUniqueViolation(error)) throw error
      await db.updateTable('settings').set({ value }).where('name', '=', name).execute()
    }
  }

  async getOrCreate(name: string, create: () => string): Promise<string> {
    const { db, dialect } = this.#context
    const existing = await db.selectFrom('settings').select('value').where('name', '=', name).executeTakeFirst()
    if (existing) return existing.value
    try {
      await db.insertInto('settings').values({ name, value: create() }).execute()
    } catch (error) {
      // Another instance stored it first: theirs is the value.
      if (!dialect.errors.isUniqueViolation(error)) throw error
    }
    const stored = await db.selectFrom('settings').select('value').where('name', '=', name).executeTakeFirstOrThrow()
    return stored.value
  }
}
