// The sweep view's walk-forward section: out-of-sample against in-sample-best metrics, the
// stitched out-of-sample equity as an SVG line, and the windows with their chosen variant.
// Text only through textContent.
import { h } from '../dom';
import { fmt, valueText, type SweepViewData } from './data';

export function walkForwardSection(data: SweepViewData): HTMLElement {
  const wf = data.walk_forward!;
  const box = h(
    'section',
    { className: 'wf-section', 'aria-label': 'Walk-forward' },
    h('h2', null, `Walk-forward (chosen by ${wf.select_by})`),
  );
  const keys = ['total_return', 'cagr', 'annual_volatility', 'sharpe_ratio', 'sortino_ratio', 'max_drawdown', 'calmar_ratio'];
  const t = h('table', { className: 'grid oos' });
  t.append(
    h(
      'thead',
      null,
      h('tr', null, h('th', null, 'metric'), h('th', { scope: 'col' }, 'out-of-sample'), h('th', { scope: 'col' }, 'in-sample best')),
    ),
  );
  const body = h('tbody');
  for (const k of keys)
    body.append(
      h(
        'tr',
        null,
        h('th', { scope: 'row' }, k),
        h('td', { className: 'num' }, fmt(k, wf.out_of_sample[k])),
        h('td', { className: 'num' }, fmt(k, wf.in_sample_best?.metrics[k])),
      ),
    );
  t.append(body);
  box.append(t, equityChart(wf.equity, wf.windows));
  const w = h('table', { className: 'grid windows' });
  w.append(
    h(
      'thead',
      null,
      h('tr', null, ...['window', 'train', 'test', 'chosen', 'train score', 'test score'].map((x) => h('th', { scope: 'col' }, x))),
    ),
  );
  const wb = h('tbody');
  for (const x of wf.windows) {
    wb.append(
      h(
        'tr',
        null,
        h('td', { className: 'num' }, x.index),
        h('td', null, `${x.trainStart} – ${x.trainEnd}`),
        h('td', null, `${x.testStart} – ${x.testEnd}`),
        h(
          'td',
          null,
          `${x.variant_id.slice(0, 8)} (${Object.entries(x.axes)
            .map(([k, v]) => `${k}=${valueText(v)}`)
            .join(', ')})`,
        ),
        h('td', { className: 'num' }, fmt(wf.select_by.replace(/^-/, ''), x.train_score)),
        h('td', { className: 'num' }, fmt(wf.select_by.replace(/^-/, ''), x.test_score)),
      ),
    );
  }
  w.append(wb);
  box.append(w);
  return box;
}

/** The stitched out-of-sample equity as an SVG line, window boundaries marked. */
function equityChart(eq: { date: string; equity: number; window: number }[], windows: { index: number; testStart: string }[]): Element {
  const W = 720,
    H = 200,
    pad = 36;
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('class', 'equity');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `Stitched out-of-sample equity, ${eq.length} days`);
  if (eq.length < 2) return svg;
  const lo = Math.min(...eq.map((e) => e.equity)),
    hi = Math.max(...eq.map((e) => e.equity));
  const x = (i: number) => pad + (i / (eq.length - 1)) * (W - 2 * pad);
  const y = (v: number) => H - pad + ((lo - v) / (hi - lo || 1)) * (H - 2 * pad);
  const el = (tag: string, attrs: Record<string, string | number>, text?: string) => {
    const e = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text) e.textContent = text;
    svg.appendChild(e);
    return e;
  };
  for (const w of windows) {
    const i = eq.findIndex((e) => e.date === w.testStart);
    if (i > 0) el('line', { x1: x(i), x2: x(i), y1: pad / 2, y2: H - pad, class: 'boundary' });
  }
  el('polyline', { points: eq.map((e, i) => `${x(i).toFixed(1)},${y(e.equity).toFixed(1)}`).join(' '), class: 'line' });
  el('text', { x: pad, y: H - 8, class: 'tick' }, eq[0].date);
  el('text', { x: W - pad, y: H - 8, class: 'tick end' }, eq[eq.length - 1].date);
  el('text', { x: 4, y: y(hi) + 4, class: 'tick' }, Math.round(hi).toLocaleString('en-US'));
  el('text', { x: 4, y: y(lo), class: 'tick' }, Math.round(lo).toLocaleString('en-US'));
  return svg;
}
