import { Queue } from 'bullmq';
import { enqueue, QueueName } from '@tradewire/jobs';
import { FollowUps } from '../orders/order.service';

/**
 * After a send has committed: a delivery job per document (by the partner's transport), and one
 * delayed job per expectation, firing at its deadline (job ID = the
 * expectation, so scheduling twice is harmless). Redis keeps the delay; a crash between the commit
 * and this call is covered by rescheduling what is still pending when the workers start.
 */
export async function scheduleFollowUps(queues: Readonly<Record<QueueName, Queue>>, followUps: FollowUps, now: Date = new Date()): Promise<void> {
  for (const outboundDocumentId of followUps.outboundDocumentIds) await enqueue(queues, 'deliver-document', { outboundDocumentId });
  for (const e of followUps.expectations) {
    await enqueue(queues, 'check-expectation', { expectationId: e.id }, { delay: Math.max(0, e.dueAt.getTime() - now.getTime()) });
  }
}
