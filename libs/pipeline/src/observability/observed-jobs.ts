import { performance } from 'perf_hooks';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { JobName, JobPayloads, QueueName } from '@tradewire/jobs';
import { Logger } from '@tradewire/logging';
import { countEvent } from '@tradewire/metrics';

/** What a processor logs with: the job's lines, carrying its fields and correlation id. */
export type JobLog = { [L in 'debug' | 'info' | 'warn' | 'error']: (fields: object, message: string) => void };

/** A processor that is handed the job's logger: its lines carry the job's fields and correlation id. */
export type ObservedProcessor<R> = (job: Job, log: JobLog) => Promise<R>;

/**
 * Jobs there is one of per transaction set: their completion lines are at debug (at info, a busy
 * pipeline would write two lines per set for what the document's own lines already say); their
 * failures are at warn and error like every job's.
 */
const PER_SET: ReadonlySet<string> = new Set<JobName>(['translate-transaction-set', 'apply-event']);

export interface JobObservation {
  readonly dataSource: DataSource;
  readonly queues: Readonly<Record<QueueName, Queue>>;
  readonly logger: Logger;
}

/**
 * Wraps a queue's processor: one line when a job completes or fails, and at debug when it starts (queue, job
 * name and ID, attempt, duration, and the correlation id of the document it works for), and a count of
 * attempts BullMQ will retry (`tradewire_job_retries_total`, in Redis so every worker adds to it).
 */
export function observeJobs<R>(process: ObservedProcessor<R>, options: JobObservation): (job: Job) => Promise<R> {
  return async (job) => {
    const started = performance.now();
    const correlationId = await correlationOf(options.dataSource, job).catch(() => undefined);
    const log = lazyChild(options.logger, () => ({
      queue: job.queueName, job: job.name, jobId: job.id, attempt: job.attemptsMade + 1,
      // Payloads are IDs only (jobs.ts), so they are safe to log and say what the job was about.
      data: job.data,
      ...(correlationId === undefined ? {} : { correlationId }),
    }));
    // Debug: at info a busy pipeline would write a line per job twice over; the completion line says enough.
    log.debug({}, 'job started');
    try {
      const result = await process(job, log);
      log[PER_SET.has(job.name) ? 'debug' : 'info']({ durationMs: elapsed(started) }, 'job completed');
      return result;
    } catch (e) {
      const final = e instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (!final) await countEvent(options.queues, 'job_retries', [job.queueName, job.name]).catch(() => undefined);
      // A refusal (duplicate, unknown partner) is an outcome, recorded on the document; running out of retries is an error.
      const level = final && !(e instanceof UnrecoverableError) ? 'error' : 'warn';
      log[level]({ durationMs: elapsed(started), error: describe(e), willRetry: !final }, 'job failed');
      throw e;
    }
  };
}

/**
 * The job's child logger, made when a line is first written at a level that is enabled: a pino child
 * serialises its fields when it is made, which for a job that writes nothing was a few per cent of a
 * busy worker's CPU (bench/README.md).
 */
function lazyChild(parent: Logger, fields: () => object): JobLog {
  let child: Logger | undefined;
  const at = (level: keyof JobLog) => (lineFields: object, message: string) => {
    if (!parent.isLevelEnabled(level)) return;
    child ??= parent.child(fields());
    child[level](lineFields, message);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * The error's class and message only. Never the error object itself: a TypeORM QueryFailedError carries
 * its query's parameters, which may be a document's bytes.
 */
export function describe(e: unknown): { name: string; message: string; code?: string } {
  const error = e instanceof Error ? e : new Error(String(e));
  const code = (error as { code?: unknown }).code;
  return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

/**
 * The correlation id of the document a job works for: the received document's ID, which every stage's
 * job leads back to (a transaction set to its document; an acknowledgment we send, and what we expect
 * back for it, to the document it answers). Work that starts with us (a 940) has its outbound
 * document's ID; an asynchronous MDN we send, the document its message brought. A poll works for no one document: it logs each document it receives.
 */
export async function correlationOf(dataSource: DataSource, job: Job): Promise<string | undefined> {
  const name = job.name as JobName;
  const one = async (sql: string, id: string): Promise<string | undefined> => ((await dataSource.query(sql, [id])) as Array<{ id: string }>)[0]?.id;
  switch (name) {
    case 'parse-document':
      return (job.data as JobPayloads['parse-document']).documentId;
    case 'translate-transaction-set':
    case 'apply-event':
      return (job.data as JobPayloads['apply-event']).documentId ?? one(`SELECT document_id AS id FROM transaction_sets WHERE id = $1`, (job.data as JobPayloads['apply-event']).transactionSetId);
    case 'deliver-document':
      return one(`SELECT COALESCE(in_reply_to, id) AS id FROM outbound_documents WHERE id = $1`, (job.data as JobPayloads['deliver-document']).outboundDocumentId);
    case 'check-expectation':
      return one(
        `SELECT COALESCE(o.in_reply_to, o.id) AS id FROM expectations e JOIN outbound_documents o ON o.id = e.outbound_document_id WHERE e.id = $1`,
        (job.data as JobPayloads['check-expectation']).expectationId,
      );
    case 'send-mdn':
      // The MDN answers a received message: its document, when it was processed (refused and duplicate ones have none).
      return (await one(`SELECT document_id AS id FROM as2_messages WHERE id = $1`, (job.data as JobPayloads['send-mdn']).as2MessageId)) ?? undefined;
    case 'poll-mailbox':
    case 'publish-availability':
      // A poll or a channel's 846 works for no one received document.
      return undefined;
    default: {
      const unknown: never = name;
      return unknown;
    }
  }
}
