import pino, { DestinationStream, Logger } from 'pino';
import { loadConfig, LoggingConfig } from '@tradewire/config';

export type { Logger } from 'pino';

/**
 * Fields that must never reach a log line, whoever passes them: credentials, keys, and the bytes of a
 * document (raw EDI carries partners' business data). Censored, not dropped, so a mistake shows.
 */
const REDACTED = [
  'authorization', 'password', 'credential', 'secret', 'apiKey', 'key', 'content', 'bytes', 'body',
  '*.authorization', '*.password', '*.credential', '*.secret', '*.apiKey', '*.key', '*.content', '*.bytes', '*.body',
  'headers.authorization', 'headers["x-api-key"]', '*.headers.authorization', '*.headers["x-api-key"]',
];

/**
 * The one logger factory: JSON lines to stdout (or `destination`, for tests), ISO timestamps, the level
 * as a word. Children add fields (`logger.child({ correlationId })`) rather than text to messages, so a
 * document's lines can be found by its id.
 */
export function createLogger(config: LoggingConfig, destination?: DestinationStream, name = 'tradewire'): Logger {
  const options = {
    name,
    level: config.level,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: REDACTED, censor: '[redacted]' },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}

let fallback: Logger | undefined;

/**
 * The logger for code started without one (tests, scripts): LOG_LEVEL from the configuration, which is
 * silent under Jest. The apps create theirs in main.ts and pass it down.
 */
export function defaultLogger(): Logger {
  fallback ??= createLogger(loadConfig().logging);
  return fallback;
}
