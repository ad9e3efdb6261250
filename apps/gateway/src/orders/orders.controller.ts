import { Body, ConflictException, Controller, ForbiddenException, Get, HttpCode, Inject, NotFoundException, Param, Post, Req, Res, UnprocessableEntityException } from '@nestjs/common';
import type { Response } from 'express';
import { Queue } from 'bullmq';
import { QueueName } from '@tradewire/jobs';
import { ChannelAvailabilityService, OrderRefused, OrderService, OrderView, scheduleFollowUps, WAREHOUSE_ORDER_REQUEST } from '@tradewire/pipeline';
import { DataSource } from 'typeorm';
import { actorOf, AuthenticatedRequest, mayAccessPartner, Roles } from '../auth/api-key.guard';
import { ProfileLookup } from '../documents/profile-lookup';
import { DATA_SOURCE, PROFILES, QUEUES } from '../tokens';

/**
 * Warehouse orders: `POST /orders` allocates and releases an order to its 3PL as a 940 (201; the
 * same order again: 200 with what was placed), refusing with 409 what stock does not cover unless
 * the order asks to back-order; cancel sends the 940 cancel and releases the allocation.
 */
@Controller('orders')
export class OrdersController {
  private readonly orders: OrderService;
  private readonly availability: ChannelAvailabilityService;

  constructor(@Inject(DATA_SOURCE) dataSource: DataSource, @Inject(PROFILES) profiles: ProfileLookup, @Inject(QUEUES) private readonly queues: Readonly<Record<QueueName, Queue>>) {
    this.orders = new OrderService(dataSource, profiles);
    this.availability = new ChannelAvailabilityService(dataSource, profiles);
  }

  @Post()
  @Roles('ops')
  async place(@Body() body: unknown, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response): Promise<OrderView> {
    if (request.principal?.partnerId) throw new ForbiddenException('partner-scoped keys cannot place orders');
    const parsed = WAREHOUSE_ORDER_REQUEST.safeParse(body);
    if (!parsed.success) throw new UnprocessableEntityException({ problems: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
    const { created, order, followUps } = await refusals(() => this.orders.place(parsed.data, actorOf(request)));
    await scheduleFollowUps(this.queues, followUps);
    if (created) await this.availability.changed(this.queues);
    response.status(created ? 201 : 200);
    return order;
  }

  @Get(':partnerId/:orderId')
  @Roles('ops', 'onboarding', 'read-only')
  async get(@Param('partnerId') partnerId: string, @Param('orderId') orderId: string, @Req() request: AuthenticatedRequest): Promise<OrderView> {
    const order = mayAccessPartner(request.principal, partnerId) ? await this.orders.get(partnerId, orderId) : null;
    if (order === null) throw new NotFoundException(`no order ${orderId} at ${partnerId}`);
    return order;
  }

  @Post(':partnerId/:orderId/cancel')
  @HttpCode(200)
  @Roles('ops')
  async cancel(@Param('partnerId') partnerId: string, @Param('orderId') orderId: string, @Req() request: AuthenticatedRequest): Promise<OrderView> {
    if (request.principal?.partnerId) throw new ForbiddenException('partner-scoped keys cannot cancel orders');
    const { order, followUps } = await refusals(() => this.orders.cancel(partnerId, orderId, actorOf(request)));
    await scheduleFollowUps(this.queues, followUps);
    await this.availability.changed(this.queues);
    return order;
  }
}

/** Refusals as statuses: unknown order 404, short stock or a shipped order 409, the rest 422 (with the problems). */
async function refusals<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (!(e instanceof OrderRefused)) throw e;
    const body = { code: e.code, message: e.message, detail: e.detail };
    if (e.code === 'NOT_FOUND') throw new NotFoundException(body);
    if (e.code === 'INSUFFICIENT_STOCK' || e.code === 'NOT_CANCELLABLE') throw new ConflictException(body);
    throw new UnprocessableEntityException(body);
  }
}
