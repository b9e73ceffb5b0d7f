// Line charts on uPlot (canvas, no eval, CSP-safe). A chart keeps its spec so it can be
// rebuilt with new colours on a theme change and resized with its container.
import uPlot from 'uplot';
import { h } from './dom';
import { fmtCompact, tsToDate } from '../common/format';
import { readPalette, type Palette } from './theme';
import { timeTicks } from './timeAxis';

export interface SeriesSpec {
  label: string;
  /** Index into the palette's series colours, or 'muted'. */
  color: number | 'muted';
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
  mount(): void { if (!this.plot) this.rebuild(); }

  setSpec(spec: ChartSpec): void { this.spec = spec; this.rebuild(); }

  rebuild(): void {
    this.plot?.destroy();
    this.plot = null;
    const width = this.root.clientWidth;
    if (!width) return;
    const p = readPalette();
    this.plot = new uPlot(this.options(p, width), [this.spec.x, ...this.spec.ys] as uPlot.AlignedData, this.root);
    this.root.dataset.series = JSON.stringify(this.spec.series.map((s) => s.label));
  }

  get uplot(): uPlot | null { return this.plot; }

  private resize(): void {
    const w = this.root.clientWidth;
    if (!w) return;
    if (!this.plot) { this.rebuild(); return; }
    if (Math.abs(this.plot.width - w) > 1) this.plot.setSize({ width: w, height: this.spec.height ?? 280 });
  }

  destroy(): void { this.ro.disconnect(); this.plot?.destroy(); this.plot = null; }

  private options(p: Palette, width: number): uPlot.Options {
    const s = this.spec;
    const color = (c: number | 'muted') => (c === 'muted' ? p.muted : p.series[c % p.series.length]);
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
      splits.length === ticks.splits.length && splits.every((v, k) => v === ticks.splits[k]) ? ticks.labels : splits.map((v) => tsToDate(v));
    const opts: uPlot.Options = {
      title: s.title,
      width,
      height: s.height ?? 280,
      pxAlign: 0,
      cursor: { drag: { x: true, y: false }, focus: { prox: 16 } },
      focus: { alpha: 0.35 },
      legend: { live: true },
      scales: { x: { time: true } },
      series: [
        { label: 'Date', value: (_u, v) => (v == null ? '–' : tsToDate(v)) },
        ...s.series.map((ss): uPlot.Series => ({
          label: ss.label,
          stroke: color(ss.color),
          width: ss.width ?? 1.5,
          dash: ss.dash,
          show: ss.show ?? true,
          spanGaps: false,
          points: { show: false },
          value: (_u, v) => (v == null ? '–' : yFmt(v)),
        })),
      ],
      axes: [
        axis({ splits: xSplits, values: xValues }),
        axis({ size: 60, values: (_u, splits) => splits.map((v) => yFmt(v)) }),
      ],
    };
    if (s.band) opts.bands = [{ series: [s.band[0] + 1, s.band[1] + 1], fill: p.band }];
    if (s.zeroLine) {
      opts.hooks = {
        draw: [(u) => {
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
        }],
      };
    }
    return opts;
  }
}
