/**
 * The processes of a bench run: servers started as users start them, the load generator, and what the kernel
 * says about their memory and CPU (/proc, Linux only).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { LoadPlan, LoadResult, WorkerMessage } from './load-plan.js'

export const ROOT = fileURLToPath(new URL('../', import.meta.url))

export interface ServerProcess {
  readonly name: string
  readonly child: ChildProcess
  readonly pid: number
  readonly origin: string
  /** Why the process ended before stop() was called, if it did: a crash. */
  crash(): string | undefined
  /** Everything it printed, for error messages. */
  output(): string
  /** SIGTERM (the graceful shutdown users get on Ctrl-C), then SIGKILL after 15 s. */
  stop(): Promise<void>
}

export { freePort } from '../src/free-port.js'

/** Starts `node …args` and resolves once its stdout matches `ready`. */
export async function startServer(options: {
  name: string
  args: string[]
  env: NodeJS.ProcessEnv
  port: number
  ready: RegExp
  timeoutMs?: number
}): Promise<ServerProcess> {
  const child = spawn(process.execPath, options.args, { cwd: ROOT, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  let stopping = false
  let crash: string | undefined
  const exited = once(child, 'exit')
  child.once('exit', (code, signal) => {
    if (!stopping) crash = `${options.name} exited (${signal ?? `code ${code}`}):\n${output.trim()}`
  })
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${options.name} did not start within ${(options.timeoutMs ?? 60_000) / 1000} s:\n${output}`))
    }, options.timeoutMs ?? 60_000)
    const check = () => {
      if (options.ready.test(output)) {
        clearTimeout(timer)
        child.stdout!.off('data', check)
        resolve()
      }
    }
    child.stdout!.on('data', check)
    child.once('exit', () => {
      clearTimeout(timer)
      reject(new Error(crash ?? `${options.name} exited`))
    })
  })
  return {
    name: options.name,
    child,
    pid: child.pid!,
    origin: `http://127.0.0.1:${options.port}`,
    crash: () => crash,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      stopping = true
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(timer)
    },
  }
}

/** Runs one load in a separate load-worker process; `onMeasuring` fires when the measured period starts. */
export async function runLoad(plan: LoadPlan, onMeasuring: () => void): Promise<LoadResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load-worker.ts'], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stderr = ''
  let buffered = ''
  let result: LoadResult | undefined
  child.stderr.on('data', (chunk) => (stderr += chunk))
  child.stdout.on('data', (chunk) => {
    buffered += chunk
    let newline: number
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const message = JSON.parse(buffered.slice(0, newline)) as WorkerMessage
      buffered = buffered.slice(newline + 1)
      if (message.event === 'measuring') onMeasuring()
      else result = message.result
    }
  })
  child.stdin.end(JSON.stringify(plan))
  const [code] = await once(child, 'exit')
  if (code !== 0 || !result) throw new Error(`the load generator failed (exit ${code}):\n${stderr.trim()}`)
  return result
}

const CLOCK_TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
})()

/** `pid` and every process below it (cluster workers). */
export function processTree(pid: number): number[] {
  const childrenOf = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const parent = parentOf(Number(entry))
    if (parent === undefined) continue
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), Number(entry)])
  }
  const tree = [pid]
  for (let i = 0; i < tree.length; i++) tree.push(...(childrenOf.get(tree[i]!) ?? []))
  return tree
}

function readStat(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) is in parentheses and may contain spaces; fields are counted after it.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  } catch {
    return undefined
  }
}

function parentOf(pid: number): number | undefined {
  const fields = readStat(pid)
  return fields ? Number(fields[1]) : undefined
}

/** Resident memory of these processes together, in bytes (VmRSS). */
export function residentBytes(pids: readonly number[]): number {
  let total = 0
  for (const pid of pids) {
    try {
      const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
      if (match) total += Number(match[1]) * 1024
    } catch {
      // The process has just exited.
    }
  }
  return total
}

/** CPU time these processes have used so far, user and system, in ms. */
export function cpuMilliseconds(pids: readonly number[]): number {
  let ticks = 0
  for (const pid of pids) {
    const fields = readStat(pid)
    if (fields) ticks += Number(fields[11]) + Number(fields[12])
  }
  return (ticks / CLOCK_TICKS_PER_SECOND) * 1000
}
