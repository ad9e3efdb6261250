import { api, ApiError } from './api';
import { h, message } from './dom';

interface ActionResult {
  action: string;
  outcome: string;
  newDocumentId?: string;
}

/**
 * Retry, replay and ignore (with a reason) through the API: the API checks the role and writes the
 * audit log; the console only shows what it answered, then asks for a refresh.
 */
export function documentActions(id: string, refreshed: () => void): HTMLElement {
  const result = h('div', { id: 'action-result', 'aria-live': 'polite' });
  const reason = h('input', { id: 'ignore-reason', placeholder: 'why it is ignored', 'aria-label': 'reason to ignore' });
  const run = (label: string, path: string, body?: unknown) => async () => {
    result.replaceChildren(message('info', `${label}…`));
    try {
      const done = await api<ActionResult>(path, { method: 'POST', ...(body === undefined ? {} : { body }) });
      result.replaceChildren(message('info', `${done.action}: ${done.outcome}`));
      if (done.newDocumentId) result.append(h('p', null, h('a', { href: `#/documents/${done.newDocumentId}` }, 'open the replay')));
      refreshed();
    } catch (e) {
      result.replaceChildren(message('error', e instanceof ApiError ? `${label} refused (${e.status}): ${e.message}` : String(e)));
    }
  };
  const retry = button('retry', 'Retry', run('retry', `/documents/${id}/retry`));
  const replay = button('replay', 'Replay', run('replay', `/documents/${id}/replay`));
  const ignore = button('ignore', 'Ignore', async () => {
    if (reason.value.trim() === '') return void result.replaceChildren(message('error', 'Give a reason to ignore the document.'));
    await run('ignore', `/documents/${id}/ignore`, { reason: reason.value.trim() })();
  });
  return h('div', { class: 'actions' }, retry, replay, reason, ignore, result);
}

function button(name: string, label: string, action: () => Promise<void>): HTMLButtonElement {
  const b = h('button', { type: 'button', id: `action-${name}` }, label);
  b.addEventListener('click', () => {
    b.disabled = true;
    void action().finally(() => (b.disabled = false));
  });
  return b;
}
