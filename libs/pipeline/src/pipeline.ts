import { Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { enqueue, JobName, JobPayloads, QUEUES, QueueName, redisConnection, STAGE_QUEUES } from '@tradewire/jobs';
import { defaultLogger, Logger } from '@tradewire/logging';
import { IntakeRefusal, IntakeService } from './intake/intake.service';
import { ApplyRequest, ApplyResult, InventoryService } from './inventory/inventory.service';
import { GroupCommit } from './batching/group-commit';
import { Expectations } from './acknowledgments/expectations';
import { JobLog, observeJobs } from './observability/observed-jobs';
import { scheduleFollowUps } from './outbound/follow-ups';
import { ChannelAvailabilityService, schedule } from './availability/channel-availability.service';
import { ProfileRegistry } from './profiles/profile-registry';
import { TranslationService } from './translation/translation.service';

export interface PipelineOptions {
  readonly dataSource: DataSource;
  readonly redisUrl: string;
  /** BullMQ key prefix: tests use one each, so they never see each other's jobs. */
  readonly prefix?: string;
  readonly profiles: ProfileRegistry;
  readonly concurrency?: number;
  /**
   * Most translation or apply jobs one worker process handles together (group commit: one read, one
   * write, one ledger transaction for all), and so those queues' concurrency when that is higher than
   * `concurrency`. Default 32; 1 handles each job alone.
   */
  readonly batchSize?: number;
  /** Our GS1 company prefix (GS1_COMPANY_PREFIX): the SSCCs on the ASNs we send customers. */
  readonly gs1CompanyPrefix?: string;
  /** Worker lock duration: a crashed worker's active jobs are taken over after this long (BullMQ default 30 s). */
  readonly lockMs?: number;
  /** Job lines (start, completion, failure) with the document's correlation id; default: LOG_LEVEL's logger. */
  readonly logger?: Logger;
}

export interface Pipeline {
  readonly queues: Readonly<Record<QueueName, Queue>>;
  /** Stops the workers (letting running jobs finish), then the queues; `obliterate` also deletes the queues' keys and event counters (tests). */
  close(options?: { obliterate?: boolean }): Promise<void>;
}

/**
 * Starts the three stage workers and the queues they feed each other through. Start as many processes
 * as you like against the same PostgreSQL and Redis: jobs are shared, effects are exactly once.
 * Processors only route: the services hold the logic.
 */
export function startPipeline(options: PipelineOptions): Pipeline {
  const prefix = options.prefix ?? 'tradewire';
  const producer = redisConnection(options.redisUrl, 'worker');
  const queues = Object.fromEntries(Object.values(QUEUES).map((name) => [name, new Queue(name, { connection: producer, prefix })])) as Record<QueueName, Queue>;
  const intake = new IntakeService(options.dataSource, options.profiles);
  const translation = new TranslationService(options.dataSource, options.profiles);
  const inventory = new InventoryService(options.dataSource, options.profiles, options.gs1CompanyPrefix);
  const expectations = new Expectations(options.dataSource);
  const availability = new ChannelAvailabilityService(options.dataSource, options.profiles);
  const batchSize = Math.max(1, options.batchSize ?? 32);
  // The translation and apply jobs a worker holds at once are handled together (see GroupCommit). Two
  // apply batches run at once: while one waits for PostgreSQL the other is prepared, and a snapshot's big
  // sets use two backends (measured: the 100,000-item 846 10.2–10.7 → 8.6–8.9 s, the 945s unchanged).
  const translating = new GroupCommit<string, string | null>((ids, settle) => translation.translateMany(ids, settle), { maxBatch: batchSize });
  const applying = new GroupCommit<ApplyRequest, ApplyResult>((requests, settle) => inventory.applyMany(requests, settle), { maxBatch: batchSize, maxInFlight: 2 });
  const connections: IORedis[] = [producer];
  const logger = options.logger ?? defaultLogger();

  const process = async (job: Job, log: JobLog): Promise<void> => {
    const name = job.name as JobName;
    switch (name) {
      case 'parse-document': {
        const data = job.data as JobPayloads['parse-document'];
        const { accepted, deliverable } = await permanent(() => intake.intakeDocument(data.documentId));
        log.info({ acceptedSets: accepted.length }, 'intake done');
        // After intake's transaction committed: the acknowledgments it stored go to their transport.
        for (const outboundDocumentId of deliverable) await enqueue(queues, 'deliver-document', { outboundDocumentId });
        for (const transactionSetId of accepted) await enqueue(queues, 'translate-transaction-set', { transactionSetId, documentId: data.documentId, ...attempt(data) });
        return;
      }
      case 'translate-transaction-set': {
        const data = job.data as JobPayloads['translate-transaction-set'];
        const key = await translating.submit(data.transactionSetId);
        if (key !== null) await enqueue(queues, 'apply-event', { idempotencyKey: key, transactionSetId: data.transactionSetId, ...(data.documentId ? { documentId: data.documentId } : {}), ...attempt(data) });
        return;
      }
      case 'apply-event': {
        const data = job.data as JobPayloads['apply-event'];
        const outcome = await applying.submit({ idempotencyKey: data.idempotencyKey, transactionSetId: data.transactionSetId });
        // Debug: one per transaction set; the document's move to applied is in its status history.
        log.debug({ outcome }, 'event applied');
        if (outcome.followUps !== undefined) await scheduleFollowUps(queues, outcome.followUps);
        if (outcome.status === 'applied' && outcome.movements > 0) await availability.changed(queues);
        return;
      }
      case 'publish-availability': {
        const data = job.data as JobPayloads['publish-availability'];
        const outcome = await availability.publish(data.channel, data.refresh !== undefined);
        if (outcome.status === 'deferred') await schedule(queues, data.channel, outcome.due, new Date());
        if (outcome.status === 'sent') await scheduleFollowUps(queues, outcome.followUps);
        if (outcome.status === 'sent' && outcome.oversold > 0) log.warn({ channel: data.channel, oversold: outcome.oversold }, 'channel had been offered more than was available');
        return;
      }
      case 'check-expectation': {
        const data = job.data as JobPayloads['check-expectation'];
        await expectations.checkDue(data.expectationId);
        return;
      }
      case 'poll-mailbox':
      case 'deliver-document':
      case 'send-mdn':
        throw new UnrecoverableError(`${name} belongs to a transport queue (startTransports), not a pipeline stage`);
      default: {
        const unknown: never = name;
        throw new UnrecoverableError(`unknown job ${String(unknown)}`);
      }
    }
  };

  // Queues for every job (a stage may enqueue a delivery), workers for the stages only: the transport
  // queues are worked by startTransports.
  const workers = STAGE_QUEUES.map((name) => {
    const connection = redisConnection(options.redisUrl, 'worker');
    connections.push(connection);
    const lock = options.lockMs === undefined ? {} : { lockDuration: options.lockMs, stalledInterval: options.lockMs };
    const concurrency = options.concurrency ?? 4;
    return new Worker(name, observeJobs(process, { dataSource: options.dataSource, queues, logger }), {
      connection, prefix, ...lock,
      // These jobs mostly wait for their batch: more of them at once make the batches, not the load.
      concurrency: name === QUEUES.inventory || name === QUEUES.translation ? Math.max(concurrency, batchSize) : concurrency,
    });
  });

  // Expectations committed just before a crash may have no delayed job yet: give every pending one its
  // job again (its ID is the expectation's, so those that have one are left as they are).
  // Documents we made but never queued for delivery (stored by a stage that died before it could) get
  // their delivery job too.
  const rescheduled = Promise.all([expectations.pending(), undelivered(options.dataSource, options.profiles)])
    .then(([pending, outboundDocumentIds]) => scheduleFollowUps(queues, { outboundDocumentIds, expectations: pending }))
    .catch((e: Error) => logger.warn({ error: e.message }, 'could not reschedule pending deliveries and expectation checks'));

  return {
    queues,
    async close(closing = {}) {
      await rescheduled;
      await Promise.all(workers.map((w) => w.close()));
      if (closing.obliterate) {
        for (const q of Object.values(queues)) await q.obliterate({ force: true });
        await producer.del(`${prefix}:metrics:events`);
      }
      await Promise.all(Object.values(queues).map((q) => q.close()));
      for (const c of connections) c.disconnect();
    },
  };
}

/** Outbound documents still pending with no delivery record a minute after they were made, for partners with a transport. */
async function undelivered(dataSource: DataSource, profiles: ProfileRegistry): Promise<string[]> {
  const rows = (await dataSource.query(
    `SELECT o.id, o.partner_id FROM outbound_documents o WHERE o.status = 'pending' AND o.created_at < now() - interval '1 minute' AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.outbound_document_id = o.id)`,
  )) as Array<{ id: string; partner_id: string }>;
  return rows.filter((r) => profiles.byId(r.partner_id)?.transports !== undefined).map((r) => r.id);
}

/** An operator's retry number follows the work through the stages, so each stage gets a fresh job. */
function attempt(data: { attempt?: number }): { attempt?: number } {
  return data.attempt === undefined ? {} : { attempt: data.attempt };
}

/** A refusal (unknown partner, duplicate, unreadable file) is recorded and final: no retry. */
async function permanent<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof IntakeRefusal) throw new UnrecoverableError(e.message);
    throw e;
  }
}
