import { Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, Req } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomUUID } from 'crypto';
import { DataSource } from 'typeorm';
import { enqueue, QueueName } from '@tradewire/jobs';
import { AuditLog } from '@tradewire/persistence';
import { ConnectionCheck, MailboxState, MailboxStore, SftpEndpoint, SftpSessionOptions, testSftpConnection } from '@tradewire/transport';
import { AuthenticatedRequest, mayAccessPartner, Roles } from '../auth/api-key.guard';
import { ProfileLookup } from '../documents/profile-lookup';
import { DATA_SOURCE, PROFILES, QUEUES, SFTP_SESSIONS } from '../tokens';
import { actorOf } from './actor';

/** A mailbox as ops see it: where it is (never the credential), and its poll state. */
export interface MailboxView extends MailboxState {
  readonly host: string;
  readonly port: number;
  readonly inbound: string;
  readonly outbound: string;
  readonly pollIntervalSeconds: number;
  /** closed: polls run; open: no poll until circuitOpenUntil; half-open: the next poll is the trial. */
  readonly circuit: 'closed' | 'open' | 'half-open';
}

/** Partner SFTP mailboxes: poll state, pause and resume, poll now, connection test; every action audited. */
@Controller('sftp/mailboxes')
export class SftpMailboxesController {
  private readonly mailboxes: MailboxStore;
  private readonly audit: AuditLog;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(QUEUES) private readonly queues: Readonly<Record<QueueName, Queue>>,
    @Inject(PROFILES) private readonly profiles: ProfileLookup,
    @Inject(SFTP_SESSIONS) private readonly sessions: SftpSessionOptions,
  ) {
    this.mailboxes = new MailboxStore(dataSource);
    this.audit = new AuditLog(dataSource);
  }

  @Get()
  @Roles('ops', 'onboarding', 'read-only')
  async list(@Req() request: AuthenticatedRequest): Promise<MailboxView[]> {
    const partners = this.profiles.list().filter((p) => p.transports?.sftp !== undefined && mayAccessPartner(request.principal, p.id));
    return Promise.all(partners.map(async (p) => view(p.transports?.sftp as SftpEndpoint, await this.mailboxes.get(p.id))));
  }

  @Get(':partnerId')
  @Roles('ops', 'onboarding', 'read-only')
  async get(@Param('partnerId') partnerId: string, @Req() request: AuthenticatedRequest): Promise<MailboxView> {
    return view(this.endpoint(partnerId, request), await this.mailboxes.get(partnerId));
  }

  @Post(':partnerId/pause')
  @HttpCode(200)
  @Roles('ops')
  async pause(@Param('partnerId') partnerId: string, @Req() request: AuthenticatedRequest): Promise<MailboxView> {
    return this.setPaused(partnerId, true, request);
  }

  @Post(':partnerId/resume')
  @HttpCode(200)
  @Roles('ops')
  async resume(@Param('partnerId') partnerId: string, @Req() request: AuthenticatedRequest): Promise<MailboxView> {
    return this.setPaused(partnerId, false, request);
  }

  /** Queues a poll now, past any back-off or open circuit (not past a pause); a worker runs it. */
  @Post(':partnerId/poll')
  @HttpCode(202)
  @Roles('ops')
  async poll(@Param('partnerId') partnerId: string, @Req() request: AuthenticatedRequest): Promise<{ queued: true; request: string }> {
    this.endpoint(partnerId, request);
    const id = randomUUID();
    await enqueue(this.queues, 'poll-mailbox', { partnerId, request: id });
    await this.audit.record({ actor: actorOf(request), action: 'sftp poll now', targetType: 'sftp-mailbox', targetId: partnerId, after: { request: id } });
    return { queued: true, request: id };
  }

  /** Logs in, lists the inbound directory, writes and removes a probe file in the outbound one. */
  @Post(':partnerId/test')
  @HttpCode(200)
  @Roles('ops', 'onboarding')
  async test(@Param('partnerId') partnerId: string, @Req() request: AuthenticatedRequest): Promise<{ ok: boolean; checks: ConnectionCheck[] }> {
    const result = await testSftpConnection(this.endpoint(partnerId, request), this.sessions);
    await this.audit.record({ actor: actorOf(request), action: 'sftp connection test', targetType: 'sftp-mailbox', targetId: partnerId, after: { ok: result.ok } });
    return result;
  }

  private async setPaused(partnerId: string, paused: boolean, request: AuthenticatedRequest): Promise<MailboxView> {
    const endpoint = this.endpoint(partnerId, request);
    const before = await this.mailboxes.get(partnerId);
    await this.dataSource.transaction(async (m) => {
      await this.mailboxes.setPaused(partnerId, paused, m);
      await this.audit.record({ actor: actorOf(request), action: paused ? 'sftp pause' : 'sftp resume', targetType: 'sftp-mailbox', targetId: partnerId, before: { paused: before.paused }, after: { paused } }, m);
    });
    return view(endpoint, await this.mailboxes.get(partnerId));
  }

  private endpoint(partnerId: string, request: AuthenticatedRequest): SftpEndpoint {
    const sftp = this.profiles.byId(partnerId)?.transports?.sftp;
    if (sftp === undefined || !mayAccessPartner(request.principal, partnerId)) throw new NotFoundException(`no SFTP mailbox for partner ${partnerId}`);
    return sftp;
  }
}

function view(sftp: SftpEndpoint, state: MailboxState, now = new Date()): MailboxView {
  const open = state.circuitOpenUntil !== null;
  return {
    ...state, host: sftp.host, port: sftp.port, inbound: sftp.directories.inbound, outbound: sftp.directories.outbound, pollIntervalSeconds: sftp.pollIntervalSeconds,
    circuit: !open ? 'closed' : now < (state.circuitOpenUntil as Date) ? 'open' : 'half-open',
  };
}
