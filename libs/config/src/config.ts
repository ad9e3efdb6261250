/**
 * The one place that reads process.env (STYLE.md). Everything is validated once at start-up; a bad
 * configuration fails listing every bad variable, not the first.
 */
export interface DatabaseConfig {
  readonly url: string;
  /** PostgreSQL schema to work in (default: the connection's search_path, normally public). */
  readonly schema?: string;
}

export interface RedisConfig {
  readonly url: string;
  /** Key prefix of every queue: two gateways can share one Redis. */
  readonly prefix: string;
  /** How long a worker's lock on a job lasts before another worker may take the job over (a crashed worker's jobs wait this long). */
  readonly lockMs: number;
}

export interface HttpConfig {
  readonly port: number;
  /** Largest request body accepted, in bytes (uploads of EDI files included). */
  readonly maxBodyBytes: number;
}

export interface LimitsConfig {
  /** Largest inbound file accepted by any transport, in bytes. */
  readonly maxDocumentBytes: number;
}

export interface SftpConfig {
  /** Partner mailboxes polled at once by one worker process: a dead server holds one slot, not all. */
  readonly pollConcurrency: number;
  /** Deliveries (all transports) run at once by one worker process. */
  readonly deliveryConcurrency: number;
  /** How long connecting and logging in may take before the attempt counts as failed. */
  readonly connectTimeoutMs: number;
  /** Consecutive connection or login failures after which a partner's circuit opens. */
  readonly failuresBeforeOpen: number;
  /** How long an open circuit stops polling before one trial poll. */
  readonly circuitOpenSeconds: number;
  /** Where downloads are spooled under names of our own before they are stored (default: the OS temp directory). */
  readonly spoolDir?: string;
}

/**
 * Our AS2 identity: where the private key and certificate are (secret references, resolved with
 * resolveSecret when AS2 starts, never held in the configuration itself).
 */
export interface As2Config {
  /** `env:NAME` or `file:/path` of our private key (PEM or DER PKCS#8): signs what we send and our MDNs, decrypts what we receive. */
  readonly privateKey: string;
  /** `env:NAME` or `file:/path` of our certificate (PEM or DER), the one partners encrypt to. */
  readonly certificate: string;
  /** Where partners POST asynchronous MDNs (our public address of POST /as2/mdn); needed to ask for one. */
  readonly asyncMdnUrl?: string;
  /**
   * Our previous key and certificate during our own rollover (AS2_PREVIOUS_PRIVATE_KEY,
   * AS2_PREVIOUS_CERTIFICATE): partners not yet switched still encrypt to it. Used to decrypt only.
   */
  readonly previous?: { readonly privateKey: string; readonly certificate: string };
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LoggingConfig {
  /** LOG_LEVEL; default info, or silent under Jest so test output stays quiet (set LOG_LEVEL to see logs there). */
  readonly level: LogLevel;
}

export interface GatewayConfig {
  readonly database: DatabaseConfig;
  readonly redis: RedisConfig;
  readonly http: HttpConfig;
  readonly limits: LimitsConfig;
  readonly sftp: SftpConfig;
  /** Present when AS2_PRIVATE_KEY and AS2_CERTIFICATE are set: the AS2 endpoints answer only then. */
  readonly as2?: As2Config;
  /** Our GS1 company prefix (GS1_COMPANY_PREFIX, 7-10 digits): ASNs carry SSCCs only when it is set. */
  readonly gs1CompanyPrefix?: string;
  readonly logging: LoggingConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads and checks the gateway's configuration from the environment (defaults: local PostgreSQL and Redis). */
export function loadConfig(env: Env = process.env): GatewayConfig {
  const problems: string[] = [];
  const url = (name: string, fallback: string, protocols: readonly string[]): string => {
    const value = env[name] ?? fallback;
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) problems.push(`${name}: ${parsed.protocol} is not one of ${protocols.join(', ')}`);
    } catch {
      problems.push(`${name}: "${value}" is not a URL`);
    }
    return value;
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) problems.push(`${name}: "${raw}" is not a whole number from ${min} to ${max}`);
    return value;
  };
  const config: GatewayConfig = {
    database: { url: url('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/postgres', ['postgres:', 'postgresql:']), ...schema(env.DATABASE_SCHEMA, problems) },
    redis: {
      url: url('REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
      prefix: word('QUEUE_PREFIX', env.QUEUE_PREFIX ?? 'tradewire', problems),
      lockMs: int('WORKER_LOCK_MS', 30_000, 1_000, 600_000),
    },
    http: { port: int('PORT', 3000, 1, 65535), maxBodyBytes: int('MAX_BODY_BYTES', 50 * 1024 * 1024, 1024, 2 ** 31 - 1) },
    limits: { maxDocumentBytes: int('MAX_DOCUMENT_BYTES', 100 * 1024 * 1024, 1024, 2 ** 31 - 1) },
    ...gs1(env.GS1_COMPANY_PREFIX, problems),
    sftp: {
      pollConcurrency: int('SFTP_POLL_CONCURRENCY', 4, 1, 64),
      deliveryConcurrency: int('SFTP_DELIVERY_CONCURRENCY', 4, 1, 64),
      connectTimeoutMs: int('SFTP_CONNECT_TIMEOUT_MS', 20_000, 1_000, 300_000),
      failuresBeforeOpen: int('SFTP_FAILURES_BEFORE_OPEN', 5, 1, 100),
      circuitOpenSeconds: int('SFTP_CIRCUIT_OPEN_SECONDS', 900, 10, 86_400),
      ...(env.SFTP_SPOOL_DIR ? { spoolDir: absolute('SFTP_SPOOL_DIR', env.SFTP_SPOOL_DIR, problems) } : {}),
    },
    ...as2(env, problems, url),
    logging: { level: logLevel(env, problems) },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

const SECRET_REFERENCE = /^(env:[A-Z_][A-Z0-9_]*|file:\/[^\0]+)$/;

/** AS2_PRIVATE_KEY and AS2_CERTIFICATE (and the AS2_PREVIOUS_ pair): both or neither, each a secret reference (never the key itself). */
function as2(env: Env, problems: string[], url: (name: string, fallback: string, protocols: readonly string[]) => string): { as2?: As2Config } {
  const current = keyPair(env, '', problems);
  const previous = keyPair(env, 'PREVIOUS_', problems);
  if (current === undefined) {
    if (previous !== undefined) problems.push('AS2_PREVIOUS_PRIVATE_KEY: needs AS2_PRIVATE_KEY and AS2_CERTIFICATE too');
    return {};
  }
  const asyncMdnUrl = env.AS2_ASYNC_MDN_URL ? url('AS2_ASYNC_MDN_URL', '', ['http:', 'https:']) : undefined;
  return { as2: { ...current, ...(asyncMdnUrl === undefined ? {} : { asyncMdnUrl }), ...(previous === undefined ? {} : { previous }) } };
}

function keyPair(env: Env, infix: string, problems: string[]): { privateKey: string; certificate: string } | undefined {
  const [keyName, certificateName] = [`AS2_${infix}PRIVATE_KEY`, `AS2_${infix}CERTIFICATE`];
  const privateKey = env[keyName] || undefined;
  const certificate = env[certificateName] || undefined;
  if (privateKey === undefined && certificate === undefined) return undefined;
  for (const [name, value, other] of [[keyName, privateKey, certificateName], [certificateName, certificate, keyName]] as const) {
    if (value === undefined) problems.push(`${name}: needed with ${other}`);
    else if (!SECRET_REFERENCE.test(value)) problems.push(`${name}: a secret reference (env:VARIABLE_NAME or file:/absolute/path), never the secret itself`);
  }
  return { privateKey: privateKey ?? '', certificate: certificate ?? '' };
}

function gs1(value: string | undefined, problems: string[]): { gs1CompanyPrefix?: string } {
  if (value === undefined || value === '') return {};
  if (!/^[0-9]{7,10}$/.test(value)) problems.push(`GS1_COMPANY_PREFIX: "${value}" is not a GS1 company prefix (7 to 10 digits)`);
  return { gs1CompanyPrefix: value };
}

function schema(value: string | undefined, problems: string[]): { schema?: string } {
  if (value === undefined || value === '') return {};
  return { schema: word('DATABASE_SCHEMA', value, problems) };
}

function logLevel(env: Env, problems: string[]): LogLevel {
  const raw = env.LOG_LEVEL;
  if (raw === undefined || raw === '') return env.JEST_WORKER_ID === undefined ? 'info' : 'silent';
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) problems.push(`LOG_LEVEL: "${raw}" is not one of ${LOG_LEVELS.join(', ')}`);
  return raw as LogLevel;
}

function absolute(name: string, value: string, problems: string[]): string {
  if (!value.startsWith('/') || value.includes('\0')) problems.push(`${name}: "${value}" must be an absolute path`);
  return value;
}

/** Names that end up in SQL or Redis keys: letters, digits, dash and underscore only. */
function word(name: string, value: string, problems: string[]): string {
  if (!/^[A-Za-z_][A-Za-z0-9_-]{0,62}$/.test(value)) problems.push(`${name}: "${value}" must be letters, digits, - or _`);
  return value;
}
