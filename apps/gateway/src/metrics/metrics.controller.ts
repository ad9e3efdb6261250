import { Controller, ForbiddenException, Get, Header, Inject, Req, ServiceUnavailableException } from '@nestjs/common';
import { Registry } from 'prom-client';
import { GatewayMetrics } from '@tradewire/metrics';
import { AuthenticatedRequest, Roles } from '../auth/api-key.guard';
import { METRICS } from '../tokens';

/**
 * Prometheus metrics (text format) for the whole deployment, read at scrape time: scrape with an API
 * key of role ops or read-only (Prometheus `authorization: { credentials: <key> }`). The figures cover
 * every partner, so a partner-scoped key is refused.
 */
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS) private readonly metrics: GatewayMetrics) {}

  @Get()
  @Roles('ops', 'read-only')
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  async scrape(@Req() request: AuthenticatedRequest): Promise<string> {
    if (request.principal?.partnerId) throw new ForbiddenException('metrics cover every partner: use a key that is not scoped to one');
    try {
      return await this.metrics.render();
    } catch (e) {
      throw new ServiceUnavailableException(`metrics could not be read: ${(e as Error).message}`);
    }
  }
}
