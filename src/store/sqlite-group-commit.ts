/**
 * Group commit for SQLite: write transactions that arrive together share one real transaction, and so one
 * COMMIT and one write of the WAL pages they have in common (the tail of the customers table, of its list
 * index, of the events), instead of one each.
 *
 * Each write still runs alone, in its own SAVEPOINT: one that fails rolls back to it and fails by itself, the
 * others go on. The writes of a group run one after another on the one connection, so each sees the ones
 * before it exactly as if they had committed in that order. None is answered before the group's COMMIT has
 * returned: an acknowledged write is as durable as before. If the COMMIT fails, every write in the group fails.
 * Readers never see a group's uncommitted rows: the group holds Kysely's connection lock, which a read waits for
 * while a transaction is open (see SqliteStoreDialect.executeRead).
 *
 * A group forms from the writes queued when the event loop reaches its check phase (setImmediate): the requests
 * read off the sockets in one turn of the loop. An idle server thus commits a lone write as soon as before.
 */
import type BetterSqlite3 from 'better-sqlite3'
import type { Kysely } from 'kysely'
import type { Database } from './database.js'

/** Enough to share a commit among all the connections a load generator keeps busy; bounds a group's latency. */
const MAX_GROUP_SIZE = 128

interface QueuedWrite {
  work: (trx: Kysely<Database>) => Promise<unknown>
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

interface DoneWrite {
  write: QueuedWrite
  value: unknown
}

export class SqliteGroupCommit {
  readonly #database: BetterSqlite3.Database
  readonly #statement: (text: string) => BetterSqlite3.Statement
  readonly #queue: QueuedWrite[] = []
  #scheduled = false

  constructor(database: BetterSqlite3.Database, statement: (text: string) => BetterSqlite3.Statement) {
    this.#database = database
    this.#statement = statement
  }

  /** Runs `work` inside the next group; resolves with its result once the group has committed. */
  run<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject })
      this.#schedule(db)
    })
  }

  #schedule(db: Kysely<Database>): void {
    if (this.#scheduled) return
    this.#scheduled = true
    setImmediate(() => {
      const group = this.#queue.splice(0, MAX_GROUP_SIZE)
      // The connection lock, held for the whole group: Kysely queries (and reads during a group) wait for it.
      db.connection()
        .execute((connection) => this.#runGroup(connection, group))
        // No connection (the store is closing): nothing in the group ran. Settling twice changes nothing, so
        // this cannot undo an answer #runGroup gave.
        .catch((error: unknown) => rejectAll(group, error))
        .finally(() => {
          this.#scheduled = false
          if (this.#queue.length > 0) this.#schedule(db)
        })
    })
  }

  async #runGroup(connection: Kysely<Database>, group: QueuedWrite[]): Promise<void> {
    const done: DoneWrite[] = []
    let begun = false
    try {
      // IMMEDIATE takes the write lock up front (waiting up to the busy timeout if the CLI or another process
      // holds it), so that no write in the group can fail halfway for want of it.
      this.#statement('begin immediate').run()
      begun = true
      for (let index = 0; index < group.length; index++) {
        const write = group[index]!
        this.#statement('savepoint clientele_write').run()
        try {
          done.push({ write, value: await write.work(connection) })
          this.#statement('release clientele_write').run()
        } catch (error) {
          write.reject(error)
          if (!this.#database.inTransaction) {
            // SQLite rolled the whole transaction back by itself (a full disk, an I/O error): the writes before
            // this one went with it, and those after it go to the next group.
            rejectAll(done.map((entry) => entry.write), error)
            this.#queue.unshift(...group.slice(index + 1))
            return
          }
          this.#statement('rollback to clientele_write').run()
          this.#statement('release clientele_write').run()
        }
      }
      this.#statement('commit').run()
    } catch (error) {
      // BEGIN, a savepoint or the COMMIT failed: nothing of the group is stored, so every write in it fails.
      if (begun && this.#database.inTransaction) this.#statement('rollback').run()
      rejectAll(group, error)
      return
    }
    for (const { write, value } of done) write.resolve(value)
  }
}

function rejectAll(writes: readonly QueuedWrite[], error: unknown): void {
  for (const write of writes) write.reject(error)
}
