import { api, ApiError } from './api';
import { h, message, section } from './dom';

/**
 * A section whose data comes from a route this gateway may not serve yet (deliveries, overdue
 * acknowledgments, transport state are built on other branches): a 404 from the API shows
 * "not available yet" naming the route, anything else shows the data or the API's error.
 */
export function optionalSection<T>(title: string, path: string, render: (data: T) => HTMLElement, id: string): HTMLElement {
  const content = h('div', { id, 'data-state': 'loading' }, h('p', { class: 'note' }, 'Loading…'));
  void load(path, render, content);
  return section(title, content);
}

/** The same, for data another view shows inline: resolves to the data, or null when the route is not there. */
export async function optionalData<T>(path: string): Promise<T | null> {
  try {
    return await api<T>(path);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

async function load<T>(path: string, render: (data: T) => HTMLElement, into: HTMLElement): Promise<void> {
  try {
    const data = await optionalData<T>(path);
    into.dataset.state = data === null ? 'not-available' : 'ready';
    into.replaceChildren(data === null ? h('p', { class: 'not-available' }, `Not available yet: this gateway does not serve GET ${path}.`) : render(data));
  } catch (e) {
    into.dataset.state = 'error';
    into.replaceChildren(message('error', e instanceof ApiError ? `${e.status}: ${e.message}` : String(e)));
  }
}
