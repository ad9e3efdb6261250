import { acceptableCertificates, certificateInForce, expiringCertificates, packMessage, PartnerCertificate, unpackMessage } from '@tradewire/transport';
import { makeParty, makeTempDir, removeTempDir, TestParty } from './openssl';

/** Certificate rollover and expiry: which certificate we encrypt to, which signatures we accept, what ops is told. */
let dir: string;
let us: TestParty;
let old: TestParty;
let next: TestParty;
const DAY = 86_400_000;

beforeAll(() => {
  dir = makeTempDir();
  us = makeParty(dir, 'us');
  old = makeParty(dir, 'partner-2026', 2);
  next = makeParty(dir, 'partner-2027', 400);
});
afterAll(() => removeTempDir(dir));

describe('partner certificates', () => {
  it('encrypts to the newest certificate in force during a rollover and accepts signatures by either', () => {
    const now = new Date();
    const list: PartnerCertificate[] = [{ certificate: old.certificate }, { certificate: next.certificate, notBefore: new Date(now.getTime() - 1000) }];
    expect(certificateInForce(list, now)?.der.equals(next.certificate.der)).toBe(true);
    expect(acceptableCertificates(list, now)).toHaveLength(2);
    // Before the scheduled switch the old one is still the one in force.
    expect(certificateInForce([{ certificate: old.certificate }, { certificate: next.certificate, notBefore: new Date(now.getTime() + DAY) }], now)?.der.equals(old.certificate.der)).toBe(true);
  });

  it('stops accepting a signature once the certificate itself has expired', () => {
    const later = new Date(old.certificate.notAfter.getTime() + 1000);
    const partnerCertificates = acceptableCertificates([{ certificate: old.certificate }], later);
    expect(partnerCertificates).toEqual([]);
    const packed = packMessage({ content: Buffer.from('ISA~') }, { signing: 'sha256', encryption: 'none', compression: false, ours: old.identity });
    expect(() => unpackMessage({ contentType: packed.contentType }, packed.body, { ours: us.identity, partnerCertificates, requireSigned: true, requireEncrypted: false })).toThrow(/^authentication-failed/);
  });

  it('lists certificates expiring within the warning period, by their own dates or the profile’s', () => {
    const now = new Date();
    const soon = expiringCertificates([{ certificate: old.certificate }, { certificate: next.certificate }, { certificate: next.certificate, notAfter: new Date(now.getTime() + 10 * DAY) }], now, 30);
    expect(soon.map((c) => [c.subject.includes('partner-2026') ? 'old' : 'next', c.daysLeft])).toEqual([['old', 1], ['next', 10]]);
  });
});
