/**
 * Debian's Chromium, driven by playwright-core, for the browser tests; one per test file, closed when it ends.
 * (A downloaded browser would not run on these machines: `.ci/run` installs the `chromium` package.)
 */
import { existsSync, mkdirSync } from 'node:fs'
import { after, before } from 'node:test'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

const CHROMIUM = '/usr/bin/chromium'
/** Where screenshots go (git-ignored). */
export const SCREENSHOTS = 'test-results'

/** Launches Chromium before the file's tests and closes it after; the getter gives the running browser. */
export function useChromium(): () => Browser {
  let browser: Browser | undefined
  before(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`)
    mkdirSync(SCREENSHOTS, { recursive: true })
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    })
  })
  after(async () => {
    await browser?.close()
  })
  return () => {
    if (!browser) throw new Error('Chromium is not running')
    return browser
  }
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
export async function offlinePage(browser: Browser, width = 1280, height = 800): Promise<OfflinePage> {
  const context = await browser.newContext({ viewport: { width, height } })
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
