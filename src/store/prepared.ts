/**
 * Queries that run on every request, built and compiled with Kysely once, when the store opens, then run with
 * new values: nothing is built or compiled per request, and the dialect runs them as directly as its driver
 * allows. The SQL stays Kysely's, so it stays portable.
 */
import { CompiledQuery, type Compilable, type Kysely } from 'kysely'
import type { Database } from './database.js'
import type { StoreDialect } from './dialect.js'

export interface PreparedQuery<Row> {
  /** Runs the query with `values` in place of its placeholders, by index. */
  run(values: readonly unknown[]): Promise<Row[]>
  /** The same inside a transaction, on its connection. */
  runIn(transaction: Kysely<Database>, values: readonly unknown[]): Promise<Row[]>
}

/** A value no caller can send: marks where placeholder `index` went in the compiled parameters. */
const marker = (index: number) => `\u0000clientele-placeholder-${index}\u0000`

/**
 * Compiles `build(placeholder)` once. Every compiled parameter must be one of the placeholders (constants
 * belong in the SQL text), so that a run is a plain positional substitution; otherwise it fails at start.
 */
export function prepareQuery<Row>(
  db: Kysely<Database>,
  dialect: StoreDialect,
  build: (placeholder: (index: number) => any) => Compilable<Row>,
): PreparedQuery<Row> {
  const compiled = build(marker).compile()
  const slots = compiled.parameters.map((parameter) => {
    const match = typeof parameter === 'string' ? /^\u0000clientele-placeholder-(\d+)\u0000$/.exec(parameter) : null
    if (!match) throw new Error(`A prepared query has a parameter that is not a placeholder: ${compiled.sql}`)
    return Number(match[1])
  })
  return {
    run: (values) => dialect.executeRead<Row>(db, compiled.sql, slots.map((slot) => values[slot])),
    runIn: async (transaction, values) =>
      (await transaction.executeQuery<Row>(CompiledQuery.raw(compiled.sql, slots.map((slot) => values[slot])))).rows,
  }
}
