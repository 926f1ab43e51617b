/**
 * Configuration: environment variables, overridden by `clientele serve` flags, checked against one schema at
 * start. Each setting is declared once, in SETTINGS, with its variable, flag, default, meaning, schema and the rule
 * a bad value is told; the Config type, --help and the README's table follow from it.
 */
import Type, { type Static, type TOptional, type TSchema } from 'typebox'
import { Compile } from 'typebox/compile'

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export const SWITCHES = ['on', 'off'] as const
export const RECURRING_STATUSES = ['pending', 'paid'] as const

/** One setting: its key in Config, environment variable, `serve` flag, default, meaning, schema and rule. */
interface Setting<Key extends string = string, Schema extends TSchema = TSchema> {
  key: Key
  env: string
  flag: string
  default: string | undefined
  /** What it does, for --help and the README's table. */
  help: string
  /** The value's type and limits; optional settings have no default. */
  schema: Schema
  /** What a refused value is told, after "VARIABLE is invalid: ". */
  rule: string
}

function setting<const Key extends string, Schema extends TSchema, const Default extends string | undefined>(
  entry: Setting<Key, Schema> & { default: Default },
): Setting<Key, Schema> & { default: Default } {
  return entry
}

const PORT = Type.Integer({ minimum: 0, maximum: 65535 })
const PORT_RULE = 'it must be a port number from 0 to 65535.'
const MILLISECONDS_RULE = (minimum: number) => `it must be a number of milliseconds, at least ${minimum}.`

/**
 * Every setting, declared once: the Config type and its schema, the CLI's flags and --help, the messages for bad
 * values and the README's configuration table all follow from this table.
 */
export const SETTINGS = [
  setting({ key: 'port', env: 'PORT', flag: 'port', default: '8080', help: 'HTTP port to listen on (0: any free port).', schema: PORT, rule: PORT_RULE }),
  setting({ key: 'host', env: 'HOST', flag: 'host', default: '127.0.0.1', help: 'Address to listen on; 0.0.0.0 for all.', schema: Type.String({ minLength: 1 }), rule: 'it must not be empty.' }),
  setting({ key: 'tlsCert', env: 'TLS_CERT', flag: 'tls-cert', default: undefined, help: 'PEM certificate (chain) file: also serve HTTPS.', schema: Type.String({ minLength: 1 }), rule: 'it must not be empty.' }),
  setting({ key: 'tlsKey', env: 'TLS_KEY', flag: 'tls-key', default: undefined, help: 'PEM private key file for TLS_CERT.', schema: Type.String({ minLength: 1 }), rule: 'it must not be empty.' }),
  setting({ key: 'tlsPort', env: 'TLS_PORT', flag: 'tls-port', default: '8443', help: 'HTTPS port, when TLS_CERT and TLS_KEY are set.', schema: PORT, rule: PORT_RULE }),
  setting({ key: 'databaseUrl', env: 'DATABASE_URL', flag: 'database-url', default: 'sqlite:./data/clientele.sqlite', help: '`sqlite:<file>`, `sqlite::memory:` (throwaway) or `postgres://user:pass@host:5432/db?sslmode=…`.', schema: Type.String({ minLength: 1 }), rule: 'it must not be empty.' }),
  setting({ key: 'databasePoolSize', env: 'DATABASE_POOL_SIZE', flag: 'database-pool-size', default: '10', help: 'PostgreSQL connections per process.', schema: Type.Integer({ minimum: 1, maximum: 1000 }), rule: 'it must be a whole number from 1 to 1000.' }),
  setting({ key: 'databaseStatementTimeoutMs', env: 'DATABASE_STATEMENT_TIMEOUT_MS', flag: 'database-statement-timeout-ms', default: '10000', help: 'PostgreSQL: longest a statement may run.', schema: Type.Integer({ minimum: 100, maximum: 3_600_000 }), rule: MILLISECONDS_RULE(100) }),
  setting({ key: 'databaseConnectTimeoutMs', env: 'DATABASE_CONNECT_TIMEOUT_MS', flag: 'database-connect-timeout-ms', default: '5000', help: 'PostgreSQL: longest wait for a connection; then 503.', schema: Type.Integer({ minimum: 100, maximum: 600_000 }), rule: MILLISECONDS_RULE(100) }),
  setting({ key: 'rateLimitPerSecond', env: 'RATE_LIMIT_PER_SECOND', flag: 'rate-limit-per-second', default: '1000', help: 'Cost units per second per key and process, API and dashboard together (a read costs 1, a write 3, a list page 1 plus 1 per 5 items it returned), then 429 with Retry-After; 0 switches it off.', schema: Type.Integer({ minimum: 0, maximum: 1_000_000 }), rule: 'it must be a whole number of cost units per second, 0 to switch the limit off.' }),
  setting({ key: 'addressLimitPerSecond', env: 'ADDRESS_LIMIT_PER_SECOND', flag: 'address-limit-per-second', default: '20', help: 'Refused keys (401s) per second per client address and process; beyond it, requests from that address with a key not seen working get 429 without a database lookup; 0 switches it off.', schema: Type.Integer({ minimum: 0, maximum: 1_000_000 }), rule: 'it must be a whole number of refusals per second, 0 to switch the limit off.' }),
  setting({ key: 'maxConnections', env: 'MAX_CONNECTIONS', flag: 'max-connections', default: '4096', help: 'Open connections per process; more are refused at once (and logged). Put a proxy with per-client limits in front of a shared deployment.', schema: Type.Integer({ minimum: 1, maximum: 1_000_000 }), rule: 'it must be a whole number of connections, at least 1.' }),
  setting({ key: 'requestTimeoutMs', env: 'REQUEST_TIMEOUT_MS', flag: 'request-timeout-ms', default: '30000', help: 'The longest a client may take to send a request.', schema: Type.Integer({ minimum: 1000, maximum: 3_600_000 }), rule: MILLISECONDS_RULE(1000) }),
  setting({ key: 'workers', env: 'WORKERS', flag: 'workers', default: '1', help: 'Server processes (node:cluster) sharing the port; one per core is a good start.', schema: Type.Integer({ minimum: 1, maximum: 256 }), rule: 'it must be a whole number from 1 to 256.' }),
  setting({ key: 'publicUrl', env: 'PUBLIC_URL', flag: 'public-url', default: undefined, help: 'Base of absolute `_links` (behind a proxy, say). Default: from HOST and PORT.', schema: Type.String({ pattern: '^https?://[^/?#]+(/[^?#]*)?$' }), rule: 'it must be an http:// or https:// URL without query or fragment, e.g. https://clientele.example.com.' }),
  setting({ key: 'logLevel', env: 'LOG_LEVEL', flag: 'log-level', default: 'info', help: `${LOG_LEVELS.join(', ')}; debug also logs every request.`, schema: Type.Enum(LOG_LEVELS), rule: `it must be one of ${LOG_LEVELS.join(', ')}.` }),
  setting({ key: 'testKey', env: 'CLIENTELE_TEST_KEY', flag: 'test-key', default: undefined, help: 'A test_ key to accept for the default organization (CI, scripts).', schema: Type.String({ pattern: '^test_[0-9A-Za-z]{30}$' }), rule: "it must be a Mollie-format key: 'test_' and 30 letters or digits." }),
  setting({ key: 'liveKey', env: 'CLIENTELE_LIVE_KEY', flag: 'live-key', default: undefined, help: 'A live_ key to accept for the default organization.', schema: Type.String({ pattern: '^live_[0-9A-Za-z]{30}$' }), rule: "it must be a Mollie-format key: 'live_' and 30 letters or digits." }),
  setting({ key: 'recurringPaymentStatus', env: 'RECURRING_PAYMENT_STATUS', flag: 'recurring-payment-status', default: 'pending', help: 'Test-mode recurring payments begin `pending` (as on Mollie: settle them at their changePaymentState page or /_clientele) or `paid` (settled at once, for suites without a browser).', schema: Type.Enum(RECURRING_STATUSES), rule: `it must be one of ${RECURRING_STATUSES.join(', ')}.` }),
  setting({ key: 'testSubscriptionPaymentLimit', env: 'TEST_SUBSCRIPTION_PAYMENT_LIMIT', flag: 'test-subscription-payment-limit', default: '10', help: "Test-mode subscriptions are canceled after this many payments, as Mollie's are after 10; 0: never.", schema: Type.Integer({ minimum: 0, maximum: 1_000_000 }), rule: 'it must be a whole number of payments, 0 for no limit.' }),
  setting({ key: 'webhookAllowPrivate', env: 'WEBHOOK_ALLOW_PRIVATE', flag: 'webhook-allow-private', default: 'off', help: 'on: live-mode payments may have webhook URLs on private and loopback addresses (test mode always may).', schema: Type.Enum(SWITCHES), rule: `it must be one of ${SWITCHES.join(', ')}.` }),
  setting({ key: 'metrics', env: 'METRICS', flag: 'metrics', default: 'off', help: 'on: serve Prometheus metrics at /_clientele/metrics.', schema: Type.Enum(SWITCHES), rule: `it must be one of ${SWITCHES.join(', ')}.` }),
  setting({ key: 'webhookRetryScale', env: 'WEBHOOK_RETRY_SCALE', flag: 'webhook-retry-scale', default: '1', help: "Scales every wait of Mollie's webhook retry schedule (1: Mollie's, 1 min … 22 h; 0.001: 1000× shorter, for tests).", schema: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }), rule: "it must be a decimal number greater than 0 and at most 1000, e.g. 1 (Mollie's schedule) or 0.001." }),
  setting({ key: 'webhookTimeoutMs', env: 'WEBHOOK_TIMEOUT_MS', flag: 'webhook-timeout-ms', default: '15000', help: "How long a webhook receiver has to answer (Mollie's: 15 s); later is a failed attempt.", schema: Type.Integer({ minimum: 100, maximum: 600_000 }), rule: MILLISECONDS_RULE(100) }),
  setting({ key: 'webhookPollIntervalMs', env: 'WEBHOOK_POLL_INTERVAL_MS', flag: 'webhook-poll-interval-ms', default: '1000', help: "How often each process looks for webhooks due that it was not woken for (other instances', retries).", schema: Type.Integer({ minimum: 10, maximum: 3_600_000 }), rule: MILLISECONDS_RULE(10) }),
  setting({ key: 'metricsToken', env: 'METRICS_TOKEN', flag: 'metrics-token', default: undefined, help: 'With METRICS=on: the metrics answer only Authorization: Bearer <token> (16+ characters).', schema: Type.String({ pattern: '^[\\x21-\\x7e]{16,256}$' }), rule: 'it must be 16 to 256 printable ASCII characters, without spaces.' }),
] as const

type Settings = (typeof SETTINGS)[number]
type ConfigProperties = {
  [S in Settings as S['key']]: S['default'] extends string ? S['schema'] : TOptional<S['schema']>
}

/** The configuration's schema, from the table: a setting without a default is optional. */
export const ConfigSchema = Type.Object(
  Object.fromEntries(
    SETTINGS.map((entry) => [entry.key, entry.default === undefined ? Type.Optional(entry.schema) : entry.schema]),
  ) as ConfigProperties,
)
export type Config = Static<typeof ConfigSchema>

export class ConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

const checkConfig = Compile(ConfigSchema)

/**
 * The configuration from `env`, with `flags` (by flag name, as parseArgs returns them) taking precedence.
 * Throws ConfigError naming the variable at fault.
 */
export function loadConfig(env: NodeJS.ProcessEnv, flags: Record<string, string | undefined> = {}): Config {
  const raw: Record<string, unknown> = {}
  for (const setting of SETTINGS) {
    const text = flags[setting.flag] ?? nonEmpty(env[setting.env]) ?? setting.default
    if (text === undefined) continue
    const type = (setting.schema as { type?: string }).type
    if (type === 'integer') {
      if (!/^\d{1,9}$/.test(text)) throw new ConfigError(`${setting.env} is invalid: ${setting.rule}`)
      raw[setting.key] = Number(text)
    } else if (type === 'number') {
      // A plain decimal (`0.001`, `2`, `.5`): no sign, exponent, hex or Infinity; the schema checks the range.
      if (!/^(?:\d{1,9}(?:\.\d{1,9})?|\.\d{1,9})$/.test(text)) throw new ConfigError(`${setting.env} is invalid: ${setting.rule}`)
      raw[setting.key] = Number(text)
    } else {
      raw[setting.key] = text
    }
  }
  if (!checkConfig.Check(raw)) {
    const [error] = checkConfig.Errors(raw)
    const key = error?.instancePath.split('/')[1]
    const setting = SETTINGS.find((candidate) => candidate.key === key)
    throw new ConfigError(`${setting?.env ?? 'Configuration'} is invalid: ${setting?.rule ?? 'it must not be empty.'}`)
  }
  if ((raw.tlsCert === undefined) !== (raw.tlsKey === undefined)) {
    throw new ConfigError('TLS_CERT and TLS_KEY go together: set both to serve HTTPS, or neither.')
  }
  if (raw.metricsToken !== undefined && raw.metrics !== 'on') {
    throw new ConfigError('METRICS_TOKEN protects the metrics, which are off: set METRICS=on too, or drop METRICS_TOKEN.')
  }
  return raw
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value
}

/** The base of absolute links: PUBLIC_URL, else the address we listen on (a wildcard host shown as loopback). */
export function publicUrlOf(config: Config, port: number, tlsPort?: number): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, '')
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host === '::' ? '::1' : config.host
  const shownHost = host.includes(':') ? `[${host}]` : host
  return tlsPort === undefined ? `http://${shownHost}:${port}` : `https://${shownHost}:${tlsPort}`
}
