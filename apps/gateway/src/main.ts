import { join } from 'path';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '@tradewire/config';
import { createLogger } from '@tradewire/logging';
import { ApiKeys } from '@tradewire/persistence';
import { startPipeline, startServices, startTransports, untilStopped } from '@tradewire/pipeline';
import { createGatewayApp } from './create-app';

/**
 * `npm start`: the gateway's HTTP API and the pipeline's workers in one process, against PostgreSQL
 * and Redis (DATABASE_URL, REDIS_URL). More workers: `npm run worker`, here or on other machines.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  const logger = createLogger(config.logging, undefined, 'gateway');
  const services = await startServices(config, join(__dirname, '..', '..', '..'), (line) => (line.startsWith('cannot reach') ? logger.error(line) : logger.info(line)));
  if (services === null) return 1;
  await printBootstrapKey(services.dataSource);
  const pipeline = startPipeline({ ...services, redisUrl: config.redis.url, prefix: config.redis.prefix, lockMs: config.redis.lockMs, logger });
  const transports = startTransports({
    ...services, queues: pipeline.queues, redisUrl: config.redis.url, prefix: config.redis.prefix, lockMs: config.redis.lockMs,
    sftp: config.sftp, maxDocumentBytes: config.limits.maxDocumentBytes, logger,
  });
  await transports.syncSchedules();
  const app = await createGatewayApp(
    { dataSource: services.dataSource, queues: pipeline.queues, profiles: services.profiles, redisUrl: config.redis.url, redisPrefix: config.redis.prefix, sftpConnectTimeoutMs: config.sftp.connectTimeoutMs, logger },
    config.http.maxBodyBytes,
  );
  await app.listen(config.http.port, '127.0.0.1');
  logger.info(`API at http://127.0.0.1:${config.http.port} (description: /openapi.json; health: /health; metrics: /metrics); workers running`);
  await untilStopped();
  await app.close();
  await transports.close();
  await pipeline.close();
  await services.dataSource.destroy();
  return 0;
}

/** On a database with no API key yet, creates an admin key and shows it once: a newcomer can call the API. */
async function printBootstrapKey(dataSource: DataSource): Promise<void> {
  const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM api_keys`);
  if (count > 0) return;
  const { key } = await new ApiKeys(dataSource).create('bootstrap admin', 'admin');
  process.stdout.write(`gateway: created the first API key (admin), shown only now: ${key}\n`);
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(e instanceof ConfigError ? `gateway: ${e.message}\n` : `gateway: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
