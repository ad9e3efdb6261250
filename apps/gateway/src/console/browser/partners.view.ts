import { api, ApiError } from './api';
import { h, message, table, when } from './dom';
import { optionalData } from './optional-section';

interface Partner { id: string; name: string; roles: string[]; status: string; version: number }

/**
 * What GET /sftp/mailboxes answers (the SFTP branch, on main since this console was begun): one row
 * per partner with an SFTP mailbox. AS2 is pushed to us, so it has no poll to show.
 */
export interface MailboxState {
  partnerId: string;
  paused: boolean;
  lastPollAt: string | null;
  lastResult: string | null;
  lastError: string | null;
  circuit: 'closed' | 'open' | 'half-open';
  circuitOpenUntil: string | null;
}

/** Partners with their status and profile version; last poll and circuit state once GET /sftp/mailboxes answers. */
export function partnersView(root: HTMLElement): void {
  const content = h('div', { id: 'partners' }, h('p', { class: 'note' }, 'Loading…'));
  root.append(h('h1', null, 'Partners'), content);
  void load(content);
}

async function load(into: HTMLElement): Promise<void> {
  try {
    const [partners, mailboxes] = await Promise.all([api<Partner[]>('/partners'), optionalData<MailboxState[]>('/sftp/mailboxes').catch(() => null)]);
    const rows = partners.map((p) => {
      const mailbox = mailboxes?.find((m) => m.partnerId === p.id);
      return [h('code', null, p.id), h('span', { class: 'partner-name' }, p.name), p.roles.join(', '), h('span', { class: `status status-${p.status}` }, p.status), String(p.version), ...mailboxCells(mailboxes, mailbox)];
    });
    into.replaceChildren(table(['ID', 'Name', 'Roles', 'Status', 'Version', 'Last poll', 'Circuit'], rows, 'No partner visible to this key.'));
    if (mailboxes === null) into.append(h('p', { class: 'not-available', id: 'transports-not-available' }, 'Last poll and circuit state: not available yet (this gateway does not serve GET /sftp/mailboxes).'));
  } catch (e) {
    into.replaceChildren(message('error', e instanceof ApiError ? `${e.status}: ${e.message}` : String(e)));
  }
}

function mailboxCells(all: MailboxState[] | null, mine: MailboxState | undefined): [string, string] {
  if (all === null) return ['not available yet', 'not available yet'];
  if (mine === undefined) return ['no SFTP mailbox', '—'];
  const poll = `${when(mine.lastPollAt)}${mine.lastResult ? ` (${mine.lastResult}${mine.lastError ? `: ${mine.lastError}` : ''})` : ''}${mine.paused ? ', paused' : ''}`;
  const circuit = mine.circuit === 'open' ? `open until ${when(mine.circuitOpenUntil)}` : mine.circuit;
  return [poll, circuit];
}
