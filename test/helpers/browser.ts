/**
 * Chromium for the browser tests, driven by playwright-core; one per test file, started on first use and closed when
 * the file ends. The browser comes from the npm registry like every other test dependency: `@sparticuz/chromium`
 * ships a Chromium build inside the package (no download at install or run time), so `npm install && npm test` is
 * enough on a machine with nothing but Node. CHROMIUM_PATH points at another Chromium instead, if wanted.
 *
 * The flags are our own, not the package's `args`: those add `--single-process` (a second browser context then
 * hangs when the first closes) and `--disable-web-security` (it would weaken the security tests). Tests that do not
 * drive a browser never start one, so they run whether or not a browser can start.
 */
import { execFile } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { after } from 'node:test'
import { promisify } from 'node:util'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

/** Where screenshots go (git-ignored). */
export const SCREENSHOTS = 'test-results'

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
]

/** The packaged Chromium's binary, unpacked once per version (see extract-chromium.mjs). */
async function packagedChromium(): Promise<string> {
  const script = new URL('./extract-chromium.mjs', import.meta.url)
  const { stdout } = await promisify(execFile)(process.execPath, [script.pathname])
  return stdout
}

async function launch(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  const executablePath = process.env.CHROMIUM_PATH || (await packagedChromium())
  return chromium.launch({ executablePath, args: FLAGS })
}

/** A getter for this file's Chromium: the first call starts it, the file's end closes it. */
export function useChromium(): () => Promise<Browser> {
  let browser: Promise<Browser> | undefined
  after(async () => {
    if (browser) await (await browser.catch(() => undefined))?.close()
  })
  return () => (browser ??= launch())
}

export interface OfflinePage {
  context: BrowserContext
  page: Page
  /** Requests that tried to leave 127.0.0.1 (all blocked). */
  outside: string[]
  /** Requests to 127.0.0.1 that failed. */
  failed: string[]
  /** Content-Security-Policy violations the browser reported. */
  cspViolations: string[]
}

/** A page in a fresh context (no cookies) that can reach 127.0.0.1 only, recording what it tried beyond. */
export async function offlinePage(
  browser: Browser | Promise<Browser>,
  width = 1280,
  height = 800,
): Promise<OfflinePage> {
  const context = await (await browser).newContext({ viewport: { width, height } })
  const outside: string[] = []
  const failed: string[] = []
  const cspViolations: string[] = []
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url())
    if (url.hostname === '127.0.0.1') return route.continue()
    outside.push(url.href)
    return route.abort()
  })
  const page = await context.newPage()
  page.on('requestfailed', (request) => {
    if (new URL(request.url()).hostname === '127.0.0.1') failed.push(request.url())
  })
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text())
  })
  return { context, page, outside, failed, cspViolations }
}
