/// <reference lib="dom" />
/**
 * Building the DOM without innerHTML: every value from the API goes in through textContent or an
 * attribute, so no data is ever parsed as markup.
 */
type Attrs = Record<string, string | number | boolean | undefined | null>;
type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') el.className = String(value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** Replaces the children of `el`. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, ...children);
}

/** A labelled field: `<label for=id>text</label>` and the control. */
export function field(label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string): HTMLDivElement {
  const hintEl = hint ? h('small', { id: `${control.id}-hint`, class: 'hint' }, hint) : undefined;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hintEl);
}

export function select(id: string, options: Array<[value: string, label: string]>, value = ''): HTMLSelectElement {
  const s = h('select', { id, name: id });
  for (const [v, l] of options) s.appendChild(h('option', { value: v, selected: v === value }, l));
  return s;
}

/** A table with a caption and a header row; `rows` are cells (nodes or text). */
export function table(caption: string, headers: string[], rows: Child[][], className = 'grid'): HTMLElement {
  const t = h('table', { class: className }, h('caption', {}, caption));
  const head = h('tr', {});
  for (const x of headers) head.appendChild(h('th', { scope: 'col' }, x));
  t.appendChild(h('thead', {}, head));
  const body = h('tbody', {});
  for (const r of rows) {
    const tr = h('tr', {});
    r.forEach((cell, i) => tr.appendChild(h('td', { 'data-label': headers[i] }, cell)));
    body.appendChild(tr);
  }
  t.appendChild(body);
  // Narrow screens scroll the table inside its own box, not the page.
  return h('div', { class: 'table-wrap', role: 'region', 'aria-label': caption, tabindex: 0 }, t);
}

/** The polite live region at the bottom: short messages ("Saved.") for screen readers and eyes. */
export function announce(message: string): void {
  const status = document.getElementById('status');
  if (status) status.textContent = message;
}
