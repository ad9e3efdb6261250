import { join } from 'path';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '@tradewire/config';
import { createLogger } from '@tradewire/logging';
import { ApiKeys } from '@tradewire/persistence';
import { startPipeline, startServices, startTransports, untilStopped } from '@tradewire/pipeline';
import { expiringPartnerCertificates, loadAs2Identity } from '@tradewire/transport';
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
  const pipeline = startPipeline({ ...services, redisUrl: config.redis.url, prefix: config.redis.prefix, lockMs: config.redis.lockMs, logger, ...(config.gs1CompanyPrefix ? { gs1CompanyPrefix: config.gs1CompanyPrefix } : {}) });
  const as2Identity = config.as2 === undefined ? undefined : await loadAs2Identity(config.as2);
  const transports = startTransports({
    ...services, queues: pipeline.queues, redisUrl: config.redis.url, prefix: config.redis.prefix, lockMs: config.redis.lockMs,
    sftp: config.sftp, maxDocumentBytes: config.limits.maxDocumentBytes, logger,
    ...(as2Identity === undefined ? {} : { as2: { identity: as2Identity, ...(config.as2?.asyncMdnUrl ? { asyncMdnUrl: config.as2.asyncMdnUrl } : {}) } }),
  });
  await transports.syncSchedules();
  const as2PreviousIdentity = config.as2?.previous === undefined ? undefined : await loadAs2Identity(config.as2.previous);
  await warnExpiringCertificates(services.profiles.list());
  const app = await createGatewayApp(
    {
      dataSource: services.dataSource, queues: pipeline.queues, profiles: services.profiles, redisUrl: config.redis.url, redisPrefix: config.redis.prefix, sftpConnectTimeoutMs: config.sftp.connectTimeoutMs, consoleDir: join(__dirname, 'console'),
      as2Identity, as2PreviousIdentity, logger,
    },
    config.http.maxBodyBytes,
  );
  await app.listen(config.http.port, '127.0.0.1');
  logger.info(`API at http://127.0.0.1:${config.http.port} (description: /openapi.json; health: /health; metrics: /metrics; ops console: /console); workers running`);
  await untilStopped();
  await app.close();
  await transports.close();
  await pipeline.close();
  await services.dataSource.destroy();
  return 0;
}

/** Partner AS2 certificates that expire within 30 days (or have, or cannot be read): ops must renew them. */
async function warnExpiringCertificates(profiles: Parameters<typeof expiringPartnerCertificates>[0]): Promise<void> {
  const { expiring, unreadable } = await expiringPartnerCertificates(profiles, new Date(), 30);
  for (const c of expiring) {
    process.stdout.write(`gateway: AS2 certificate of ${c.partnerId} (${c.subject.replace(/\n/g, ', ')}, serial ${c.serialNumber}) ${c.daysLeft < 0 ? 'has expired' : `expires in ${c.daysLeft} days`} (${c.notAfter.toISOString()})\n`);
  }
  for (const u of unreadable) process.stdout.write(`gateway: AS2 certificates of ${u.partnerId} cannot be read: ${u.reason}\n`);
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
