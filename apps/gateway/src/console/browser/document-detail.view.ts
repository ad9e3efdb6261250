import { api, ApiError, poll } from './api';
import { h, message, section, table, when } from './dom';
import { documentActions } from './document-actions';
import { failingSegments, Finding, splitSegments } from './x12-lines';

interface Diagnostic extends Finding {
  message: string;
  segment?: string;
  offset?: number;
  element?: string | number;
}

interface DocumentDetail {
  id: string;
  partnerId: string | null;
  status: string;
  reason: string | null;
  diagnostics: Diagnostic[];
  history: Array<{ status: string; reason: string | null; at: string }>;
  transactionSets: Array<{ id: string; position: number; set: string; control: string; status: string; findings: Diagnostic[]; eventKey: string | null }>;
}

interface Acknowledgment { id: string; kind: string; status: string; createdAt: string; content: string }
interface EventView { idempotencyKey: string; type: string; position: number; ledgerStatus: string | null }

/**
 * One document: status and actions, the raw X12 one segment per line with the failing segments
 * marked, then diagnostics, transaction sets, acknowledgments, events and status history. Refreshed
 * every two seconds while visible, so a retry is seen going through.
 */
export function documentDetailView(root: HTMLElement, [id]: readonly string[]): () => void {
  const summary = h('div', { id: 'document-summary' });
  const body = h('div', { id: 'document-body' });
  let raw: string | null = null;
  let shown = '';
  const refresh = async () => {
    try {
      const detail = await api<DocumentDetail>(`/documents/${id}`);
      raw ??= await api<string>(`/documents/${id}/raw`, { as: 'text' });
      const [acks, events] = await Promise.all([api<Acknowledgment[]>(`/documents/${id}/acknowledgments`), api<EventView[]>(`/documents/${id}/events`)]);
      // Redraw only on change: an operator reading the file keeps their scroll position.
      const fingerprint = JSON.stringify([detail, acks, events]);
      if (fingerprint === shown) return;
      shown = fingerprint;
      summary.replaceChildren(summaryOf(detail));
      body.replaceChildren(rawSection(raw, detail), diagnosticsSection(detail), setsSection(detail), acksSection(acks), eventsSection(events), historySection(detail));
    } catch (e) {
      summary.replaceChildren(message('error', e instanceof ApiError ? `${e.status}: ${e.message}` : String(e)));
    }
  };
  root.append(h('p', null, h('a', { href: '#/documents' }, '← Documents')), h('h1', null, 'Document ', h('code', null, id)), summary, documentActions(id, () => {
    shown = '';
    void refresh();
  }), body);
  return poll(refresh, 2000);
}

function summaryOf(d: DocumentDetail): HTMLElement {
  return h('dl', { class: 'summary' },
    h('dt', null, 'Partner'), h('dd', null, d.partnerId ?? '—'),
    h('dt', null, 'Status'), h('dd', { id: 'doc-status', class: `status status-${d.status}` }, d.status),
    h('dt', null, 'Reason'), h('dd', { id: 'doc-reason' }, d.reason ?? '—'),
  );
}

function rawSection(raw: string, d: DocumentDetail): HTMLElement {
  const segments = splitSegments(raw);
  const marks = failingSegments(segments, d.diagnostics, d.transactionSets);
  const lines = segments.map((s) => {
    const codes = marks.get(s.index);
    return h('li', codes ? { class: 'failing', 'data-codes': codes.join(' '), title: codes.join(', ') } : null, s.text);
  });
  const note = marks.size === 0 ? 'No failing segment.' : `${marks.size} failing segment(s) marked.`;
  return section('Raw X12', h('p', { class: 'note' }, note), h('ol', { id: 'raw-x12', class: 'x12', start: '0' }, ...lines));
}

function where(f: Diagnostic): string {
  const parts = [f.segment, typeof f.segmentIndex === 'number' ? `segment ${f.segmentIndex}` : null, typeof f.position === 'number' ? `position ${f.position} in set` : null, typeof f.offset === 'number' ? `byte ${f.offset}` : null];
  return parts.filter((p) => p !== null && p !== undefined).join(', ');
}

function diagnosticsSection(d: DocumentDetail): HTMLElement {
  const rows = d.diagnostics.map((f) => [f.code, f.severity ?? '', f.message, where(f)]);
  return section('Diagnostics', table(['Code', 'Severity', 'Message', 'Where'], rows, 'No diagnostics.'));
}

function setsSection(d: DocumentDetail): HTMLElement {
  const rows = d.transactionSets.map((t) => [
    String(t.position), t.set, t.control, h('span', { class: `status status-${t.status}` }, t.status),
    t.findings.length === 0 ? '—' : h('ul', { class: 'findings' }, ...t.findings.map((f) => h('li', null, h('code', null, f.code), ` ${f.message}`, where(f) ? ` (${where(f)})` : ''))),
  ]);
  return section('Transaction sets', table(['#', 'Set', 'ST02', 'Status', 'Findings'], rows, 'No transaction set was read.'));
}

function acksSection(acks: readonly Acknowledgment[]): HTMLElement {
  const rows = acks.map((a) => [a.kind, a.status, when(a.createdAt), h('pre', { class: 'x12-text' }, a.content)]);
  return section('Acknowledgments we owe', table(['Kind', 'Delivery', 'Created', 'Content'], rows, 'No acknowledgment stored for this document.'));
}

function eventsSection(events: readonly EventView[]): HTMLElement {
  const rows = events.map((e) => [String(e.position), e.type, h('code', null, e.idempotencyKey), e.ledgerStatus ?? 'not applied']);
  return section('Canonical events', table(['Set #', 'Type', 'Event key', 'Ledger'], rows, 'No event yet.'));
}

function historySection(d: DocumentDetail): HTMLElement {
  const rows = d.history.map((s) => [when(s.at), s.status, s.reason ?? '']);
  return section('Status history', table(['At', 'Status', 'Reason'], rows, 'No history.'));
}
