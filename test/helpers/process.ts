/**
 * Runs the built server and CLI as separate processes, exactly as users and outside tools do: `node
 * dist/main.js` (what `npm start` runs) configured by environment, and `node bin/clientele.js`.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import type { TestContext } from 'node:test'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const MAIN = `${ROOT}dist/main.js`
const CLI = `${ROOT}bin/clientele.js`

export interface ServerProcess {
  child: ChildProcess
  /** The HTTP port it listens on, as its banner says. */
  port: number
  /** The HTTPS port, with TLS. */
  tlsPort?: number
  /** http://127.0.0.1:PORT */
  baseUrl: string
  /** Everything printed to stdout so far. */
  output(): string
  /** Everything printed to stderr so far. */
  errors(): string
  /** Sends SIGTERM and waits for the exit code. */
  stop(): Promise<number | null>
}

/**
 * The ports a banner says the server listens on: its "Listening on" line, else its API base URL (and "Also on"),
 * the http:// one being the HTTP port and the https:// one the HTTPS port.
 */
export function bannerPorts(banner: string): { port: number; tlsPort?: number } {
  const listening = /Listening on +(\S+)(?: and (\S+))?/.exec(banner)
  const urls = listening
    ? [listening[1], listening[2]]
    : [/API base URL +(\S+)\/v2/.exec(banner)?.[1], /Also on +(\S+)/.exec(banner)?.[1]]
  const portOf = (scheme: string) => {
    const url = urls.find((candidate) => candidate?.startsWith(`${scheme}://`))
    return url === undefined ? undefined : Number(new URL(url).port)
  }
  const port = portOf('http')
  if (port === undefined) throw new Error(`no HTTP port in the banner:\n${banner}`)
  return { port, tlsPort: portOf('https') }
}

/**
 * Starts `node dist/main.js` (or, with `cliArgs`, `clientele ...cliArgs`) with `env` added (PORT=0 unless given:
 * any free port) and resolves once its banner is out, with the ports the banner reports.
 */
export async function spawnServer(t: TestContext, env: Record<string, string>, cliArgs?: string[]): Promise<ServerProcess> {
  const child = spawn(process.execPath, cliArgs ? [CLI, ...cliArgs] : [MAIN], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk) => (stdout += chunk))
  child.stderr!.on('data', (chunk) => (stderr += chunk))
  const exited = once(child, 'exit')
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    const [code] = await exited
    return code as number | null
  }
  t.after(stop)
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${stdout}\n${stderr}`)), 20_000)
    const check = () => {
      if (/Try it:/.test(stdout)) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout!.on('data', check)
    child.once('exit', () => {
      clearTimeout(timer)
      reject(new Error(`server exited: ${stderr}`))
    })
  })
  const { port, tlsPort } = bannerPorts(stdout)
  return { child, port, tlsPort, baseUrl: `http://127.0.0.1:${port}`, output: () => stdout, errors: () => stderr, stop }
}

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs `clientele ...args` to completion. */
export async function runCli(args: string[], env: Record<string, string> = {}, input?: string): Promise<CliResult> {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => (stdout += chunk))
  child.stderr.on('data', (chunk) => (stderr += chunk))
  // A command that refuses its input early (an import at a bad line) may close stdin before all of it is written.
  child.stdin.on('error', () => {})
  child.stdin.end(input)
  // A command that hangs fails its test instead of the whole run.
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
  const [code] = await once(child, 'exit')
  clearTimeout(timer)
  return { code: code as number | null, stdout, stderr }
}
