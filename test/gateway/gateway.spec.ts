import { join } from 'path';
import { loadConfig } from '@tradewire/config';
import { ProfileRegistry } from '@tradewire/pipeline';
import { createGatewayApp } from '../../apps/gateway/src/create-app';
import { GatewayHarness, ROOT, startGatewayHarness } from '../support/gateway-harness';

/** The HTTP API on a real port, with the workers running, against PostgreSQL and Redis. */
let h: GatewayHarness;
const keys: Record<string, string> = {};

beforeAll(async () => {
  h = await startGatewayHarness();
  keys.ops = await h.key('ops desk', 'ops');
  keys.readOnly = await h.key('dashboard', 'read-only');
  keys.onboarding = await h.key('onboarding desk', 'onboarding');
  keys.northwind = await h.key('northwind portal', 'ops', 'northwind-supplier');
  keys.acme = await h.key('acme portal', 'read-only', 'acme-3pl');
});

afterAll(() => h.close());

const SNAPSHOT = [
  'ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*TRADEWIREDIST  *261130*0600*U*00401*000000701*0*P*>',
  'GS*IB*ACME3PL*TRADEWIREDIST*20261130*0600*701*X*004010', 'ST*846*0001', 'BIA*00*SI*SNAP-7*20261130*0600', 'N1*WH*ACME DALLAS*92*DAL1',
  'LIN*1*VN*ACME-BW-100', 'QTY*17*64*EA', 'CTT*1*64', 'SE*7*0001', 'GE*1*701', 'IEA*1*000000701',
].join('~\n') + '~\n';

function call(path: string, key?: string, init: RequestInit = {}): Promise<Response> {
  return h.call(path, key, init);
}

interface DocumentView {
  status: string;
  transactionSets: Array<{ status: string }>;
}

async function waitFor(id: string, done: (d: DocumentView) => boolean): Promise<DocumentView> {
  let last: DocumentView | undefined;
  for (let i = 0; i < 100; i++) {
    last = (await (await call(`/documents/${id}`, keys.readOnly)).json()) as DocumentView;
    if (last.transactionSets.length > 0 && done(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`document ${id} did not get there: ${JSON.stringify(last)}`);
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

  it('lets a 3PL-scoped key read stock only at the warehouses that 3PL runs, and variances only of its own snapshots', async () => {
    await h.db.dataSource.query(`INSERT INTO inventory_balances (sku, location, on_hand) VALUES ('WIDGET-BLUE', 'ELSEWHERE', 5)`);
    expect(await (await call('/inventory/WIDGET-BLUE/DAL-3PL', keys.acme)).json()).toMatchObject({ location: 'DAL-3PL', onHand: '64' });
    expect((await call('/inventory/WIDGET-BLUE/ELSEWHERE', keys.acme)).status).toBe(404);
    const all = (await (await call('/inventory/WIDGET-BLUE', keys.acme)).json()) as { locations: Array<{ location: string }>; total: { onHand: string } };
    expect([all.locations.map((l) => l.location), all.total.onHand]).toEqual([['DAL-3PL'], '64']);
    const everywhere = (await (await call('/inventory/WIDGET-BLUE', keys.readOnly)).json()) as { locations: Array<{ location: string }> };
    expect(everywhere.locations.map((l) => l.location)).toContain('ELSEWHERE');
    const history = (await (await call('/inventory/WIDGET-BLUE/history', keys.acme)).json()) as Array<{ location: string }>;
    expect(history.length > 0 && history.every((h) => h.location === 'DAL-3PL')).toBe(true);
    const variances = (await (await call('/inventory/variances', keys.acme)).json()) as Array<{ idempotencyKey: string }>;
    expect(variances.length > 0 && variances.every((v) => v.idempotencyKey.includes('|acme-3pl|'))).toBe(true);
    await h.db.dataSource.query(`DELETE FROM inventory_balances WHERE location = 'ELSEWHERE'`);
  });

  it('finds documents by partner, status, set, control number and text in the raw bytes', async () => {
    const found = (await (await call('/documents?partner=acme-3pl&set=846&control=000000701', keys.readOnly)).json()) as Array<{ sets: string[]; status: string }>;
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ sets: ['846'], status: 'applied' });
    expect(await (await call('/documents?text=SNAP-7', keys.readOnly)).json()).toHaveLength(2);
    expect(await (await call('/documents?text=NOT-IN-ANY-FILE', keys.readOnly)).json()).toEqual([]);
    expect(await (await call('/documents', keys.northwind)).json()).toEqual([]);
  });

  it('retries, replays and ignores documents, auditing each action, and never counts stock twice', async () => {
    const heldFile = SNAPSHOT.replace(/000000701/g, '000000703').replace('*701*', '*703*').replace('GE*1*701', 'GE*1*703').replace('ACME-BW-100', 'NOT-OURS-1');
    const { id } = (await (await upload('acme-3pl', keys.ops, heldFile)).json()) as { id: string };
    await waitFor(id, (d) => d.transactionSets.every((t) => t.status === 'held'));
    const dry = await (await call(`/documents/${id}/retry?dryRun=true`, keys.ops, { method: 'POST' })).json();
    expect(dry).toEqual({ documentId: id, action: 'retry', outcome: 'translate and apply 1 transaction set(s) again' });
    expect((await call(`/documents/${id}/retry`, keys.readOnly, { method: 'POST' })).status).toBe(403);
    await call(`/documents/${id}/retry`, keys.ops, { method: 'POST' });
    await waitFor(id, (d) => d.transactionSets.every((t) => t.status === 'held'));
    const ignored = await call(`/documents/${id}/ignore`, keys.ops, { method: 'POST', body: JSON.stringify({ reason: 'partner resends with the right item' }), headers: { 'content-type': 'application/json' } });
    expect(await ignored.json()).toMatchObject({ action: 'ignore', outcome: 'ignored: partner resends with the right item' });

    const applied = (await (await call('/documents?control=000000701', keys.readOnly)).json()) as Array<{ id: string }>;
    const replay = (await (await call(`/documents/${applied[0].id}/replay`, keys.ops, { method: 'POST' })).json()) as { newDocumentId: string };
    await waitFor(replay.newDocumentId, (d) => d.status === 'applied');
    expect(await (await call('/inventory/WIDGET-BLUE/DAL-3PL', keys.readOnly)).json()).toMatchObject({ onHand: '64' });
    const audit = await h.db.dataSource.query(`SELECT action, target_id FROM audit_log ORDER BY id`);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['retry', 'ignore', 'replay']);
  }, 20_000);

  it('dry-runs a file for onboarding: findings, the acknowledgment and the events, storing nothing', async () => {
    const [{ before }] = await h.db.dataSource.query(`SELECT count(*)::int AS before FROM raw_documents`);
    const broken = SNAPSHOT.replace('QTY*17*64*EA', 'QTY*17*64*EA~\nXYZ*1').replace('SE*7*0001', 'SE*8*0001');
    const res = await call('/partners/acme-3pl/dry-run', keys.ops, { method: 'POST', body: broken, headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(200);
    const result = (await res.json()) as { diagnostics: Array<{ code: string }>; acknowledgments: string; outcomes: Array<{ kind: string }> };
    expect(result.diagnostics.map((d) => d.code)).toEqual(['SEGMENT_NOT_IN_SET']);
    expect(result.acknowledgments).toContain('AK3*XYZ*6*QTY*6~');
    expect(result.outcomes.map((o) => o.kind)).toEqual(['event']);
    const [{ after }] = await h.db.dataSource.query(`SELECT count(*)::int AS after FROM raw_documents`);
    expect(after).toBe(before);
  });

  it('shows an item across locations, its ledger and the open variances', async () => {
    const all = (await (await call('/inventory/WIDGET-BLUE', keys.readOnly)).json()) as { locations: Array<{ location: string }>; total: { onHand: string } };
    expect(all.locations.map((l) => l.location)).toEqual(['DAL-3PL']);
    expect(all.total.onHand).toBe('64');
    const history = (await (await call('/inventory/WIDGET-BLUE/history?location=DAL-3PL', keys.readOnly)).json()) as Array<{ kind: string; after: string }>;
    expect(history[history.length - 1]).toMatchObject({ kind: 'set', after: '64' });
    const variances = (await (await call('/inventory/variances', keys.readOnly)).json()) as Array<{ sku: string; reported: string }>;
    expect(variances).toEqual(expect.arrayContaining([expect.objectContaining({ sku: 'WIDGET-BLUE', reported: '64' })]));
    expect((await call('/inventory/variances', keys.northwind)).status).toBe(403);
  });

  it('serves partner profiles with their versions; an update is checked field by field, audited, and in force at once', async () => {
    const list = (await (await call('/partners', keys.readOnly)).json()) as Array<{ id: string; version: number }>;
    expect(list.map((p) => p.id)).toEqual(['acme-3pl', 'brightmart-retail', 'northwind-supplier', 'shopmart-marketplace']);
    expect(((await (await call('/partners', keys.northwind)).json()) as Array<{ id: string }>).map((p) => p.id)).toEqual(['northwind-supplier']);
    const current = (await (await call('/partners/northwind-supplier', keys.readOnly)).json()) as { version: number; profile: Record<string, unknown> };
    const bad = await call('/partners/northwind-supplier', keys.onboarding, {
      method: 'PUT', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...current.profile, status: 'retired', transports: { sftp: { ...(current.profile.transports as { sftp: object }).sftp, credential: 'hunter2' } } }),
    });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { problems: Array<{ path: string }> }).problems.map((p) => p.path)).toEqual(['status', 'transports.sftp.credential']);
    expect((await call('/partners/northwind-supplier', keys.readOnly, { method: 'PUT', body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(403);
    const live = await call('/partners/northwind-supplier/status', keys.onboarding, { method: 'POST', body: JSON.stringify({ status: 'test' }), headers: { 'content-type': 'application/json' } });
    expect(await live.json()).toMatchObject({ version: current.version + 1, source: 'api', profile: { status: 'test' } });
    const versions = (await (await call('/partners/northwind-supplier/versions', keys.readOnly)).json()) as Array<{ version: number; source: string }>;
    expect(versions.map((v) => [v.version, v.source])).toEqual([[current.version + 1, 'api'], [current.version, 'file']]);
    const [audit] = await h.db.dataSource.query(`SELECT action FROM audit_log WHERE target_type = 'partner'`);
    expect(audit.action).toBe('partner status onboarding → test');
  });

  it('records a goods receipt once: on hand up, the supplier shipment out of in transit, audited; bad receipts listed field by field', async () => {
    const receipt = { receiptId: 'RCV-9', supplier: 'northwind-supplier', shipmentId: 'ASN-77', location: 'DAL-3PL', receivedAt: '2026-11-30T16:00:00Z', lines: [{ sku: 'WIDGET-RED', quantity: '12' }] };
    const post = (body: unknown, key: string) => call('/inventory/receipts', key, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    expect((await post(receipt, keys.readOnly)).status).toBe(403);
    expect((await post(receipt, keys.northwind)).status).toBe(403);
    const bad = await post({ ...receipt, supplier: 'nobody-here', lines: [{ sku: 'X', quantity: '-1' }] }, keys.ops);
    expect([bad.status, ((await bad.json()) as { problems: Array<{ path: string }> }).problems.map((p) => p.path)]).toEqual([422, ['lines.0.quantity']]);
    expect((await post({ ...receipt, supplier: 'nobody-here' }, keys.ops)).status).toBe(422);
    const first = await post(receipt, keys.ops);
    expect([first.status, await first.json()]).toEqual([201, { status: 'applied', movements: 2, superseded: 0, variances: 0 }]);
    const again = await post(receipt, keys.ops);
    expect([again.status, await again.json()]).toEqual([200, { status: 'duplicate' }]);
    expect(await (await call('/inventory/WIDGET-RED/DAL-3PL', keys.readOnly)).json()).toMatchObject({ onHand: '12', inTransit: '0' });
    const audit = await h.db.dataSource.query(`SELECT action, target_id FROM audit_log WHERE target_type = 'receipt'`);
    expect(audit).toEqual([{ action: 'goods received', target_id: 'northwind-supplier/RCV-9' }]);
  });

  it('serves its OpenAPI description, which documents every route it has', async () => {
    const doc = (await (await call('/openapi.json')).json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`)).sort();
    const routes = (h.app.getHttpAdapter().getInstance() as { router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> } }).router.stack
      .flatMap((l) => (l.route ? Object.keys(l.route.methods).map((m) => `${m.toUpperCase()} ${l.route?.path}`) : []))
      .sort();
    expect(documented).toEqual(routes);
  });

  it('answers 429 with Retry-After when one key calls too often, and when one address keeps trying keys that do not exist', async () => {
    const limited = await createGatewayApp({ dataSource: h.db.dataSource, queues: h.pipeline.queues, profiles: ProfileRegistry.fromDirectories(join(ROOT, 'partner-profiles'), join(ROOT, 'edi-specs', 'guides')), redisUrl: loadConfig().redis.url, redisPrefix: `${h.prefix}-limited`, requestsPerMinute: 2 }, 4096);
    await limited.listen(0, '127.0.0.1');
    const url = await limited.getUrl();
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${url}/documents`, { headers: { authorization: `Bearer ${keys.readOnly}` } });
      statuses.push(res.status);
      retryAfter = res.headers.get('retry-after') ?? retryAfter;
    }
    // Guessing keys spends from the caller's address: refused twice, then told to wait.
    const guesses: number[] = [];
    for (let i = 0; i < 3; i++) guesses.push((await fetch(`${url}/documents`, { headers: { authorization: `Bearer tw_guess_${i}` } })).status);
    await limited.close();
    expect(statuses).toEqual([200, 200, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(guesses).toEqual([401, 401, 429]);
  });

  it('refuses a body over the size limit (413) and an empty one (400)', async () => {
    expect((await upload('acme-3pl', keys.ops, 'X'.repeat(5000))).status).toBe(413);
    expect((await upload('acme-3pl', keys.ops, '')).status).toBe(400);
  });
});
