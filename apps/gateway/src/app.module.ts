import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Queue } from 'bullmq';
import { QueueName } from '@tradewire/jobs';
import { defaultLogger, Logger } from '@tradewire/logging';
import { createMetrics } from '@tradewire/metrics';
import { DataSource } from 'typeorm';
import { As2Identity } from '@tradewire/transport';
import { As2Module } from './as2/as2.module';
import { As2ReceiverDependencies } from './as2/as2-receiver';
import { ApiKeyGuard } from './auth/api-key.guard';
import { ConsoleController } from './console/console.controller';
import { DocumentsController } from './documents/documents.controller';
import { DocumentTrailController } from './documents/document-trail.controller';
import { ProfileLookup } from './documents/profile-lookup';
import { HealthController } from './health/health.controller';
import { InventoryController } from './inventory/inventory.controller';
import { OpenApiController } from './openapi/openapi.controller';
import { PartnersController } from './partners/partners.controller';
import { OrdersController } from './orders/orders.controller';
import { ExpectationsController } from './expectations/expectations.controller';
import { QueuesController } from './queues/queues.controller';
import { ChannelsController } from './channels/channels.controller';
import { RateLimiter } from './auth/rate-limit';
import { MetricsController } from './metrics/metrics.controller';
import { CONSOLE_DIR, DATA_SOURCE, LOGGER, METRICS, PROFILES, QUEUES, RATE_LIMITER, REDIS_URL, SFTP_SESSIONS } from './tokens';
import { DeliveriesController } from './transports/deliveries.controller';
import { SftpMailboxesController } from './transports/sftp-mailboxes.controller';

export interface GatewayDependencies {
  readonly dataSource: DataSource;
  readonly queues: Readonly<Record<QueueName, Queue>>;
  readonly profiles: ProfileLookup;
  readonly redisUrl: string;
  /** Keeps this deployment's keys in Redis apart (QUEUE_PREFIX): the shared rate-limit buckets live under it. */
  readonly redisPrefix: string;
  /** Requests per minute per API key (default 600). */
  readonly requestsPerMinute?: number;
  /** How long ops' SFTP connection test may take to connect and log in (SFTP_CONNECT_TIMEOUT_MS; default 20 s). */
  readonly sftpConnectTimeoutMs?: number;
  /** Where the built ops console is (dist/apps/gateway/console); without it /console answers 404. */
  readonly consoleDir?: string;
  /** Our AS2 key and certificate (AS2_PRIVATE_KEY, AS2_CERTIFICATE); without them /as2/* answers 503. */
  readonly as2Identity?: As2Identity;
  /** Our previous AS2 key and certificate during our own rollover (AS2_PREVIOUS_*): decrypts only. */
  readonly as2PreviousIdentity?: As2Identity;
  /** The retries of the `send-mdn` jobs the AS2 receiver queues, when not jobs.ts's default (tests make them short). */
  readonly as2AsyncMdnRetries?: As2ReceiverDependencies['asyncMdnRetries'];
  /** Request lines and documents received, as JSON (default: LOG_LEVEL's logger, silent under Jest). */
  readonly logger?: Logger;
}

/** The gateway's HTTP API, built around connections the caller owns (main.ts in production, the tests otherwise). */
@Module({})
export class AppModule {
  static with(deps: GatewayDependencies): DynamicModule {
    return {
      module: AppModule,
      imports: [As2Module.with({ dataSource: deps.dataSource, queues: deps.queues, profiles: deps.profiles, identity: deps.as2Identity, previousIdentity: deps.as2PreviousIdentity, asyncMdnRetries: deps.as2AsyncMdnRetries })],
      controllers: [
        HealthController, OpenApiController, PartnersController, DocumentsController, DocumentTrailController, InventoryController, OrdersController, ExpectationsController,
        ChannelsController, SftpMailboxesController, DeliveriesController, QueuesController, ConsoleController, MetricsController,
      ],
      providers: [
        { provide: DATA_SOURCE, useValue: deps.dataSource },
        { provide: QUEUES, useValue: deps.queues },
        { provide: PROFILES, useValue: deps.profiles },
        { provide: REDIS_URL, useValue: deps.redisUrl },
        { provide: SFTP_SESSIONS, useValue: { connectTimeoutMs: deps.sftpConnectTimeoutMs ?? 20_000 } },
        { provide: CONSOLE_DIR, useValue: deps.consoleDir ?? null },
        { provide: RATE_LIMITER, useFactory: () => new RateLimiter(deps.redisUrl, deps.redisPrefix, deps.requestsPerMinute ?? 600) },
        { provide: LOGGER, useValue: deps.logger ?? defaultLogger() },
        { provide: METRICS, useFactory: () => createMetrics({ dataSource: deps.dataSource, queues: deps.queues }) },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
      ],
    };
  }
}
