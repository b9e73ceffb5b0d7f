// Tiny DOM builder. Text always goes through textContent / createTextNode, never innerHTML,
// so any string from results data (tickers, sectors, warnings) is shown as text; control and
// bidi characters in it (a U+202E would reverse a warning) are shown as \uXXXX escapes.
import { displaySafe } from '../engine/text/safeText';

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | ((ev: any) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Attrs | null, ...children: Child[]): HTMLElement;
export function h(tag: string, attrs?: Attrs | null, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (typeof v === 'function') el.addEventListener(k.replace(/^on/, '').toLowerCase(), v);
      else if (k === 'text') el.textContent = displaySafe(String(v));
      else if (k === 'className') el.className = String(v);
      else el.setAttribute(k, v === true ? '' : displaySafe(String(v)));
    }
  }
  append(el, children);
  return el;
}

export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(displaySafe(String(c))) : c);
  }
}

export function clear(el: Node): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** Wraps a wide table so it scrolls sideways in a narrow panel instead of breaking words. */
export function scrollX(el: HTMLElement): HTMLElement {
  const w = document.createElement('div');
  w.className = 'table-wrap';
  w.appendChild(el);
  return w;
}
