import { Queue } from 'bullmq';
import { Balance, channelOffer, OfferLine, OfferRule, oversold } from '@tradewire/inventory';
import { enqueue, QueueName } from '@tradewire/jobs';
import { generateAvailability } from '@tradewire/mapping';
import { PartnerProfile } from '@tradewire/partners';
import { DataSource, EntityManager } from 'typeorm';
import { Expectations } from '../acknowledgments/expectations';
import { FollowUps } from '../orders/order.service';
import { storeOutbound } from '../outbound/outbound-sender';

type Profiles = { byId(id: string): PartnerProfile | undefined; list(): readonly PartnerProfile[] };
type Queues = Readonly<Record<QueueName, Queue>>;

export type PublishOutcome =
  | { readonly status: 'sent'; readonly followUps: FollowUps; readonly lines: number; readonly oversold: number }
  | { readonly status: 'unchanged' | 'not-a-channel' }
  | { readonly status: 'deferred'; readonly due: number };

/**
 * Availability to sales channels: each partner that receives 846s from us and has an `availability`
 * rule is offered what the rule allows of our available to promise. A stock change calls `changed`,
 * which schedules one job per channel per due time (job ID = channel + due): changes within a
 * channel's interval share the job, so a burst of movements becomes one 846, computed when the job
 * runs, with the latest figures. The job itself refuses to send twice within the interval (the row
 * lock on the channel serialises racing jobs), and sends nothing when the offer has not changed.
 */
export class ChannelAvailabilityService {
  private readonly expectations: Expectations;
  /** The due time this process last scheduled per channel: until then, a change has a job to join already. */
  private readonly scheduled = new Map<string, number>();

  constructor(private readonly dataSource: DataSource, private readonly profiles: Profiles, private readonly now: () => Date = () => new Date()) {
    this.expectations = new Expectations(dataSource);
  }

  /** Channels and their rules, from the profiles in force. */
  channels(): Array<{ profile: PartnerProfile; rule: OfferRule; intervalMs: number }> {
    return this.profiles.list().flatMap((profile) => {
      const rule = ruleOf(profile);
      return rule === null ? [] : [{ profile, rule, intervalMs: (profile.availability?.intervalSeconds ?? 300) * 1000 }];
    });
  }

  /** Stock changed: give every channel a publish job at its next allowed time (or join the one already there). */
  async changed(queues: Queues): Promise<void> {
    const now = this.now();
    for (const { profile, intervalMs } of this.channels()) {
      // Every applied event passes here: no query and no Redis call while a job is known to be waiting.
      if ((this.scheduled.get(profile.id) ?? 0) > now.getTime()) continue;
      // A read, not a write: every applied event passes here, and one hot row would serialise them.
      const [row] = (await this.dataSource.query(`SELECT last_sent_at FROM channel_availability WHERE channel = $1`, [profile.id])) as Array<{ last_sent_at: Date | null }>;
      const last = row?.last_sent_at ?? null;
      const due = last === null ? now.getTime() : Math.max(now.getTime(), last.getTime() + intervalMs);
      await schedule(queues, profile.id, due, now);
      this.scheduled.set(profile.id, due);
    }
  }

  /** An ops-forced full refresh: sent now, changed or not. */
  async refresh(queues: Queues, channel: string, request: string): Promise<void> {
    await enqueue(queues, 'publish-availability', { channel, refresh: request }, { removeOnComplete: true });
  }

  /** What the channel would be offered now, and what it was last sent. */
  async preview(channel: string): Promise<{ channel: string; offer: OfferLine[]; lastSentAt: Date | null; lastOffer: OfferLine[] } | null> {
    const profile = this.profiles.byId(channel);
    const rule = profile === undefined ? null : ruleOf(profile);
    if (profile === undefined || rule === null) return null;
    const [row] = await this.dataSource.query(`SELECT last_sent_at, last_offer FROM channel_availability WHERE channel = $1`, [channel]);
    const offer = channelOffer(rule, skusOf(profile), await balancesAt(this.dataSource.manager, rule.locations));
    return { channel, offer, lastSentAt: row?.last_sent_at ?? null, lastOffer: row?.last_offer ?? [] };
  }

  /** The job: within the interval → deferred to its end; else the 846 with the latest offer, if it changed (or forced). */
  async publish(channel: string, force: boolean): Promise<PublishOutcome> {
    const profile = this.profiles.byId(channel);
    const rule = profile === undefined ? null : ruleOf(profile);
    if (profile === undefined || rule === null) return { status: 'not-a-channel' };
    const intervalMs = (profile.availability?.intervalSeconds ?? 300) * 1000;
    return this.dataSource.transaction(async (m) => {
      await m.query(`INSERT INTO channel_availability (channel) VALUES ($1) ON CONFLICT DO NOTHING`, [channel]);
      const [row] = (await m.query(`SELECT last_sent_at, last_offer FROM channel_availability WHERE channel = $1 FOR UPDATE`, [channel])) as Array<{ last_sent_at: Date | null; last_offer: OfferLine[] }>;
      const now = this.now();
      const next = row.last_sent_at === null ? 0 : row.last_sent_at.getTime() + intervalMs;
      if (!force && next > now.getTime()) {
      this.scheduled.set(channel, next);
      return { status: 'deferred' as const, due: next };
    }
      // One statement's snapshot of the balances: no lock, so no apply waits while a big 846 is written.
      const balances = await balancesAt(m, rule.locations);
      const risky = oversold(row.last_offer, rule, balances);
      for (const o of risky) {
        await m.query(`INSERT INTO oversell_events (channel, sku, location, offered, available) VALUES ($1, $2, $3, $4, $5)`, [channel, o.sku, o.location ?? null, o.available, o.now]);
      }
      const offer = channelOffer(rule, skusOf(profile), balances);
      if (!force && JSON.stringify(offer) === JSON.stringify(row.last_offer)) return { status: 'unchanged' as const };
      const sent = await storeOutbound(m, profile, '846', now, (context, control) => generateAvailability({ channel, asOf: now.toISOString(), lines: offer }, context, control));
      await m.query(`UPDATE channel_availability SET last_sent_at = $2, last_offer = $3, last_outbound_document_id = $4 WHERE channel = $1`, [channel, now, JSON.stringify(offer), sent.outboundDocumentId]);
      const expectations = await this.expectations.expect(m, profile, sent, now);
      return { status: 'sent' as const, followUps: { outboundDocumentIds: [sent.outboundDocumentId], expectations }, lines: offer.length, oversold: risky.length };
    });
  }
}

/** One job per channel and due time: every change that lands on the same due time joins it. */
export async function schedule(queues: Queues, channel: string, due: number, now: Date): Promise<void> {
  await enqueue(queues, 'publish-availability', { channel, due }, { delay: Math.max(0, due - now.getTime()), removeOnComplete: true });
}

/** A channel: it receives 846s from us and its profile says how much to offer. */
function ruleOf(profile: PartnerProfile): OfferRule | null {
  const a = profile.availability;
  if (a === undefined || !profile.transactionSets.some((t) => t.set === '846' && t.direction === 'outbound')) return null;
  const locations = a.locations ?? [...new Set(profile.crossReferences.locations.map((l) => l.location))];
  return { share: a.share, safetyStock: a.safetyStock, locations, perLocation: a.perLocation };
}

/** The items a channel can list: those in its item cross-reference. */
function skusOf(profile: PartnerProfile): string[] {
  return profile.crossReferences.items.map((i) => i.sku);
}

async function balancesAt(m: EntityManager, locations: readonly string[]): Promise<Map<string, Balance>> {
  const rows = (await m.query(
    `SELECT sku, location, on_hand, allocated, in_transit, on_hold FROM inventory_balances WHERE location = ANY($1)`,
    [locations],
  )) as Array<{ sku: string; location: string; on_hand: string; allocated: string; in_transit: string; on_hold: string }>;
  return new Map(rows.map((r) => [`${r.sku}\u0000${r.location}`, { onHand: r.on_hand, allocated: r.allocated, inTransit: r.in_transit, onHold: r.on_hold }]));
}
