import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { changeCustomer, formatTimestamp, newCustomer } from '../src/domain/customer.js'
import { isCustomerId, newCustomerId, randomBase62 } from '../src/domain/ids.js'
import { generateKey, hashKey, keyHint, kindOfKey } from '../src/domain/keys.js'
import { FieldError, isEmailAddress, parseCustomerFields } from '../src/domain/validation.js'

describe('ids and keys', () => {
  test('customer ids are cst_ and 10 base62 characters, and do not repeat', () => {
    const ids = new Set(Array.from({ length: 10_000 }, newCustomerId))
    assert.equal(ids.size, 10_000)
    for (const id of ids) assert.ok(isCustomerId(id), id)
  })

  test('random base62 uses every character about equally', () => {
    const counts = new Map<string, number>()
    for (const character of randomBase62(62_000)) counts.set(character, (counts.get(character) ?? 0) + 1)
    assert.equal(counts.size, 62)
    for (const count of counts.values()) assert.ok(count > 700 && count < 1300, String(count))
  })

  test('keys have Mollie’s format, a kind by prefix, a SHA-256 hash and a harmless hint', () => {
    const key = generateKey('live')
    assert.match(key, /^live_[0-9A-Za-z]{30}$/)
    assert.equal(kindOfKey(key), 'live')
    assert.equal(kindOfKey(generateKey('access')), 'access')
    assert.equal(kindOfKey('test_short'), undefined)
    assert.match(hashKey(key), /^[0-9a-f]{64}$/)
    assert.equal(keyHint(key), `live_…${key.slice(-4)}`)
  })
})

describe('customer rules', () => {
  test('createdAt is ISO 8601 to the second with an explicit UTC offset', () => {
    assert.equal(formatTimestamp(new Date('2024-03-20T09:13:37.456Z')), '2024-03-20T09:13:37+00:00')
  })

  test('a new customer has every field, null when not given, and a created event', () => {
    const now = new Date('2024-01-01T00:00:00Z')
    const { customer, event } = newCustomer('cst_aaaaaaaaaa', 'test', { name: 'A' }, now)
    assert.deepEqual(customer, {
      id: 'cst_aaaaaaaaaa',
      mode: 'test',
      name: 'A',
      email: null,
      locale: null,
      metadata: null,
      createdAt: '2024-01-01T00:00:00+00:00',
    })
    assert.deepEqual(event, { type: 200, message: 'Customer created', createdAt: '2024-01-01T00:00:00+00:00' })
  })

  test('an update names exactly the fields whose value changed', () => {
    const now = new Date('2024-01-02T00:00:00Z')
    const { customer } = newCustomer('cst_aaaaaaaaaa', 'live', { name: 'A', metadata: { x: [1] } }, now)
    const change = changeCustomer(customer, { name: 'A', metadata: { x: [1] }, email: 'a@example.org', locale: null }, now)
    assert.deepEqual(change.changed, ['email'])
    assert.equal(change.event?.message, 'Customer updated: email')
    assert.equal(changeCustomer(customer, {}, now).event, undefined)
  })
})

describe('validation', () => {
  test('email addresses: sensible ones pass, broken ones fail', () => {
    for (const good of ['jane@example.org', 'j.d+tag@sub.example.co.uk', "o'brien@example.ie", 'joerg@xn--bcher-beispiel-0ob.de']) {
      assert.ok(isEmailAddress(good), good)
    }
    for (const bad of ['', 'jane', 'jane@', '@example.org', 'jane@example', 'ja ne@example.org', 'a@b@example.org', 'jane@example.123', 'jane@-example.org', '"x y"@example.org', 'ü@münchen.de']) {
      assert.ok(!isEmailAddress(bad), bad)
    }
  })

  test('parseCustomerFields keeps only customer fields and reports the field at fault', () => {
    assert.deepEqual(parseCustomerFields({ name: 'A', testmode: true, extra: 1 }), { name: 'A' })
    assert.throws(() => parseCustomerFields({ locale: 'xx' }), (error: unknown) => {
      assert.ok(error instanceof FieldError)
      assert.equal(error.field, 'locale')
      return true
    })
    assert.throws(() => parseCustomerFields({ metadata: 'x'.repeat(2000) }), { field: 'metadata' })
    assert.throws(() => parseCustomerFields({ name: 'tab\there' }), { field: 'name' })
  })
})
