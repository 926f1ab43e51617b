/**
 * SQLite's group commit (src/store/sqlite-group-commit.ts), seen from below: writes queued together share one
 * COMMIT, each in a savepoint of its own, and none is answered before that COMMIT.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, SqliteDialect, sql } from 'kysely'
import type { Database } from '../src/store/database.js'
import { SqliteGroupCommit } from '../src/store/sqlite-group-commit.js'

function setUp() {
  const database = new BetterSqlite3(':memory:')
  database.exec('create table t (v integer not null unique)')
  const statements: string[] = []
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) })
  const groupCommit = new SqliteGroupCommit(database, (text) => {
    statements.push(text)
    return database.prepare(text)
  })
  const insert = (v: number) => (trx: Kysely<Database>) => sql`insert into t (v) values (${v})`.execute(trx).then(() => v)
  const values = () => database.prepare('select v from t order by v').pluck().all()
  return { database, db, groupCommit, statements, insert, values }
}

test('writes queued together commit once, and each resolves only after that commit', async (t) => {
  const { database, db, groupCommit, statements, insert, values } = setUp()
  t.after(() => db.destroy())
  const committed: boolean[] = []
  const results = await Promise.all(
    [1, 2, 3, 4, 5].map((v) =>
      groupCommit.run(db, insert(v)).then((value) => {
        committed.push(!database.inTransaction)
        return value
      }),
    ),
  )
  assert.deepEqual(results, [1, 2, 3, 4, 5])
  assert.deepEqual(committed, [true, true, true, true, true])
  assert.equal(statements.filter((text) => text === 'commit').length, 1)
  assert.equal(statements.filter((text) => text === 'begin immediate').length, 1)
  assert.deepEqual(values(), [1, 2, 3, 4, 5])
})

test('a write that fails is rolled back to its savepoint alone; the others commit', async (t) => {
  const { db, groupCommit, insert, values } = setUp()
  t.after(() => db.destroy())
  const failing = async (trx: Kysely<Database>) => {
    await insert(10)(trx)
    await insert(1)(trx) // a unique violation, after a row of its own went in
  }
  const results = await Promise.allSettled([
    groupCommit.run(db, insert(1)),
    groupCommit.run(db, failing),
    groupCommit.run(db, insert(2)),
  ])
  assert.deepEqual(
    results.map((result) => result.status),
    ['fulfilled', 'rejected', 'fulfilled'],
  )
  assert.match(String((results[1] as PromiseRejectedResult).reason), /UNIQUE/)
  assert.deepEqual(values(), [1, 2])
})

test('a group that cannot take the write lock fails every write in it, and the next group runs', async (t) => {
  const { database, db, groupCommit, insert, values } = setUp()
  t.after(() => db.destroy())
  database.exec('begin') // a transaction left open on the connection: BEGIN IMMEDIATE fails
  const refused = await Promise.allSettled([groupCommit.run(db, insert(1)), groupCommit.run(db, insert(2))])
  assert.deepEqual(
    refused.map((result) => result.status),
    ['rejected', 'rejected'],
  )
  database.exec('rollback')
  assert.equal(await groupCommit.run(db, insert(3)), 3)
  assert.deepEqual(values(), [3])
})

test('a write queued after the store has closed fails instead of waiting forever', async () => {
  const { database, db, groupCommit, insert } = setUp()
  await sql`select 1`.execute(db)
  await db.destroy()
  assert.equal(database.open, false)
  await assert.rejects(groupCommit.run(db, insert(1)))
})
