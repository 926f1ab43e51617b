/**
 * Customer fields as real merchants' customers fill them in: names from the merchant's markets (diacritics, name
 * particles, two surnames, the odd company or lowercase typist), emails derived from those names at local and
 * global providers (every domain one that RFC 2606 reserves for examples, so no seeded address reaches a real
 * mailbox), a locale of the name's own culture, and the metadata shop systems and CRMs attach. Some fields are
 * left out, as guests at a checkout leave them. Every result passes the API's own validation.
 */
import type { CustomerFields, Locale, Metadata } from '../domain/schemas.js'
import { GLOBAL_EMAIL_DOMAINS, NAME_CULTURES, type NameCulture } from './name-cultures.js'
import type { RandomSource } from './seeded-random.js'

interface PersonName {
  /** As its owner writes it. */
  written: string
  /** Lowercase ASCII letters and digits only, for email addresses. */
  ascii: string
}

interface Culture extends Omit<NameCulture, 'firstNames' | 'lastNames'> {
  firstNames: PersonName[]
  lastNames: PersonName[]
}

interface Person {
  culture: Culture
  first: PersonName
  last: PersonName
}

/** Letters that Unicode does not decompose into an ASCII base letter and a mark. */
const UNDECOMPOSABLE: Record<string, string> = { ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' }

/** `Müller-Lüdenscheidt` → `mullerludenscheidt`, as people spell their names in addresses. */
export function asciiFold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[øæœßłđðþı]/g, (letter) => UNDECOMPOSABLE[letter]!)
    .replace(/[^a-z0-9]/g, '')
}

function personName(entry: string): PersonName {
  const [written, romanised] = entry.split('|') as [string, string | undefined]
  return { written, ascii: asciiFold(romanised ?? written) }
}

const CULTURES: Culture[] = NAME_CULTURES.map((culture) => ({
  ...culture,
  firstNames: culture.firstNames.map(personName),
  lastNames: culture.lastNames.map(personName),
}))

/** Picks items in proportion to their weights. */
function weighted<T>(entries: readonly (readonly [weight: number, item: T])[]): (random: RandomSource) => T {
  const total = entries.reduce((sum, [weight]) => sum + weight, 0)
  return (random) => {
    let remaining = random() * total
    for (const [weight, item] of entries) {
      remaining -= weight
      if (remaining < 0) return item
    }
    return entries[entries.length - 1]![1]
  }
}

const pickCulture = weighted(CULTURES.map((culture) => [culture.weight, culture] as const))

function one<T>(random: RandomSource, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!
}

/** One of `items` other than `taken`: no name repeats a word ("Żaneta Żaneta", "Thomas Thomas"). */
function another(random: RandomSource, items: readonly PersonName[], taken: PersonName): PersonName {
  const others = items.filter((item) => item.written !== taken.written)
  return others.length === 0 ? taken : one(random, others)
}

function chance(random: RandomSource, probability: number): boolean {
  return random() < probability
}

function integer(random: RandomSource, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1))
}

function digits(random: RandomSource, count: number): string {
  let text = ''
  for (let i = 0; i < count; i++) text += Math.floor(random() * 10)
  return text
}

const UPPERCASE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const ALPHANUMERIC = `0123456789${UPPERCASE}abcdefghijklmnopqrstuvwxyz`

function characters(random: RandomSource, alphabet: string, count: number): string {
  let text = ''
  for (let i = 0; i < count; i++) text += alphabet[Math.floor(random() * alphabet.length)]
  return text
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function randomPerson(random: RandomSource): Person {
  const culture = pickCulture(random)
  const first = one(random, culture.firstNames)
  // Thomas is a first name and a surname too; "Thomas Thomas" would look like a bug.
  let last = another(random, culture.lastNames, first)
  if (culture.doubleSurnameShare && chance(random, culture.doubleSurnameShare)) {
    const second = another(random, culture.lastNames, last)
    last = { written: `${last.written} ${second.written}`, ascii: `${last.ascii}${second.ascii}` }
  }
  return { culture, first, last }
}

type NameStyle = 'none' | 'plain' | 'middle' | 'company' | 'lowercase' | 'uppercaseLast'

const pickNameStyle = weighted<NameStyle>([
  [6, 'none'],
  [82, 'plain'],
  [6, 'middle'],
  [3.5, 'company'],
  [1.5, 'lowercase'],
  [1, 'uppercaseLast'],
])

function companyName(random: RandomSource, person: Person): string {
  // A particle opens the name here ("De Vries B.V."), so it takes a capital as it does in Dutch.
  return one(random, person.culture.companyForms).replace('{last}', capitalise(person.last.written))
}

function customerName(random: RandomSource, person: Person, style: NameStyle): string | undefined {
  const { first, last } = person
  switch (style) {
    case 'none':
      return undefined
    case 'middle':
      return `${first.written} ${another(random, person.culture.firstNames, first).written} ${last.written}`
    case 'company':
      return companyName(random, person)
    case 'lowercase':
      return `${first.written} ${last.written}`.toLowerCase()
    case 'uppercaseLast':
      return `${first.written} ${last.written.toUpperCase()}`
    default:
      return `${first.written} ${last.written}`
  }
}

const PLUS_TAGS = ['shop', 'orders', 'mollie', 'news', 'receipts', 'webshop'] as const
const ROLE_MAILBOXES = ['info', 'info', 'contact', 'hello', 'sales', 'admin', 'finance', 'office'] as const

const pickLocalPart = weighted<(random: RandomSource, f: string, l: string) => string>([
  [30, (_, f, l) => `${f}.${l}`],
  [12, (_, f, l) => `${f}${l}`],
  [8, (_, f, l) => `${f[0]}.${l}`],
  [8, (_, f, l) => `${f[0]}${l}`],
  [8, (random, f, l) => `${f}.${l}${integer(random, 1, 99)}`],
  [8, (random, f) => `${f}${String(integer(random, 1955, 2006) % 100).padStart(2, '0')}`],
  [5, (random, f, l) => `${f}${l}${integer(random, 1955, 2006)}`],
  [4, (_, f, l) => `${f}_${l}`],
  [4, (_, f, l) => `${l}.${f}`],
  [3, (_, f, l) => `${f}-${l}`],
  [3, (_, f) => f],
  [3, (random, f, l) => `${f}.${l}+${one(random, PLUS_TAGS)}`],
  [4, (random, f) => `${f}${digits(random, integer(random, 3, 5))}`],
])

function email(random: RandomSource, person: Person, style: NameStyle): string {
  const { culture, first, last } = person
  if (style === 'company') {
    const domain = `${last.ascii}.example`
    return chance(random, 0.6) ? `${one(random, ROLE_MAILBOXES)}@${domain}` : `${first.ascii}@${domain}`
  }
  let local = pickLocalPart(random)(random, first.ascii, last.ascii).slice(0, 64)
  // Some people type their address with capitals; mail servers ignore case in practice, and so must we.
  if (chance(random, 0.03)) local = local.split('.').map(capitalise).join('.')
  const domain = chance(random, 0.5) ? one(random, culture.emailDomains) : one(random, GLOBAL_EMAIL_DOMAINS)
  return `${local}@${domain}`
}

/** A locale of the name's own culture, or none: never one from elsewhere ("Boulangerie Leclercq" is not da_DK). */
function locale(random: RandomSource, culture: Culture): Locale | undefined {
  if (chance(random, 0.3)) return undefined
  // The country's main locale is the usual choice; the others (en_NL, de_AT …) are rarer.
  return chance(random, 0.7) ? culture.locales[0] : one(random, culture.locales)
}

/** Addresses as each country writes them: its cities, its streets and its postal code format. */
const ADDRESS_FORMATS: readonly {
  country: string
  cities: readonly string[]
  streets: readonly string[]
  postalCode: (random: RandomSource) => string
}[] = [
  {
    country: 'NL',
    cities: ['Amsterdam', 'Rotterdam', 'Utrecht', "'s-Hertogenbosch", 'Groningen'],
    streets: ['Keizersgracht', 'Dorpsstraat', 'Kerkstraat', 'Burgemeester de Withstraat'],
    postalCode: (random) => `${integer(random, 1000, 9999)} ${characters(random, UPPERCASE, 2)}`,
  },
  {
    country: 'BE',
    cities: ['Gent', 'Antwerpen', 'Liège', 'Brugge'],
    streets: ['Veldstraat', 'Meir', 'Rue Saint-Gilles', 'Korenmarkt'],
    postalCode: (random) => digits(random, 4),
  },
  {
    country: 'DE',
    cities: ['Düsseldorf', 'München', 'Köln', 'Berlin', 'Görlitz'],
    streets: ['Hauptstraße', 'Bahnhofstraße', 'Schillerstraße', 'Königsallee'],
    postalCode: (random) => digits(random, 5),
  },
  {
    country: 'AT',
    cities: ['Wien', 'Graz', 'Linz'],
    streets: ['Mariahilfer Straße', 'Herrengasse', 'Landstraße'],
    postalCode: (random) => digits(random, 4),
  },
  {
    country: 'CH',
    cities: ['Zürich', 'Genève', 'Bern'],
    streets: ['Bahnhofstrasse', 'Rue du Rhône', 'Marktgasse'],
    postalCode: (random) => digits(random, 4),
  },
  {
    country: 'FR',
    cities: ['Paris', 'Lyon', 'Besançon', 'Nîmes'],
    streets: ['Rue de la République', 'Avenue Jean Jaurès', 'Boulevard Saint-Germain'],
    postalCode: (random) => digits(random, 5),
  },
  {
    country: 'ES',
    cities: ['Madrid', 'Málaga', 'A Coruña', 'Barcelona'],
    streets: ['Calle Mayor', 'Gran Vía', 'Carrer de Balmes'],
    postalCode: (random) => digits(random, 5),
  },
  {
    country: 'IT',
    cities: ['Milano', 'Roma', 'Forlì'],
    streets: ['Via Roma', 'Corso Vittorio Emanuele II', 'Via Garibaldi'],
    postalCode: (random) => digits(random, 5),
  },
  {
    country: 'PL',
    cities: ['Kraków', 'Łódź', 'Gdańsk', 'Warszawa'],
    streets: ['ul. Floriańska', 'ul. Piotrkowska', 'ul. Długa'],
    postalCode: (random) => `${digits(random, 2)}-${digits(random, 3)}`,
  },
  {
    country: 'SE',
    cities: ['Malmö', 'Göteborg', 'Stockholm'],
    streets: ['Storgatan', 'Drottninggatan', 'Kungsgatan'],
    postalCode: (random) => `${digits(random, 3)} ${digits(random, 2)}`,
  },
  {
    country: 'DK',
    cities: ['Aarhus', 'København', 'Odense'],
    streets: ['Vesterbrogade', 'Strøget', 'Nørregade'],
    postalCode: (random) => digits(random, 4),
  },
  {
    country: 'GB',
    cities: ['Manchester', 'Salford', 'Stockport'],
    streets: ['High Street', 'Station Road', 'Church Lane'],
    postalCode: (random) => `M${integer(random, 1, 99)} ${integer(random, 1, 9)}${characters(random, UPPERCASE, 2)}`,
  },
]
const SOURCES = ['webshop', 'webshop', 'app', 'pos', 'import', 'api', 'marketplace', 'phone'] as const
const SHOP_SYSTEMS = ['woocommerce', 'shopify', 'magento', 'lightspeed', 'prestashop', 'shopware', 'ccv-shop'] as const
const SEGMENTS = ['b2c', 'b2c', 'b2b', 'vip', 'wholesale'] as const
const TAGS = [
  'newsletter', 'loyalty-gold', 'loyalty-silver', 'b2b', 'returning', 'black-friday-2024', 'referral', 'vip',
  'gift-card', 'eu', 'pickup', 'subscriber', 'influencer', 'reseller',
] as const
const PLANS = ['starter', 'basic', 'plus', 'pro', 'business', 'enterprise'] as const
const NOTES = [
  'Prefers delivery after 17:00; please ring the bell twice.',
  'Called about a late parcel, resolved with a 10% discount code.',
  'Allergic to nuts: no food samples in the box.',
  'Wants invoices addressed to the finance department, attn. accounts payable.',
  'Migrated from the old webshop in 2023; order history before that is in the archive.',
  'Klant wil graag per e-mail gecontacteerd worden, niet telefonisch.',
  'Kunde wünscht Lieferung an die Packstation.',
  'Client préfère être contacté en français.',
] as const
const FREE_TEXT = [
  'VIP',
  'Walk-in customer',
  'Imported from legacy system',
  'Wholesale account, net 30',
  'Created by support on behalf of the customer',
] as const

function isoDate(random: RandomSource, fromYear: number, toYear: number): string {
  const year = integer(random, fromYear, toYear)
  const month = String(integer(random, 1, 12)).padStart(2, '0')
  const day = String(integer(random, 1, 28)).padStart(2, '0')
  return `${year}-${month}-${day}`
}

function address(random: RandomSource) {
  const format = one(random, ADDRESS_FORMATS)
  return {
    streetAndNumber: `${one(random, format.streets)} ${integer(random, 1, 240)}`,
    postalCode: format.postalCode(random),
    city: one(random, format.cities),
    country: format.country,
  }
}

function tags(random: RandomSource, max: number): string[] {
  const count = integer(random, 1, max)
  const chosen = new Set<string>()
  while (chosen.size < count) chosen.add(one(random, TAGS))
  return [...chosen]
}

function crmRecord(random: RandomSource) {
  const manager = randomPerson(random)
  return {
    crm_id: `0031x${characters(random, ALPHANUMERIC, 13)}`,
    segment: one(random, SEGMENTS),
    tags: tags(random, 3),
    account_manager: `${manager.first.written} ${manager.last.written}`,
  }
}

const pickMetadata = weighted<((random: RandomSource) => Metadata) | undefined>([
  [40, undefined],
  [12, (random) => ({ order_id: `ORD-${integer(random, 2019, 2025)}-${digits(random, 6)}` })],
  [10, (random) => ({ customer_number: `C${digits(random, 7)}`, source: one(random, SOURCES) })],
  [
    10,
    (random) => ({
      shop: one(random, SHOP_SYSTEMS),
      shop_customer_id: integer(random, 1000, 99_999_999),
      accepts_marketing: chance(random, 0.4),
    }),
  ],
  [6, (random) => crmRecord(random)],
  [
    5,
    (random) => ({
      plan: one(random, PLANS),
      billing_cycle: chance(random, 0.7) ? 'monthly' : 'yearly',
      seats: integer(random, 1, 250),
      trial_ends_at: isoDate(random, 2024, 2026),
    }),
  ],
  [5, (random) => ({ address: address(random) })],
  [
    2,
    (random) => ({
      ...crmRecord(random),
      address: address(random),
      last_orders: Array.from({ length: integer(random, 1, 5) }, () => `ORD-${digits(random, 8)}`),
      notes: one(random, NOTES),
      gdpr_consent: { newsletter: chance(random, 0.5), profiling: chance(random, 0.2), given_at: isoDate(random, 2020, 2025) },
    }),
  ],
  [
    6,
    (random) =>
      // Some integrations store a serialised object in the string form; it stays a string.
      chance(random, 0.3) ? JSON.stringify({ legacy_id: integer(random, 1, 999_999) }) : one(random, FREE_TEXT),
  ],
  [4, (random) => tags(random, 4)],
])

/**
 * One customer's fields as a create request would carry them: absent fields are left out (never null), so the
 * result also serves as a realistic POST body. Pass createSeededRandom(seed) for the same fields every run.
 */
export function randomCustomerFields(random: RandomSource = Math.random): CustomerFields {
  const person = randomPerson(random)
  const style = pickNameStyle(random)
  const fields: CustomerFields = {}
  const name = customerName(random, person, style)
  if (name !== undefined) fields.name = name
  // Guests check out with an email and nothing else, so an address is far more common than a name.
  if (chance(random, 0.93)) fields.email = email(random, person, style)
  const chosenLocale = locale(random, person.culture)
  if (chosenLocale !== undefined) fields.locale = chosenLocale
  const metadata = pickMetadata(random)
  if (metadata) fields.metadata = metadata(random)
  return fields
}
