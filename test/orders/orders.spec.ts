import { LedgerService } from '@tradewire/inventory';
import { OrderService, scheduleFollowUps } from '@tradewire/pipeline';
import { parseX12 } from '@tradewire/x12';
import { GatewayHarness, startGatewayHarness, until } from '../support/gateway-harness';

/** Warehouse orders end to end: the API, the workers, PostgreSQL and Redis, all real. */
let h: GatewayHarness;
let ledger: LedgerService;
const keys: Record<string, string> = {};
jest.setTimeout(20_000);

beforeAll(async () => {
  h = await startGatewayHarness({ gs1CompanyPrefix: '0614141' });
  keys.ops = await h.key('ops desk', 'ops');
  keys.acme = await h.key('acme portal', 'ops', 'acme-3pl');
  ledger = new LedgerService(h.db.dataSource);
  await upload(acme('000000801', 'IB', ['ST*846*0001', 'BIA*00*SI*SNAP-8*20261130*0600', 'N1*WH*ACME DALLAS*92*DAL1', 'LIN*1*VN*ACME-BW-100', 'QTY*17*100*EA', 'CTT*1*100', 'SE*7*0001']));
  await until(async () => (await ledger.balance('WIDGET-BLUE', 'DAL-3PL')).onHand === '100', 'the snapshot applied');
});

afterAll(() => h.close());

function acme(control: string, functionalId: string, set: string[]): string {
  return [
    `ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*TRADEWIREDIST  *261130*0900*U*00401*${control}*0*P*>`,
    `GS*${functionalId}*ACME3PL*TRADEWIREDIST*20261130*0900*${Number(control)}*X*004010`, ...set, `GE*1*${Number(control)}`, `IEA*1*${control}`,
  ].join('~\n') + '~\n';
}

function call(path: string, key: string, init: RequestInit = {}): Promise<Response> {
  return h.call(path, key, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
}

async function upload(body: string): Promise<void> {
  const res = await call('/partners/acme-3pl/documents', keys.ops, { method: 'POST', body, headers: { 'content-type': 'application/edi-x12' } });
  if (res.status !== 202) throw new Error(`upload: ${res.status}`);
}

const order = (orderId: string, quantity: string, extra: Record<string, unknown> = {}) => ({
  orderId, warehouse: 'acme-3pl', shipTo: { name: 'STORE 4', address: ['1 MAIN ST'], city: 'DALLAS', state: 'TX', postalCode: '75201', country: 'US' }, lines: [{ sku: 'WIDGET-BLUE', quantity }], ...extra,
});
const post = (body: unknown) => call('/orders', keys.ops, { method: 'POST', body: JSON.stringify(body) });
const expectations = async (status?: string) => (await (await call(`/expectations${status ? `?status=${status}` : ''}`, keys.ops)).json()) as Array<{ kind: string; reference: string; status: string; outboundDocumentId: string }>;

async function outbound(id: string): Promise<{ kind: string; text: string; groupControl: string; interchangeControl: string }> {
  const [row] = await h.db.dataSource.query(`SELECT kind, content, group_control, interchange_control FROM outbound_documents WHERE id = $1`, [id]);
  return { kind: row.kind, text: row.content.toString('latin1'), groupControl: row.group_control, interchangeControl: row.interchange_control };
}

describe('warehouse orders', () => {
  it('allocates an order and releases it as a 940 in the 3PL\'s codes, once however often it is posted', async () => {
    const res = await post(order('SO-1001', '30'));
    const placed = (await res.json()) as { status: string; outboundDocumentId: string; released: unknown[] };
    expect([res.status, placed.status, placed.released]).toEqual([201, 'released', [{ line: 1, sku: 'WIDGET-BLUE', quantity: '30' }]]);
    const sent = await outbound(placed.outboundDocumentId);
    const parsed = parseX12(sent.text);
    expect(parsed.diagnostics).toEqual([]);
    expect(sent.text).toContain('W05*N*SO-1001');
    expect(sent.text).toContain('W01*30*EA**VN*ACME-BW-100');
    expect(await ledger.balance('WIDGET-BLUE', 'DAL-3PL')).toMatchObject({ onHand: '100', allocated: '30', availableToPromise: '70' });
    const again = await post(order('SO-1001', '30'));
    expect([again.status, ((await again.json()) as { outboundDocumentId: string }).outboundDocumentId]).toEqual([200, placed.outboundDocumentId]);
    expect((await ledger.balance('WIDGET-BLUE', 'DAL-3PL')).allocated).toBe('30');
    const waiting = (await expectations('pending')).filter((e) => e.outboundDocumentId === placed.outboundDocumentId);
    expect(waiting.map((e) => e.kind).sort()).toEqual(['functional-ack', 'shipment']);
    // ACME's profile: its 997 within 4 hours, its 945 within 48.
    const hoursLeft = (kind: string) => (new Date((waiting.find((e) => e.kind === kind) as unknown as { dueAt: string }).dueAt).getTime() - Date.now()) / 3_600_000;
    expect([Math.round(hoursLeft('functional-ack')), Math.round(hoursLeft('shipment'))]).toEqual([4, 48]);
  });

  it('refuses what stock does not cover (409) using no control number, or back-orders it when asked', async () => {
    const [{ next }] = await h.db.dataSource.query(`SELECT next FROM control_numbers WHERE partner_id = 'acme-3pl' AND kind = 'interchange'`);
    const refused = await post(order('SO-1002', '80'));
    expect([refused.status, ((await refused.json()) as { detail: unknown }).detail]).toEqual([409, { backordered: [{ line: 1, sku: 'WIDGET-BLUE', quantity: '10' }] }]);
    expect((await h.db.dataSource.query(`SELECT next FROM control_numbers WHERE partner_id = 'acme-3pl' AND kind = 'interchange'`))[0].next).toBe(next);
    expect((await call('/orders/acme-3pl/SO-1002', keys.ops)).status).toBe(404);
    const partial = await post(order('SO-1002', '80', { shortage: 'backorder' }));
    expect([partial.status, await partial.json()]).toEqual([201, expect.objectContaining({ released: [{ line: 1, sku: 'WIDGET-BLUE', quantity: '70' }], backordered: [{ line: 1, sku: 'WIDGET-BLUE', quantity: '10' }] })]);
    expect((await ledger.balance('WIDGET-BLUE', 'DAL-3PL')).availableToPromise).toBe('0');
  });

  it('lists every problem of a bad order (422), and refuses an item the 3PL has no code for', async () => {
    const bad = await post({ ...order('', '0'), warehouse: 'Not A Partner' });
    expect([bad.status, ((await bad.json()) as { problems: Array<{ path: string }> }).problems.map((p) => p.path).sort()]).toEqual([422, ['lines.0.quantity', 'orderId', 'warehouse']]);
    const unknown = await post({ ...order('SO-1003', '1'), lines: [{ sku: 'NO-SUCH-SKU', quantity: '1' }], shortage: 'backorder' });
    expect(unknown.status).toBe(409);
    await h.db.dataSource.query(`INSERT INTO inventory_balances (sku, location, on_hand) VALUES ('UNMAPPED', 'DAL-3PL', 5)`);
    const unmapped = await post({ ...order('SO-1004', '1'), lines: [{ sku: 'UNMAPPED', quantity: '1' }] });
    expect([unmapped.status, ((await unmapped.json()) as { code: string }).code]).toEqual([422, 'CANNOT_MAP']);
  });

  it('settles the 940 with the 3PL\'s 997 and closes the order with its 945, releasing the allocation', async () => {
    const placed = (await (await call('/orders/acme-3pl/SO-1001', keys.ops)).json()) as { outboundDocumentId: string };
    const sent = await outbound(placed.outboundDocumentId);
    const st02 = parseX12(sent.text).interchanges[0].groups[0].transactions[0].control;
    await upload(acme('000000802', 'FA', ['ST*997*0001', `AK1*OW*${sent.groupControl}`, `AK2*940*${st02}`, 'AK5*A', 'AK9*A*1*1*1', 'SE*6*0001']));
    await until(async () => (await expectations('accepted')).some((e) => e.outboundDocumentId === placed.outboundDocumentId));
    const [received] = await h.db.dataSource.query(`SELECT kind, group_control, status, expectation_id IS NOT NULL AS matched FROM acknowledgments_received`);
    expect(received).toEqual({ kind: '997', group_control: sent.groupControl, status: 'accepted', matched: true });
    await upload(acme('000000803', 'SW', ['ST*945*0001', 'W06*F*SO-1001*20261130*BOL-1', 'N1*SF*ACME DALLAS*92*DAL1', 'LX*1', 'W12*CP*30*28*2*EA**VN*ACME-BW-100', 'W03*28', 'SE*7*0001']));
    await until(async () => ((await (await call('/orders/acme-3pl/SO-1001', keys.ops)).json()) as { status: string }).status === 'shipped');
    expect((await expectations('fulfilled')).map((e) => e.reference)).toContain('SO-1001');
    expect(await ledger.balance('WIDGET-BLUE', 'DAL-3PL')).toMatchObject({ onHand: '72', allocated: '70' });
    expect((await call('/orders/acme-3pl/SO-1001/cancel', keys.ops, { method: 'POST' })).status).toBe(409);
  });

  it('cancels a released order with a 940 cancel and releases what it held', async () => {
    const res = await call('/orders/acme-3pl/SO-1002/cancel', keys.ops, { method: 'POST' });
    const cancelled = (await res.json()) as { status: string; cancelDocumentId: string };
    expect([res.status, cancelled.status]).toEqual([200, 'cancelled']);
    expect((await outbound(cancelled.cancelDocumentId)).text).toContain('W05*F*SO-1002');
    expect(await ledger.balance('WIDGET-BLUE', 'DAL-3PL')).toMatchObject({ onHand: '72', allocated: '0', availableToPromise: '72' });
    expect((await expectations('cancelled')).map((e) => e.reference)).toEqual(['SO-1002']);
  });

  it('turns an expectation overdue when its delayed job fires with nothing received', async () => {
    const hoursAgo = new Date(Date.now() - 5 * 3_600_000);
    const { order: placed, followUps } = await new OrderService(h.db.dataSource, h.profiles, () => hoursAgo).place(
      { ...order('SO-1005', '1'), shortage: 'refuse', lines: [{ sku: 'WIDGET-BLUE', quantity: '1' }] } as never, 'test',
    );
    await scheduleFollowUps(h.pipeline.queues, followUps);
    await until(async () => (await expectations('overdue')).some((e) => e.outboundDocumentId === placed.outboundDocumentId && e.kind === 'functional-ack'));
    expect((await expectations('pending')).some((e) => e.reference === 'SO-1005' && e.kind === 'shipment')).toBe(true);
  });

  it("sends the order's customer an ASN when the 3PL confirms the shipment: what shipped, the carrier, one SSCC", async () => {
    expect(((await (await post(order('SO-2000', '1', { customer: 'acme-3pl' }))).json()) as { code: string }).code).toBe('UNKNOWN_CUSTOMER');
    expect((await post(order('SO-2001', '5', { customer: 'brightmart-retail', purchaseOrder: 'PO-77' }))).status).toBe(201);
    await upload(acme('000000804', 'SW', ['ST*945*0001', 'W06*F*SO-2001*20261130*BOL-2001', 'N1*SF*ACME DALLAS*92*DAL1', 'W27*M*UPSN', 'LX*1', 'W12*CC*5*5*0*EA**VN*ACME-BW-100', 'W03*5', 'SE*8*0001']));
    await until(async () => ((await (await call('/orders/acme-3pl/SO-2001', keys.ops)).json()) as { asnDocumentId: string | null }).asnDocumentId !== null);
    const placed = (await (await call('/orders/acme-3pl/SO-2001', keys.ops)).json()) as { status: string; asnDocumentId: string; asnError: string | null };
    expect([placed.status, placed.asnError]).toEqual(['shipped', null]);
    const asn = await outbound(placed.asnDocumentId);
    expect(asn.kind).toBe('856');
    expect(parseX12(asn.text).diagnostics).toEqual([]);
    const sscc = /MAN\*GM\*([0-9]{18})/.exec(asn.text)?.[1];
    expect(sscc?.startsWith('00614141')).toBe(true);
    for (const expected of ['BSN*00*BOL-2001', 'TD5**2*UPSN', 'REF*BM*BOL-2001', 'PRF*PO-77', 'LIN**UP*012345678905', 'SN1**5*EA']) expect(asn.text).toContain(expected);
    expect((await expectations('pending')).some((e) => e.outboundDocumentId === placed.asnDocumentId && e.kind === 'functional-ack')).toBe(true);
  });

  it('gives 50 concurrent orders 50 different control numbers, none skipped', async () => {
    await h.db.dataSource.query(`UPDATE inventory_balances SET on_hand = on_hand + 1000 WHERE sku = 'WIDGET-BLUE' AND location = 'DAL-3PL'`);
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => post(order(`SO-C${i}`, '1'))));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
    // Everything sent to the partner draws on its ranges: the 997s we sent for its files too.
    const rows = await h.db.dataSource.query(`SELECT interchange_control, group_control FROM outbound_documents WHERE partner_id = 'acme-3pl' AND kind <> 'TA1'`);
    expect(rows.length).toBeGreaterThan(50);
    const isa = rows.map((r: { interchange_control: string }) => Number(r.interchange_control));
    expect(new Set(isa).size).toBe(isa.length);
    expect(Math.max(...isa) - Math.min(...isa) + 1).toBe(isa.length);
    expect(new Set(rows.map((r: { group_control: string }) => r.group_control)).size).toBe(rows.length);
  });

  it('keeps partner-scoped keys to reading their own orders', async () => {
    expect((await call('/orders/acme-3pl/SO-1001', keys.acme)).status).toBe(200);
    expect((await call('/orders', keys.acme, { method: 'POST', body: JSON.stringify(order('SO-Y', '1')) })).status).toBe(403);
  });
});
