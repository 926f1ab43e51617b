/**
 * The store's prepared queries (src/store/prepared.ts): named parameters, run by name, and every fault a query
 * can have found when it is prepared, so when the store opens, never on a request.
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { test } from 'node:test'
import { sql } from 'kysely'
import { openStore } from '../src/store/kysely-store.js'
import { prepareQuery } from '../src/store/prepared.js'
import { SqliteStoreDialect } from '../src/store/sqlite.js'
import { temporaryDirectory } from './helpers/temporary.js'

function openSqlite(t: test.TestContext) {
  const dialect = new SqliteStoreDialect({ filename: join(temporaryDirectory(t), 'clientele.sqlite') })
  return dialect
}

test('a query runs with its values by name, wherever each name stands and however often', async (t) => {
  const dialect = openSqlite(t)
  const store = await openStore(dialect)
  t.after(() => store.close())
  const db = dialect.driver.createKysely()
  t.after(() => db.destroy())
  const query = prepareQuery<{ a: number; b: string }, { x: number; y: string; z: number }>(db, dialect.driver, 'echo', (param) =>
    db.selectNoFrom([sql<number>`${param('a')}`.as('x'), sql<string>`${param('b')}`.as('y'), sql<number>`${param('a')} + 1`.as('z')]),
  )
  assert.deepEqual(await query.run({ b: 'bee', a: 41 }), [{ x: 41, y: 'bee', z: 42 }])
})

test('a query with a value that is not a named parameter fails when it is prepared', async (t) => {
  const dialect = openSqlite(t)
  const db = dialect.driver.createKysely()
  t.after(() => db.destroy())
  assert.throws(
    () =>
      prepareQuery<{ id: string }, unknown>(db, dialect.driver, 'constant', (param) =>
        db.selectFrom('customers').select('id').where('id', '=', param('id')).where('mode', '=', 'test'),
      ),
    /Query 'constant' has a parameter that is not a named param \(test\)/,
  )
})

test('a query the database cannot compile fails when it is prepared, not when it first runs', async (t) => {
  const dialect = openSqlite(t)
  const store = await openStore(dialect)
  t.after(() => store.close())
  const db = dialect.driver.createKysely()
  t.after(() => db.destroy())
  assert.throws(
    () =>
      prepareQuery<{ id: string }, unknown>(db, dialect.driver, 'broken', (param) =>
        db.selectFrom('customers').select(sql`no_such_column`.as('x')).where('id', '=', param('id')),
      ),
    /Query 'broken' does not compile on this database: no such column: no_such_column/,
  )
})
