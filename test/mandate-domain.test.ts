import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { bicOfIban, ibanFault, isBic, isIban, normalizeIban } from '../src/domain/iban.js'
import { isMandateId, newMandateId } from '../src/domain/ids.js'
import { checkMandateFields, newMandate } from '../src/domain/mandate.js'
import { todayInAmsterdam, type MandateFields } from '../src/domain/mandate-schemas.js'
import { FieldError } from '../src/domain/validation.js'

function fault(fields: unknown): { field: string; detail: string } | undefined {
  try {
    checkMandateFields(fields as MandateFields)
    return undefined
  } catch (error) {
    assert.ok(error instanceof FieldError, String(error))
    return { field: error.field, detail: error.detail }
  }
}

describe('IBANs and BICs', () => {
  test('valid IBANs of several countries pass their mod-97 check; spaces and case do not matter', () => {
    for (const iban of [
      'NL55INGB0000000000', // the spec's example
      'NL91ABNA0417164300',
      'DE89370400440532013000',
      'BE68539007547034',
      'GB82WEST12345698765432',
      'FR1420041010050500013M02606',
      'nl91 abna 0417 1643 00',
    ]) {
      assert.ok(isIban(iban), iban)
    }
    assert.equal(normalizeIban('nl91 abna 0417 1643 00'), 'NL91ABNA0417164300')
  })

  test('invalid IBANs say why: format, country, length, check digits', () => {
    assert.equal(ibanFault('not an iban'), 'format')
    assert.equal(ibanFault('ZZ55INGB0000000000'), 'country')
    assert.equal(ibanFault('NL55INGB000000000'), 'length')
    assert.equal(ibanFault('NL56INGB0000000000'), 'checksum')
    assert.equal(ibanFault('DE89370400440532013001'), 'checksum')
  })

  test('a Dutch IBAN names its bank’s BIC; other countries do not', () => {
    assert.equal(bicOfIban('NL55INGB0000000000'), 'INGBNL2A')
    assert.equal(bicOfIban('NL91ABNA0417164300'), 'ABNANL2A')
    assert.equal(bicOfIban('NL02RABO0123456789'), 'RABONL2U')
    assert.equal(bicOfIban('NL02XXXX0123456789'), undefined)
    assert.equal(bicOfIban('DE89370400440532013000'), undefined)
    assert.ok(isBic('INGBNL2A') && isBic('DEUTDEFF500') && !isBic('INGB') && !isBic('ingbnl2a'))
  })
})

describe('mandate rules', () => {
  test('mandate ids are mdt_ and 10 base62 characters', () => {
    const ids = new Set(Array.from({ length: 1000 }, newMandateId))
    assert.equal(ids.size, 1000)
    for (const id of ids) assert.ok(isMandateId(id), id)
  })

  test('a direct debit mandate is valid at once, with the IBAN normalized and the BIC derived from it', () => {
    const fields: MandateFields = {
      method: 'directdebit',
      consumerName: 'Jane Doe',
      consumerAccount: 'nl55 ingb 0000 0000 00',
      consumerBic: 'ABNANL2A',
      signatureDate: '2021-12-31',
      mandateReference: 'YOUR-COMPANY-MD13804',
    }
    assert.equal(fault(fields), undefined)
    const { mandate, event } = newMandate('mdt_aaaaaaaaaa', 'cst_aaaaaaaaaa', 'test', fields, new Date('2022-01-03T15:42:11Z'))
    assert.deepEqual(mandate, {
      id: 'mdt_aaaaaaaaaa',
      mode: 'test',
      status: 'valid',
      method: 'directdebit',
      details: { consumerName: 'Jane Doe', consumerAccount: 'NL55INGB0000000000', consumerBic: 'INGBNL2A' },
      mandateReference: 'YOUR-COMPANY-MD13804',
      signatureDate: '2021-12-31',
      customerId: 'cst_aaaaaaaaaa',
      createdAt: '2022-01-03T15:42:11+00:00',
      revokedAt: null,
    })
    assert.deepEqual(event, { type: 210, message: 'Mandate mdt_aaaaaaaaaa created', createdAt: '2022-01-03T15:42:11+00:00' })
  })

  test('the BIC is as given when the IBAN does not name one, else null', () => {
    const base = { method: 'directdebit', consumerName: 'A', consumerAccount: 'DE89370400440532013000' } as const
    const now = new Date()
    assert.equal(newMandate('mdt_x', 'cst_x', 'test', { ...base, consumerBic: 'COBADEFFXXX' }, now).mandate.details.consumerBic, 'COBADEFFXXX')
    assert.equal(newMandate('mdt_x', 'cst_x', 'test', base, now).mandate.details.consumerBic, null)
  })

  test('a PayPal mandate shows the PayPal email as consumerAccount', () => {
    const fields: MandateFields = {
      method: 'paypal',
      consumerName: 'Jane Doe',
      consumerEmail: 'jane@example.org',
      paypalBillingAgreementId: 'B-12A34567B8901234CD',
    }
    assert.equal(fault(fields), undefined)
    assert.deepEqual(newMandate('mdt_x', 'cst_x', 'live', fields, new Date()).mandate.details, {
      consumerName: 'Jane Doe',
      consumerAccount: 'jane@example.org',
    })
  })

  test('what each method requires, and what no method allows', () => {
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10)
    const cases: Array<[unknown, string, RegExp]> = [
      [{ consumerName: 'A' }, 'method', /required/],
      [{ method: 'directdebit' }, 'consumerName', /required/],
      [{ method: 'creditcard', consumerName: 'A' }, 'method', /only be created through a first payment/],
      [{ method: 'ideal', consumerName: 'A' }, 'method', /one of creditcard, directdebit, or paypal/],
      [{ method: 'directdebit', consumerName: 'A' }, 'consumerAccount', /required for directdebit/],
      [{ method: 'directdebit', consumerName: 'A', consumerAccount: 'NL56INGB0000000000' }, 'consumerAccount', /check digits/],
      [{ method: 'directdebit', consumerName: 'A', consumerAccount: 'NL55INGB0000000000', consumerBic: 'nope' }, 'consumerBic', /BIC/],
      [{ method: 'directdebit', consumerName: 'A', consumerAccount: 'NL55INGB0000000000', signatureDate: tomorrow }, 'signatureDate', /not in the future/],
      [{ method: 'directdebit', consumerName: 'A', consumerAccount: 'NL55INGB0000000000', signatureDate: '2023-02-30' }, 'signatureDate', /YYYY-MM-DD/],
      [{ method: 'paypal', consumerName: 'A', paypalBillingAgreementId: 'B-1' }, 'consumerEmail', /required for paypal/],
      [{ method: 'paypal', consumerName: 'A', consumerEmail: 'a@example.org' }, 'paypalBillingAgreementId', /required for paypal/],
      [{ method: 'paypal', consumerName: 'A', consumerEmail: 'not-an-email', paypalBillingAgreementId: 'B-1' }, 'consumerEmail', /valid email/],
      [{ method: 'paypal', consumerName: 'A', consumerEmail: 'a@example.org', paypalBillingAgreementId: 'B-1', payPalVaultId: 'v' }, 'payPalVaultId', /not|one of the two/],
    ]
    for (const [fields, field, detail] of cases) {
      const found = fault(fields)
      assert.equal(found?.field, field, JSON.stringify(fields))
      assert.match(found.detail, detail, JSON.stringify(fields))
    }
    assert.equal(fault({ method: 'directdebit', consumerName: 'A', consumerAccount: 'NL55INGB0000000000', signatureDate: todayInAmsterdam() }), undefined)
  })
})
