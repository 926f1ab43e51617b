/**
 * Queries that run on every request, built and compiled with Kysely once, when the store opens, then run with
 * new values: nothing is built or compiled per request, and the driver runs them as directly as it allows. The
 * SQL stays Kysely's, so it stays portable.
 *
 * A query names its parameters: `build` receives `param`, and `param('limit')` stands where the value goes, typed
 * as the value (`Params['limit']`). A run takes the values by name:
 *
 *   const page = prepareQuery<{ organizationId: string; limit: number }, CustomerRow>(db, driver, 'page', (param) =>
 *     db.selectFrom('customers').selectAll().where('organization_id', '=', param('organizationId')).limit(param('limit')))
 *   await page.run({ organizationId, limit })
 *
 * Errors, all thrown by prepareQuery, so when the store opens: a compiled parameter that is not a `param(…)`
 * (constants belong in the SQL text), and SQL the open database refuses (where the driver can check, see
 * StoreDriver.check).
 */
import { CompiledQuery, type Compilable, type Kysely } from 'kysely'
import type { Database } from './database.js'
import type { StoreDriver } from './dialect.js'

/** A query's parameters by name: an interface or an object type. */
export type QueryParams = object

export interface PreparedQuery<Params extends QueryParams, Row> {
  /** For errors and logs. */
  readonly name: string
  /** The compiled SQL, with the driver's positional placeholders. */
  readonly sql: string
  /** Runs the query with these values. */
  run(params: Params): Promise<Row[]>
  /** The same inside a transaction, on its connection. */
  runIn(transaction: Kysely<Database>, params: Params): Promise<Row[]>
}

/** Where parameter `name` goes: a value no caller can send, found again in the compiled parameters. */
const marker = (name: string) => `\u0000clientele-param:${name}\u0000`
// eslint-disable-next-line no-control-regex -- NUL brackets a marker no parameter value can contain
const MARKER = /^\u0000clientele-param:(.+)\u0000$/

/** Builds and compiles `build(param)` once; see the header. */
export function prepareQuery<Params extends QueryParams, Row>(
  db: Kysely<Database>,
  driver: StoreDriver,
  name: string,
  build: (param: <K extends keyof Params & string>(name: K) => Params[K]) => Compilable<Row>,
): PreparedQuery<Params, Row> {
  const compiled = build((name) => marker(name) as never).compile()
  const slots = compiled.parameters.map((parameter) => {
    const match = typeof parameter === 'string' ? MARKER.exec(parameter) : null
    if (!match) {
      throw new Error(`Query '${name}' has a parameter that is not a named param (${String(parameter)}): ${compiled.sql}`)
    }
    return match[1] as keyof Params & string
  })
  try {
    driver.check?.(compiled.sql)
  } catch (error) {
    throw new Error(`Query '${name}' does not compile on this database: ${(error as Error).message}`, { cause: error })
  }
  const values = (params: Params) => slots.map((slot) => params[slot as keyof Params])
  return {
    name,
    sql: compiled.sql,
    run: (params) => driver.executeRead<Row>(db, compiled.sql, values(params)),
    runIn: async (transaction, params) =>
      (await transaction.executeQuery<Row>(CompiledQuery.raw(compiled.sql, values(params)))).rows,
  }
}
