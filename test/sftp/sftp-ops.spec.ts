import { randomUUID } from 'crypto';
import { readdirSync } from 'fs';
import { join } from 'path';
import { INestApplication } from '@nestjs/common';
import { loadConfig } from '@tradewire/config';
import { removeRedisLeftovers } from '../support/redis-leftovers';
import { enqueue } from '@tradewire/jobs';
import { ApiKeys, AuditLog } from '@tradewire/persistence';
import { createGatewayApp } from '../../apps/gateway/src/create-app';
import { TestSftpServer } from '../support/sftp-server';
import { Harness, shipment, startHarness, until } from './sftp-harness';

/** The ops API for SFTP: mailbox state, pause and resume, poll now, connection test, deliveries and their retry. */
jest.setTimeout(60_000);
let h: Harness;
let app: INestApplication;
let base: string;
const keys: Record<string, string> = {};

beforeAll(async () => {
  h = await startHarness();
  h.setSftp('acme-3pl');
  app = await createGatewayApp({ dataSource: h.db.dataSource, queues: h.pipeline.queues, profiles: h.profiles, redisUrl: loadConfig().redis.url, redisPrefix: h.prefix, sftpConnectTimeoutMs: 5_000 }, 4096);
  await app.listen(0, '127.0.0.1');
  base = await app.getUrl();
  const apiKeys = new ApiKeys(h.db.dataSource);
  keys.ops = (await apiKeys.create('ops desk', 'ops')).key;
  keys.readOnly = (await apiKeys.create('dashboard', 'read-only')).key;
  keys.northwind = (await apiKeys.create('northwind portal', 'ops', 'northwind-supplier')).key;
});

afterAll(async () => {
  await app.close();
  await h.close();
  await removeRedisLeftovers(h.prefix);
});

async function call<T = Record<string, unknown>>(method: string, path: string, key: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, body: (await res.json()) as T };
}

describe('SFTP ops API', () => {
  it('shows each mailbox’s last poll time and result, and nothing of the credential', async () => {
    await h.transports.poller.poll('acme-3pl');
    const { status, body } = await call<Array<Record<string, unknown>>>('GET', '/sftp/mailboxes', keys.readOnly);
    expect(status).toBe(200);
    expect(body).toEqual([expect.objectContaining({ partnerId: 'acme-3pl', host: '127.0.0.1', lastResult: 'ok', circuit: 'closed', paused: false, lastPollAt: expect.any(String) })]);
    expect(JSON.stringify(body)).not.toMatch(/credential|correct horse/);
    expect((await call('GET', '/sftp/mailboxes/acme-3pl', keys.northwind)).status).toBe(404);
  });

  it('pauses and resumes polling (ops only, audited), and a paused mailbox is not polled', async () => {
    expect((await call('POST', '/sftp/mailboxes/acme-3pl/pause', keys.readOnly)).status).toBe(403);
    expect(await call('POST', '/sftp/mailboxes/acme-3pl/pause', keys.ops)).toMatchObject({ status: 200, body: { paused: true } });
    expect((await h.transports.poller.poll('acme-3pl', true)).result).toBe('paused');
    expect(await call('POST', '/sftp/mailboxes/acme-3pl/resume', keys.ops)).toMatchObject({ status: 200, body: { paused: false } });
    expect((await h.transports.poller.poll('acme-3pl')).result).toBe('ok');
    const audit = await new AuditLog(h.db.dataSource).forTarget('sftp-mailbox', 'acme-3pl');
    expect(audit.map((a) => [a.action, a.after])).toEqual([['sftp pause', { paused: true }], ['sftp resume', { paused: false }]]);
  });

  it('polls now on request, through a worker', async () => {
    const before = (await call<{ lastPollAt: string }>('GET', '/sftp/mailboxes/acme-3pl', keys.ops)).body.lastPollAt;
    expect(await call('POST', '/sftp/mailboxes/acme-3pl/poll', keys.ops)).toMatchObject({ status: 202, body: { queued: true } });
    await until('the requested poll', async () => (await call<{ lastPollAt: string }>('GET', '/sftp/mailboxes/acme-3pl', keys.ops)).body.lastPollAt !== before);
  });

  it('tests the connection: login, list, probe written and removed; a wrong host key fails at login', async () => {
    const { status, body } = await call<{ ok: boolean; checks: Array<{ step: string; ok: boolean }> }>('POST', '/sftp/mailboxes/acme-3pl/test', keys.ops);
    expect(status).toBe(200);
    expect(body.checks.map((c) => [c.step, c.ok])).toEqual([['login', true], ['list inbound', true], ['write probe', true], ['remove probe', true]]);
    expect(readdirSync(join(h.root, 'inbox', 'from-tradewire')).filter((n) => n.includes('probe'))).toEqual([]);
    h.setSftp('acme-3pl', { hostKeyFingerprint: new TestSftpServer({ root: h.root, username: 'x' }).hostKeyFingerprint });
    try {
      const refused = await call<{ ok: boolean; checks: Array<{ step: string; ok: boolean; detail?: string }> }>('POST', '/sftp/mailboxes/acme-3pl/test', keys.ops);
      expect(refused.body).toMatchObject({ ok: false, checks: [{ step: 'login', ok: false, detail: expect.stringContaining('HOST_KEY_MISMATCH') }] });
    } finally {
      h.setSftp('acme-3pl');
    }
  });

  it('lists deliveries and retries a failed one (409 for one that is not failed)', async () => {
    const id = randomUUID();
    await h.db.dataSource.query(`INSERT INTO outbound_documents (id, partner_id, kind, content) VALUES ($1, 'acme-3pl', '997', $2)`, [id, Buffer.from(shipment('000000901', 1))]);
    h.setSftp('acme-3pl', { directories: { inbound: '/outbox/to-tradewire', outbound: '/missing' } });
    await enqueue(h.pipeline.queues, 'deliver-document', { outboundDocumentId: id }, { attempts: 1 });
    // This document's delivery: acknowledgments of earlier tests' files may have failed too.
    const failed = await until('the failed delivery', async () => (await call<Array<{ id: string; outboundDocumentId: string }>>('GET', '/deliveries?status=failed', keys.readOnly)).body.find((d) => d.outboundDocumentId === id));
    h.setSftp('acme-3pl');
    expect((await call('POST', `/deliveries/${failed.id}/retry`, keys.readOnly)).status).toBe(403);
    expect(await call('POST', `/deliveries/${failed.id}/retry`, keys.ops)).toMatchObject({ status: 202, body: { status: 'pending', attempts: 1 } });
    await until('the retried delivery', async () => (await call<Array<{ id: string }>>('GET', '/deliveries?status=delivered&partner=acme-3pl', keys.ops)).body.find((d) => d.id === failed.id));
    expect((await call('POST', `/deliveries/${failed.id}/retry`, keys.ops)).status).toBe(409);
    expect((await call<unknown[]>('GET', '/deliveries', keys.northwind)).body).toEqual([]);
  });
});
