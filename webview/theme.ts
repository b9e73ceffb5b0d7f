// Chart colours come from CSS custom properties (charts.css maps them onto --vscode-*
// theme variables), so the charts follow the editor's theme. Series colours are made opaque
// and readable on the background (./contrast.ts). Watches for theme changes.
import { readableOn } from './contrast';

export interface Palette {
  fg: string;
  muted: string;
  grid: string;
  bg: string;
  series: string[];
  band: string;
}

function cssVar(el: Element, name: string, fallback: string): string {
  const v = getComputedStyle(el).getPropertyValue(name).trim();
  return v || fallback;
}

export function readPalette(): Palette {
  const b = document.body;
  const bg = normalise(cssVar(b, '--chart-bg', '#fff'));
  const fg = readableOn(normalise(cssVar(b, '--chart-fg', '#444')), bg, '#808080');
  const line = (c: string) => readableOn(normalise(c), bg, fg);
  return {
    fg,
    muted: line(cssVar(b, '--chart-muted', '#888')),
    grid: cssVar(b, '--chart-grid', 'rgba(128,128,128,0.25)'),
    bg,
    series: [1, 2, 3, 4, 5, 6].map((i) => line(cssVar(b, `--chart-${i}`, '#888'))),
    band: withAlpha(cssVar(b, '--chart-band', '#808080'), 0.14),
  };
}

/** Any CSS colour as #rrggbb or rgba(...) (a canvas normalises it). */
function normalise(color: string): string {
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return color;
  ctx.fillStyle = '#000000';
  ctx.fillStyle = color;
  return String(ctx.fillStyle);
}

/** `color` (any CSS colour) at opacity `a`; a canvas normalises the colour to #rrggbb. */
export function withAlpha(color: string, a: number): string {
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return color;
  ctx.fillStyle = '#808080';
  ctx.fillStyle = color;
  const v = String(ctx.fillStyle);
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(v);
  return m ? `rgba(${parseInt(m[1], 16)}, ${parseInt(m[2], 16)}, ${parseInt(m[3], 16)}, ${a})` : v;
}

/**
 * Calls `onChange` when VS Code switches theme (it rewrites the <html> style attribute
 * and the body class) or the OS colour scheme changes (static report). Returns a disposer.
 */
export function watchTheme(onChange: () => void): () => void {
  let pending = 0;
  const fire = () => {
    if (pending) return;
    pending = requestAnimationFrame(() => {
      pending = 0;
      onChange();
    });
  };
  const mo = new MutationObserver(fire);
  mo.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  mo.observe(document.body, { attributes: true, attributeFilter: ['style', 'class'] });
  const mq = window.matchMedia('(prefers-color-scheme: dark)');
  mq.addEventListener('change', fire);
  return () => {
    mo.disconnect();
    mq.removeEventListener('change', fire);
  };
}
