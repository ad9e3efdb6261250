import { ProfileRegistry } from './profile-registry';
import { ProfileStore } from './profile-store';

/**
 * At start: every profile file whose content changed becomes a new stored version (a file change is a
 * new version), then the registry takes the newest version of every partner, which may be newer
 * than the file when it was edited through the API.
 */
export async function syncProfiles(registry: ProfileRegistry, store: ProfileStore): Promise<void> {
  for (const profile of registry.list()) {
    const saved = await store.save(profile, 'file', `file:partner-profiles/${profile.id}.yaml`);
    if ('problems' in saved) throw new Error(`profile ${profile.id}: ${saved.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  }
  await refreshProfiles(registry, store);
}

export async function refreshProfiles(registry: Pick<ProfileRegistry, 'replace'>, store: ProfileStore): Promise<void> {
  registry.replace((await store.all()).map((v) => v.profile));
}
