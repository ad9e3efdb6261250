import { CanActivate, ExecutionContext, ForbiddenException, HttpException, HttpStatus, Inject, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeys, ApiPrincipal, Role } from '@tradewire/persistence';
import { DataSource } from 'typeorm';
import { DATA_SOURCE, RATE_LIMITER } from '../tokens';
import { RateLimiter } from './rate-limit';

const ROLES = 'tradewire:roles';
const PUBLIC = 'tradewire:public';
const AS2_SIGNATURE = 'tradewire:as2-signature';

/** The roles that may call a route (admin may call everything). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);
/** A route that needs no key (the health check only). */
export const Public = () => SetMetadata(PUBLIC, true);
/**
 * An AS2 endpoint (POST /as2/inbound, /as2/mdn): partners authenticate by the signature over each
 * message, checked against their profile's certificates (RFC 4130 §2.4.1), not by an API key. Read
 * on the handler only, so it cannot be put on a whole controller by accident.
 */
export const As2SignatureAuthenticated = () => SetMetadata(AS2_SIGNATURE, true);

export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: ApiPrincipal;
  /** The client's address (express), for the buckets of callers that have no key. */
  ip?: string;
}

/**
 * Every route needs an API key (Authorization: Bearer <key>, or X-API-Key), checked against the
 * stored hash: 401 without a valid key, 403 when the key's role may not call the route.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keys: ApiKeys;

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(DATA_SOURCE) dataSource: DataSource,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
  ) {
    this.keys = new ApiKeys(dataSource);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // Callers without a key are limited by address: AS2 partners (their signature is checked later),
    // and anyone guessing keys (each refused attempt spends from the same bucket).
    if (this.reflector.get<boolean>(AS2_SIGNATURE, context.getHandler())) return this.throttle(context, `as2:${request.ip ?? 'unknown'}`, 'from this address');
    const key = keyOf(request);
    const principal = key === null ? null : await this.keys.verify(key);
    if (principal === null) {
      await this.throttle(context, `anonymous:${request.ip ?? 'unknown'}`, 'without a valid key from this address');
      throw new UnauthorizedException('a valid API key is required (Authorization: Bearer <key>)');
    }
    await this.throttle(context, principal.keyId, 'for this API key');
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES, targets) ?? ['admin'];
    if (principal.role !== 'admin' && !roles.includes(principal.role)) throw new ForbiddenException(`role ${principal.role} may not do this`);
    request.principal = principal;
    return true;
  }

  /** Spends a token from the bucket, or answers 429 with Retry-After. */
  private async throttle(context: ExecutionContext, bucket: string, whose: string): Promise<true> {
    const wait = await this.limiter.take(bucket);
    if (wait > 0) {
      context.switchToHttp().getResponse<{ setHeader(name: string, value: string): void }>().setHeader('Retry-After', String(wait));
      throw new HttpException(`too many requests ${whose}`, HttpStatus.TOO_MANY_REQUESTS);
    }
    return true;
  }
}

function keyOf(request: AuthenticatedRequest): string | null {
  const auth = request.headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice(7).trim();
  const header = request.headers['x-api-key'];
  return typeof header === 'string' ? header : null;
}

/** A partner-scoped key sees only its partner's data: anything else is as if it did not exist. */
export function mayAccessPartner(principal: ApiPrincipal | undefined, partnerId: string | null): boolean {
  return principal !== undefined && (principal.partnerId === null || principal.partnerId === partnerId);
}

/** Who did it, for the audit log: the API key's name and id. */
export function actorOf(request: AuthenticatedRequest): string {
  return request.principal === undefined ? 'unknown' : `key:${request.principal.name} (${request.principal.keyId})`;
}
