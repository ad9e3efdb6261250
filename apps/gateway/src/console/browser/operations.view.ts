import { api, ApiError, poll } from './api';
import { h, message, section, table, when } from './dom';
import { optionalSection } from './optional-section';

interface QueueBacklog { queue: string; waiting: number; active: number; delayed: number; failed: number; oldestWaitingSeconds: number | null }

/** What GET /deliveries?status=failed answers (the SFTP branch, on main since this console was begun). */
export interface FailedDelivery { id: string; outboundDocumentId: string; partnerId: string; kind: string; transport: string; destination: string | null; attempts: number; lastError: string | null; lastAttemptAt: string | null }
/**
 * GET /expectations?status=overdue (on main since this console was begun: the lead's merge brings it):
 * what we sent whose 997/999 (functional-ack) or, for a 940, whose 945 (shipment) did not come in time.
 */
export interface OverdueExpectation { id: string; partnerId: string; kind: string; reference: string; outboundDocumentId: string; dueAt: string; overdueAt: string | null }

/** Queue backlog (refreshed while visible), failed deliveries and overdue acknowledgments and shipment confirmations. */
export function operationsView(root: HTMLElement): () => void {
  const backlog = h('div', { id: 'queues' }, h('p', { class: 'note' }, 'Loading…'));
  root.append(
    h('h1', null, 'Queues & deliveries'),
    section('Queue backlog', backlog),
    optionalSection<FailedDelivery[]>('Failed deliveries', '/deliveries?status=failed', deliveriesTable, 'failed-deliveries'),
    optionalSection<OverdueExpectation[]>('Overdue acknowledgments and confirmations', '/expectations?status=overdue', overdueTable, 'overdue-acknowledgments'),
  );
  return poll(async () => {
    try {
      backlog.replaceChildren(queuesTable(await api<QueueBacklog[]>('/queues')));
    } catch (e) {
      backlog.replaceChildren(message('error', e instanceof ApiError ? `${e.status}: ${e.message}` : String(e)));
    }
  }, 5000);
}

function age(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 120) return `${seconds} s`;
  return seconds < 7200 ? `${Math.round(seconds / 60)} min` : `${Math.round(seconds / 3600)} h`;
}

function queuesTable(queues: readonly QueueBacklog[]): HTMLElement {
  const rows = queues.map((q) => [h('code', null, q.queue), String(q.waiting), String(q.active), String(q.delayed), String(q.failed), age(q.oldestWaitingSeconds)]);
  return table(['Queue', 'Waiting', 'Active', 'Delayed', 'Failed', 'Oldest waiting'], rows, 'No queue.');
}

function deliveriesTable(list: readonly FailedDelivery[]): HTMLElement {
  const rows = list.map((d) => [d.partnerId, d.kind, d.transport, d.destination ?? '—', String(d.attempts), d.lastError ?? '', when(d.lastAttemptAt)]);
  return table(['Partner', 'Kind', 'Transport', 'Destination', 'Attempts', 'Last error', 'Last attempt'], rows, 'No failed delivery.');
}

function overdueTable(list: readonly OverdueExpectation[]): HTMLElement {
  // The outbound document is ours (not a received one), so it is named rather than linked.
  const rows = list.map((e) => [e.partnerId, e.kind, e.reference, when(e.dueAt), when(e.overdueAt), h('code', null, e.outboundDocumentId)]);
  return table(['Partner', 'Waiting for', 'Reference (GS06 or order)', 'Due', 'Overdue since', 'Our document'], rows, 'Nothing overdue.');
}
