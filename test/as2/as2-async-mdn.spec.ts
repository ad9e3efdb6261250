import { createServer, IncomingMessage, Server } from 'http';
import { AddressInfo } from 'net';
import { QUEUES } from '@tradewire/jobs';
import { ApiKeys, AsyncMdnRecord, AsyncMdns } from '@tradewire/persistence';
import { micalgName, packMessage, readMdn, SigningAlgorithm } from '@tradewire/transport';
import { As2Gateway, startAs2Gateway } from './as2-gateway';
import { makeParty, makeTempDir, removeTempDir, TestParty } from './openssl';

/**
 * The asynchronous MDNs we owe partners (RFC 4130 §7.2) are durable: stored with the message, POSTed by
 * a `send-mdn` job of the transport workers, retried, left failed for ops when the partner never takes
 * them, and queued again by a worker that starts. The partner's MDN endpoint is a loopback HTTP server
 * whose paths answer as each test needs; the jobs retry 3 times, 20 ms apart (the default is 10 over
 * about 40 minutes).
 */
let dir: string;
let us: TestParty;
let partner: TestParty;
let gateway: As2Gateway;
let mdns: AsyncMdns;
let endpoint: Server;
let partnerBase: string;
let opsKey: string;
const EDI = 'ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*TRADEWIREDIST  *261130*0600*U*00401*000000901*0*P*>~\r\nIEA*0*000000901~\r\n';
let sequence = 0;

/** What the partner's MDN endpoint got, per path: every POST with the status it answered. */
const received = new Map<string, Array<{ status: number; contentType: string; body: Buffer }>>();
/** How each path answers: a path failing its first n POSTs, or always, answers 503 until then. */
const failFirst = new Map<string, number>();

beforeAll(async () => {
  dir = makeTempDir();
  us = makeParty(dir, 'gateway');
  partner = makeParty(dir, 'acme', 365);
  endpoint = createServer((request, response) => {
    void bodyOf(request).then((body) => {
      const path = request.url ?? '/';
      const posts = received.get(path) ?? [];
      const status = posts.length < (failFirst.get(path) ?? 0) ? 503 : 200;
      posts.push({ status, contentType: request.headers['content-type'] ?? '', body });
      received.set(path, posts);
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
  partnerBase = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}`;
  gateway = await startAs2Gateway(us.identity, { asyncMdnRetries: { attempts: 3, backoff: { type: 'fixed', delay: 20 } } });
  mdns = new AsyncMdns(gateway.db.dataSource);
  gateway.addProfile('acme-as2', { as2From: 'TRADEWIRE', as2To: 'ACME', url: `${partnerBase}/as2`, signing: 'sha256', encryption: 'aes256-cbc', certificates: [{ reference: `file:${partner.certPath}` }] });
  gateway.addProfile('loose-as2', { as2From: 'TRADEWIRE', as2To: 'LOOSE', url: `${partnerBase}/as2`, signing: 'none', encryption: 'none', certificates: [{ reference: `file:${partner.certPath}` }] });
  opsKey = (await new ApiKeys(gateway.db.dataSource).create('ops desk', 'ops')).key;
});
afterAll(async () => {
  await gateway.close();
  await new Promise((resolve) => endpoint.close(resolve));
  removeTempDir(dir);
});

function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve) => request.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))));
}

/** A message from the partner asking for a signed MDN at `receiptTo`; answers the gateway's response and the message's row id. */
async function send(from: string, receiptTo: string, signing: SigningAlgorithm | 'none' = 'sha256'): Promise<{ status: number; body: string; id: string; messageId: string }> {
  const messageId = `<async${++sequence}@acme>`;
  const packed = packMessage({ content: Buffer.from(EDI) }, { signing, encryption: signing === 'none' ? 'none' : 'aes256-cbc', compression: false, ours: partner.identity, partnerCertificate: us.certificate });
  const headers = {
    'AS2-Version': '1.2', 'AS2-From': from, 'AS2-To': 'TRADEWIRE', 'Message-ID': messageId, 'Disposition-Notification-To': 'edi@acme.example',
    'Disposition-Notification-Options': `signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, ${micalgName('sha256')}`,
    'Receipt-Delivery-Option': receiptTo, ...packed.headers,
  };
  const response = await fetch(`${gateway.base}/as2/inbound`, { method: 'POST', headers, body: new Uint8Array(packed.body) });
  const [row] = (await gateway.db.dataSource.query(`SELECT id FROM as2_messages WHERE message_id = $1`, [messageId])) as Array<{ id: string }>;
  return { status: response.status, body: await response.text(), id: row.id, messageId };
}

/** The MDN once its job is done with it (sent or failed), or as it is after 10 s. */
async function settled(id: string): Promise<AsyncMdnRecord> {
  for (let i = 0; i < 400; i++) {
    const mdn = await mdns.get(id);
    if (mdn !== null && mdn.status !== 'pending') return mdn;
    await new Promise((r) => setTimeout(r, 25));
  }
  return (await mdns.get(id)) as AsyncMdnRecord;
}

const ops = (path: string, init: RequestInit = {}) => fetch(`${gateway.base}${path}`, { ...init, headers: { authorization: `Bearer ${opsKey}` } });

describe('asynchronous MDNs we send', () => {
  it('answers the partner 200 at once and, when its endpoint fails the first two POSTs, delivers the signed MDN once on the third, recording attempts and the sent time', async () => {
    failFirst.set('/flaky', 2);
    const sent = await send('ACME', `${partnerBase}/flaky`);
    expect([sent.status, sent.body]).toEqual([200, '']);
    expect(await settled(sent.id)).toMatchObject({ status: 'sent', attempts: 3, lastError: null, sentAt: expect.any(Date), url: `${partnerBase}/flaky`, partnerId: 'acme-as2' });
    const posts = received.get('/flaky') ?? [];
    expect(posts.map((p) => p.status)).toEqual([503, 503, 200]);
    // Every attempt carried the same MDN, the one stored with the message, for the partner's message.
    expect(posts.every((p) => p.body.equals(posts[0].body))).toBe(true);
    const mdn = readMdn({ contentType: posts[2].contentType, body: posts[2].body }, [us.certificate]);
    expect(mdn).toMatchObject({ signed: true, processed: true, originalMessageId: sent.messageId });
  });

  it('leaves the MDN failed with the last error when the endpoint never takes it, shows it to ops, and sends it on an ops retry', async () => {
    failFirst.set('/down', Number.MAX_SAFE_INTEGER);
    const sent = await send('ACME', `${partnerBase}/down`);
    expect(await settled(sent.id)).toMatchObject({ status: 'failed', attempts: 3, lastError: 'HTTP 503 Service Unavailable', sentAt: null });
    expect(received.get('/down')).toHaveLength(3);
    const attention = (await (await ops('/as2/attention')).json()) as { asyncMdns: AsyncMdnRecord[] };
    expect(attention.asyncMdns).toContainEqual(expect.objectContaining({ id: sent.id, status: 'failed', lastError: 'HTTP 503 Service Unavailable', messageId: sent.messageId }));

    failFirst.set('/down', 0);
    const retried = await ops(`/as2/mdns/${sent.id}/retry`, { method: 'POST' });
    expect([retried.status, ((await retried.json()) as AsyncMdnRecord).status]).toEqual([202, 'pending']);
    expect(await settled(sent.id)).toMatchObject({ status: 'sent', attempts: 4, lastError: null });
    expect(received.get('/down')?.map((p) => p.status)).toEqual([503, 503, 503, 200]);
    expect((await ops(`/as2/mdns/${sent.id}/retry`, { method: 'POST' })).status).toBe(409);
  });

  it('records an MDN as refused, never POSTing it, when an unsigned message asks for it off the partner\'s host', async () => {
    // localhost is not the profile's host (127.0.0.1), though it reaches the same server.
    const elsewhere = `${partnerBase.replace('127.0.0.1', 'localhost')}/elsewhere`;
    const sent = await send('LOOSE', elsewhere, 'none');
    expect(sent.status).toBe(200);
    expect(await mdns.get(sent.id)).toMatchObject({ status: 'refused', attempts: 0, lastError: expect.stringContaining('not on the partner\'s host') });
    expect(await gateway.queues[QUEUES.deliveries].getJob(`send-mdn_${sent.id}`)).toBeUndefined();
    const attention = (await (await ops('/as2/attention')).json()) as { asyncMdns: AsyncMdnRecord[] };
    expect(attention.asyncMdns).toContainEqual(expect.objectContaining({ id: sent.id, status: 'refused' }));
    expect((await ops(`/as2/mdns/${sent.id}/retry`, { method: 'POST' })).status).toBe(409);
    expect(received.get('/elsewhere')).toBeUndefined();
  });

  it('sends an MDN whose job was lost (recorded, then the process died before queueing it) when a worker starts', async () => {
    await gateway.stopWorkers();
    const sent = await send('ACME', `${partnerBase}/after-restart`);
    // The crash between commit and enqueue: the record is there, the job is not.
    await gateway.queues[QUEUES.deliveries].remove(`send-mdn_${sent.id}`);
    expect(await gateway.queues[QUEUES.deliveries].getJob(`send-mdn_${sent.id}`)).toBeUndefined();
    expect(await mdns.get(sent.id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await gateway.startWorkers().resumedMdns).toBe(1);
    expect(await settled(sent.id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(received.get('/after-restart')?.map((p) => p.status)).toEqual([200]);
  });
});
