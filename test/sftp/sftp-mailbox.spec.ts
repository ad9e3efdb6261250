import { existsSync, readdirSync, readFileSync, writeFileSync, appendFileSync, utimesSync } from 'fs';
import { join } from 'path';
import SftpClient from 'ssh2-sftp-client';
import { LedgerService } from '@tradewire/inventory';
import { DocumentStore } from '@tradewire/persistence';
import { Harness, PASSWORD_ENV, shipment, snapshot, startHarness, until } from './sftp-harness';

/**
 * SFTP polling and delivery end to end, against the in-process SFTP server, the real PostgreSQL and
 * Redis: a partner's upload becomes balances, and the acknowledgment lands in the partner's mailbox.
 */
jest.setTimeout(60_000);
let h: Harness;
let ledger: LedgerService;
let store: DocumentStore;

beforeAll(async () => {
  h = await startHarness();
  h.setSftp('acme-3pl');
  ledger = new LedgerService(h.db.dataSource);
  store = new DocumentStore(h.db.dataSource);
});

afterAll(() => h.close());

const inbound = (name = '') => join(h.root, 'outbox', 'to-tradewire', name);
const archive = (name = '') => join(h.root, 'outbox', 'archive', name);
const outbound = () => join(h.root, 'inbox', 'from-tradewire');

async function documentsNamed(name: string): Promise<Array<{ id: string; sha256: string }>> {
  return h.db.dataSource.query(`SELECT id, sha256 FROM raw_documents WHERE remote_name = $1 ORDER BY received_at`, [name]);
}

/** The partner uploads through SFTP, as they would. */
async function partnerUploads(name: string, body: string): Promise<void> {
  const client = new SftpClient('partner', { error: () => undefined, end: () => undefined, close: () => undefined });
  await client.connect({ host: '127.0.0.1', port: h.server.port, username: 'tradewire', password: process.env[PASSWORD_ENV] });
  await client.put(Buffer.from(body), `/outbox/to-tradewire/${name}`);
  await client.end();
}

describe('SFTP mailbox polling', () => {
  it('takes a partner upload to balances, archives it, and delivers the 997 to their outbound directory under a temporary name then the final one', async () => {
    await partnerUploads('snapshot-1.edi', snapshot('000000601', 200));
    const first = await h.transports.poller.poll('acme-3pl');
    expect(first).toMatchObject({ result: 'ok', received: [] }); // seen once: not yet known to be complete
    const second = await h.transports.poller.poll('acme-3pl');
    expect(second.result).toBe('ok');
    expect(second.received).toHaveLength(1);
    const id = second.received[0];
    await until('the snapshot applied', async () => (await store.get(id))?.status === 'applied');
    expect(await ledger.balance('WIDGET-BLUE', 'DAL-3PL')).toMatchObject({ onHand: '200' });
    expect([existsSync(inbound('snapshot-1.edi')), readFileSync(archive('snapshot-1.edi'), 'latin1')]).toEqual([false, snapshot('000000601', 200)]);
    const files = await until('the 997 in the partner mailbox', async () => { const f = readdirSync(outbound()).filter((n) => n.startsWith('997-')); return f.length > 0 && f; });
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^997-\d{9}-[0-9a-f]{32}\.x12$/);
    expect(readFileSync(join(outbound(), files[0]), 'latin1')).toContain('AK5*A~');
    expect(h.server.seen.renamed.some(([from, to]) => from.endsWith(`.${files[0]}.part`) && to.endsWith(`/${files[0]}`))).toBe(true);
    // The file is in place a moment before the delivery is recorded: wait for the record, not the file.
    const delivery = await until('the delivery recorded', async () => (await h.transports.deliveries.list({ partnerId: 'acme-3pl' })).find((d) => d.status !== 'pending'));
    expect(delivery).toMatchObject({ status: 'delivered', transport: 'sftp', attempts: 1, lastError: null, destination: `sftp://127.0.0.1:${h.server.port}/inbox/from-tradewire/${files[0]}` });
    const [{ status }] = await h.db.dataSource.query(`SELECT status FROM outbound_documents WHERE id = $1`, [delivery.outboundDocumentId]);
    expect(status).toBe('delivered');
  });

  it('does not pick up a file written slowly in pieces until its size and mtime hold across two listings', async () => {
    const body = shipment('000000602', 5);
    writeFileSync(inbound('slow.edi'), body.slice(0, 40));
    expect((await h.transports.poller.poll('acme-3pl')).received).toEqual([]);
    appendFileSync(inbound('slow.edi'), body.slice(40, 200));
    expect((await h.transports.poller.poll('acme-3pl')).received).toEqual([]);
    appendFileSync(inbound('slow.edi'), body.slice(200));
    utimesSync(inbound('slow.edi'), new Date(), new Date(Date.now() + 5_000)); // the last piece moves mtime, as a real write would
    expect((await h.transports.poller.poll('acme-3pl')).received).toEqual([]);
    const done = await h.transports.poller.poll('acme-3pl');
    expect(done.received).toHaveLength(1);
    expect(await documentsNamed('slow.edi')).toHaveLength(1);
    expect((await store.content(done.received[0]))?.toString('latin1')).toBe(body);
  });

  it('processes a file once when the server is killed mid-download and comes back', async () => {
    const body = shipment('000000603', 3) + 'NTE*' + 'x'.repeat(400_000) + '~\n'; // several READs long
    writeFileSync(inbound('big.edi'), body);
    expect((await h.transports.poller.poll('acme-3pl')).received).toEqual([]);
    let killed = false;
    h.server.faults.killOnRead = (path, offset) => path.endsWith('/big.edi') && offset > 0 && !killed && (killed = true);
    const cut = await h.transports.poller.poll('acme-3pl');
    expect([cut.result, killed]).toEqual(['failed', true]);
    expect(await documentsNamed('big.edi')).toEqual([]);
    expect(readdirSync(h.spoolDir)).toEqual([]); // the partial download was discarded
    delete h.server.faults.killOnRead;
    await h.server.start();
    const again = await h.transports.poller.poll('acme-3pl', true); // an operator's "poll now": past the back-off
    expect([again.result, again.received.length]).toEqual(['ok', 1]);
    expect(await h.transports.poller.poll('acme-3pl', true)).toMatchObject({ result: 'ok', received: [] });
    expect(await documentsNamed('big.edi')).toHaveLength(1);
    expect(existsSync(archive('big.edi'))).toBe(true);
  });

  it('does not process a file twice when moving it to the archive fails, and archives it once the move works', async () => {
    writeFileSync(inbound('stuck.edi'), shipment('000000604', 2));
    h.server.faults.rename = (from) => from.endsWith('/stuck.edi');
    await h.transports.poller.poll('acme-3pl');
    const stored = await h.transports.poller.poll('acme-3pl');
    expect(stored.received).toHaveLength(1);
    expect(stored.warnings.join()).toMatch(/"stuck.edi" was received but could not be archived/);
    for (let i = 0; i < 2; i++) expect(await h.transports.poller.poll('acme-3pl')).toMatchObject({ result: 'ok', received: [] });
    expect(await documentsNamed('stuck.edi')).toHaveLength(1);
    delete h.server.faults.rename;
    expect(await h.transports.poller.poll('acme-3pl')).toMatchObject({ result: 'ok', received: [] });
    expect([existsSync(inbound('stuck.edi')), existsSync(archive('stuck.edi'))]).toEqual([false, true]);
    expect(await documentsNamed('stuck.edi')).toHaveLength(1);
    const [{ cleared }] = await h.db.dataSource.query(`SELECT cleared_at IS NOT NULL AS cleared FROM sftp_received_files WHERE remote_name = 'stuck.edi'`);
    expect(cleared).toBe(true);
  });

  it('refuses path traversal, absolute and NUL names harmlessly: never opened, moved or stored, and reported', async () => {
    const hostile = ['../../etc/passwd', '/etc/passwd', 'evil\0.edi', 'sub/../../x.edi', '..'];
    h.server.faults.extraEntries = (dir) => (dir.endsWith('to-tradewire') ? hostile : []);
    h.setSftp('acme-3pl', { filePattern: '*' });
    const opened = h.server.seen.opened.length;
    const renamed = h.server.seen.renamed.length;
    try {
      await h.transports.poller.poll('acme-3pl');
      const outcome = await h.transports.poller.poll('acme-3pl');
      expect(outcome).toMatchObject({ result: 'ok', received: [] });
      // `..` itself never reaches us (the client drops . and ..); each other name is refused and reported.
      expect(outcome.warnings).toEqual(hostile.slice(0, 4).map((name) => expect.stringContaining(`refused remote name ${JSON.stringify(name)}`)));
      expect(h.server.seen.opened.slice(opened)).toEqual([]);
      expect(h.server.seen.renamed.slice(renamed)).toEqual([]);
      const [{ n }] = await h.db.dataSource.query(`SELECT count(*)::int AS n FROM raw_documents WHERE remote_name LIKE '%/%' OR remote_name LIKE '%..%'`);
      expect(n).toBe(0);
      const [state] = await h.db.dataSource.query(`SELECT last_error FROM sftp_mailboxes WHERE partner_id = 'acme-3pl'`);
      expect(state.last_error).toContain('refused remote name "../../etc/passwd"');
      expect(readdirSync(h.spoolDir)).toEqual([]);
    } finally {
      delete h.server.faults.extraEntries;
      h.setSftp('acme-3pl');
    }
  });

  it('lets one poller work a mailbox at a time across workers, and receives each file once even if the lock is bypassed', async () => {
    for (let i = 0; i < 4; i++) writeFileSync(inbound(`batch-${i}.edi`), shipment(`00000070${i}`, 1));
    await h.transports.poller.poll('acme-3pl');
    const other = h.otherPoller();
    const held = await h.transports.poller['locks'].acquire('acme-3pl');
    expect(await other.poll('acme-3pl')).toMatchObject({ result: 'locked', received: [] });
    await held?.release();
    // Pollers whose locks do not see each other (different prefixes): the received-file records alone must hold.
    const unlocked = [h.otherPoller(`${h.prefix}-a`), h.otherPoller(`${h.prefix}-b`), other];
    const outcomes = await Promise.all(unlocked.map((p) => p.poll('acme-3pl')));
    expect(outcomes.flatMap((o) => o.received)).toHaveLength(4);
    for (let i = 0; i < 4; i++) expect(await documentsNamed(`batch-${i}.edi`)).toHaveLength(1);
  });

  it('refuses a file over the size limit without reading it, and moves it to the error directory', async () => {
    writeFileSync(inbound('huge.edi'), Buffer.alloc(1024 * 1024 + 1, 'A'));
    await h.transports.poller.poll('acme-3pl');
    const outcome = await h.transports.poller.poll('acme-3pl');
    expect(outcome.warnings).toEqual([`"huge.edi" is 1048577 bytes, over the 1048576-byte limit; refused, moved to /outbox/error`]);
    expect(h.server.seen.opened.filter((p) => p.endsWith('huge.edi'))).toEqual([]);
    expect([existsSync(inbound('huge.edi')), existsSync(join(h.root, 'outbox', 'error', 'huge.edi'))]).toEqual([false, true]);
    expect(await documentsNamed('huge.edi')).toEqual([]);
  });

  it('done-file rule: waits for the .done companion, then clears it with the file', async () => {
    h.setSftp('acme-3pl', { stability: 'done-file' });
    try {
      writeFileSync(inbound('flagged.edi'), shipment('000000605', 1));
      expect((await h.transports.poller.poll('acme-3pl')).received).toEqual([]);
      expect((await h.transports.poller.poll('acme-3pl')).received).toEqual([]);
      writeFileSync(inbound('flagged.edi.done'), '');
      expect((await h.transports.poller.poll('acme-3pl')).received).toHaveLength(1);
      expect([existsSync(inbound('flagged.edi')), existsSync(inbound('flagged.edi.done')), existsSync(archive('flagged.edi'))]).toEqual([false, false, true]);
    } finally {
      h.setSftp('acme-3pl');
    }
  });
});
