// Warnings from the run, grouped by kind (unhedged sectors, late-listing ETFs, carried
// prices, ...); a sector warning links to its key in the config when running in VS Code.
import type { RunWarning } from '../../engine/types';
import { h } from '../dom';
import { fmtInt } from '../../common/format';
import type { View, ViewContext } from './context';

const TITLES: Record<string, string> = {
  'unhedged-sector': 'Unhedged sectors',
  'late-listing-etf': 'Late-listing ETFs',
  'missing-etf-price': 'Missing ETF prices',
  'carried-price': 'Carried prices',
  'look-ahead': 'Look-ahead',
  'short-beta-history': 'Short beta history',
};

export function titleForCode(code: string): string {
  return TITLES[code] ?? code.replace(/[-_]+/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

export function warningsView(ctx: ViewContext): View {
  const d = ctx.data;
  const root = h('div', { className: 'view warnings' });
  if (!d.warnings.length) {
    root.appendChild(h('p', { className: 'empty', text: 'No warnings: every sector was hedged and every price was present.' }));
    return { root };
  }
  const groups = new Map<string, RunWarning[]>();
  for (const w of d.warnings) groups.set(w.code, [...(groups.get(w.code) ?? []), w]);
  const configPath = d.meta.configPath;
  for (const [code, ws] of groups) {
    const list = h('ul', { className: 'warning-list' });
    for (const w of ws) {
      const details = [
        w.ticker && `ticker ${w.ticker}`,
        w.sector && `sector ${w.sector}`,
        w.date && `from ${w.date}`,
        w.count !== undefined && `${fmtInt(w.count)} day${w.count === 1 ? '' : 's'}`,
      ]
        .filter(Boolean)
        .join(' · ');
      const li = h(
        'li',
        { className: 'warning-item', 'data-code': code },
        h('span', { className: 'warning-message', text: w.message }),
        details ? h('span', { className: 'muted small warning-details', text: details }) : null,
      );
      if (configPath && ctx.host.kind === 'vscode' && w.sector) {
        const jsonPath =
          code === 'unhedged-sector' || code === 'late-listing-etf' || code === 'missing-etf-price'
            ? `sector_etf_mapping`
            : `sector_target_exposures.${w.sector}`;
        li.appendChild(
          h('button', {
            type: 'button',
            className: 'link small',
            text: 'Show in config',
            onclick: () => ctx.host.post({ type: 'openConfigLine', configPath, jsonPath }),
          }),
        );
      }
      list.appendChild(li);
    }
    root.appendChild(
      h(
        'section',
        { className: 'warning-group', 'aria-label': titleForCode(code) },
        h('h3', null, titleForCode(code), ' ', h('span', { className: 'badge', text: String(ws.length) })),
        list,
      ),
    );
  }
  return { root };
}
