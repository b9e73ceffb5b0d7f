// Line charts on uPlot (canvas, no eval, CSP-safe). A chart keeps its spec so it can be
// rebuilt with new colours on a theme change and resized with its container.
import uPlot from 'uplot';
import './charts.css';
import { displaySafe } from '../engine/text/safeText';
import { h } from './dom';
import { fmtCompact, tsToDate } from '../common/format';
import { readPalette, withAlpha, type Palette } from './theme';
import { fillStacks } from './stack';
import { timeTicks } from './timeAxis';

export interface SeriesSpec {
  label: string;
  /** Index into the palette's series colours, 'muted', or 'fg' (the text colour). */
  color: number | 'muted' | 'fg';
  width?: number;
  dash?: number[];
  show?: boolean;
}

export interface ChartSpec {
  title: string;
  /** Unix seconds. */
  x: number[];
  ys: (number | null)[][];
  series: SeriesSpec[];
  /** Shade between two series (indices into `series`). */
  band?: [number, number];
  yFormat?: (v: number) => string;
  height?: number;
  /** Draw a horizontal zero line. */
  zeroLine?: boolean;
  /**
   * Series (indices into `series`) that set the y-range; the others are drawn clipped.
   * The equity chart uses it so a rebased benchmark that doubles does not flatten the book.
   */
  rangeFrom?: number[];
  /** Fill under the first series down to zero (the underwater chart). */
  fillFirst?: boolean;
  /**
   * Stacked areas (./stack.ts): series k is filled between stack.lo[k] and stack.hi[k]
   * (ys[k] is hi[k], its edge) and its legend shows stack.values[k]; series past the
   * stack (a total line) are plain lines.
   */
  stack?: { lo: (number | null)[][]; hi: (number | null)[][]; values: (number | null)[][] };
}

export class LineChart {
  private plot: uPlot | null = null;
  private readonly ro: ResizeObserver;
  readonly root: HTMLElement;

  constructor(private spec: ChartSpec) {
    this.root = h('figure', { className: 'chart', 'aria-label': spec.title });
    this.ro = new ResizeObserver(() => this.resize());
    this.ro.observe(this.root);
  }

  /** Builds the plot once the root is attached (uPlot needs a width). */
  mount(): void {
    if (!this.plot) this.rebuild();
  }

  setSpec(spec: ChartSpec): void {
    this.spec = spec;
    this.rebuild();
  }

  rebuild(): void {
    this.plot?.destroy();
    this.plot = null;
    const width = this.root.clientWidth;
    if (!width) return;
    const p = readPalette();
    this.plot = new uPlot(this.options(p, width), [this.spec.x, ...this.spec.ys] as uPlot.AlignedData, this.root);
    this.root.dataset.series = JSON.stringify(this.spec.series.map((s) => s.label));
    // The resolved (opaque, contrast-checked) colours, so tests can check what is drawn.
    this.root.dataset.colors = JSON.stringify(
      this.spec.series.map((s) => (s.color === 'muted' ? p.muted : s.color === 'fg' ? p.fg : p.series[s.color % p.series.length])),
    );
    this.root.dataset.bg = p.bg;
  }

  get uplot(): uPlot | null {
    return this.plot;
  }

  private resize(): void {
    const w = this.root.clientWidth;
    if (!w) return;
    if (!this.plot) {
      this.rebuild();
      return;
    }
    if (Math.abs(this.plot.width - w) > 1) this.plot.setSize({ width: w, height: this.spec.height ?? 280 });
  }

  /** y-range of the given series over the visible x-range, with 5 % padding. */
  private rangeOf(u: uPlot, which: number[]): uPlot.Range.MinMax {
    const xs = this.spec.x;
    const lo = u.scales.x?.min ?? -Infinity,
      hi = u.scales.x?.max ?? Infinity;
    let min = Infinity,
      max = -Infinity;
    for (const k of which) {
      const ys = this.spec.ys[k];
      if (!ys || u.series[k + 1]?.show === false) continue;
      for (let i = 0; i < xs.length; i++) {
        const v = ys[i];
        if (v === null || xs[i] < lo || xs[i] > hi || !Number.isFinite(v)) continue;
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
    if (!Number.isFinite(min)) return [0, 1];
    const pad = (max - min) * 0.05 || Math.abs(max) * 0.05 || 1;
    this.root.dataset.yRange = JSON.stringify([min - pad, max + pad]);
    return [min - pad, max + pad];
  }

  destroy(): void {
    this.ro.disconnect();
    this.plot?.destroy();
    this.plot = null;
  }

  private options(p: Palette, width: number): uPlot.Options {
    const s = this.spec;
    const color = (c: number | 'muted' | 'fg') => (c === 'muted' ? p.muted : c === 'fg' ? p.fg : p.series[c % p.series.length]);
    const yFmt = s.yFormat ?? fmtCompact;
    const axis = (extra: Partial<uPlot.Axis>): uPlot.Axis => ({
      stroke: p.fg,
      grid: { stroke: p.grid, width: 1 },
      ticks: { stroke: p.grid, width: 1 },
      font: '11px system-ui, sans-serif',
      ...extra,
    });
    // Date ticks: calendar-aligned, each label once, ~90 CSS px apart; the labels are also
    // kept on the figure (data-x-ticks) so what the axis shows can be checked.
    let ticks: { splits: number[]; labels: string[] } = { splits: [], labels: [] };
    const xSplits = (u: uPlot, _i: number, min: number, max: number): number[] => {
      ticks = timeTicks(min, max, Math.max(2, (u.width - 80) / 90));
      this.root.dataset.xTicks = JSON.stringify(ticks.labels);
      return ticks.splits;
    };
    const xValues = (_u: uPlot, splits: number[]): string[] =>
      splits.length === ticks.splits.length && splits.every((v, k) => v === ticks.splits[k])
        ? ticks.labels
        : splits.map((v) => tsToDate(v));
    const opts: uPlot.Options = {
      title: s.title,
      width,
      height: s.height ?? 280,
      pxAlign: 0,
      cursor: { drag: { x: true, y: false }, focus: { prox: 16 } },
      focus: { alpha: 0.35 },
      legend: { live: true },
      scales: { x: { time: true }, ...(s.rangeFrom ? { y: { range: (u: uPlot) => this.rangeOf(u, s.rangeFrom!) } } : {}) },
      series: [
        { label: 'Date', value: (_u, v) => (v == null ? '–' : tsToDate(v)) },
        ...s.series.map((ss): uPlot.Series => ({
          label: displaySafe(ss.label),
          stroke: color(ss.color),
          ...(s.fillFirst && ss === s.series[0] ? { fill: withAlpha(color(ss.color), 0.25) } : {}),
          width: ss.width ?? 1.5,
          dash: ss.dash,
          show: ss.show ?? true,
          // A stacked series is its filled band (drawn by the stack hook), not a line.
          ...(s.stack && s.series.indexOf(ss) < s.stack.lo.length ? { paths: () => null } : {}),
          spanGaps: false,
          points: { show: false },
          value: (_u, v, si, idx) => {
            const own = s.stack?.values[si - 1];
            const w = own && idx != null ? own[idx] : v;
            return w == null ? '–' : yFmt(w);
          },
        })),
      ],
      axes: [axis({ splits: xSplits, values: xValues }), axis({ size: 60, values: (_u, splits) => splits.map((v) => yFmt(v)) })],
    };
    // The band is filled before the series are drawn (uPlot's own bands paint over earlier
    // lines, which dims the post-hedge line that lives inside the band).
    if (s.band) {
      const [hi, lo] = s.band;
      opts.hooks = {
        drawAxes: [
          (u) => {
            const ctx = u.ctx,
              xs = s.x,
              a = s.ys[hi],
              b = s.ys[lo];
            ctx.save();
            ctx.beginPath();
            ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
            ctx.clip();
            ctx.fillStyle = p.band;
            ctx.beginPath();
            let started = false;
            for (let i = 0; i < xs.length; i++) {
              const v = a[i];
              if (v === null) continue;
              const X = u.valToPos(xs[i], 'x', true),
                Y = u.valToPos(v, 'y', true);
              if (started) ctx.lineTo(X, Y);
              else {
                ctx.moveTo(X, Y);
                started = true;
              }
            }
            for (let i = xs.length - 1; i >= 0; i--) {
              const v = b[i];
              if (v === null) continue;
              ctx.lineTo(u.valToPos(xs[i], 'x', true), u.valToPos(v, 'y', true));
            }
            ctx.closePath();
            ctx.fill();
            ctx.restore();
          },
        ],
      };
    }
    if (s.stack) opts.hooks = { ...opts.hooks, drawAxes: [fillStacks(s.stack, s.x, (k) => color(s.series[k].color), p)] };
    if (s.zeroLine) {
      opts.hooks = {
        ...opts.hooks,
        draw: [
          (u) => {
            const y = u.valToPos(0, 'y', true);
            if (y < u.bbox.top || y > u.bbox.top + u.bbox.height) return;
            const ctx = u.ctx;
            ctx.save();
            ctx.strokeStyle = p.muted;
            ctx.lineWidth = 1;
            ctx.setLineDash([4, 4]);
            ctx.beginPath();
            ctx.moveTo(u.bbox.left, y);
            ctx.lineTo(u.bbox.left + u.bbox.width, y);
            ctx.stroke();
            ctx.restore();
          },
        ],
      };
    }
    return opts;
  }
}
