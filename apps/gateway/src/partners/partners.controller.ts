import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, Put, Req, UnprocessableEntityException } from '@nestjs/common';
import { PartnerProfile } from '@tradewire/partners';
import { AuditLog } from '@tradewire/persistence';
import { ProfileStore, ProfileVersion, refreshProfiles } from '@tradewire/pipeline';
import { DataSource } from 'typeorm';
import { actorOf, AuthenticatedRequest, mayAccessPartner, Roles } from '../auth/api-key.guard';
import { DATA_SOURCE, PROFILES } from '../tokens';
import { ProfileLookup } from '../documents/profile-lookup';

const STATUSES = ['onboarding', 'test', 'live', 'suspended'] as const;

/** Partner profiles: list, read, versions, create or update (checked against the schema), status changes; each change audited. */
@Controller('partners')
export class PartnersController {
  private readonly store: ProfileStore;
  private readonly audit: AuditLog;

  constructor(@Inject(DATA_SOURCE) dataSource: DataSource, @Inject(PROFILES) private readonly profiles: ProfileLookup) {
    this.store = new ProfileStore(dataSource);
    this.audit = new AuditLog(dataSource);
  }

  @Get()
  @Roles('onboarding', 'ops', 'read-only')
  async list(@Req() request: AuthenticatedRequest): Promise<Array<{ id: string; name: string; roles: readonly string[]; status: string; version: number }>> {
    const all = await this.store.all();
    return all.filter((v) => mayAccessPartner(request.principal, v.partnerId)).map((v) => ({ id: v.partnerId, name: v.profile.name, roles: v.profile.roles, status: v.profile.status, version: v.version }));
  }

  @Get(':id')
  @Roles('onboarding', 'ops', 'read-only')
  async get(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<ProfileVersion> {
    return this.visible(id, request);
  }

  @Get(':id/versions')
  @Roles('onboarding', 'ops', 'read-only')
  async versions(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<ProfileVersion[]> {
    await this.visible(id, request);
    return this.store.versions(id);
  }

  /** Creates or updates a profile from the body (the profile schema); 422 lists every problem with its path. */
  @Put(':id')
  @Roles('onboarding')
  async put(@Param('id') id: string, @Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<ProfileVersion> {
    if ((body as { id?: unknown } | null)?.id !== id) throw new UnprocessableEntityException({ problems: [{ path: 'id', message: `must be ${id}, the partner in the URL` }] });
    return this.save(id, body, request, 'update');
  }

  /** onboarding → test → live, or suspended (and back): a new version with the new status. */
  @Post(':id/status')
  @HttpCode(200)
  @Roles('onboarding', 'ops')
  async status(@Param('id') id: string, @Body() body: { status?: unknown }, @Req() request: AuthenticatedRequest): Promise<ProfileVersion> {
    const current = await this.visible(id, request);
    const status = body?.status;
    if (typeof status !== 'string' || !(STATUSES as readonly string[]).includes(status)) {
      throw new UnprocessableEntityException({ problems: [{ path: 'status', message: `one of ${STATUSES.join(', ')}` }] });
    }
    const next: PartnerProfile = { ...current.profile, status: status as PartnerProfile['status'] };
    return this.save(id, next, request, `status ${current.profile.status} → ${status}`);
  }

  private async save(id: string, data: unknown, request: AuthenticatedRequest, action: string): Promise<ProfileVersion> {
    const before = await this.store.latest(id);
    const actor = actorOf(request);
    const saved = await this.store.save(data, 'api', actor);
    if ('problems' in saved) throw new UnprocessableEntityException({ problems: saved.problems.map((p) => ({ path: p.path, message: p.message })) });
    await this.audit.record({ actor, action: `partner ${action}`, targetType: 'partner', targetId: id, before: before === null ? {} : { version: before.version }, after: { version: saved.version.version } });
    // This process at once; other gateway and worker processes at their next refresh.
    await refreshProfiles(this.profiles, this.store);
    return saved.version;
  }

  private async visible(id: string, request: AuthenticatedRequest): Promise<ProfileVersion> {
    const v = await this.store.latest(id);
    if (v === null || !mayAccessPartner(request.principal, id)) throw new NotFoundException(`no partner ${id}`);
    return v;
  }
}
