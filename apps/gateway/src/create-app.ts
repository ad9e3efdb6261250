import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { json, raw } from 'express';
import { defaultLogger } from '@tradewire/logging';
import { AppModule, GatewayDependencies } from './app.module';
import { nestLogger, requestLogging } from './logging/request-logging';

/** The Nest application with the body limits: EDI uploads as raw bytes up to `maxBodyBytes`, nothing parsed as JSON beyond 1 MiB. */
export async function createGatewayApp(deps: GatewayDependencies, maxBodyBytes: number): Promise<INestApplication> {
  const logger = deps.logger ?? defaultLogger();
  const app = await NestFactory.create(AppModule.with(deps), { logger: nestLogger(logger), bodyParser: false });
  app.use(requestLogging(logger));
  // AS2 (RFC 4130) bodies are S/MIME of any content type and must stay byte-exact: never parsed.
  app.use('/as2', raw({ type: () => true, limit: maxBodyBytes }));
  app.use(raw({ type: ['application/octet-stream', 'application/edi-x12', 'text/plain'], limit: maxBodyBytes }));
  app.use(json({ limit: '1mb' }));
  // A body over the limit is the client's mistake: answer 413 here rather than let it reach Nest as a server error.
  app.use((err: { type?: string; status?: number }, _req: unknown, res: { status(code: number): { json(body: object): void } }, next: (e?: unknown) => void) => {
    if (err?.type === 'entity.too.large') return res.status(413).json({ statusCode: 413, message: `the body is larger than ${maxBodyBytes} bytes` });
    next(err);
  });
  app.enableShutdownHooks();
  return app;
}
