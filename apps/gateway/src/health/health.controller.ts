import { Controller, Get, HttpException, HttpStatus, Inject } from '@nestjs/common';
import { redisAnswers } from '@tradewire/jobs';
import { DataSource } from 'typeorm';
import { Public } from '../auth/api-key.guard';
import { DATA_SOURCE, REDIS_URL } from '../tokens';

@Controller('health')
export class HealthController {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource, @Inject(REDIS_URL) private readonly redisUrl: string) {}

  /** 200 when PostgreSQL and Redis answer, 503 naming the one that does not. */
  @Get()
  @Public()
  async health(): Promise<{ status: 'ok'; postgres: 'up'; redis: 'up' }> {
    const postgres = await this.dataSource.query('SELECT 1').then(() => 'up' as const, () => 'down' as const);
    const redis = (await redisAnswers(this.redisUrl)) ? ('up' as const) : ('down' as const);
    if (postgres === 'down' || redis === 'down') throw new HttpException({ status: 'down', postgres, redis }, HttpStatus.SERVICE_UNAVAILABLE);
    return { status: 'ok', postgres, redis };
  }
}
