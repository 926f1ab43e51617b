/**
 * Debian's Chromium, driven by playwright-core, for the browser tests; one per test file, closed when it ends.
 * (A downloaded browser would not run on these machines: `.ci/run` installs the `chromium` package.)
 */
import { existsSync, mkdirSync } from 'node:fs'
import { after, before } from 'node:test'
import { chromium, type Browser } from 'playwright-core'

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
