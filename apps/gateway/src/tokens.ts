/** Injection tokens for what the gateway is started with (explicit tokens: no reliance on emitted type metadata). */
export const DATA_SOURCE = Symbol('DATA_SOURCE');
export const QUEUES = Symbol('QUEUES');
export const PROFILES = Symbol('PROFILES');
export const REDIS_URL = Symbol('REDIS_URL');
export const RATE_LIMITER = Symbol('RATE_LIMITER');
/** How the gateway's own SFTP sessions (ops' connection test) connect: { connectTimeoutMs }. */
export const SFTP_SESSIONS = Symbol('SFTP_SESSIONS');
export const CONSOLE_DIR = Symbol('CONSOLE_DIR');
export const AS2_RECEIVER = Symbol('AS2_RECEIVER');
/** The gateway's pino logger (request lines, documents received). */
export const LOGGER = Symbol('LOGGER');
/** This app instance's metrics registry (GET /metrics). */
export const METRICS = Symbol('METRICS');
