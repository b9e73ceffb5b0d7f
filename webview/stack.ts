// Diverging stacked areas (no DOM, unit-tested in node): at each x, positive values stack
// upward from 0 and negative ones downward, so a part that is a loss never hides under a
// gain. Series k is then the band lo[k]..hi[k]; the top of the positives and the bottom of
// the negatives sum to the total.
import type uPlot from 'uplot';
import { withAlpha, type Palette } from './theme';

export interface Stacks {
  lo: (number | null)[][];
  hi: (number | null)[][];
}

export function divergingStacks(parts: readonly (readonly (number | null)[])[]): Stacks {
  const n = parts[0]?.length ?? 0;
  const lo = parts.map(() => new Array<number | null>(n).fill(null));
  const hi = parts.map(() => new Array<number | null>(n).fill(null));
  for (let i = 0; i < n; i++) {
    let up = 0,
      down = 0;
    for (let k = 0; k < parts.length; k++) {
      const v = parts[k][i];
      if (v === null || !Number.isFinite(v)) continue;
      if (v >= 0) {
        lo[k][i] = up;
        up += v;
        hi[k][i] = up;
      } else {
        hi[k][i] = down;
        down += v;
        lo[k][i] = down;
      }
    }
  }
  return { lo, hi };
}

/** Running sums (null counts as 0, stays null in the output). */
export function cumulative(xs: readonly (number | null)[]): (number | null)[] {
  let s = 0;
  return xs.map((v) => (v === null ? null : (s += v)));
}

/**
 * A uPlot drawAxes hook (drawn under the lines) filling series k between lo[k] and hi[k]
 * in its colour; `colors[k]` as the chart resolved them.
 */
export function fillStacks(stacks: Stacks, x: readonly number[], colors: (k: number) => string, p: Palette): (u: uPlot) => void {
  return (u) => {
    const ctx = u.ctx;
    ctx.save();
    ctx.beginPath();
    ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
    ctx.clip();
    stacks.lo.forEach((lo, k) => {
      const hi = stacks.hi[k];
      if (u.series[k + 1]?.show === false) return;
      // The second round of the palette is paler, so eleven sectors stay apart.
      ctx.fillStyle = withAlpha(colors(k), k < p.series.length ? 0.55 : 0.28);
      // One polygon per run of days with a value on one side of zero: a part that changes
      // sign moves from the positive stack to the negative one, and a polygon joining the
      // two would draw a sliver across the other parts.
      const side = (j: number) => (hi[j] === null ? 0 : hi[j]! > 0 || lo[j]! > 0 ? 1 : hi[j] === lo[j] ? 0 : -1);
      let i = 0;
      while (i < x.length) {
        while (i < x.length && side(i) === 0) i++;
        const start = i,
          sgn = side(i);
        while (i < x.length && side(i) === sgn) i++;
        if (i - start < 1) continue;
        ctx.beginPath();
        for (let j = start; j < i; j++) {
          const X = u.valToPos(x[j], 'x', true),
            Y = u.valToPos(hi[j]!, 'y', true);
          if (j === start) ctx.moveTo(X, Y);
          else ctx.lineTo(X, Y);
        }
        for (let j = i - 1; j >= start; j--) ctx.lineTo(u.valToPos(x[j], 'x', true), u.valToPos(lo[j]!, 'y', true));
        ctx.closePath();
        ctx.fill();
      }
    });
    ctx.restore();
  };
}
