import { micalgFromName, micalgName } from './algorithms';
import { buildEntity, buildMultipart, decodedBody, parseContentType, parseEntity, splitMultipart } from './mime';

describe('MIME for AS2', () => {
  it('cuts body parts out byte for byte, the line break before a delimiter belonging to the delimiter (RFC 2046 §5.1.1)', () => {
    const parts = [Buffer.from('Content-Type: a/b\r\n\r\nline\r\n'), Buffer.from('Content-Type: c/d\r\n\r\n\u0000\u00ff')];
    expect(splitMultipart(buildMultipart('XyZ', parts), 'XyZ')).toEqual(parts);
  });

  it('reads multiparts written with bare LF line ends (as openssl writes its outer structure)', () => {
    const body = Buffer.from('preamble\n\n--b\nContent-Type: a/b\n\nx\r\n\n--b\nsecond\n--b--\n');
    expect(splitMultipart(body, 'b').map((p) => p.toString())).toEqual(['Content-Type: a/b\n\nx\r\n', 'second']);
  });

  it('reads quoted Content-Type parameters holding ; and keeps the type in lower case', () => {
    expect(parseContentType('Multipart/Signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="a;b c"')).toEqual({
      type: 'multipart/signed', params: { protocol: 'application/pkcs7-signature', micalg: 'sha-256', boundary: 'a;b c' },
    });
  });

  it('unfolds headers and undoes base64 transfer encoding', () => {
    const entity = parseEntity(buildEntity([['Content-Type', 'application/edi-x12;\r\n name=x.edi'], ['Content-Transfer-Encoding', 'base64']], Buffer.from('SVNB\r\nKjEw\r\n')));
    expect(entity.headers.get('content-type')).toBe('application/edi-x12; name=x.edi');
    expect(decodedBody(entity).toString()).toBe('ISA*10');
  });

  it.each([['sha1', 'sha1'], ['sha256', 'sha-256'], ['sha512', 'sha-512']] as const)('writes micalg %s as %s and reads both spellings', (algorithm, name) => {
    expect(micalgName(algorithm)).toBe(name);
    expect([micalgFromName(name), micalgFromName(algorithm), micalgFromName(name.toUpperCase())]).toEqual([algorithm, algorithm, algorithm]);
  });
});
