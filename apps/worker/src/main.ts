import { join } from 'path';
import { ConfigError, loadConfig } from '@tradewire/config';
import { createLogger } from '@tradewire/logging';
import { startPipeline, startServices, startTransports, untilStopped } from '@tradewire/pipeline';
import { loadAs2Identity } from '@tradewire/transport';

/**
 * `npm run worker`: runs the pipeline's workers against PostgreSQL and Redis (DATABASE_URL,
 * REDIS_URL). Start more of these, on this machine or others, to scale out. Closes gracefully on
 * SIGTERM and SIGINT, letting running jobs finish.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  const logger = createLogger(config.logging, undefined, 'worker');
  const services = await startServices(config, join(__dirname, '..', '..', '..'), (line) => (line.startsWith('cannot reach') ? logger.error(line) : logger.info(line)));
  if (services === null) return 1;
  const pipeline = startPipeline({ ...services, redisUrl: config.redis.url, prefix: config.redis.prefix, lockMs: config.redis.lockMs, logger, ...(config.gs1CompanyPrefix ? { gs1CompanyPrefix: config.gs1CompanyPrefix } : {}) });
  // SFTP polls (one schedule per partner with SFTP) and deliveries: every worker takes its share.
  const transports = startTransports({
    ...services, queues: pipeline.queues, redisUrl: config.redis.url, prefix: config.redis.prefix, lockMs: config.redis.lockMs,
    sftp: config.sftp, maxDocumentBytes: config.limits.maxDocumentBytes, logger,
    ...(config.as2 === undefined ? {} : { as2: { identity: await loadAs2Identity(config.as2), ...(config.as2.asyncMdnUrl ? { asyncMdnUrl: config.as2.asyncMdnUrl } : {}) } }),
  });
  await transports.syncSchedules();
  logger.info(`processing queues at ${config.redis.url} (pid ${process.pid}); Ctrl-C to stop`);
  await untilStopped();
  logger.info('finishing running jobs, then stopping');
  await transports.close();
  await pipeline.close();
  await services.dataSource.destroy();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(e instanceof ConfigError ? `worker: ${e.message}\n` : `worker: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
