// A virtualised table: only the rows in view (plus a small overscan) exist in the DOM, so
// 100,000 trades scroll smoothly. Header cells are buttons (Tab to reach, Enter/Space to
// sort). The body is one focusable grid with an active row (aria-activedescendant, since
// rows are recycled): arrow keys, PageUp/PageDown and Home/End move it, Enter activates it.
import { h, clear } from './dom';
import { displaySafe } from '../engine/text/safeText';

export interface VColumn {
  key: string;
  label: string;
  /** CSS grid track, e.g. '110px' or 'minmax(120px, 1fr)'. */
  width: string;
  numeric?: boolean;
  sortable?: boolean;
  /** Stays in view while the table scrolls sideways (a leading column with a px width). */
  sticky?: boolean;
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
  private readonly stickyLeft: (number | null)[];
  private count = 0;
  private cell: (row: number, col: number) => string = () => '';
  private raf = 0;
  private sortKey = '';
  private sortDir: 1 | -1 = 1;
  /** Index of the active row (keyboard cursor), -1 for none. */
  private active = -1;
  /** Prefix of row ids (unique per table, for aria-activedescendant). */
  private readonly idBase = `vt-${Math.random().toString(36).slice(2, 10)}`;

  constructor(private readonly opts: VTableOptions) {
    this.rh = opts.rowHeight ?? 24;
    this.grid = opts.columns.map((c) => c.width).join(' ');
    // Left offsets of the sticky leading columns (their widths are fixed px).
    let left = 0;
    this.stickyLeft = opts.columns.map((c) => {
      if (!c.sticky) return null;
      const at = left;
      left += parseFloat(c.width) || 0;
      return at;
    });
    this.headRow = h('div', { className: 'vt-row vt-head-row', role: 'row', 'aria-rowindex': 1 });
    this.headRow.style.gridTemplateColumns = this.grid;
    for (const c of opts.columns) {
      const label = h('span', { text: c.label });
      const arrow = h('span', { className: 'vt-arrow', 'aria-hidden': 'true' });
      const content =
        c.sortable === false
          ? label
          : h(
              'button',
              { type: 'button', className: 'vt-sort', 'data-key': c.key, title: `Sort by ${c.label}`, onclick: () => opts.onSort?.(c.key) },
              label,
              arrow,
            );
      this.headRow.appendChild(
        this.stick(
          h(
            'div',
            { className: `vt-cell vt-th${c.numeric ? ' num' : ''}`, role: 'columnheader', 'data-key': c.key, 'aria-sort': 'none' },
            content,
          ),
          this.headRow.children.length,
        ),
      );
    }
    this.spacer = h('div', { className: 'vt-spacer', role: 'rowgroup' });
    this.scroller = h(
      'div',
      {
        className: 'vt-scroll',
        role: 'grid',
        'aria-readonly': 'true',
        tabindex: 0,
        'aria-label': `${opts.caption} (arrow keys move between rows${opts.onActivate ? ', Enter opens the row' : ''})`,
      },
      h('div', { className: 'vt-head', role: 'rowgroup' }, this.headRow),
      this.spacer,
    );
    this.root = h('div', { className: 'vt' }, this.scroller);
    this.scroller.addEventListener('scroll', () => this.schedule(), { passive: true });
    new ResizeObserver(() => this.schedule()).observe(this.scroller);
    this.spacer.addEventListener('click', (ev) => {
      const r = this.rowOf(ev.target);
      if (r >= 0) {
        this.setActive(r);
        this.scroller.focus({ preventScroll: true });
      }
    });
    this.spacer.addEventListener('dblclick', (ev) => {
      const r = this.rowOf(ev.target);
      if (r >= 0) this.opts.onActivate?.(r);
    });
    this.scroller.addEventListener('focus', () => {
      if (this.active < 0 && this.count) this.setActive(this.firstVisible());
    });
    this.scroller.addEventListener('keydown', (ev) => this.onKey(ev));
  }

  private stick(cell: HTMLElement, col: number): HTMLElement {
    const left = this.stickyLeft[col];
    if (left !== null && left !== undefined) {
      cell.classList.add('vt-sticky');
      cell.style.left = `${left}px`;
      if (this.stickyLeft[col + 1] === null || this.stickyLeft[col + 1] === undefined) cell.classList.add('vt-sticky-last');
    }
    return cell;
  }

  /** The active row (keyboard cursor), -1 when none. */
  get activeRow(): number {
    return this.active;
  }

  private onKey(ev: KeyboardEvent): void {
    if (ev.target !== this.scroller || !this.count || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const page = Math.max(1, Math.floor((this.scroller.clientHeight - 28) / this.rh) - 1);
    const cur = this.active < 0 ? this.firstVisible() : this.active;
    let next: number;
    switch (ev.key) {
      case 'ArrowDown':
        next = this.active < 0 ? cur : cur + 1;
        break;
      case 'ArrowUp':
        next = cur - 1;
        break;
      case 'PageDown':
        next = cur + page;
        break;
      case 'PageUp':
        next = cur - page;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = this.count - 1;
        break;
      case 'Enter':
        if (this.active >= 0) {
          ev.preventDefault();
          this.opts.onActivate?.(this.active);
        }
        return;
      default:
        return;
    }
    ev.preventDefault();
    this.setActive(Math.max(0, Math.min(this.count - 1, next)));
  }

  private firstVisible(): number {
    return Math.min(this.count - 1, Math.max(0, Math.ceil(this.scroller.scrollTop / this.rh)));
  }

  /** Makes `row` active and scrolls it into view (below the sticky header). */
  setActive(row: number): void {
    this.active = row;
    if (row >= 0) {
      const head = 28;
      const top = row * this.rh,
        view = this.scroller.clientHeight - head;
      if (top < this.scroller.scrollTop) this.scroller.scrollTop = top;
      else if (top + this.rh > this.scroller.scrollTop + view) this.scroller.scrollTop = top + this.rh - view;
    }
    this.render();
  }

  private rowOf(target: EventTarget | null): number {
    const row = (target as HTMLElement | null)?.closest?.('.vt-row') as HTMLElement | null;
    return row?.dataset.row ? Number(row.dataset.row) : -1;
  }

  /** Replaces the rows: `cell(row, col)` gives the text of a cell. */
  setRows(count: number, cell: (row: number, col: number) => string): void {
    this.count = count;
    this.cell = cell;
    this.scroller.setAttribute('aria-rowcount', String(count + 1));
    this.spacer.style.height = `${count * this.rh}px`;
    if (this.scroller.scrollTop > count * this.rh) this.scroller.scrollTop = 0;
    // New rows (filter / sort): the cursor restarts at the first row shown.
    this.active = -1;
    if (count && document.activeElement === this.scroller) this.active = this.firstVisible();
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

  get sort(): { key: string; dir: 1 | -1 } {
    return { key: this.sortKey, dir: this.sortDir };
  }

  scrollToRow(row: number): void {
    this.scroller.scrollTop = row * this.rh;
    this.render();
  }

  private schedule(): void {
    if (this.raf) return;
    this.raf = requestAnimationFrame(() => {
      this.raf = 0;
      this.render();
    });
  }

  private render(): void {
    const viewH = this.scroller.clientHeight || 400;
    const top = this.scroller.scrollTop;
    const first = Math.max(0, Math.floor(top / this.rh) - OVERSCAN);
    const last = Math.min(this.count, Math.ceil((top + viewH) / this.rh) + OVERSCAN);
    const need = Math.max(0, last - first);
    while (this.pool.length < need) {
      const row = h('div', { className: 'vt-row', role: 'row' });
      row.style.gridTemplateColumns = this.grid;
      this.opts.columns.forEach((c, k) =>
        row.appendChild(this.stick(h('div', { className: `vt-cell${c.numeric ? ' num' : ''}`, role: 'gridcell' }), k)),
      );
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
      const on = r === this.active;
      row.classList.toggle('active', on);
      row.id = `${this.idBase}-r${r}`;
      row.setAttribute('aria-selected', String(on));
      row.style.transform = `translateY(${r * this.rh}px)`;
      const cells = row.children;
      for (let c = 0; c < cells.length; c++) cells[c].textContent = displaySafe(this.cell(r, c));
      if (!row.parentNode) this.spacer.appendChild(row);
    }
    if (!this.count) {
      clear(this.spacer);
      this.pool.length = 0;
    }
    if (this.active >= 0 && this.active < this.count) this.scroller.setAttribute('aria-activedescendant', `${this.idBase}-r${this.active}`);
    else this.scroller.removeAttribute('aria-activedescendant');
  }
}
