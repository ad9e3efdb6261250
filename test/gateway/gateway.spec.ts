import { randomBytes } from 'crypto';
import { join } from 'path';
import { INestApplication } from '@nestjs/common';
import { loadConfig } from '@tradewire/config';
import { ApiKeys, createTestDatabase } from '@tradewire/persistence';
import { createGatewayApp } from '../../apps/gateway/src/create-app';
import { Pipeline, ProfileRegistry, startPipeline } from '@tradewire/pipeline';

/** The HTTP API on a real port, with the workers running, against PostgreSQL and Redis. */
const ROOT = join(__dirname, '..', '..');
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pipeline: Pipeline;
let app: INestApplication;
let base: string;
const keys: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  const profiles = ProfileRegistry.fromDirectories(join(ROOT, 'partner-profiles'), join(ROOT, 'edi-specs', 'guides'));
  const redisUrl = loadConfig().redis.url;
  pipeline = startPipeline({ dataSource: db.dataSource, redisUrl, prefix: `test-${randomBytes(4).toString('hex')}`, profiles, concurrency: 2 });
  app = await createGatewayApp({ dataSource: db.dataSource, queues: pipeline.queues, profiles, redisUrl }, 4096);
  await app.listen(0, '127.0.0.1');
  base = await app.getUrl();
  const apiKeys = new ApiKeys(db.dataSource);
  keys.ops = (await apiKeys.create('ops desk', 'ops')).key;
  keys.readOnly = (await apiKeys.create('dashboard', 'read-only')).key;
  keys.northwind = (await apiKeys.create('northwind portal', 'ops', 'northwind-supplier')).key;
});

afterAll(async () => {
  await app.close();
  await pipeline.close({ obliterate: true });
  await db.drop();
});

const SNAPSHOT = [
  'ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*TRADEWIREDIST  *261130*0600*U*00401*000000701*0*P*>',
  'GS*IB*ACME3PL*TRADEWIREDIST*20261130*0600*701*X*004010', 'ST*846*0001', 'BIA*00*SI*SNAP-7*20261130*0600', 'N1*WH*ACME DALLAS*92*DAL1',
  'LIN*1*VN*ACME-BW-100', 'QTY*17*64*EA', 'CTT*1*64', 'SE*7*0001', 'GE*1*701', 'IEA*1*000000701',
].join('~\n') + '~\n';

function call(path: string, key?: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${base}${path}`, { ...init, headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(init.headers ?? {}) } });
}

function upload(partner: string, key: string, body: string): Promise<Response> {
  return call(`/partners/${partner}/documents`, key, { method: 'POST', body, headers: { 'content-type': 'application/edi-x12' } });
}

describe('gateway API', () => {
  it('answers the health check without a key, naming PostgreSQL and Redis', async () => {
    const res = await call('/health');
    expect([res.status, await res.json()]).toEqual([200, { status: 'ok', postgres: 'up', redis: 'up' }]);
  });

  it('refuses a call without a valid key (401) and a role that may not do it (403)', async () => {
    expect((await upload('acme-3pl', '', SNAPSHOT)).status).toBe(401);
    expect((await upload('acme-3pl', 'tw_not-a-key', SNAPSHOT)).status).toBe(401);
    expect((await upload('acme-3pl', keys.readOnly, SNAPSHOT)).status).toBe(403);
  });

  it('takes an upload at once (202), and the workers bring it to balances', async () => {
    const res = await upload('acme-3pl', keys.ops, SNAPSHOT);
    expect(res.status).toBe(202);
    const { id, size } = (await res.json()) as { id: string; size: number };
    expect(size).toBe(Buffer.byteLength(SNAPSHOT));
    let doc: { status: string; history: Array<{ status: string }>; transactionSets: Array<{ status: string }> } | undefined;
    for (let i = 0; i < 100 && doc?.status !== 'applied'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      doc = (await (await call(`/documents/${id}`, keys.readOnly)).json()) as typeof doc;
    }
    expect(doc?.history.map((h) => h.status)).toEqual(['received', 'parsed', 'acknowledged', 'translated', 'applied']);
    expect(doc?.transactionSets.map((t) => t.status)).toEqual(['applied']);
    expect(await (await call('/inventory/WIDGET-BLUE/DAL-3PL', keys.readOnly)).json()).toMatchObject({ onHand: '64', availableToPromise: '64' });
    expect(await (await call(`/documents/${id}/raw`, keys.ops)).text()).toBe(SNAPSHOT);
  });

  it("keeps a partner-scoped key to its own partner's data", async () => {
    const res = await upload('acme-3pl', keys.ops, SNAPSHOT.replace(/000000701/g, '000000702').replace('*701*', '*702*').replace('GE*1*701', 'GE*1*702'));
    const { id } = (await res.json()) as { id: string };
    expect((await call(`/documents/${id}`, keys.northwind)).status).toBe(404);
    expect((await call(`/documents/${id}/raw`, keys.northwind)).status).toBe(404);
    expect((await upload('acme-3pl', keys.northwind, SNAPSHOT)).status).toBe(404);
    expect((await call('/inventory/WIDGET-BLUE/DAL-3PL', keys.northwind)).status).toBe(403);
  });

  it('refuses a body over the size limit (413) and an empty one (400)', async () => {
    expect((await upload('acme-3pl', keys.ops, 'X'.repeat(5000))).status).toBe(413);
    expect((await upload('acme-3pl', keys.ops, '')).status).toBe(400);
  });
});
