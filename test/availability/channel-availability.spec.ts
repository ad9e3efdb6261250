import { ChannelAvailabilityService } from '@tradewire/pipeline';
import { parseX12 } from '@tradewire/x12';
import { GatewayHarness, startGatewayHarness, until } from '../support/gateway-harness';

/** Availability to a sales channel (ShopMart: 80 % of Dallas, 2 held back, per node, at most one 846 per 5 minutes), end to end. */
let h: GatewayHarness;
const keys: Record<string, string> = {};
jest.setTimeout(20_000);

beforeAll(async () => {
  h = await startGatewayHarness();
  keys.ops = await h.key('ops desk', 'ops');
  keys.shopmart = await h.key('shopmart portal', 'read-only', 'shopmart-marketplace');
  keys.acme = await h.key('acme portal', 'read-only', 'acme-3pl');
});

afterAll(() => h.close());

function call(path: string, key: string, init: RequestInit = {}): Promise<Response> {
  return h.call(path, key, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
}

const snapshot = (control: string, blue: number) => [
  `ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*TRADEWIREDIST  *261130*0600*U*00401*${control}*0*P*>`,
  `GS*IB*ACME3PL*TRADEWIREDIST*20261130*0600*${Number(control)}*X*004010`, 'ST*846*0001', `BIA*00*SI*SNAP-${control}*20261130*0600`, 'N1*WH*ACME DALLAS*92*DAL1',
  'LIN*1*VN*ACME-BW-100', `QTY*17*${blue}*EA`, 'LIN*2*VN*ACME-RW-200', 'QTY*17*10*CA', 'CTT*2', 'SE*9*0001', `GE*1*${Number(control)}`, `IEA*1*${control}`,
].join('~\n') + '~\n';

async function sent846(): Promise<string[]> {
  const rows = await h.db.dataSource.query(`SELECT content FROM outbound_documents WHERE partner_id = 'shopmart-marketplace' AND kind = '846' ORDER BY created_at`);
  return rows.map((r: { content: Buffer }) => r.content.toString('latin1'));
}

const quantities = (text: string) => (parseX12(text, { keepSegments: true }).interchanges[0].groups[0].transactions[0].segments ?? [])
  .filter((s) => s.tag === 'QTY').map((s) => s.element(2));

describe('availability to sales channels', () => {
  it('sends a channel its share of what is available after stock changes, in its own item and node codes', async () => {
    const res = await call('/partners/acme-3pl/documents', keys.ops, { method: 'POST', body: snapshot('000000901', 100), headers: { 'content-type': 'application/edi-x12' } });
    expect(res.status).toBe(202);
    await until(async () => (await sent846()).length === 1);
    const [text] = await sent846();
    expect(parseX12(text).diagnostics).toEqual([]);
    expect(text).toContain('LIN**UP*012345678905');
    expect(text).toContain('SM-NODE-DAL');
    // floor(100 × 0.8) − 2 = 78 blue; 10 cases of 12 = 120 red: floor(96) − 2 = 94.
    expect(quantities(text)).toEqual(['78', '94']);
    const [expectation] = await h.db.dataSource.query(`SELECT kind, status FROM expectations WHERE partner_id = 'shopmart-marketplace'`);
    expect(expectation).toEqual({ kind: 'functional-ack', status: 'pending' });
  });

  it('coalesces a burst of changes within the interval into one delayed 846, not one per change', async () => {
    for (let i = 0; i < 15; i++) {
      const receipt = { receiptId: `R-${i}`, supplier: 'northwind-supplier', location: 'DAL-3PL', receivedAt: '2026-11-30T12:00:00Z', lines: [{ sku: 'WIDGET-BLUE', quantity: '1' }] };
      expect((await call('/inventory/receipts', keys.ops, { method: 'POST', body: JSON.stringify(receipt) })).status).toBe(201);
    }
    const delayed = await h.pipeline.queues['channel-availability'].getDelayed();
    expect(delayed.filter((j) => j.data.channel === 'shopmart-marketplace')).toHaveLength(1);
    expect(delayed[0].opts.delay).toBeGreaterThan(200_000);
    expect(await sent846()).toHaveLength(1);
  });

  it('defers a publish inside the interval, and sends the latest figures once it has passed', async () => {
    const later = new ChannelAvailabilityService(h.db.dataSource, h.profiles, () => new Date(Date.now() + 301_000));
    const soon = new ChannelAvailabilityService(h.db.dataSource, h.profiles, () => new Date(Date.now() + 60_000));
    expect(await soon.publish('shopmart-marketplace', false)).toMatchObject({ status: 'deferred' });
    expect(await later.publish('shopmart-marketplace', false)).toMatchObject({ status: 'sent', lines: 2, oversold: 0 });
    // 115 × 0.8 = 92 − 2 = 90: the fifteen receipts are in.
    expect(quantities((await sent846())[1])).toEqual(['90', '94']);
    expect(await new ChannelAvailabilityService(h.db.dataSource, h.profiles, () => new Date(Date.now() + 700_000)).publish('shopmart-marketplace', false)).toEqual({ status: 'unchanged' });
  });

  it('sends a forced refresh at once, and records an oversell when stock fell below what was offered', async () => {
    await h.db.dataSource.query(`UPDATE inventory_balances SET on_hand = 50 WHERE sku = 'WIDGET-BLUE' AND location = 'DAL-3PL'`);
    const res = await call('/channels/shopmart-marketplace/availability/refresh', keys.ops, { method: 'POST' });
    expect(res.status).toBe(202);
    await until(async () => (await sent846()).length === 3);
    expect(quantities((await sent846())[2])).toEqual(['38', '94']);
    const oversells = (await (await call('/channels/oversells', keys.ops)).json()) as Array<{ sku: string; offered: string; available: string }>;
    expect(oversells.map((o) => [o.sku, Number(o.offered), Number(o.available)])).toEqual([['WIDGET-BLUE', 90, 50]]);
  });

  it("lets a channel's own key read its offer, and nobody else's", async () => {
    const own = (await (await call('/channels/shopmart-marketplace/availability', keys.shopmart)).json()) as { offer: Array<{ sku: string; available: string }> };
    expect(own.offer).toEqual([{ sku: 'WIDGET-BLUE', location: 'DAL-3PL', available: '38' }, { sku: 'WIDGET-RED', location: 'DAL-3PL', available: '94' }]);
    expect((await call('/channels/shopmart-marketplace/availability', keys.acme)).status).toBe(404);
    expect((await call('/channels/acme-3pl/availability', keys.ops)).status).toBe(404);
    expect((await call('/channels/shopmart-marketplace/availability/refresh', keys.shopmart, { method: 'POST' })).status).toBe(403);
  });
});
