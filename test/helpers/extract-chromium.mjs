/**
 * Unpacks the Chromium that `@sparticuz/chromium` ships (brotli archives inside the npm package) into
 * node_modules/.cache/clientele-chromium-<version>/ and prints the binary's path. Run as its own process: the package
 * unpacks into os.tmpdir(), which this process points at a fresh folder, then renames that folder into place in one
 * step, so test files starting at once never see half a browser, and a Chromium of another version never answers.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const modules = fileURLToPath(new URL('../../node_modules', import.meta.url))
const { version } = JSON.parse(readFileSync(join(modules, '@sparticuz', 'chromium', 'package.json'), 'utf8'))
const target = join(modules, '.cache', `clientele-chromium-${version}`)
const binary = join(target, 'chromium')

if (!existsSync(binary)) {
  const staging = `${target}.partial-${process.pid}`
  mkdirSync(staging, { recursive: true })
  process.env.TMPDIR = staging
  const { default: sparticuz } = await import('@sparticuz/chromium')
  await sparticuz.executablePath()
  try {
    renameSync(staging, target)
  } catch (error) {
    // Another process got there first: its copy is complete, use it.
    rmSync(staging, { recursive: true, force: true })
    if (!existsSync(binary)) throw error
  }
}
process.stdout.write(binary)
