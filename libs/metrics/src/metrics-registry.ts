import { Queue } from 'bullmq';
import { collectDefaultMetrics, Metric, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { QueueName } from '@tradewire/jobs';
import { EventMetric, readEvents } from './event-counters';
import { HistogramSample, RECEIPT_TO_APPLIED_BUCKETS, Sample, ScrapeQueries } from './scrape-queries';

export interface MetricsOptions {
  readonly dataSource: DataSource;
  readonly queues: Readonly<Record<QueueName, Queue>>;
  /** The process's own CPU, memory, event loop and GC metrics (prom-client's defaults); default true. */
  readonly processMetrics?: boolean;
  readonly now?: () => number;
}

/** What one scrape read: every metric below is a view of it, so a scrape runs each query once. */
interface Snapshot {
  readonly received: Sample[];
  readonly byStatus: Sample[];
  readonly outcomes: Sample[];
  readonly duplicates: Sample[];
  readonly operatorRetries: Sample[];
  readonly receiptToApplied: HistogramSample[];
  readonly overdue: { open: Sample[]; ever: Sample[] };
  readonly deliveriesFailed: Sample[];
  readonly openVariances: Sample[];
  readonly oversells: Sample[];
  readonly sftp: { circuit: Sample[]; failures: Sample[] };
  readonly queueJobs: Sample[];
  readonly queueOldest: Sample[];
  readonly events: Array<{ metric: EventMetric; labels: string[]; value: number }>;
}

export interface GatewayMetrics {
  /** This instance's registry (never prom-client's global one: tests run several apps in one process). */
  readonly registry: Registry;
  readonly contentType: string;
  /** The Prometheus text exposition, read now. */
  render(): Promise<string>;
}

const QUEUE_STATES = { wait: 'waiting', active: 'active', delayed: 'delayed', failed: 'failed' } as const;
const COUNTED = Object.keys(QUEUE_STATES) as Array<keyof typeof QUEUE_STATES>;

/**
 * The gateway's metrics, all read at scrape time: totals from PostgreSQL's append-only records and the
 * Redis event counters, queue depths from BullMQ. Nothing is counted in this process's memory, so the
 * figures are the deployment's, whichever gateway is scraped and however many workers run elsewhere.
 */
export function createMetrics(options: MetricsOptions): GatewayMetrics {
  const registry = new Registry();
  const queries = new ScrapeQueries(options.dataSource);
  const now = options.now ?? Date.now;
  let pending: Promise<Snapshot> | null = null;
  // The registry asks every metric at once: they share the one snapshot being read.
  const snapshot = (): Promise<Snapshot> => {
    pending ??= read(queries, options.queues, now).finally(() => {
      pending = null;
    });
    return pending;
  };
  const gauge = (name: string, help: string, pick: (s: Snapshot) => Sample[]) => derived(registry, snapshot, 'gauge', name, help, pick);
  const counter = (name: string, help: string, pick: (s: Snapshot) => Sample[]) => derived(registry, snapshot, 'counter', name, help, pick);
  const outcome = (status: string) => (s: Snapshot) => s.outcomes.filter((o) => o.labels.status === status).map((o) => ({ labels: { partner: o.labels.partner, set: o.labels.set }, value: o.value }));
  const events = (metric: EventMetric, names: readonly string[]) => (s: Snapshot) =>
    s.events.filter((e) => e.metric === metric).map((e) => ({ labels: Object.fromEntries(names.map((n, i) => [n, e.labels[i] ?? ''])), value: e.value }));

  counter('tradewire_documents_received_total', 'Files received (upload, SFTP, AS2), by the partner they came through.', (s) => s.received);
  counter('tradewire_documents_applied_total', 'Documents applied to the ledger, by partner and transaction set.', outcome('applied'));
  counter('tradewire_documents_failed_total', 'Times a document failed (set none: it never got as far as its transaction sets).', outcome('failed'));
  gauge('tradewire_documents', 'Documents by their status now.', (s) => s.byStatus);
  counter('tradewire_duplicates_refused_total', 'Files refused as a duplicate interchange (failed or quarantined by the partner policy).', (s) => s.duplicates);
  counter('tradewire_job_retries_total', 'Job attempts that failed and will be retried by BullMQ, by queue and job.', events('job_retries', ['queue', 'job']));
  counter('tradewire_operator_retries_total', 'Operator retries, replays and delivery retries (audit log).', (s) => s.operatorRetries);
  histogram(registry, snapshot, 'tradewire_receipt_to_applied_seconds', 'Seconds from receipt of a document to its application to the ledger.', RECEIPT_TO_APPLIED_BUCKETS, (s) => s.receiptToApplied);
  gauge('tradewire_queue_jobs', 'Jobs per queue and state (waiting, active, delayed, failed).', (s) => s.queueJobs);
  gauge('tradewire_queue_oldest_waiting_seconds', 'Age of the oldest waiting job per queue (0 when none waits).', (s) => s.queueOldest);
  gauge('tradewire_acknowledgments_overdue', 'Expectations overdue now: a partner 997/999 (functional-ack) or a 945 (shipment) past its deadline.', (s) => s.overdue.open);
  counter('tradewire_acknowledgments_overdue_total', 'Expectations that turned overdue, settled late or not.', (s) => s.overdue.ever);
  gauge('tradewire_deliveries_failed', 'Deliveries failed after their retries, waiting for ops, by partner and transport.', (s) => s.deliveriesFailed);
  gauge('tradewire_reconciliation_variances_open', 'Open reconciliation variances between partner snapshots and the ledger.', (s) => s.openVariances);
  counter('tradewire_oversell_events_total', 'Times a channel was found offered more than was available (oversell_events).', (s) => s.oversells);
  gauge('tradewire_sftp_circuit_state', 'SFTP mailbox circuit per partner: 0 closed, 1 half-open, 2 open.', (s) => s.sftp.circuit);
  gauge('tradewire_sftp_consecutive_failures', 'Failed polls in a row per partner SFTP mailbox.', (s) => s.sftp.failures);
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  return { registry, contentType: registry.contentType, render: () => registry.metrics() };
}

/**
 * The PostgreSQL queries run one after another, on one pooled connection at a time: a scrape must not
 * take the pool from the workers that share it (the gateway runs workers too). Redis is read meanwhile.
 */
async function read(queries: ScrapeQueries, queues: Readonly<Record<QueueName, Queue>>, now: () => number): Promise<Snapshot> {
  const fromRedis = Promise.all([queueDepths(queues, now), readEvents(queues)]);
  fromRedis.catch(() => undefined); // awaited below; a rejection while PostgreSQL is read is not unhandled
  const fromPostgres = {
    received: await queries.received(), byStatus: await queries.byStatus(), outcomes: await queries.outcomes(), duplicates: await queries.duplicates(),
    operatorRetries: await queries.operatorRetries(), receiptToApplied: await queries.receiptToApplied(), overdue: await queries.overdue(),
    deliveriesFailed: await queries.deliveriesFailed(), openVariances: await queries.openVariances(), oversells: await queries.oversells(), sftp: await queries.sftpMailboxes(),
  };
  const [depth, events] = await fromRedis;
  return { ...fromPostgres, ...depth, events };
}

/** Counts per state from BullMQ, and how long the oldest waiting job has been ready (created, plus its delay). */
async function queueDepths(queues: Readonly<Record<QueueName, Queue>>, now: () => number): Promise<{ queueJobs: Sample[]; queueOldest: Sample[] }> {
  const queueJobs: Sample[] = [];
  const queueOldest: Sample[] = [];
  for (const [name, queue] of Object.entries(queues)) {
    const counts = await queue.getJobCounts(...COUNTED);
    for (const [type, state] of Object.entries(QUEUE_STATES)) queueJobs.push({ labels: { queue: name, state }, value: counts[type] ?? 0 });
    const [oldest] = await queue.getJobs(['wait'], 0, 0, true);
    const ready = oldest === undefined ? null : oldest.timestamp + (oldest.delay ?? 0);
    queueOldest.push({ labels: { queue: name }, value: ready === null ? 0 : Math.max(0, (now() - ready) / 1000) });
  }
  return { queueJobs, queueOldest };
}

/**
 * A counter or gauge whose values are read at scrape time. prom-client's own classes keep values in
 * memory; this object has the shape the registry reads (name, help, type, get), nothing more.
 */
function derived(registry: Registry, snapshot: () => Promise<Snapshot>, type: 'counter' | 'gauge', name: string, help: string, pick: (s: Snapshot) => Sample[]): void {
  const get = async () => ({ name, help, type, aggregator: 'sum' as const, values: pick(await snapshot()).map((s) => ({ labels: { ...s.labels }, value: s.value })) });
  registry.registerMetric({ name, help, type, aggregator: 'sum', get } as unknown as Metric);
}

function histogram(registry: Registry, snapshot: () => Promise<Snapshot>, name: string, help: string, bounds: readonly number[], pick: (s: Snapshot) => HistogramSample[]): void {
  const get = async () => ({
    name, help, type: 'histogram' as const, aggregator: 'sum' as const,
    values: pick(await snapshot()).flatMap((h) => [
      ...bounds.map((le, i) => ({ metricName: `${name}_bucket`, labels: { ...h.labels, le }, value: h.buckets[i] })),
      { metricName: `${name}_bucket`, labels: { ...h.labels, le: '+Inf' }, value: h.count },
      { metricName: `${name}_sum`, labels: { ...h.labels }, value: h.sum },
      { metricName: `${name}_count`, labels: { ...h.labels }, value: h.count },
    ]),
  });
  registry.registerMetric({ name, help, type: 'histogram', aggregator: 'sum', get } as unknown as Metric);
}
