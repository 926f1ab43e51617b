/**
 * The settings table (src/config.ts) is the one source of the configuration: the schema, --help and the README's
 * table follow from it. These tests hold the README and the schema to it.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { ConfigError, ConfigSchema, SETTINGS, loadConfig } from '../src/config.js'

describe('configuration', () => {
  test('every setting has its row in the README, with its flag and default', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1))
    for (const setting of SETTINGS) {
      const row = table.split('\n').find((line) => line.startsWith('|') && line.includes(`\`${setting.env}\``))
      assert.ok(row, `${setting.env} has a row`)
      assert.ok(row.includes(`\`--${setting.flag}\``), `${setting.env}'s row names --${setting.flag}`)
      if (setting.default !== undefined) assert.ok(row.includes(`\`${setting.default}\``), `${setting.env}'s row gives ${setting.default}`)
    }
  })

  test('the schema is the table: optional exactly where there is no default; defaults load as their types', () => {
    const required = new Set((ConfigSchema as { required?: string[] }).required ?? [])
    for (const setting of SETTINGS) assert.equal(required.has(setting.key), setting.default !== undefined, setting.key)
    const config = loadConfig({})
    assert.equal(config.port, 8080)
    assert.equal(config.metrics, 'off')
    assert.equal(config.testKey, undefined)
  })

  test('a bad value is told the setting’s own rule', () => {
    // Free-text settings (a host, a path) take any non-empty text; an empty one means "not set".
    for (const setting of SETTINGS.filter((entry) => entry.rule !== 'it must not be empty.')) {
      assert.throws(
        () => loadConfig({ [setting.env]: 'not valid at all ☃' }),
        (error: unknown) => error instanceof ConfigError && error.message === `${setting.env} is invalid: ${setting.rule}`,
        setting.env,
      )
    }
  })
})
