import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Queue } from 'bullmq';
import { QueueName } from '@tradewire/jobs';
import { DataSource } from 'typeorm';
import { ApiKeyGuard } from './auth/api-key.guard';
import { DocumentsController } from './documents/documents.controller';
import { ProfileLookup } from './documents/profile-lookup';
import { HealthController } from './health/health.controller';
import { InventoryController } from './inventory/inventory.controller';
import { DATA_SOURCE, PROFILES, QUEUES, REDIS_URL } from './tokens';

export interface GatewayDependencies {
  readonly dataSource: DataSource;
  readonly queues: Readonly<Record<QueueName, Queue>>;
  readonly profiles: ProfileLookup;
  readonly redisUrl: string;
}

/** The gateway's HTTP API, built around connections the caller owns (main.ts in production, the tests otherwise). */
@Module({})
export class AppModule {
  static with(deps: GatewayDependencies): DynamicModule {
    return {
      module: AppModule,
      controllers: [HealthController, DocumentsController, InventoryController],
      providers: [
        { provide: DATA_SOURCE, useValue: deps.dataSource },
        { provide: QUEUES, useValue: deps.queues },
        { provide: PROFILES, useValue: deps.profiles },
        { provide: REDIS_URL, useValue: deps.redisUrl },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
      ],
    };
  }
}
