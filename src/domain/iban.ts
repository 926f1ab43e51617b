/**
 * IBANs and BICs, as a SEPA Direct Debit mandate needs them: an IBAN is checked by its country's length and its
 * ISO 13616 / ISO 7064 mod-97 check digits; the bank's BIC is derived from the IBAN where the country's bank code
 * names one bank (the Netherlands). Pure predicates; the mandate schemas attach them with `Type.Refine`.
 */

/**
 * The length of an IBAN per country, from the ISO 13616 IBAN registry (SWIFT, release 2024). Countries not in
 * the registry have no IBAN.
 */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22,
  CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22,
  GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30,
  KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20,
  MR: 27, MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22,
  RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26,
  UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
}

/**
 * Dutch bank codes (IBAN positions 5–8) and their banks' BICs. A Dutch IBAN's bank code names one bank, so its BIC
 * follows; other countries' bank codes (Belgium's three digits, Germany's Bankleitzahl) need tables we do not ship.
 */
export const NL_BANK_BICS: Readonly<Record<string, string>> = {
  ABNA: 'ABNANL2A',
  ASNB: 'ASNBNL21',
  BUNQ: 'BUNQNL2A',
  INGB: 'INGBNL2A',
  KNAB: 'KNABNL2H',
  RABO: 'RABONL2U',
  RBRB: 'RBRBNL21',
  SNSB: 'SNSBNL2A',
  TRIO: 'TRIONL2U',
}

/** An IBAN as it is stored and shown: spaces removed, letters in upper case (`nl55 ingb …` → `NL55INGB…`). */
export function normalizeIban(value: string): string {
  return value.replace(/ /g, '').toUpperCase()
}

/** The ISO 7064 MOD 97-10 remainder of an IBAN's rearranged digits; 1 for a valid IBAN. */
function mod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4)
  let remainder = 0
  for (const character of rearranged) {
    // Letters count as two digits: A = 10 … Z = 35.
    const digits = /[A-Z]/.test(character) ? String(character.charCodeAt(0) - 55) : character
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97
  }
  return remainder
}

/** What can be wrong with an IBAN, each with the message that ends "The 'consumerAccount' field …". */
export const IBAN_FAULTS = {
  format: 'must be an IBAN: a country code, two check digits and the account, for example NL55INGB0000000000',
  country: 'must be an IBAN of a country that has IBANs',
  length: 'has the wrong length for an IBAN of its country',
  checksum: 'is not a valid IBAN: its check digits do not match',
} as const
export type IbanFault = keyof typeof IBAN_FAULTS

/** Why `value` (before normalization) is not an IBAN, or undefined when it is one. */
export function ibanFault(value: string): IbanFault | undefined {
  const iban = normalizeIban(value)
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}$/.test(iban)) return 'format'
  const length = IBAN_LENGTHS[iban.slice(0, 2)]
  if (length === undefined) return 'country'
  if (iban.length !== length) return 'length'
  return mod97(iban) === 1 ? undefined : 'checksum'
}

export function isIban(value: string): boolean {
  return ibanFault(value) === undefined
}

/** A BIC (ISO 9362): bank, country, location, and an optional branch. */
const BIC = /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/

export function isBic(value: string): boolean {
  return BIC.test(value)
}

export const BIC_RULE = 'must be a BIC of 8 or 11 characters, for example INGBNL2A'

/** The BIC of a valid IBAN's bank where its country's bank code tells it, else undefined. */
export function bicOfIban(iban: string): string | undefined {
  const normalized = normalizeIban(iban)
  if (normalized.startsWith('NL')) return NL_BANK_BICS[normalized.slice(4, 8)]
  return undefined
}
