import { parseNotificationOptions, readAs2Request, wireHeaders } from './as2-request';

describe('AS2 request headers', () => {
  it.each([
    ['signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, sha-256, sha1', { signedMdn: true, micAlgorithm: 'sha256' }],
    ['signed-receipt-protocol=required, pkcs7-signature; signed-receipt-micalg=required, md5, SHA1', { signedMdn: true, micAlgorithm: 'sha1' }],
    ['signed-receipt-micalg=optional, sha-512', { signedMdn: false, micAlgorithm: 'sha512' }],
    [undefined, { signedMdn: false }],
  ])('reads Disposition-Notification-Options %s (RFC 4130 §7.3)', (value, expected) => {
    expect(parseNotificationOptions(value)).toEqual(expected);
  });

  it('unquotes AS2 names, takes only an http(s) Receipt-Delivery-Option, and keeps no other header', () => {
    const headers = { 'as2-from': '"ACME CORP"', 'as2-to': 'TRADEWIRE', 'message-id': '<1@a>', 'content-type': 'application/pkcs7-mime', 'receipt-delivery-option': 'mailto:x@y', authorization: 'Bearer secret' };
    expect(readAs2Request(headers)).toMatchObject({ as2From: 'ACME CORP', as2To: 'TRADEWIRE', mdnWanted: false });
    expect(readAs2Request(headers)).not.toHaveProperty('asyncMdnUrl');
    expect(wireHeaders(headers)).not.toHaveProperty('authorization');
    expect(readAs2Request({ 'as2-from': 'A' })).toMatch(/needs AS2-From, AS2-To, Message-ID and Content-Type/);
  });
});
