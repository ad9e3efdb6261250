import { readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { LedgerService } from '@tradewire/inventory';
import { ChannelAvailabilityService, Expectations, OrderService, scheduleFollowUps, WAREHOUSE_ORDER_REQUEST } from '@tradewire/pipeline';
import { parseX12 } from '@tradewire/x12';
import { Harness, startHarness, until } from '../sftp/sftp-harness';

/**
 * The loop the product closes, end to end against the in-process SFTP server, PostgreSQL and Redis:
 * the 3PL's stock arrives by SFTP; an order becomes a 940 in the 3PL's mailbox; the 3PL's 997 and 945
 * come back by SFTP; balances move and the order closes; the channel gets its 846 and the customer
 * its 856. A 940 whose 997 never comes turns overdue.
 */
jest.setTimeout(60_000);
let h: Harness;
let ledger: LedgerService;

beforeAll(async () => {
  h = await startHarness();
  h.setSftp('acme-3pl');
  ledger = new LedgerService(h.db.dataSource);
});

afterAll(() => h.close());

const ISA = (control: string) => `ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*TRADEWIREDIST  *261130*0900*U*00401*${control}*0*P*>`;
const acme = (control: string, functionalId: string, set: string[]) =>
  [ISA(control), `GS*${functionalId}*ACME3PL*TRADEWIREDIST*20261130*0900*${Number(control)}*X*004010`, ...set, `GE*1*${Number(control)}`, `IEA*1*${control}`].join('~\n') + '~\n';

/** The 3PL drops a file in its outbound directory (our inbound); two polls see it complete and take it. */
async function threePlSends(name: string, body: string): Promise<string> {
  writeFileSync(join(h.root, 'outbox', 'to-tradewire', name), body);
  await h.transports.poller.poll('acme-3pl');
  const { received } = await h.transports.poller.poll('acme-3pl');
  expect(received).toHaveLength(1);
  return received[0];
}

const mailbox = () => readdirSync(join(h.root, 'inbox', 'from-tradewire')).filter((n) => !n.startsWith('.'));
const orders = () => new OrderService(h.db.dataSource, h.profiles);
const request = (orderId: string, quantity: string) => WAREHOUSE_ORDER_REQUEST.parse({
  orderId, warehouse: 'acme-3pl', customer: 'brightmart-retail', purchaseOrder: `PO-${orderId}`, lines: [{ sku: 'WIDGET-BLUE', quantity }],
  shipTo: { name: 'BRIGHTMART DC 42', address: ['42 DOCK RD'], city: 'DALLAS', state: 'TX', postalCode: '75201', country: 'US' },
});

describe('order to shipment, over SFTP', () => {
  it('releases an order as a 940 to the 3PL mailbox, settles it with the 997 and 945 that come back, and tells the channel and the customer', async () => {
    await threePlSends('snapshot.edi', acme('000000701', 'IB', ['ST*846*0001', 'BIA*00*SI*S-1*20261130*0600', 'N1*WH*ACME DALLAS*92*DAL1', 'LIN*1*VN*ACME-BW-100', 'QTY*17*100*EA', 'SE*6*0001']));
    await until('the snapshot applied', async () => (await ledger.balance('WIDGET-BLUE', 'DAL-3PL')).onHand === '100');

    const { order, followUps } = await orders().place(request('SO-9001', '30'), 'test');
    await scheduleFollowUps(h.pipeline.queues, followUps);
    const name = await until('the 940 in the 3PL mailbox', async () => mailbox().find((n) => n.startsWith('940-')));
    const sent940 = readFileSync(join(h.root, 'inbox', 'from-tradewire', name), 'latin1');
    expect(sent940).toContain('W05*N*SO-9001*PO-SO-9001');
    expect(await ledger.balance('WIDGET-BLUE', 'DAL-3PL')).toMatchObject({ allocated: '30', availableToPromise: '70' });

    const group = parseX12(sent940).interchanges[0].groups[0];
    await threePlSends('ack.edi', acme('000000702', 'FA', ['ST*997*0001', `AK1*OW*${group.control}`, `AK2*940*${group.transactions[0].control}`, 'AK5*A', 'AK9*A*1*1*1', 'SE*6*0001']));
    const expectations = new Expectations(h.db.dataSource);
    await until('the 997 matched', async () => (await expectations.list({ status: 'accepted' })).some((e) => e.outboundDocumentId === order.outboundDocumentId));

    await threePlSends('shipped.edi', acme('000000703', 'SW', ['ST*945*0001', 'W06*F*SO-9001*20261130*BOL-9001', 'N1*SF*ACME DALLAS*92*DAL1', 'W27*M*UPSN', 'LX*1', 'W12*CC*30*30*0*EA**VN*ACME-BW-100', 'W03*30', 'SE*8*0001']));
    await until('the order shipped', async () => (await orders().get('acme-3pl', 'SO-9001'))?.status === 'shipped');
    expect(await ledger.balance('WIDGET-BLUE', 'DAL-3PL')).toMatchObject({ onHand: '70', allocated: '0', availableToPromise: '70' });
    expect((await expectations.list({ status: 'fulfilled' })).map((e) => e.reference)).toContain('SO-9001');

    const asnId = (await orders().get('acme-3pl', 'SO-9001'))?.asnDocumentId;
    const [asn] = await h.db.dataSource.query(`SELECT partner_id, kind, content FROM outbound_documents WHERE id = $1`, [asnId]);
    expect([asn.partner_id, asn.kind]).toEqual(['brightmart-retail', '856']);
    for (const part of ['BSN*00*BOL-9001', 'TD5**2*UPSN', 'PRF*PO-SO-9001', 'SN1**30*EA']) expect(asn.content.toString('latin1')).toContain(part);

    // The channel's offer after all of it: floor(70 × 0.8) − 2 = 54 blue.
    await new ChannelAvailabilityService(h.db.dataSource, h.profiles, () => new Date(Date.now() + 3_600_000)).publish('shopmart-marketplace', false);
    const [offer] = await h.db.dataSource.query(`SELECT content FROM outbound_documents WHERE partner_id = 'shopmart-marketplace' AND kind = '846' ORDER BY created_at DESC LIMIT 1`);
    expect(offer.content.toString('latin1')).toContain('QTY*33*54*EA');
  });

  it('turns the 940 overdue when no 997 comes within the window', async () => {
    const fiveHoursAgo = new Date(Date.now() - 5 * 3_600_000);
    const { order, followUps } = await new OrderService(h.db.dataSource, h.profiles, () => fiveHoursAgo).place(request('SO-9002', '1'), 'test');
    await scheduleFollowUps(h.pipeline.queues, followUps);
    const expectations = new Expectations(h.db.dataSource);
    await until('the 997 overdue', async () => (await expectations.list({ status: 'overdue' })).some((e) => e.outboundDocumentId === order.outboundDocumentId && e.kind === 'functional-ack'));
    await until('the 940 in the mailbox all the same', async () => mailbox().filter((n) => n.startsWith('940-')).length === 2);
  });
});
