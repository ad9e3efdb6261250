import { randomBytes } from 'crypto';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { loadConfig } from '@tradewire/config';
import { queueBacklog } from './queue-backlog';

/** Against the local Redis, in a prefix of its own, with no worker: jobs stay where they are put. */
const prefix = `test-backlog-${randomBytes(4).toString('hex')}`;
const connection = new IORedis(loadConfig().redis.url, { maxRetriesPerRequest: null });
const queues = { 'inbound-documents': new Queue('inbound-documents', { connection, prefix }), 'transaction-sets': new Queue('transaction-sets', { connection, prefix }) };

afterAll(async () => {
  for (const q of Object.values(queues)) {
    await q.obliterate({ force: true });
    await q.close();
  }
  connection.disconnect();
});

describe('queueBacklog', () => {
  it('counts waiting (prioritized included), delayed and failed jobs per queue, with the age of the oldest waiting job', async () => {
    const intake = queues['inbound-documents'];
    await intake.add('parse-document', { documentId: 'a' }, { jobId: 'a', timestamp: 1_000_000 });
    await intake.add('parse-document', { documentId: 'b' }, { jobId: 'b', timestamp: 1_030_000, priority: 1 });
    await intake.add('parse-document', { documentId: 'c' }, { jobId: 'c', delay: 60_000 });
    const backlog = await queueBacklog(queues, 1_100_000);
    expect(backlog).toEqual([
      { queue: 'inbound-documents', waiting: 2, active: 0, delayed: 1, failed: 0, oldestWaitingSeconds: 100 },
      { queue: 'transaction-sets', waiting: 0, active: 0, delayed: 0, failed: 0, oldestWaitingSeconds: null },
    ]);
  });
});
