import { randomBytes, randomUUID } from 'crypto';
import { existsSync, writeFileSync } from 'fs';
import { join } from 'path';
import { enqueue, QUEUES } from '@tradewire/jobs';
import { MailboxStore } from '@tradewire/transport';
import { TestSftpServer } from '../support/sftp-server';
import { ed25519KeyPair } from '../support/ssh-keys';
import { Harness, shipment, startHarness, until } from './sftp-harness';

/** Logging in (host key, password, key), failing partners' back-off and circuit, delivery retries, schedules. */
jest.setTimeout(60_000);
let h: Harness;
let mailboxes: MailboxStore;
const KEY_ENV = `SFTP_TEST_KEY_${randomBytes(3).toString('hex')}`;

beforeAll(async () => {
  h = await startHarness();
  mailboxes = new MailboxStore(h.db.dataSource);
});

afterAll(async () => {
  delete process.env[KEY_ENV];
  await h.close();
});

beforeEach(() => h.setSftp('acme-3pl'));

describe('SFTP logins', () => {
  it('refuses a server whose host key is not the profile’s, before sending any credential', async () => {
    const impostor = new TestSftpServer({ root: h.root, username: 'x' }); // never started: only its key's fingerprint
    h.setSftp('acme-3pl', { hostKeyFingerprint: impostor.hostKeyFingerprint });
    const logins = h.server.seen.logins.length;
    const outcome = await h.transports.poller.poll('acme-3pl', true);
    expect(outcome.result).toBe('failed');
    expect(outcome.warnings[0]).toContain(`HOST_KEY_MISMATCH: 127.0.0.1:${h.server.port} presented host key ${h.server.hostKeyFingerprint}, the profile expects ${impostor.hostKeyFingerprint}`);
    expect(h.server.seen.logins.slice(logins)).toEqual([]);
  });

  it('logs in with a private key when the secret holds one, and names a wrong password’s reference, never its value', async () => {
    const keys = ed25519KeyPair();
    process.env[KEY_ENV] = keys.private;
    const keyed = await new TestSftpServer({ root: h.root, username: 'tradewire', publicKey: keys.public }).start();
    try {
      h.setSftp('acme-3pl', { port: keyed.port, hostKeyFingerprint: keyed.hostKeyFingerprint, credential: `env:${KEY_ENV}` });
      // The whole outcome, so a failure shows its reason (a slow handshake on a loaded machine, say).
      expect(await h.transports.poller.poll('acme-3pl', true)).toMatchObject({ result: 'ok' });
      expect(keyed.seen.logins).toContain('publickey');
      expect(keyed.seen.logins).not.toContain('password');
    } finally {
      await keyed.stop();
    }
    const wrong = 'not the password';
    process.env[KEY_ENV] = wrong;
    h.setSftp('acme-3pl', { credential: `env:${KEY_ENV}` });
    const outcome = await h.transports.poller.poll('acme-3pl', true);
    expect(outcome.result).toBe('failed');
    const state = await mailboxes.get('acme-3pl');
    expect(state.lastError).toMatch(/^CONNECT: tradewire@127\.0\.0\.1/);
    expect(state.lastError).not.toContain(wrong);
  });
});

describe('a partner whose server is down', () => {
  it('backs off, then opens its circuit after repeated failures, while other partners are polled as usual', async () => {
    const gone = await new TestSftpServer({ root: h.root, username: 'tradewire' }).start();
    await gone.stop();
    h.setSftp('northwind-supplier', { port: gone.port, hostKeyFingerprint: gone.hostKeyFingerprint });
    expect((await h.transports.poller.poll('acme-3pl', true)).result).toBe('ok'); // a clean start for the healthy partner
    const t0 = new Date();
    expect((await h.transports.poller.poll('northwind-supplier', false, t0)).result).toBe('failed');
    expect(await mailboxes.get('northwind-supplier')).toMatchObject({ consecutiveFailures: 1, circuitOpenUntil: null, lastResult: 'failed' });
    expect((await h.transports.poller.poll('northwind-supplier', false, t0)).result).toBe('backing-off');
    expect((await h.transports.poller.poll('acme-3pl')).result).toBe('ok');
    const later = new Date(t0.getTime() + 5 * 60_000);
    expect((await h.transports.poller.poll('northwind-supplier', false, later)).result).toBe('failed');
    const open = await mailboxes.get('northwind-supplier');
    expect(open.consecutiveFailures).toBe(2);
    expect(open.circuitOpenUntil?.getTime()).toBe(later.getTime() + 600_000);
    expect((await h.transports.poller.poll('northwind-supplier', false, new Date(later.getTime() + 300_000))).result).toBe('circuit-open');
    expect((await h.transports.poller.poll('acme-3pl')).result).toBe('ok');
  });
});

describe('outbound delivery', () => {
  it('retries a failing delivery, leaves it failed (not lost) when retries run out, and delivers it when ops retry', async () => {
    const id = randomUUID();
    const content = Buffer.from(shipment('000000801', 1)); // any interchange: its ISA13 names the file
    await h.db.dataSource.query(`INSERT INTO outbound_documents (id, partner_id, kind, content) VALUES ($1, 'acme-3pl', '997', $2)`, [id, content]);
    h.setSftp('acme-3pl', { directories: { inbound: '/outbox/to-tradewire', outbound: '/no/such/directory' } });
    await enqueue(h.pipeline.queues, 'deliver-document', { outboundDocumentId: id }, { attempts: 2, backoff: { type: 'fixed', delay: 10 } });
    const failed = await until('the delivery to fail', async () => (await h.transports.deliveries.list({ partnerId: 'acme-3pl', status: 'failed' }))[0]);
    expect(failed).toMatchObject({ outboundDocumentId: id, attempts: 2, transport: 'sftp' });
    expect(failed.lastError).toMatch(/no\/such\/directory/);
    const [{ status }] = await h.db.dataSource.query(`SELECT status FROM outbound_documents WHERE id = $1`, [id]);
    expect(status).toBe('failed');

    h.setSftp('acme-3pl');
    const reopened = await h.transports.deliveries.reopen(failed.id);
    await enqueue(h.pipeline.queues, 'deliver-document', { outboundDocumentId: id, attempt: 1 });
    expect(reopened).toEqual({ outboundDocumentId: id, attempts: 2 });
    const delivered = await until('the retried delivery', async () => (await h.transports.deliveries.list({ partnerId: 'acme-3pl', status: 'delivered' }))[0]);
    expect(delivered).toMatchObject({ id: failed.id, attempts: 3, lastError: null });
    expect(existsSync(join(h.root, 'inbox', 'from-tradewire', `997-000000801-${id.replace(/-/g, '')}.x12`))).toBe(true);
  });
});

describe('poll schedules', () => {
  it('keeps one repeatable poll per partner with SFTP, drops it when the transport goes, and runs polls through the queue', async () => {
    await h.transports.syncSchedules();
    const ids = async () => (await h.pipeline.queues[QUEUES.sftpPolls].getJobSchedulers()).map((s) => [s.key, s.every]).sort();
    expect(await ids()).toEqual([['poll-mailbox:acme-3pl', 60_000], ['poll-mailbox:northwind-supplier', 60_000]]);
    h.profiles.replace(h.profiles.list().map((p) => (p.id === 'northwind-supplier' ? { ...p, transports: undefined } : p)));
    await h.transports.syncSchedules();
    expect(await ids()).toEqual([['poll-mailbox:acme-3pl', 60_000]]);
    writeFileSync(join(h.root, 'outbox', 'to-tradewire', 'queued.edi'), shipment('000000802', 1));
    const before = (await mailboxes.get('acme-3pl')).lastPollAt?.getTime() ?? 0;
    await enqueue(h.pipeline.queues, 'poll-mailbox', { partnerId: 'acme-3pl', request: randomUUID() });
    await until('the queued poll', async () => ((await mailboxes.get('acme-3pl')).lastPollAt?.getTime() ?? 0) > before);
    const [{ n }] = await h.db.dataSource.query(`SELECT count(*)::int AS n FROM sftp_observed_files WHERE remote_name = 'queued.edi'`);
    expect(n).toBe(1);
  });
});
