/**
 * Every data call of the console goes through the gateway's API with the key the user entered, so
 * roles, partner scoping, rate limits and the audit log apply as for any client. The key lives in
 * sessionStorage (gone with the tab) and travels only in the Authorization header, never in a URL.
 */

const KEY = 'tradewire.console.apiKey';

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function storedKey(): string | null {
  return sessionStorage.getItem(KEY);
}

export function storeKey(key: string): void {
  sessionStorage.setItem(KEY, key);
}

export function forgetKey(): void {
  sessionStorage.removeItem(KEY);
}

type Unauthorized = (message: string) => void;
let onUnauthorized: Unauthorized = () => undefined;

/** What to do when the stored key stops working (revoked, or a wrong one typed): back to the login. */
export function whenUnauthorized(handler: Unauthorized): void {
  onUnauthorized = handler;
}

/** Calls the API; JSON in and out, or text for raw documents. Throws ApiError with the API's own message. */
export async function api<T>(path: string, options: { method?: string; body?: unknown; key?: string; as?: 'json' | 'text' } = {}): Promise<T> {
  const key = options.key ?? storedKey() ?? '';
  const headers: Record<string, string> = { authorization: `Bearer ${key}`, accept: options.as === 'text' ? '*/*' : 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, { method: options.method ?? 'GET', headers, body: options.body === undefined ? undefined : JSON.stringify(options.body), cache: 'no-store' });
  if (!response.ok) {
    const error = new ApiError(response.status, await messageOf(response));
    if (response.status === 401 && options.key === undefined) onUnauthorized(error.message);
    throw error;
  }
  return (options.as === 'text' ? await response.text() : await response.json()) as T;
}

/** Nest answers { message } (text or a list), validation { problems: [{ path, message }] }. */
async function messageOf(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { message?: unknown; problems?: Array<{ path: string; message: string }> } | null;
  if (body?.problems) return body.problems.map((p) => `${p.path}: ${p.message}`).join('; ');
  if (Array.isArray(body?.message)) return body.message.join('; ');
  if (typeof body?.message === 'string') return body.message;
  return `${response.status} ${response.statusText}`;
}

/**
 * Runs `tick` now and every `ms` while the page is visible (a hidden tab costs the API nothing);
 * returns the function that stops it.
 */
export function poll(tick: () => Promise<void>, ms: number): () => void {
  let timer: number | undefined;
  let stopped = false;
  let busy = false;
  const run = async () => {
    timer = undefined;
    if (stopped || busy || document.visibilityState !== 'visible') return;
    busy = true;
    await tick().catch(() => undefined);
    busy = false;
    if (!stopped) timer = window.setTimeout(run, ms);
  };
  const onVisibility = () => {
    if (document.visibilityState === 'visible' && timer === undefined) void run();
  };
  document.addEventListener('visibilitychange', onVisibility);
  void run();
  return () => {
    stopped = true;
    if (timer !== undefined) window.clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisibility);
  };
}
