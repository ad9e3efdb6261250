import { As2Config, resolveSecret } from '@tradewire/config';
import { PartnerProfile } from '@tradewire/partners';
import { As2Identity, As2PartnerSettings, expiringCertificates, ExpiringCertificate, PartnerCertificate, readCertificates, readIdentity } from '../as2';

type As2Profile = NonNullable<NonNullable<PartnerProfile['transports']>['as2']>;

/** Our identity from the configured secret references; the key is read here and kept in memory only. */
export async function loadAs2Identity(config: Pick<As2Config, 'privateKey' | 'certificate'>): Promise<As2Identity> {
  return readIdentity(await resolveSecret(config.privateKey), await resolveSecret(config.certificate));
}

/**
 * The profile's AS2 block with its certificates read (resolveSecret, at each call: a certificate
 * file replaced for a rollover is picked up without a restart).
 */
export async function as2SettingsOf(as2: As2Profile): Promise<As2PartnerSettings & { readonly mdnWithinMinutes: number }> {
  const certificates: PartnerCertificate[] = [];
  for (const entry of as2.certificates) {
    for (const certificate of readCertificates(await resolveSecret(entry.reference))) {
      certificates.push({ certificate, notBefore: dateOf(entry.notBefore), notAfter: endOfDay(entry.notAfter) });
    }
  }
  return { ...as2, certificates };
}

function dateOf(day: string | undefined): Date | undefined {
  return day === undefined ? undefined : new Date(`${day}T00:00:00Z`);
}

/** A profile's notAfter day is valid through its end (UTC). */
function endOfDay(day: string | undefined): Date | undefined {
  return day === undefined ? undefined : new Date(`${day}T23:59:59.999Z`);
}

/**
 * The partner that sent a message with these AS2-From / AS2-To (RFC 4130 §6.2): their name is the
 * profile's as2To, ours its as2From. Names compare exactly (they are case-sensitive, RFC 4130 §6.2).
 */
export function findAs2Partner(profiles: readonly PartnerProfile[], as2From: string, as2To: string): { profile: PartnerProfile; as2: As2Profile } | undefined {
  for (const profile of profiles) {
    const as2 = profile.transports?.as2;
    if (as2 !== undefined && as2.as2To === as2From && as2.as2From === as2To) return { profile, as2 };
  }
  return undefined;
}

export interface PartnerCertificateNotice extends ExpiringCertificate {
  readonly partnerId: string;
}

/**
 * Partner certificates that expire within `days` (or have), and partners whose certificates cannot
 * be read (the reason names the reference, never a value): for the ops view and a start-up warning.
 */
export async function expiringPartnerCertificates(profiles: readonly PartnerProfile[], now: Date, days: number): Promise<{ expiring: PartnerCertificateNotice[]; unreadable: Array<{ partnerId: string; reason: string }> }> {
  const expiring: PartnerCertificateNotice[] = [];
  const unreadable: Array<{ partnerId: string; reason: string }> = [];
  for (const profile of profiles) {
    if (profile.transports?.as2 === undefined) continue;
    try {
      const settings = await as2SettingsOf(profile.transports.as2);
      expiring.push(...expiringCertificates(settings.certificates, now, days).map((c) => ({ ...c, partnerId: profile.id })));
    } catch (error) {
      unreadable.push({ partnerId: profile.id, reason: (error as Error).message });
    }
  }
  return { expiring, unreadable };
}
