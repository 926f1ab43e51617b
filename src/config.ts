/**
 * Configuration: environment variables, overridden by `clientele serve` flags, checked against one schema at
 * start. Each setting is declared once below with its variable, its flag and its meaning; the CLI's --help and
 * the README's table follow from it.
 */
import Type, { type Static } from 'typebox'
import { Compile } from 'typebox/compile'

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export const SWITCHES = ['on', 'off'] as const

export const ConfigSchema = Type.Object({
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  host: Type.String({ minLength: 1 }),
  tlsCert: Type.Optional(Type.String({ minLength: 1 })),
  tlsKey: Type.Optional(Type.String({ minLength: 1 })),
  tlsPort: Type.Integer({ minimum: 0, maximum: 65535 }),
  databaseUrl: Type.String({ minLength: 1 }),
  databasePoolSize: Type.Integer({ minimum: 1, maximum: 1000 }),
  databaseStatementTimeoutMs: Type.Integer({ minimum: 100, maximum: 3_600_000 }),
  databaseConnectTimeoutMs: Type.Integer({ minimum: 100, maximum: 600_000 }),
  workers: Type.Integer({ minimum: 1, maximum: 256 }),
  rateLimitPerSecond: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  requestTimeoutMs: Type.Integer({ minimum: 1000, maximum: 3_600_000 }),
  publicUrl: Type.Optional(Type.String({ pattern: '^https?://[^/?#]+(/[^?#]*)?$' })),
  logLevel: Type.Enum(LOG_LEVELS),
  testKey: Type.Optional(Type.String({ pattern: '^test_[0-9A-Za-z]{30}$' })),
  liveKey: Type.Optional(Type.String({ pattern: '^live_[0-9A-Za-z]{30}$' })),
  metrics: Type.Enum(SWITCHES),
  metricsToken: Type.Optional(Type.String({ pattern: '^[\\x21-\\x7e]{16,256}$' })),
})
export type Config = Static<typeof ConfigSchema>

/** Every setting: its environment variable, its `serve` flag, its default and what it does. */
export const SETTINGS = [
  { key: 'port', env: 'PORT', flag: 'port', default: '8080', help: 'HTTP port to listen on (0: any free port).' },
  { key: 'host', env: 'HOST', flag: 'host', default: '127.0.0.1', help: 'Address to listen on; 0.0.0.0 for all.' },
  { key: 'tlsCert', env: 'TLS_CERT', flag: 'tls-cert', default: undefined, help: 'PEM certificate (chain) file: also serve HTTPS.' },
  { key: 'tlsKey', env: 'TLS_KEY', flag: 'tls-key', default: undefined, help: 'PEM private key file for TLS_CERT.' },
  { key: 'tlsPort', env: 'TLS_PORT', flag: 'tls-port', default: '8443', help: 'HTTPS port, when TLS_CERT and TLS_KEY are set.' },
  { key: 'databaseUrl', env: 'DATABASE_URL', flag: 'database-url', default: 'sqlite:./data/clientele.sqlite', help: '`sqlite:<file>`, `sqlite::memory:` (throwaway) or `postgres://user:pass@host:5432/db?sslmode=…`.' },
  { key: 'databasePoolSize', env: 'DATABASE_POOL_SIZE', flag: 'database-pool-size', default: '10', help: 'PostgreSQL connections per process.' },
  { key: 'databaseStatementTimeoutMs', env: 'DATABASE_STATEMENT_TIMEOUT_MS', flag: 'database-statement-timeout-ms', default: '10000', help: 'PostgreSQL: longest a statement may run.' },
  { key: 'databaseConnectTimeoutMs', env: 'DATABASE_CONNECT_TIMEOUT_MS', flag: 'database-connect-timeout-ms', default: '5000', help: 'PostgreSQL: longest wait for a connection; then 503.' },
  { key: 'rateLimitPerSecond', env: 'RATE_LIMIT_PER_SECOND', flag: 'rate-limit-per-second', default: '1000', help: 'Requests per second per key and process, then 429 with Retry-After; 0 switches it off.' },
  { key: 'requestTimeoutMs', env: 'REQUEST_TIMEOUT_MS', flag: 'request-timeout-ms', default: '30000', help: 'The longest a client may take to send a request.' },
  { key: 'workers', env: 'WORKERS', flag: 'workers', default: '1', help: 'Server processes (node:cluster) sharing the port; one per core is a good start.' },
  { key: 'publicUrl', env: 'PUBLIC_URL', flag: 'public-url', default: undefined, help: 'Base of absolute `_links` (behind a proxy, say). Default: from HOST and PORT.' },
  { key: 'logLevel', env: 'LOG_LEVEL', flag: 'log-level', default: 'info', help: `${LOG_LEVELS.join(', ')}; debug also logs every request.` },
  { key: 'testKey', env: 'CLIENTELE_TEST_KEY', flag: 'test-key', default: undefined, help: 'A test_ key to accept for the default organization (CI, scripts).' },
  { key: 'liveKey', env: 'CLIENTELE_LIVE_KEY', flag: 'live-key', default: undefined, help: 'A live_ key to accept for the default organization.' },
  { key: 'metrics', env: 'METRICS', flag: 'metrics', default: 'off', help: 'on: serve Prometheus metrics at /_clientele/metrics.' },
  { key: 'metricsToken', env: 'METRICS_TOKEN', flag: 'metrics-token', default: undefined, help: 'With METRICS=on: the metrics answer only Authorization: Bearer <token> (16+ characters).' },
] as const satisfies readonly { key: keyof Config; env: string; flag: string; default: string | undefined; help: string }[]

const INTEGER_SETTINGS = new Set<keyof Config>([
  'port',
  'tlsPort',
  'databasePoolSize',
  'databaseStatementTimeoutMs',
  'databaseConnectTimeoutMs',
  'workers',
  'rateLimitPerSecond',
  'requestTimeoutMs',
])

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
    if (INTEGER_SETTINGS.has(setting.key)) {
      if (!/^\d{1,9}$/.test(text)) throw new ConfigError(`${setting.env} is invalid: ${describe(setting.key)}`)
      raw[setting.key] = Number(text)
    } else {
      raw[setting.key] = text
    }
  }
  if (!checkConfig.Check(raw)) {
    const [error] = checkConfig.Errors(raw)
    const key = error?.instancePath.split('/')[1]
    const setting = SETTINGS.find((candidate) => candidate.key === key)
    throw new ConfigError(`${setting?.env ?? 'Configuration'} is invalid: ${describe(setting?.key)}`)
  }
  if ((raw.tlsCert === undefined) !== (raw.tlsKey === undefined)) {
    throw new ConfigError('TLS_CERT and TLS_KEY go together: set both to serve HTTPS, or neither.')
  }
  if (raw.metricsToken !== undefined && raw.metrics !== 'on') {
    throw new ConfigError('METRICS_TOKEN protects the metrics, which are off: set METRICS=on too, or drop METRICS_TOKEN.')
  }
  return raw
}

function describe(key: string | undefined): string {
  switch (key) {
    case 'testKey':
    case 'liveKey':
      return `it must be a Mollie-format key: '${key === 'testKey' ? 'test' : 'live'}_' and 30 letters or digits.`
    case 'publicUrl':
      return 'it must be an http:// or https:// URL without query or fragment, e.g. https://clientele.example.com.'
    case 'logLevel':
      return `it must be one of ${LOG_LEVELS.join(', ')}.`
    case 'port':
    case 'tlsPort':
      return 'it must be a port number from 0 to 65535.'
    case 'databasePoolSize':
      return 'it must be a whole number from 1 to 1000.'
    case 'databaseStatementTimeoutMs':
    case 'databaseConnectTimeoutMs':
      return 'it must be a number of milliseconds, at least 100.'
    case 'workers':
      return 'it must be a whole number from 1 to 256.'
    case 'rateLimitPerSecond':
      return 'it must be a whole number of requests per second, 0 to switch the limit off.'
    case 'requestTimeoutMs':
      return 'it must be a number of milliseconds, at least 1000.'
    case 'metrics':
      return `it must be one of ${SWITCHES.join(', ')}.`
    case 'metricsToken':
      return 'it must be 16 to 256 printable ASCII characters, without spaces.'
    default:
      return 'it must not be empty.'
  }
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
