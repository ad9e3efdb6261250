import { api, ApiError, forgetKey, storedKey, storeKey, whenUnauthorized } from './api';
import { h, message } from './dom';
import { documentDetailView } from './document-detail.view';
import { documentsView } from './documents.view';
import { inventoryView } from './inventory.view';
import { operationsView } from './operations.view';
import { partnersView } from './partners.view';

/** A view draws into `root` and returns what stops its timers when another view takes over. */
export type View = (root: HTMLElement, params: readonly string[]) => (() => void) | void;

const ROUTES: ReadonlyArray<{ pattern: RegExp; view: View; nav: string }> = [
  { pattern: /^documents\/([0-9a-f-]{36})$/, view: documentDetailView, nav: 'documents' },
  { pattern: /^documents$/, view: documentsView, nav: 'documents' },
  { pattern: /^partners$/, view: partnersView, nav: 'partners' },
  { pattern: /^inventory$/, view: inventoryView, nav: 'inventory' },
  { pattern: /^operations$/, view: operationsView, nav: 'operations' },
];

const NAV: ReadonlyArray<[string, string]> = [['documents', 'Documents'], ['partners', 'Partners'], ['inventory', 'Inventory'], ['operations', 'Queues & deliveries']];

let stopCurrent: (() => void) | void = undefined;

function app(): HTMLElement {
  return document.getElementById('app') as HTMLElement;
}

/** The login form: the key is checked by calling the API with it (any role may list partners). */
function showLogin(problem?: string): void {
  if (stopCurrent) stopCurrent();
  stopCurrent = undefined;
  const input = h('input', { type: 'password', id: 'api-key', name: 'api-key', autocomplete: 'off', required: '', 'aria-label': 'API key' });
  const button = h('button', { type: 'submit' }, 'Sign in');
  const status = h('div', { id: 'login-status' }, problem ? message('error', problem) : null);
  // method=post and the CSP's form-action 'none': even with the script broken, the key never lands in a URL.
  const form = h('form', { id: 'login', method: 'post' }, h('h1', null, 'Tradewire ops console'), h('label', { for: 'api-key' }, 'API key'), input, button, status);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const key = input.value.trim();
    button.disabled = true;
    api('/partners', { key }).then(
      () => {
        storeKey(key);
        showShell();
      },
      (err: unknown) => {
        button.disabled = false;
        status.replaceChildren(message('error', err instanceof ApiError ? `${err.status}: ${err.message}` : `the gateway did not answer: ${String(err)}`));
      },
    );
  });
  app().replaceChildren(form);
  input.focus();
}

function showShell(): void {
  const links = NAV.map(([route, label]) => h('a', { href: `#/${route}`, 'data-nav': route }, label));
  const signOut = h('button', { type: 'button', id: 'sign-out' }, 'Sign out');
  signOut.addEventListener('click', () => {
    forgetKey();
    showLogin();
  });
  app().replaceChildren(h('header', null, h('strong', null, 'Tradewire'), h('nav', null, ...links), signOut), h('main', { id: 'view' }));
  route();
}

function route(): void {
  const main = document.getElementById('view');
  if (main === null || storedKey() === null) return;
  if (stopCurrent) stopCurrent();
  const path = location.hash.replace(/^#\/?/, '') || 'documents';
  const found = ROUTES.map((r) => ({ r, m: r.pattern.exec(path) })).find((x) => x.m !== null);
  for (const a of document.querySelectorAll<HTMLAnchorElement>('[data-nav]')) a.classList.toggle('current', a.dataset.nav === found?.r.nav);
  main.replaceChildren();
  if (found === undefined || found.m === null) {
    main.append(message('error', `no page ${path}`));
    stopCurrent = undefined;
    return;
  }
  stopCurrent = found.r.view(main, found.m.slice(1));
}

whenUnauthorized((problem) => {
  forgetKey();
  showLogin(`401: ${problem}`);
});
window.addEventListener('hashchange', route);
if (storedKey() === null) showLogin();
else showShell();
