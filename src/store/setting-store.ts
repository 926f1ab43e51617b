import type { StoreContext } from './context.js'
import type { SettingStore } from './store.js'

export class KyselySettingStore implements SettingStore {
  readonly #context: StoreContext

  constructor(context: StoreContext) {
    this.#context = context
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
