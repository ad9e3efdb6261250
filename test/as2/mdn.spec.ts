import { buildMdn, matchMdn, readMdn } from '@tradewire/transport';
import { makeParty, makeTempDir, removeTempDir, TestParty } from './openssl';

/** MDNs (RFC 3798, RFC 4130 §7.4): what we write reads back, signatures are checked, dispositions are understood. */
let dir: string;
let us: TestParty;
let stranger: TestParty;
beforeAll(() => {
  dir = makeTempDir();
  us = makeParty(dir, 'us');
  stranger = makeParty(dir, 'stranger');
});
afterAll(() => removeTempDir(dir));

const MIC = { value: 'q0VtZ3lHbW9yZQ==', algorithm: 'sha256' as const };

describe('buildMdn / readMdn', () => {
  it('reads back a signed positive MDN with its message ID and MIC, naming the signer', () => {
    const mdn = buildMdn({ originalMessageId: '<m1@partner>', finalRecipient: 'TRADEWIREDIST', mic: MIC, sign: { identity: us.identity, algorithm: 'sha384' } });
    expect(mdn.contentType).toMatch(/^multipart\/signed; .*micalg=sha-384/);
    const read = readMdn(mdn, [us.certificate]);
    expect(read).toMatchObject({ signed: true, processed: true, originalMessageId: '<m1@partner>', mic: MIC, failure: undefined });
    expect(read.signer?.der.equals(us.certificate.der)).toBe(true);
  });

  it.each(['decryption-failed', 'authentication-failed', 'integrity-check-failed', 'insufficient-message-security', 'unexpected-processing-error'] as const)('reads an unsigned processed/error: %s MDN as not processed', (failure) => {
    const read = readMdn(buildMdn({ originalMessageId: '<m2@partner>', finalRecipient: 'US', failure }), []);
    expect(read).toMatchObject({ signed: false, processed: false, failure, disposition: `automatic-action/MDN-sent-automatically; processed/error: ${failure}` });
  });

  it('refuses a signed MDN made with a certificate the partner does not have in force', () => {
    const mdn = buildMdn({ originalMessageId: '<m3@partner>', finalRecipient: 'US', mic: MIC, sign: { identity: stranger.identity, algorithm: 'sha256' } });
    expect(() => readMdn(mdn, [us.certificate])).toThrow(/^authentication-failed/);
  });

  it('refuses a signed MDN whose disposition was changed after signing', () => {
    const mdn = buildMdn({ originalMessageId: '<m4@partner>', finalRecipient: 'US', failure: 'decryption-failed', sign: { identity: us.identity, algorithm: 'sha256' } });
    const forged = Buffer.from(mdn.body.toString('latin1').replace('processed/error: decryption-failed', 'processed'), 'latin1');
    expect(() => readMdn({ contentType: mdn.contentType, body: forged }, [us.certificate])).toThrow(/^integrity-check-failed/);
  });

  it('counts a processed/warning MDN as processed', () => {
    const text = buildMdn({ originalMessageId: '<m5@partner>', finalRecipient: 'US', mic: MIC });
    const warned = Buffer.from(text.body.toString('latin1').replace('; processed\r\n', '; processed/warning: duplicate-document\r\n'), 'latin1');
    expect(readMdn({ contentType: text.contentType, body: warned }, [])).toMatchObject({ processed: true, failure: undefined });
  });
});

describe('matchMdn', () => {
  const expected = { messageId: '<m6@us>', mic: MIC };
  it.each([
    ['an unsigned MDN when a signed one was asked for', () => buildMdn({ originalMessageId: '<m6@us>', finalRecipient: 'P', mic: MIC }), 'the MDN is not signed'],
    ['an MDN with another MIC', () => buildMdn({ originalMessageId: '<m6@us>', finalRecipient: 'P', mic: { ...MIC, value: 'b3RoZXI=' }, sign: { identity: us.identity, algorithm: 'sha256' } }), "the MDN's MIC"],
    ['an MDN for another message', () => buildMdn({ originalMessageId: '<other@us>', finalRecipient: 'P', mic: MIC, sign: { identity: us.identity, algorithm: 'sha256' } }), 'the MDN answers <other@us>'],
    ['a processed/error MDN', () => buildMdn({ originalMessageId: '<m6@us>', finalRecipient: 'P', failure: 'decryption-failed', sign: { identity: us.identity, algorithm: 'sha256' } }), 'did not process'],
  ])('does not count %s as delivered', (_, mdn, error) => {
    const result = matchMdn(mdn(), expected, { certificates: [{ certificate: us.certificate }], signedMdn: true });
    expect(result.delivered).toBe(false);
    expect(result.error).toContain(error);
  });

  it('counts a signed, positive MDN for the message with our MIC as delivered', () => {
    const mdn = buildMdn({ originalMessageId: '<m6@us>', finalRecipient: 'P', mic: MIC, sign: { identity: us.identity, algorithm: 'sha256' } });
    expect(matchMdn(mdn, expected, { certificates: [{ certificate: us.certificate }], signedMdn: true })).toMatchObject({ delivered: true, micMatched: true });
  });
});
