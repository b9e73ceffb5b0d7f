// A virtualised table: only the rows in view (plus a small overscan) exist in the DOM, so
// 100,000 trades scroll smoothly. Header cells are buttons (Tab to reach, Enter/Space to
// sort); the body is a focusable scroller (arrow keys / PageUp / PageDown scroll it).
import { h, clear } from './dom';

export interface VColumn {
  key: string;
  label: string;
  /** CSS grid track, e.g. '110px' or 'minmax(120px, 1fr)'. */
  width: string;
  numeric?: boolean;
  sortable?: boolean;
}

export interface VTableOptions {
  caption: string;
  columns: VColumn[];
  rowHeight?: number;
  onSort?: (key: string) => void;
  /** Called when a row is activated (Enter on a focused row, or double-click). */
  onActivate?: (row: number) => void;
}

const OVERSCAN = 8;

export class VirtualTable {
  readonly root: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly headRow: HTMLElement;
  private readonly pool: HTMLElement[] = [];
  private readonly rh: number;
  private readonly grid: string;
  private count = 0;
  private cell: (row: number, col: number) => string = () => '';
  private raf = 0;
  private sortKey = '';
  private sortDir: 1 | -1 = 1;

  constructor(private readonly opts: VTableOptions) {
    this.rh = opts.rowHeight ?? 24;
    this.grid = opts.columns.map((c) => c.width).join(' ');
    this.headRow = h('div', { className: 'vt-row vt-head-row', role: 'row', 'aria-rowindex': 1 });
    this.headRow.style.gridTemplateColumns = this.grid;
    for (const c of opts.columns) {
      const label = h('span', { text: c.label });
      const arrow = h('span', { className: 'vt-arrow', 'aria-hidden': 'true' });
      const content = c.sortable === false
        ? label
        : h('button', { type: 'button', className: 'vt-sort', 'data-key': c.key, title: `Sort by ${c.label}`, onclick: () => opts.onSort?.(c.key) }, label, arrow);
      this.headRow.appendChild(h('div', { className: `vt-cell vt-th${c.numeric ? ' num' : ''}`, role: 'columnheader', 'data-key': c.key, 'aria-sort': 'none' }, content));
    }
    this.spacer = h('div', { className: 'vt-spacer', role: 'rowgroup' });
    this.scroller = h('div', { className: 'vt-scroll', tabindex: 0, 'aria-label': `${opts.caption} (scroll with arrow keys)` },
      h('div', { className: 'vt-head', role: 'rowgroup' }, this.headRow), this.spacer);
    this.root = h('div', { className: 'vt', role: 'table', 'aria-label': opts.caption }, this.scroller);
    this.scroller.addEventListener('scroll', () => this.schedule(), { passive: true });
    new ResizeObserver(() => this.schedule()).observe(this.scroller);
    this.spacer.addEventListener('dblclick', (ev) => this.activateFrom(ev.target));
    this.spacer.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') this.activateFrom(ev.target);
    });
  }

  /** Replaces the rows: `cell(row, col)` gives the text of a cell. */
  setRows(count: number, cell: (row: number, col: number) => string): void {
    this.count = count;
    this.cell = cell;
    this.root.setAttribute('aria-rowcount', String(count + 1));
    this.spacer.style.height = `${count * this.rh}px`;
    if (this.scroller.scrollTop > count * this.rh) this.scroller.scrollTop = 0;
    this.render();
  }

  setSort(key: string, dir: 1 | -1): void {
    this.sortKey = key;
    this.sortDir = dir;
    for (const th of Array.from(this.headRow.children) as HTMLElement[]) {
      const on = th.dataset.key === key;
      th.setAttribute('aria-sort', on ? (dir === 1 ? 'ascending' : 'descending') : 'none');
      const arrow = th.querySelector('.vt-arrow');
      if (arrow) arrow.textContent = on ? (dir === 1 ? '▲' : '▼') : '';
    }
  }

  get sort(): { key: string; dir: 1 | -1 } { return { key: this.sortKey, dir: this.sortDir }; }

  scrollToRow(row: number): void { this.scroller.scrollTop = row * this.rh; this.render(); }

  private activateFrom(target: EventTarget | null): void {
    const row = (target as HTMLElement | null)?.closest?.('.vt-row') as HTMLElement | null;
    if (row?.dataset.row) this.opts.onActivate?.(Number(row.dataset.row));
  }

  private schedule(): void {
    if (this.raf) return;
    this.raf = requestAnimationFrame(() => { this.raf = 0; this.render(); });
  }

  private render(): void {
    const viewH = this.scroller.clientHeight || 400;
    const top = this.scroller.scrollTop;
    const first = Math.max(0, Math.floor(top / this.rh) - OVERSCAN);
    const last = Math.min(this.count, Math.ceil((top + viewH) / this.rh) + OVERSCAN);
    const need = Math.max(0, last - first);
    while (this.pool.length < need) {
      const row = h('div', { className: 'vt-row', role: 'row', tabindex: this.opts.onActivate ? -1 : null });
      row.style.gridTemplateColumns = this.grid;
      for (const c of this.opts.columns) row.appendChild(h('div', { className: `vt-cell${c.numeric ? ' num' : ''}`, role: 'cell' }));
      this.pool.push(row);
    }
    // Detach surplus rows, fill the rest.
    for (let k = need; k < this.pool.length; k++) if (this.pool[k].parentNode) this.pool[k].remove();
    for (let k = 0; k < need; k++) {
      const r = first + k;
      const row = this.pool[k];
      row.dataset.row = String(r);
      row.setAttribute('aria-rowindex', String(r + 2));
      row.classList.toggle('odd', r % 2 === 1);
      row.style.transform = `translateY(${r * this.rh}px)`;
      const cells = row.children;
      for (let c = 0; c < cells.length; c++) cells[c].textContent = this.cell(r, c);
      if (!row.parentNode) this.spacer.appendChild(row);
    }
    if (!this.count) {
      clear(this.spacer);
      this.pool.length = 0;
    }
  }
}
