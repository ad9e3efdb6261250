/**
 * The one place that reads process.env (STYLE.md). Everything is validated once at start-up; a bad
 * configuration fails listing every bad variable, not the first.
 */
export interface DatabaseConfig {
  readonly url: string;
}

export interface RedisConfig {
  readonly url: string;
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

export interface GatewayConfig {
  readonly database: DatabaseConfig;
  readonly redis: RedisConfig;
  readonly http: HttpConfig;
  readonly limits: LimitsConfig;
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
    database: { url: url('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/postgres', ['postgres:', 'postgresql:']) },
    redis: { url: url('REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']) },
    http: { port: int('PORT', 3000, 1, 65535), maxBodyBytes: int('MAX_BODY_BYTES', 50 * 1024 * 1024, 1024, 2 ** 31 - 1) },
    limits: { maxDocumentBytes: int('MAX_DOCUMENT_BYTES', 100 * 1024 * 1024, 1024, 2 ** 31 - 1) },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
