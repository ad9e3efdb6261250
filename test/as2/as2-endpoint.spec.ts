import { ApiKeys, As2Messages } from '@tradewire/persistence';
import { buildEntity, encryptContent, micalgName, packMessage, PackOptions, readMdn, signEntity, SigningAlgorithm } from '@tradewire/transport';
import { As2Gateway, queuedDocuments, startAs2Gateway, storedPayloads } from './as2-gateway';
import { makeExpiredParty, makeParty, makeTempDir, openssl, removeTempDir, TestParty, writeTemp } from './openssl';

/** POST /as2/inbound as a partner sees it: what is accepted, what is refused with which MDN, and that nothing refused reaches the pipeline. */
let dir: string;
let us: TestParty;
let partner: TestParty;
let stranger: TestParty;
let expired: TestParty;
let gateway: As2Gateway;
let log: As2Messages;
const EDI = 'ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*TRADEWIREDIST  *261130*0600*U*00401*000000801*0*P*>~\r\nIEA*0*000000801~\r\n';
let sequence = 0;

beforeAll(async () => {
  dir = makeTempDir();
  us = makeParty(dir, 'gateway');
  partner = makeParty(dir, 'acme', 365);
  stranger = makeParty(dir, 'stranger');
  expired = makeExpiredParty(dir, 'expired');
  gateway = await startAs2Gateway(us.identity);
  log = new As2Messages(gateway.db.dataSource);
  const as2 = { as2From: 'TRADEWIRE', url: 'http://127.0.0.1:9/unused', signing: 'sha256' as const, encryption: 'aes256-cbc' as const };
  gateway.addProfile('acme-as2', { ...as2, as2To: 'ACME', certificates: [{ reference: `file:${partner.certPath}` }] });
  // Its only certificate went out of force on the profile's notAfter (2020-01-01): any signature with it is refused.
  gateway.addProfile('lapsed-as2', { ...as2, as2To: 'LAPSED', certificates: [{ reference: `file:${expired.certPath}` }] });
  gateway.addProfile('oldco-as2', { ...as2, as2To: 'OLDCO', certificates: [{ reference: `file:${partner.certPath}`, notAfter: '2020-01-01' }] });
});
afterAll(async () => {
  await gateway.close();
  removeTempDir(dir);
});

function as2Headers(from: string, messageId: string, micalg: SigningAlgorithm = 'sha256'): Record<string, string> {
  return {
    'AS2-Version': '1.2', 'AS2-From': from, 'AS2-To': 'TRADEWIRE', 'Message-ID': messageId, 'Disposition-Notification-To': 'edi@acme.example',
    'Disposition-Notification-Options': `signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, ${micalgName(micalg)}`,
  };
}

function post(headers: Record<string, string>, body: Buffer): Promise<Response> {
  return fetch(`${gateway.base}/as2/inbound`, { method: 'POST', headers, body: new Uint8Array(body) });
}

/** A message from the partner, packed by our core with the partner's key. */
async function send(from: string, options: Partial<PackOptions> = {}, messageId = `<m${++sequence}@acme>`) {
  const packed = packMessage({ content: Buffer.from(EDI) }, { signing: 'sha256', encryption: 'aes256-cbc', compression: false, ours: partner.identity, partnerCertificate: us.certificate, ...options });
  const response = await post({ ...as2Headers(from, messageId), ...packed.headers }, packed.body);
  const mdn = readMdn({ contentType: response.headers.get('content-type') ?? '', body: Buffer.from(await response.arrayBuffer()) }, [us.certificate]);
  return { response, mdn, packed, messageId };
}

describe('POST /as2/inbound', () => {
  it('accepts a message openssl signed and encrypted, answers with a signed MDN openssl verifies, and queues the payload', async () => {
    const entity = `Content-Type: application/edi-x12\r\n\r\n${EDI}`;
    const signed = openssl(['cms', '-sign', '-binary', '-in', writeTemp(dir, 'e.mime', entity), '-signer', partner.certPath, '-inkey', partner.keyPath, '-md', 'sha384']);
    const encrypted = openssl(['cms', '-encrypt', '-binary', '-in', writeTemp(dir, 's.msg', signed), '-aes-256-gcm', '-recip', us.certPath, '-outform', 'DER']);
    const response = await post({ ...as2Headers('ACME', '<openssl-1@acme>', 'sha384'), 'Content-Type': 'application/pkcs7-mime; smime-type=authEnveloped-data' }, encrypted);
    const mdnBytes = Buffer.from(await response.arrayBuffer());
    const contentType = response.headers.get('content-type') ?? '';
    expect(readMdn({ contentType, body: mdnBytes }, [us.certificate])).toMatchObject({
      signed: true, processed: true, originalMessageId: '<openssl-1@acme>', mic: { value: openssl(['dgst', '-sha384', '-binary'], Buffer.from(entity)).toString('base64'), algorithm: 'sha384' },
    });
    const report = openssl(['cms', '-verify', '-in', writeTemp(dir, 'mdn.msg', Buffer.concat([Buffer.from(`Content-Type: ${contentType}\r\n\r\n`), mdnBytes])), '-CAfile', us.certPath]);
    expect(report.toString()).toContain('Original-Message-ID: <openssl-1@acme>');
    const [document] = await storedPayloads(gateway, 'acme-as2');
    expect(document.content.toString()).toBe(EDI);
    expect(await queuedDocuments(gateway)).toContain(document.id);
  });

  it('answers a duplicate Message-ID with a positive MDN but stores and queues it once', async () => {
    const before = (await storedPayloads(gateway, 'acme-as2')).length;
    const first = await send('ACME', {}, '<dup@acme>');
    const second = await send('ACME', {}, '<dup@acme>');
    expect([first.mdn.processed, second.mdn.processed]).toEqual([true, true]);
    expect(second.mdn.mic).toEqual(second.packed.mic);
    expect((await storedPayloads(gateway, 'acme-as2')).length).toBe(before + 1);
    expect((await log.list('acme-as2', 'inbound')).filter((r) => r.messageId === '<dup@acme>').map((r) => r.status)).toEqual(['processed', 'duplicate']);
  });

  const tamperedSigned = (): { contentType: string; body: Buffer } => {
    const entity = buildEntity([['Content-Type', 'application/edi-x12']], Buffer.from(EDI));
    const signed = signEntity(entity, partner.identity, 'sha256').entity.toString('latin1').replace('000000801*0*P', '000000801*0*T');
    return { contentType: 'application/pkcs7-mime; smime-type=enveloped-data', body: encryptContent(Buffer.from(signed, 'latin1'), us.certificate, { algorithm: 'aes256-cbc', keyTransport: 'rsa' }) };
  };

  it.each([
    ['a tampered payload', 'integrity-check-failed', 'ACME', async () => {
      const message = tamperedSigned();
      return post({ ...as2Headers('ACME', `<t${++sequence}@acme>`), 'Content-Type': message.contentType }, message.body);
    }],
    ['a signature by the wrong certificate', 'authentication-failed', 'ACME', async () => (await send('ACME', { ours: stranger.identity })).response],
    ['a certificate that has expired', 'authentication-failed', 'LAPSED', async () => (await send('LAPSED', { ours: expired.identity })).response],
    ['a certificate the profile no longer has in force', 'authentication-failed', 'OLDCO', async () => (await send('OLDCO')).response],
    ['an unsigned message to a partner that requires signing', 'insufficient-message-security', 'ACME', async () => (await send('ACME', { signing: 'none' })).response],
    ['a message encrypted for another certificate', 'decryption-failed', 'ACME', async () => (await send('ACME', { partnerCertificate: stranger.certificate })).response],
  ])('answers %s with processed/error: %s, and nothing reaches the pipeline', async (_, failure, from, deliver) => {
    const partnerId = `${from.toLowerCase()}-as2`;
    const [storedBefore, queuedBefore] = [(await storedPayloads(gateway, partnerId)).length, (await queuedDocuments(gateway)).length];
    const response = await deliver();
    // Some of these responses were read by send() already; read the stored MDN, which is what was answered.
    expect(response.status).toBe(200);
    const [row] = (await log.list(partnerId, 'inbound')).slice(-1);
    expect(row).toMatchObject({ status: 'refused', failure, documentId: null });
    const mdn = readMdn({ contentType: row.mdnContentType ?? '', body: row.mdn ?? Buffer.alloc(0) }, [us.certificate]);
    expect(mdn).toMatchObject({ signed: true, processed: false, failure });
    expect([(await storedPayloads(gateway, partnerId)).length, (await queuedDocuments(gateway)).length]).toEqual([storedBefore, queuedBefore]);
  });

  it('refuses an unknown AS2 partner (403) and a request without AS2 headers (400), storing nothing', async () => {
    const packed = packMessage({ content: Buffer.from(EDI) }, { signing: 'sha256', encryption: 'none', compression: false, ours: partner.identity });
    expect((await post({ ...as2Headers('NOBODY', '<x@nobody>'), ...packed.headers }, packed.body)).status).toBe(403);
    expect((await post({ 'Content-Type': packed.contentType }, packed.body)).status).toBe(400);
    expect(await gateway.db.dataSource.query(`SELECT 1 FROM as2_messages WHERE message_id = '<x@nobody>'`)).toEqual([]);
  });

  it('answers 503 (send again later) when the partner certificate cannot be read, storing nothing', async () => {
    gateway.addProfile('gone-as2', { as2From: 'TRADEWIRE', as2To: 'GONE', url: 'http://127.0.0.1:9/unused', certificates: [{ reference: `file:${dir}/missing.pem` }] });
    const packed = packMessage({ content: Buffer.from(EDI) }, { signing: 'sha256', encryption: 'none', compression: false, ours: partner.identity });
    expect((await post({ ...as2Headers('GONE', '<g@gone>'), ...packed.headers }, packed.body)).status).toBe(503);
    expect(await log.list('gone-as2', 'inbound')).toEqual([]);
  });

  it('needs no API key on the AS2 endpoints, while every other route still does', async () => {
    expect((await fetch(`${gateway.base}/documents`)).status).toBe(401);
    expect((await fetch(`${gateway.base}/partners`, { method: 'GET' })).status).toBe(401);
    expect((await send('ACME')).response.status).toBe(200);
  });

  it('refuses a body over MAX_BODY_BYTES with 413', async () => {
    expect((await post({ ...as2Headers('ACME', '<big@acme>'), 'Content-Type': 'application/pkcs7-mime' }, Buffer.alloc(2 * 1024 * 1024, 0x41))).status).toBe(413);
  });
});

describe('GET /as2/attention', () => {
  it('shows ops the certificates out of force or near it and the asynchronous MDNs overdue, with an API key only', async () => {
    await log.recordOutbound({ partnerId: 'acme-as2', messageId: '<late@tradewire>', headers: {}, body: Buffer.from('x') }, { status: 'awaiting-mdn', mdnDueAt: new Date(Date.now() - 60_000) });
    expect((await fetch(`${gateway.base}/as2/attention`)).status).toBe(401);
    const { key } = await new ApiKeys(gateway.db.dataSource).create('ops desk', 'ops');
    const attention = (await (await fetch(`${gateway.base}/as2/attention`, { headers: { authorization: `Bearer ${key}` } })).json()) as {
      expiringCertificates: Array<{ partnerId: string; daysLeft: number }>;
      overdueMdns: Array<{ partnerId: string; messageId: string }>;
      unreadableCertificates: Array<{ partnerId: string; reason: string }>;
    };
    expect(attention.unreadableCertificates).toEqual([{ partnerId: 'gone-as2', reason: expect.stringContaining(`secret file:${dir}/missing.pem: cannot read the file`) }]);
    expect(attention.expiringCertificates.map((c) => c.partnerId)).toEqual(['lapsed-as2', 'oldco-as2']);
    expect(attention.expiringCertificates[0].daysLeft).toBeLessThan(0);
    expect(attention.overdueMdns).toEqual([expect.objectContaining({ partnerId: 'acme-as2', messageId: '<late@tradewire>' })]);
  });
});
