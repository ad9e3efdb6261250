import { performance } from 'perf_hooks';
import { LoggerService } from '@nestjs/common';
import { Logger } from '@tradewire/logging';

interface LoggedRequest {
  method: string;
  originalUrl: string;
  route?: { path?: string };
  params?: Record<string, string | undefined>;
  principal?: { name: string; role: string };
}

interface LoggedResponse {
  statusCode: number;
  getHeader(name: string): unknown;
  once(event: 'finish' | 'close', listener: () => void): unknown;
}

/** Scrapes and health checks come every few seconds: their lines are debug when they succeed, so info stays readable. */
const QUIET = new Set(['/health', '/metrics']);

/**
 * One line per request when its response is sent: method, route (the pattern, so IDs stay out of the
 * grouping), status, duration, and the API key's name (never the key). An upload's line carries the
 * correlation id it answered with; an operator's action on a document (retry, replay, ignore, reads)
 * carries that document's id.
 */
export function requestLogging(logger: Logger) {
  return (req: LoggedRequest, res: LoggedResponse, next: () => void): void => {
    const started = performance.now();
    let logged = false;
    const log = () => {
      if (logged) return;
      logged = true;
      const path = req.originalUrl.split('?')[0];
      const answered = res.getHeader('x-correlation-id');
      const correlationId = typeof answered === 'string' ? answered : req.route?.path?.startsWith('/documents/:id') ? req.params?.id : undefined;
      const fields = {
        method: req.method, route: req.route?.path ?? path, status: res.statusCode, durationMs: Math.round((performance.now() - started) * 10) / 10,
        ...(req.principal ? { keyName: req.principal.name, role: req.principal.role } : {}),
        ...(typeof correlationId === 'string' ? { correlationId } : {}),
      };
      const level = res.statusCode >= 500 ? 'error' : QUIET.has(path) && res.statusCode < 400 ? 'debug' : 'info';
      logger[level](fields, 'request');
    };
    res.once('finish', log);
    res.once('close', log);
    next();
  };
}

/** Nest's own messages (start-up, exceptions it catches) as JSON lines on the same logger. */
export function nestLogger(logger: Logger): LoggerService {
  const line = (level: 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'fatal') => (message: unknown, ...rest: unknown[]) => {
    // Nest passes (message, context) or, for errors, (message, stack, context).
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? rest[rest.length - 1] : undefined;
    const stack = level === 'error' && rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    logger[level]({ component: 'nest', ...(context === undefined ? {} : { context }), ...(stack === undefined ? {} : { stack }) }, String(message));
  };
  // Nest's own info (routes mapped at start-up) is debug here: dozens of lines per start.
  return { log: line('debug'), error: line('error'), warn: line('warn'), debug: line('debug'), verbose: line('trace'), fatal: line('fatal') };
}
