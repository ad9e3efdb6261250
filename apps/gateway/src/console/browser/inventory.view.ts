import { api, ApiError } from './api';
import { Child, h, message, section, table, when } from './dom';

interface Balance { location: string; onHand: string; allocated: string; inTransit: string; onHold: string; availableToPromise: string }
interface Availability { sku: string; locations: Balance[]; total: Omit<Balance, 'location'> }
interface Variance { sku: string; location: string; bucket: string; ledger: string; reported: string; variance: string; occurredAt: string }

const BUCKETS = ['onHand', 'allocated', 'inTransit', 'onHold', 'availableToPromise'] as const;
const HEADINGS = ['On hand', 'Allocated', 'In transit', 'On hold', 'Available to promise'];

/** Availability of a SKU at every location (GET /inventory/:sku) and the open reconciliation variances. */
export function inventoryView(root: HTMLElement): void {
  const sku = h('input', { id: 'sku', name: 'sku', placeholder: 'SKU', required: '', 'aria-label': 'SKU' });
  const result = h('div', { id: 'availability' });
  const form = h('form', { id: 'availability-lookup', class: 'filters', method: 'post' }, h('label', null, 'SKU', sku), h('button', { type: 'submit' }, 'Look up'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void lookUp(sku.value.trim(), result);
  });
  const variances = h('div', { id: 'variances' }, h('p', { class: 'note' }, 'Loading…'));
  root.append(h('h1', null, 'Inventory'), section('Availability', form, result), section('Open variances', variances));
  void loadVariances(variances);
}

async function lookUp(sku: string, into: HTMLElement): Promise<void> {
  if (sku === '') return;
  try {
    // The SKU is a path segment: encoded, so a slash or a question mark in it stays part of it.
    const a = await api<Availability>(`/inventory/${encodeURIComponent(sku)}`);
    const rows: Child[][] = a.locations.map((l) => [l.location, ...BUCKETS.map((b) => l[b])]);
    if (a.locations.length > 0) rows.push([h('strong', null, 'Total'), ...BUCKETS.map((b) => h('strong', null, a.total[b]))]);
    into.replaceChildren(h('h3', null, a.sku), table(['Location', ...HEADINGS], rows, `No stock recorded for ${a.sku}.`));
  } catch (e) {
    into.replaceChildren(message('error', e instanceof ApiError ? `${e.status}: ${e.message}` : String(e)));
  }
}

async function loadVariances(into: HTMLElement): Promise<void> {
  try {
    const list = await api<Variance[]>('/inventory/variances');
    const rows = list.map((v) => [v.sku, v.location, v.bucket, v.ledger, v.reported, v.variance, when(v.occurredAt)]);
    into.replaceChildren(table(['SKU', 'Location', 'Bucket', 'Ledger', 'Reported', 'Variance', 'Reported at'], rows, 'No open variance.'));
  } catch (e) {
    into.replaceChildren(message('error', e instanceof ApiError ? `${e.status}: ${e.message}` : String(e)));
  }
}
