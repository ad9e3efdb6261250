import { tmpdir } from 'os';
import { join } from 'path';
import { Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { SftpConfig } from '@tradewire/config';
import { enqueue, JobName, JobPayloads, QUEUES, QueueName, redisConnection, schedule } from '@tradewire/jobs';
import { As2Messages, AsyncMdns } from '@tradewire/persistence';
import { defaultLogger, Logger } from '@tradewire/logging';
import { As2Deliverer, As2Identity, AsyncMdnSender, Deliverer, DeliveryService, SftpDeliverer, SftpPoller, sweepSpool, UndeliverableError } from '@tradewire/transport';
import { JobLog, observeJobs } from '../observability/observed-jobs';
import { ProfileRegistry } from '../profiles/profile-registry';

export interface TransportOptions {
  readonly dataSource: DataSource;
  readonly redisUrl: string;
  readonly prefix?: string;
  readonly profiles: ProfileRegistry;
  /** The pipeline's queues: a received file goes on to intake through them. */
  readonly queues: Readonly<Record<QueueName, Queue>>;
  readonly sftp: SftpConfig;
  readonly maxDocumentBytes: number;
  readonly lockMs?: number;
  /** How often the poll schedules are brought in line with the profiles (default 30 s, as profiles refresh). */
  readonly scheduleEveryMs?: number;
  /** Where the SFTP client's and poller's messages go; default: warnings on `logger`. */
  readonly log?: (line: string) => void;
  /** Our AS2 key and certificate, when AS2 is configured: documents for AS2 partners are then delivered by AS2. */
  readonly as2?: { readonly identity: As2Identity; readonly asyncMdnUrl?: string };
  /** Job lines with the correlation id, and a line per document a poll receives; default: LOG_LEVEL's logger. */
  readonly logger?: Logger;
}

export interface Transports {
  readonly poller: SftpPoller;
  readonly deliveries: DeliveryService;
  /** Asynchronous MDNs still pending at start (recorded, but their job lost to a crash) queued again: how many. */
  readonly resumedMdns: Promise<number>;
  /** One schedule per partner with SFTP in its profile (not suspended); others' schedules removed. */
  syncSchedules(): Promise<void>;
  close(): Promise<void>;
}

const SCHEDULE = 'poll-mailbox:';

/**
 * The transport workers: SFTP mailbox polls (repeatable jobs, one scheduler per partner), outbound
 * deliveries and the asynchronous AS2 MDNs we send (stored and signed at receipt: no AS2 key needed here). Run by every worker process beside the pipeline; the mailbox lock and the received-file
 * records keep several of them from receiving a file twice.
 */
export function startTransports(options: TransportOptions): Transports {
  const prefix = options.prefix ?? 'tradewire';
  const logger = options.logger ?? defaultLogger();
  const log = options.log ?? ((line: string) => logger.warn({ component: 'sftp' }, line));
  const lockRedis = redisConnection(options.redisUrl, 'worker');
  const sessions = { connectTimeoutMs: options.sftp.connectTimeoutMs, log };
  const spoolDir = options.sftp.spoolDir ?? join(tmpdir(), 'tradewire-sftp');
  // Downloads a crashed process left half-spooled: older than any transfer in flight could be.
  void sweepSpool(spoolDir, 6 * 3_600_000).then((n) => n > 0 && log(`removed ${n} spool file(s) left by an earlier process`));
  const poller = new SftpPoller({
    dataSource: options.dataSource, profiles: options.profiles, redis: lockRedis, prefix, maxDocumentBytes: options.maxDocumentBytes,
    connectTimeoutMs: options.sftp.connectTimeoutMs, spoolDir, log,
    breaker: { failuresBeforeOpen: options.sftp.failuresBeforeOpen, circuitOpenSeconds: options.sftp.circuitOpenSeconds },
    onReceived: (documentId) => enqueue(options.queues, 'parse-document', { documentId }),
  });
  const deliverers: Deliverer[] = [new SftpDeliverer(sessions)];
  if (options.as2 !== undefined) deliverers.push(new As2Deliverer(new As2Messages(options.dataSource), options.as2.identity, options.as2.asyncMdnUrl));
  const deliveries = new DeliveryService(options.dataSource, options.profiles, deliverers);

  const mdns = new AsyncMdnSender(new AsyncMdns(options.dataSource));
  const process = transportProcessor(poller, deliveries, mdns);

  const connections: IORedis[] = [lockRedis];
  const lock = options.lockMs === undefined ? {} : { lockDuration: options.lockMs, stalledInterval: options.lockMs };
  const concurrency = { [QUEUES.sftpPolls]: options.sftp.pollConcurrency, [QUEUES.deliveries]: options.sftp.deliveryConcurrency };
  const workers = [QUEUES.sftpPolls, QUEUES.deliveries].map((name) => {
    const connection = redisConnection(options.redisUrl, 'worker');
    connections.push(connection);
    return new Worker(name, observeJobs(process, { dataSource: options.dataSource, queues: options.queues, logger }), { connection, prefix, concurrency: concurrency[name], ...lock });
  });

  // An MDN recorded by a receiver that died before it queued the job gets its job now; the job ID is the
  // message's, so one already queued (or failed, waiting for ops) is left as it is.
  const resumedMdns = resumeAsyncMdns(options.dataSource, options.queues).catch((e: Error) => {
    logger.warn({ error: e.message }, 'could not queue pending asynchronous MDNs');
    return 0;
  });

  const syncSchedules = () => syncPollSchedules(options.queues, options.profiles);
  // Every 30 s: poll schedules in line with the profiles, and any asynchronous MDN still pending without
  // a job (its receiver could not queue it) queued again, without waiting for a worker to restart.
  const timer = setInterval(() => {
    void syncSchedules().catch((e: Error) => log(`sftp: could not update poll schedules: ${e.message}`));
    void resumeAsyncMdns(options.dataSource, options.queues).catch((e: Error) => logger.warn({ error: e.message }, 'could not queue pending asynchronous MDNs'));
  }, options.scheduleEveryMs ?? 30_000);
  timer.unref();

  return {
    poller,
    deliveries,
    resumedMdns,
    syncSchedules,
    async close() {
      clearInterval(timer);
      await resumedMdns;
      await Promise.all(workers.map((w) => w.close()));
      for (const c of connections) c.disconnect();
    },
  };
}

/** Routes a transport job to its service; the exhaustive switch makes a new job name a compile error here. */
function transportProcessor(poller: SftpPoller, deliveries: DeliveryService, mdns: AsyncMdnSender): (job: Job, log: JobLog) => Promise<unknown> {
  return async (job, log) => {
    const name = job.name as JobName;
    switch (name) {
      case 'poll-mailbox': {
        const data = job.data as JobPayloads['poll-mailbox'];
        // A poll ops asked for (it carries a request id) goes past the back-off; scheduled ones do not.
        const outcome = await poller.poll(data.partnerId, data.request !== undefined);
        // From here on the document's lines carry its ID as their correlation id.
        for (const documentId of outcome.received) log.info({ correlationId: documentId, partnerId: data.partnerId, transport: 'sftp' }, 'document received');
        return outcome;
      }
      case 'deliver-document': {
        const data = job.data as JobPayloads['deliver-document'];
        const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        return deliveries.deliver(data.outboundDocumentId, final).catch((e: unknown) => {
          throw e instanceof UndeliverableError ? new UnrecoverableError(e.message) : e;
        });
      }
      case 'send-mdn': {
        const data = job.data as JobPayloads['send-mdn'];
        return mdns.send(data.as2MessageId, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
      }
      case 'parse-document':
      case 'translate-transaction-set':
      case 'apply-event':
      case 'check-expectation':
      case 'publish-availability':
        throw new UnrecoverableError(`${name} belongs to a pipeline stage (startPipeline), not a transport queue`);
      default: {
        const unknown: never = name;
        throw new UnrecoverableError(`unknown job ${String(unknown)}`);
      }
    }
  };
}

/** Queues a `send-mdn` job for every pending asynchronous MDN that may go out. */
async function resumeAsyncMdns(dataSource: DataSource, queues: Readonly<Record<QueueName, Queue>>): Promise<number> {
  const ids = await new AsyncMdns(dataSource).pending();
  for (const as2MessageId of ids) await enqueue(queues, 'send-mdn', { as2MessageId });
  return ids.length;
}

/** Upserts a scheduler for each partner to poll (same ID, so every process may do it) and removes the rest. */
async function syncPollSchedules(queues: Readonly<Record<QueueName, Queue>>, profiles: ProfileRegistry): Promise<void> {
  const wanted = profiles.list().filter((p) => p.transports?.sftp !== undefined && p.status !== 'suspended');
  for (const p of wanted) await schedule(queues, `${SCHEDULE}${p.id}`, 'poll-mailbox', { partnerId: p.id }, (p.transports?.sftp?.pollIntervalSeconds ?? 300) * 1000);
  const ids = new Set(wanted.map((p) => `${SCHEDULE}${p.id}`));
  for (const s of await queues[QUEUES.sftpPolls].getJobSchedulers()) {
    const id = s.key;
    if (id.startsWith(SCHEDULE) && !ids.has(id)) await queues[QUEUES.sftpPolls].removeJobScheduler(id);
  }
}
