import { api, ApiError, poll } from './api';
import { h, message, when } from './dom';

interface DocumentSummary {
  id: string;
  partnerId: string | null;
  status: string;
  reason: string | null;
  receivedAt: string;
  sets: string[];
  setStatuses?: string[];
}

const FILTERS = ['partner', 'set', 'status', 'from', 'to', 'control', 'text'] as const;
type Filter = Partial<Record<(typeof FILTERS)[number], string>>;
const LABELS: Record<(typeof FILTERS)[number], string> = { partner: 'Partner', set: 'Set', status: 'Status', from: 'Received from', to: 'Received before', control: 'Control number', text: 'Text' };

const STATUSES = ['received', 'parsed', 'acknowledged', 'translated', 'applied', 'failed', 'quarantined', 'ignored'];
const SETS = ['846', '856', '940', '945', '997', '999'];
const NEEDS_A_LOOK = new Set(['failed', 'quarantined', 'held', 'rejected']);

/** Kept while the tab lives: back from a document, the list shows what it showed. */
let filter: Filter = {};

/** Documents, newest first, with the API's search filters; refreshed every few seconds while visible. */
export function documentsView(root: HTMLElement): () => void {
  const results = h('div', { id: 'documents' });
  const updated = h('p', { class: 'updated', id: 'documents-updated' });
  root.append(h('h1', null, 'Documents'), filterForm(() => void refresh()), updated, results);
  const refresh = async () => {
    try {
      const found = await api<DocumentSummary[]>(`/documents?${new URLSearchParams(filter as Record<string, string>)}`);
      results.replaceChildren(documentTable(found));
      updated.textContent = `${found.length} document(s), updated ${new Date().toLocaleTimeString()}`;
    } catch (e) {
      results.replaceChildren(message('error', e instanceof ApiError ? `${e.status}: ${e.message}` : String(e)));
    }
  };
  return poll(refresh, 3000);
}

function filterForm(apply: () => void): HTMLFormElement {
  const inputs = {
    partner: h('select', { name: 'partner' }, h('option', { value: '' }, 'any partner')),
    set: choice('set', SETS, 'any set'),
    status: choice('status', STATUSES, 'any status'),
    from: h('input', { name: 'from', type: 'date', 'aria-label': 'received from' }),
    to: h('input', { name: 'to', type: 'date', 'aria-label': 'received before' }),
    control: h('input', { name: 'control', placeholder: 'ISA13, GS06 or ST02' }),
    text: h('input', { name: 'text', placeholder: 'text in the file' }),
  };
  void api<Array<{ id: string; name: string }>>('/partners').then((partners) => {
    inputs.partner.append(...partners.map((p) => h('option', { value: p.id }, `${p.id} — ${p.name}`)));
    inputs.partner.value = filter.partner ?? '';
  }, () => undefined);
  for (const k of FILTERS) inputs[k].value = filter[k] ?? '';
  const form = h('form', { id: 'document-filters', class: 'filters', method: 'post' },
    ...FILTERS.map((k) => h('label', null, LABELS[k], inputs[k])),
    h('button', { type: 'submit' }, 'Search'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    filter = Object.fromEntries(FILTERS.map((k) => [k, inputs[k].value.trim()]).filter(([, v]) => v !== ''));
    apply();
  });
  return form;
}

function choice(name: string, values: readonly string[], none: string): HTMLSelectElement {
  return h('select', { name }, h('option', { value: '' }, none), ...values.map((v) => h('option', { value: v }, v)));
}

function documentTable(found: readonly DocumentSummary[]): HTMLElement {
  if (found.length === 0) return h('p', { class: 'empty' }, 'No document matches.');
  const rows = found.map((d) => {
    const sets = d.sets.map((s, i) => (d.setStatuses?.[i] ? `${s} ${d.setStatuses[i]}` : s)).join(', ');
    const attention = NEEDS_A_LOOK.has(d.status) || (d.setStatuses ?? []).some((s) => NEEDS_A_LOOK.has(s));
    return h('tr', { class: attention ? 'attention' : undefined, 'data-id': d.id, 'data-status': d.status },
      h('td', null, h('a', { href: `#/documents/${d.id}` }, when(d.receivedAt))),
      h('td', null, d.partnerId ?? '—'),
      h('td', { class: 'sets' }, sets || '—'),
      h('td', { class: `status status-${d.status}` }, d.status),
      h('td', null, d.reason ?? ''),
    );
  });
  return h('table', null, h('thead', null, h('tr', null, ...['Received', 'Partner', 'Sets', 'Status', 'Reason'].map((t) => h('th', null, t)))), h('tbody', null, ...rows));
}
