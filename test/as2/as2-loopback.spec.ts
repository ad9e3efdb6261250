import { As2Messages } from '@tradewire/persistence';
import { As2Deliverer, as2SettingsOf, deliverAs2, DeliveryService, ENCRYPTION_ALGORITHMS, EncryptionAlgorithm, outboundDocumentOf, SIGNING_ALGORITHMS, SigningAlgorithm } from '@tradewire/transport';
import { As2Gateway, queuedDocuments, startAs2Gateway, storedPayloads } from './as2-gateway';
import { makeParty, makeTempDir, removeTempDir, TestParty } from './openssl';


/**
 * The gateway sends to its own AS2 endpoint over HTTP (two profiles on loopback: `out-N` is the
 * partner we send to, `in-N` the same partner seen from the receiving side), for every signing ×
 * encryption combination, with compression alternating, with a synchronous and an asynchronous MDN.
 */
let dir: string;
let us: TestParty;
let gateway: As2Gateway;
let log: As2Messages;

beforeAll(async () => {
  dir = makeTempDir();
  us = makeParty(dir, 'gateway');
  gateway = await startAs2Gateway(us.identity);
  log = new As2Messages(gateway.db.dataSource);
});
afterAll(async () => {
  await gateway.close();
  removeTempDir(dir);
});

const combinations: Array<[SigningAlgorithm | 'none', EncryptionAlgorithm | 'none', boolean]> = [];
for (const signing of [...SIGNING_ALGORITHMS, 'none' as const]) {
  [...ENCRYPTION_ALGORITHMS, 'none' as const].forEach((encryption, i) => combinations.push([signing, encryption, i % 2 === 0]));
}
let pairs = 0;

function profilePair(signing: SigningAlgorithm | 'none', encryption: EncryptionAlgorithm | 'none', compression: boolean, mdn: 'sync' | 'async' | 'none', signedMdn = true, receiverTrusts = us.certPath) {
  const n = ++pairs;
  const common = { signing, encryption, compression, mdn, signedMdn, keyTransport: n % 3 === 0 ? 'rsa-oaep' as const : 'rsa' as const };
  const out = gateway.addProfile(`out-${n}`, { ...common, certificates: [{ reference: `file:${us.certPath}` }], as2From: 'TRADEWIRE', as2To: `LOOP ${n}`, url: `${gateway.base}/as2/inbound` });
  gateway.addProfile(`in-${n}`, { ...common, certificates: [{ reference: `file:${receiverTrusts}` }], as2From: `LOOP ${n}`, as2To: 'TRADEWIRE', url: `${gateway.base}/as2/inbound` });
  return { n, out };
}

function edi(n: number): Buffer {
  return Buffer.from(`ISA*00*          *00*          *ZZ*TRADEWIRE      *ZZ*LOOP${String(n).padEnd(11)}*261130*0600*U*00401*${String(n).padStart(9, '0')}*0*P*>~\nIEA*0*${String(n).padStart(9, '0')}~\n`);
}

async function untilResolved(partnerId: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const [row] = await log.list(partnerId, 'outbound');
    if (row !== undefined && row.status !== 'awaiting-mdn') return row.status;
    await new Promise((r) => setTimeout(r, 25));
  }
  return 'awaiting-mdn';
}

describe.each(['sync', 'async'] as const)('AS2 loopback with a %s MDN', (mdn) => {
  it.each(combinations)('signed %s, encrypted %s, compressed %s: delivered on a verified MDN, stored once and queued', async (signing, encryption, compression) => {
    const { n, out } = profilePair(signing, encryption, compression, mdn);
    const settings = await as2SettingsOf(out.transports?.as2 as NonNullable<NonNullable<typeof out.transports>['as2']>);
    const result = await deliverAs2(log, out.id, { payload: { content: edi(n), fileName: `loop-${n}.edi` } }, settings, us.identity, { asyncMdnUrl: `${gateway.base}/as2/mdn` });
    expect(result.error).toBeUndefined();
    if (mdn === 'sync') expect(result).toMatchObject({ delivered: true, micMatched: true, mdn: { signed: true, processed: true } });
    else expect([result.awaitingMdn, await untilResolved(out.id)]).toEqual([true, 'delivered']);
    const stored = await storedPayloads(gateway, `in-${n}`);
    expect(stored.map((d) => d.content.equals(edi(n)))).toEqual([true]);
    expect(await queuedDocuments(gateway)).toContain(stored[0].id);
    const [received] = await log.list(`in-${n}`, 'inbound');
    expect(received).toMatchObject({ status: 'processed', documentId: stored[0].id, mdnContentType: expect.stringMatching(/^multipart\/signed/) });
  });
});

describe('AS2 loopback with an unsigned MDN', () => {
  it.each([['sha256', 'aes128-cbc'], ['none', 'aes256-gcm'], ['none', 'none']] as const)('signed %s, encrypted %s: the MIC algorithm both sides use without a signed-receipt-micalg agrees', async (signing, encryption) => {
    const { n, out } = profilePair(signing, encryption, false, 'sync', false);
    const settings = await as2SettingsOf(out.transports?.as2 as NonNullable<NonNullable<typeof out.transports>['as2']>);
    const result = await deliverAs2(log, out.id, { payload: { content: edi(n) } }, settings, us.identity);
    expect(result).toMatchObject({ delivered: true, micMatched: true, mdn: { signed: false, processed: true }, mic: { algorithm: signing === 'none' ? 'sha1' : signing } });
  });
});

describe('AS2 loopback, other outcomes', () => {
  it('counts a message sent without asking for an MDN as delivered on HTTP 200, and the receiver still processes it', async () => {
    const { n, out } = profilePair('sha256', 'aes256-cbc', false, 'none');
    const settings = await as2SettingsOf(out.transports?.as2 as NonNullable<NonNullable<typeof out.transports>['as2']>);
    const result = await deliverAs2(log, out.id, { payload: { content: edi(n) } }, settings, us.identity);
    expect([result.delivered, result.awaitingMdn, result.mdn]).toEqual([true, false, undefined]);
    expect((await storedPayloads(gateway, `in-${n}`)).length).toBe(1);
    expect((await log.list(`in-${n}`, 'inbound'))[0]).toMatchObject({ status: 'processed', mdn: null });
  });

  it('settles a message as failed when its asynchronous MDN says processed/error, and stores nothing on the receiving side', async () => {
    const stranger = makeParty(dir, 'stranger');
    const { n, out } = profilePair('sha256', 'aes128-gcm', false, 'async', true, stranger.certPath);
    const settings = await as2SettingsOf(out.transports?.as2 as NonNullable<NonNullable<typeof out.transports>['as2']>);
    const result = await deliverAs2(log, out.id, { payload: { content: edi(n) } }, settings, us.identity, { asyncMdnUrl: `${gateway.base}/as2/mdn` });
    expect(result.awaitingMdn).toBe(true);
    expect(await untilResolved(out.id)).toBe('failed');
    expect((await log.list(out.id, 'outbound'))[0].failure).toContain('processed/error: authentication-failed');
    expect(await storedPayloads(gateway, `in-${n}`)).toEqual([]);
  });
});

describe('AS2 through the delivery framework', () => {
  async function outbound(partnerId: string, n: number): Promise<string> {
    const [{ id }] = await gateway.db.dataSource.query(`INSERT INTO outbound_documents (id, partner_id, kind, content) VALUES (gen_random_uuid(), $1, '997', $2) RETURNING id`, [partnerId, edi(n)]);
    return id;
  }
  const delivery = async (id: string) => (await gateway.db.dataSource.query(`SELECT d.transport, d.status, d.attempts, o.status AS document FROM deliveries d JOIN outbound_documents o ON o.id = d.outbound_document_id WHERE o.id = $1`, [id]))[0];

  it('delivers a document on a verified synchronous MDN, under a Message-ID that names the document', async () => {
    const { n, out } = profilePair('sha256', 'aes256-cbc', false, 'sync');
    const deliveries = new DeliveryService(gateway.db.dataSource, { byId: (id) => (id === out.id ? out : undefined) }, [new As2Deliverer(log, us.identity)]);
    const id = await outbound(out.id, n);
    expect(await deliveries.deliver(id, true)).toBe('delivered');
    expect(await delivery(id)).toEqual({ transport: 'as2', status: 'delivered', attempts: 1, document: 'delivered' });
    const [sent] = await log.list(out.id, 'outbound');
    expect(outboundDocumentOf(sent.messageId)).toBe(id);
  });

  it('keeps an asynchronous delivery pending until the partner\'s MDN comes back to /as2/mdn, then delivered', async () => {
    const { n, out } = profilePair('sha256', 'aes128-gcm', false, 'async');
    const deliveries = new DeliveryService(gateway.db.dataSource, { byId: (id) => (id === out.id ? out : undefined) }, [new As2Deliverer(log, us.identity, `${gateway.base}/as2/mdn`)]);
    const id = await outbound(out.id, n);
    expect(await deliveries.deliver(id, true)).toBe('awaiting-receipt');
    for (let i = 0; i < 200 && (await delivery(id)).status === 'pending'; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await delivery(id)).toEqual({ transport: 'as2', status: 'delivered', attempts: 1, document: 'delivered' });
  });

  it('fails the attempt (for the job to retry) when the partner refuses the message', async () => {
    const { n, out } = profilePair('sha256', 'aes128-cbc', false, 'sync', true, us.keyPath);
    const deliveries = new DeliveryService(gateway.db.dataSource, { byId: (id) => (id === out.id ? out : undefined) }, [new As2Deliverer(log, us.identity)]);
    const id = await outbound(out.id, n);
    await expect(deliveries.deliver(id, false)).rejects.toThrow(/AS2 to/);
    expect(await delivery(id)).toMatchObject({ status: 'pending', attempts: 1, document: 'pending' });
  });
});
