/**
 * Moves SQLite's WAL checkpoints off the request path. By default the connection that commits past 1,000 WAL
 * pages copies them into the database file and syncs it, inside that commit: most of a create's cost. Here the
 * serving connection never checkpoints (wal_autocheckpoint=0) and a worker thread with a connection of its own
 * runs a PASSIVE checkpoint a few times a second, which waits for no one and blocks no writer. Durability is
 * unchanged: in WAL mode a commit is durable (synchronous=NORMAL: through a process crash) once it is in the WAL.
 */
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

const CHECKPOINT_INTERVAL_MS = 200

// The worker is a script given as text, so that it runs the same from src/ (tsx) and from dist/.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
let database
const checkpoint = () => {
  try {
    database ??= new Database(workerData.filename, { timeout: workerData.busyTimeoutMs })
    database.pragma('wal_checkpoint(PASSIVE)')
  } catch {}
}
const timer = setInterval(checkpoint, workerData.intervalMs)
parentPort.on('message', () => {
  clearInterval(timer)
  if (database) {
    checkpoint()
    database.close()
  }
  parentPort.postMessage('closed')
})
`

export class SqliteCheckpointer {
  readonly #worker: Worker
  #exited = false

  constructor(filename: string, busyTimeoutMs: number) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3')
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver, filename, busyTimeoutMs, intervalMs: CHECKPOINT_INTERVAL_MS },
    })
    // A checkpointer must never keep a finished process alive, nor bring one down: a checkpoint that cannot
    // run (the file gone, say) only leaves the WAL to the next one.
    this.#worker.unref()
    this.#worker.on('error', () => {})
    this.#worker.once('exit', () => (this.#exited = true))
  }

  /** A last checkpoint, then the worker ends. */
  async close(): Promise<void> {
    if (this.#exited) return
    // Held open while closing: the answer is awaited.
    this.#worker.ref()
    const closed = new Promise<void>((resolve) => {
      this.#worker.once('message', () => resolve())
      this.#worker.once('exit', () => resolve())
    })
    this.#worker.postMessage('close')
    await closed
    await this.#worker.terminate()
  }
}
