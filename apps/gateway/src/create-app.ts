import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { raw } from 'express';
import { AppModule, GatewayDependencies } from './app.module';

/** The Nest application with the body limits: EDI uploads as raw bytes up to `maxBodyBytes`, nothing parsed as JSON beyond 1 MiB. */
export async function createGatewayApp(deps: GatewayDependencies, maxBodyBytes: number): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.with(deps), { logger: ['error', 'warn'], bodyParser: false });
  app.use(raw({ type: ['application/octet-stream', 'application/edi-x12', 'text/plain'], limit: maxBodyBytes }));
  app.enableShutdownHooks();
  return app;
}
