import { AuthenticatedRequest } from '../auth/api-key.guard';

/** Who did it, for the audit log: the API key's name and id. */
export function actorOf(request: AuthenticatedRequest): string {
  return request.principal === undefined ? 'unknown' : `key:${request.principal.name} (${request.principal.keyId})`;
}
