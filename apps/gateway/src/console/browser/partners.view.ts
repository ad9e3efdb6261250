import { api, ApiError } from './api';
import { h, message, table, when } from './dom';
import { optionalData } from './optional-section';

interface Partner { id: string; name: string; roles: string[]; status: string; version: number }

/** What GET /transports is to answer (SFTP/AS2 branches): one row per partner transport. */
export interface TransportState {
  partnerId: string;
  transport: string;
  lastPollAt: string | null;
  lastResult: string | null;
  circuitOpenUntil: string | null;
}

/** Partners with their status and profile version; last poll and circuit state once GET /transports exists. */
export function partnersView(root: HTMLElement): void {
  const content = h('div', { id: 'partners' }, h('p', { class: 'note' }, 'Loading…'));
  root.append(h('h1', null, 'Partners'), content);
  void load(content);
}

async function load(into: HTMLElement): Promise<void> {
  try {
    const [partners, transports] = await Promise.all([api<Partner[]>('/partners'), optionalData<TransportState[]>('/transports').catch(() => null)]);
    const rows = partners.map((p) => {
      const mine = transports?.filter((t) => t.partnerId === p.id) ?? [];
      return [h('code', null, p.id), h('span', { class: 'partner-name' }, p.name), p.roles.join(', '), h('span', { class: `status status-${p.status}` }, p.status), String(p.version), ...transportCells(transports, mine)];
    });
    into.replaceChildren(table(['ID', 'Name', 'Roles', 'Status', 'Version', 'Last poll', 'Circuit'], rows, 'No partner visible to this key.'));
    if (transports === null) into.append(h('p', { class: 'not-available', id: 'transports-not-available' }, 'Last poll and circuit state: not available yet (this gateway does not serve GET /transports).'));
  } catch (e) {
    into.replaceChildren(message('error', e instanceof ApiError ? `${e.status}: ${e.message}` : String(e)));
  }
}

function transportCells(all: TransportState[] | null, mine: readonly TransportState[]): [string, string] {
  if (all === null) return ['not available yet', 'not available yet'];
  if (mine.length === 0) return ['—', '—'];
  const poll = mine.map((t) => `${t.transport}: ${when(t.lastPollAt)}${t.lastResult ? ` (${t.lastResult})` : ''}`).join('; ');
  const circuit = mine.map((t) => `${t.transport}: ${t.circuitOpenUntil && new Date(t.circuitOpenUntil) > new Date() ? `open until ${when(t.circuitOpenUntil)}` : 'closed'}`).join('; ');
  return [poll, circuit];
}
