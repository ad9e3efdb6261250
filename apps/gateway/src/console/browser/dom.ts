/**
 * Building the page from data without ever parsing data as markup: elements are created, text is set
 * as text nodes. Partner data (names, raw X12, reasons) is untrusted; nothing here uses innerHTML.
 */

export type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, string | undefined> | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    // Event handlers are attached with addEventListener; an inline one would also be refused by the CSP.
    if (name.toLowerCase().startsWith('on')) throw new Error(`no inline handler attributes (${name})`);
    if (value !== undefined) node.setAttribute(name, value);
  }
  append(node, ...children);
  return node;
}

export function append(node: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** A table from column headings and rows of cells; an empty list says so instead of showing nothing. */
export function table(headings: readonly string[], rows: readonly Child[][], empty = 'none'): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  return h('table', null,
    h('thead', null, h('tr', null, ...headings.map((t) => h('th', null, t)))),
    h('tbody', null, ...rows.map((cells) => h('tr', null, ...cells.map((c) => h('td', null, c))))),
  );
}

export function section(title: string, ...children: Child[]): HTMLElement {
  return h('section', null, h('h2', null, title), ...children);
}

/** A date from the API (ISO text) in the browser's time zone; a dash when there is none. */
export function when(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toLocaleString();
}

export function message(kind: 'error' | 'info', text: string): HTMLElement {
  return h('p', { class: kind, role: kind === 'error' ? 'alert' : 'status' }, text);
}
