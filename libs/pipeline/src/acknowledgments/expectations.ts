import { randomUUID } from 'crypto';
import { AcknowledgmentReceived } from '@tradewire/canonical';
import { PartnerProfile } from '@tradewire/partners';
import { DataSource, EntityManager } from 'typeorm';
import { OutboundSent } from '../outbound/outbound-sender';

export type ExpectationKind = 'functional-ack' | 'shipment';
export type ExpectationStatus = 'pending' | 'overdue' | 'accepted' | 'accepted-with-errors' | 'partially-accepted' | 'rejected' | 'fulfilled' | 'cancelled';

/** Something we wait for, and until when: a BullMQ delayed job fires at `dueAt` (check-expectation). */
export interface Expectation {
  readonly id: string;
  readonly dueAt: Date;
}

export interface ExpectationView {
  id: string;
  partnerId: string;
  kind: ExpectationKind;
  reference: string;
  outboundDocumentId: string;
  dueAt: Date;
  status: ExpectationStatus;
  overdueAt: Date | null;
  settledAt: Date | null;
  detail: unknown;
}

/**
 * What we wait for after sending: the partner's functional acknowledgment (when its profile says it
 * sends 997s or 999s) of the group we sent, by GS06; and for a 940 the 945 that confirms the order.
 * Incoming acknowledgments and shipments settle them in the apply stage's transaction; a missing
 * one turns overdue when its delayed job fires, and a late one still settles it (overdue_at stays).
 */
export class Expectations {
  constructor(private readonly dataSource: DataSource) {}

  async expect(m: EntityManager, profile: PartnerProfile, sent: OutboundSent, now: Date, shipmentOf?: string): Promise<Expectation[]> {
    const wanted: Array<[ExpectationKind, string, number]> = [];
    // GS06 and AK102 are numbers (X12.6 element 28, N0 1-9): compared without leading zeros.
    if (sendsFunctionalAcks(profile)) wanted.push(['functional-ack', String(Number(sent.groupControl)), profile.acknowledgments.expectWithinHours]);
    if (shipmentOf !== undefined) wanted.push(['shipment', shipmentOf, profile.acknowledgments.shipmentWithinHours]);
    const created: Expectation[] = [];
    for (const [kind, reference, hours] of wanted) {
      const expectation = { id: randomUUID(), dueAt: new Date(now.getTime() + hours * 3_600_000) };
      await m.query(`INSERT INTO expectations (id, outbound_document_id, partner_id, kind, reference, due_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
        expectation.id, sent.outboundDocumentId, sent.partnerId, kind, reference, expectation.dueAt,
      ]);
      created.push(expectation);
    }
    return created;
  }

  /** Records a TA1/997/999 received and settles what it acknowledges (the newest open expectation for that group). */
  async acknowledge(m: EntityManager, event: AcknowledgmentReceived): Promise<string | null> {
    const p = event.payload;
    const [match] = p.kind === 'TA1' ? [] : ((await m.query(
      `SELECT id FROM expectations WHERE partner_id = $1 AND kind = 'functional-ack' AND reference = $2 AND status IN ('pending', 'overdue') ORDER BY created_at DESC LIMIT 1 FOR UPDATE`,
      [event.source.partner, String(Number(p.acknowledgedGroup ?? 'x'))],
    )) as Array<{ id: string }>);
    const rejectedInterchange = p.kind === 'TA1' && p.status === 'rejected' ? await this.openFor(m, event.source.partner, p.acknowledgedInterchange) : null;
    const settled = match?.id ?? rejectedInterchange;
    if (settled !== null && settled !== undefined) {
      await m.query(`UPDATE expectations SET status = $2, settled_at = now(), settled_by = $3, detail = $4 WHERE id = $1`, [
        settled, p.status, event.idempotencyKey, JSON.stringify({ kind: p.kind, errors: p.errors, transactions: p.transactions }),
      ]);
    }
    await m.query(
      `INSERT INTO acknowledgments_received (idempotency_key, partner_id, kind, interchange_control, group_control, status, errors, expectation_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      [event.idempotencyKey, event.source.partner, p.kind, p.acknowledgedInterchange ?? null, p.acknowledgedGroup ?? null, p.status, JSON.stringify(p.errors), settled ?? null],
    );
    return settled ?? null;
  }

  async cancelShipment(m: EntityManager, partnerId: string, orderId: string): Promise<void> {
    await m.query(`UPDATE expectations SET status = 'cancelled', settled_at = now() WHERE partner_id = $1 AND kind = 'shipment' AND reference = $2 AND status IN ('pending', 'overdue')`, [partnerId, orderId]);
  }

  /** The delayed job's work: still waiting at the deadline → overdue. True when it turned overdue now. */
  async checkDue(id: string, now: Date = new Date()): Promise<boolean> {
    const rows = await this.dataSource.query(`UPDATE expectations SET status = 'overdue', overdue_at = $2 WHERE id = $1 AND status = 'pending' AND due_at <= $2 RETURNING id`, [id, now]);
    return (Array.isArray(rows[0]) ? rows[0] : rows).length > 0;
  }

  /** Open and overdue expectations first; `partnerId` for a partner-scoped key. */
  async list(filter: { status?: ExpectationStatus; partnerId?: string; limit?: number } = {}): Promise<ExpectationView[]> {
    const rows = await this.dataSource.query(
      `SELECT id, partner_id, kind, reference, outbound_document_id, due_at, status, overdue_at, settled_at, detail FROM expectations
       WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR partner_id = $2) ORDER BY due_at DESC LIMIT $3`,
      [filter.status ?? null, filter.partnerId ?? null, Math.min(Math.max(filter.limit ?? 200, 1), 1000)],
    );
    return rows.map((r: Record<string, unknown>) => ({
      id: r.id, partnerId: r.partner_id, kind: r.kind, reference: r.reference, outboundDocumentId: r.outbound_document_id, dueAt: r.due_at,
      status: r.status, overdueAt: r.overdue_at, settledAt: r.settled_at, detail: r.detail,
    }) as ExpectationView);
  }

  /** Still-pending expectations (for re-scheduling their delayed jobs after a crash between commit and enqueue). */
  async pending(): Promise<Expectation[]> {
    const rows = (await this.dataSource.query(`SELECT id, due_at FROM expectations WHERE status = 'pending'`)) as Array<{ id: string; due_at: Date }>;
    return rows.map((r) => ({ id: r.id, dueAt: r.due_at }));
  }

  /** A rejected TA1 rejects the whole interchange: the functional-ack expectation of the document with that ISA13. */
  private async openFor(m: EntityManager, partnerId: string, interchangeControl: string | undefined): Promise<string | null> {
    if (interchangeControl === undefined) return null;
    const [row] = (await m.query(
      `SELECT e.id FROM expectations e JOIN outbound_documents o ON o.id = e.outbound_document_id
       WHERE e.partner_id = $1 AND e.kind = 'functional-ack' AND e.status IN ('pending', 'overdue') AND o.interchange_control = $2 ORDER BY e.created_at DESC LIMIT 1 FOR UPDATE OF e`,
      [partnerId, interchangeControl],
    )) as Array<{ id: string }>;
    return row?.id ?? null;
  }
}

/** A partner that sends us 997s or 999s has them listed as inbound sets in its profile. */
function sendsFunctionalAcks(profile: PartnerProfile): boolean {
  return profile.transactionSets.some((t) => t.direction === 'inbound' && (t.set === '997' || t.set === '999'));
}
