import { ConflictException, Controller, Get, HttpCode, Inject, NotFoundException, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { AsyncMdnRecord } from '@tradewire/persistence';
import { Request, Response } from 'express';
import { actorOf, As2SignatureAuthenticated, AuthenticatedRequest, Roles } from '../auth/api-key.guard';
import { AS2_RECEIVER } from '../tokens';
import { As2Attention, As2Receiver, As2Reply } from './as2-receiver';

/**
 * The partners' AS2 endpoints. They carry no API key: a partner proves who it is by the signature
 * over the message (RFC 4130 §2.4.1), checked against its profile's certificates.
 */
@Controller('as2')
export class As2Controller {
  constructor(@Inject(AS2_RECEIVER) private readonly receiver: As2Receiver) {}

  @Post('inbound')
  @As2SignatureAuthenticated()
  async inbound(@Req() request: Request, @Res() response: Response): Promise<void> {
    send(response, await this.receiver.receive(request.headers, bodyOf(request)));
  }

  @Post('mdn')
  @As2SignatureAuthenticated()
  async mdn(@Req() request: Request, @Res() response: Response): Promise<void> {
    send(response, await this.receiver.receiveMdn(request.headers, bodyOf(request)));
  }
}

@Controller('as2')
export class As2OpsController {
  constructor(@Inject(AS2_RECEIVER) private readonly receiver: As2Receiver) {}

  /** For ops, with an API key: partner certificates near expiry, asynchronous MDNs overdue, and ours that failed or were refused. */
  @Get('attention')
  @Roles('ops', 'onboarding', 'read-only')
  attention(@Req() request: AuthenticatedRequest): Promise<As2Attention> {
    return this.receiver.attention(new Date(), request.principal?.partnerId ?? null);
  }

  /** An asynchronous MDN of ours that failed goes again, as a new job with the job's own retries; 409 when it is not failed. */
  @Post('mdns/:id/retry')
  @HttpCode(202)
  @Roles('ops')
  async retryMdn(@Param('id', new ParseUUIDPipe()) id: string, @Req() request: AuthenticatedRequest): Promise<AsyncMdnRecord> {
    const outcome = await this.receiver.retryAsyncMdn(id, actorOf(request), request.principal?.partnerId ?? null);
    if (!outcome.found) throw new NotFoundException(`no asynchronous MDN ${id}`);
    if (!outcome.retried) throw new ConflictException(`asynchronous MDN ${id} is ${outcome.mdn.status}, not failed`);
    return outcome.mdn;
  }
}

/** The raw bytes (create-app.ts parses nothing under /as2). */
function bodyOf(request: Request): Buffer {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}

function send(response: Response, reply: As2Reply): void {
  response.status(reply.status).set(reply.headers).send(reply.body);
}
