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
    const [delivery] = await h.transports.deliveries.list({ partnerId: 'acme-3pl' });
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
});
