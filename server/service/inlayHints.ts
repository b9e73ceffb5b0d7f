// Inlay hints: the dollar size of each sector target at initial_cash, so 0.15 reads
// as "$1,500,000" next to the number.
import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver-types';
import { numberValue, objectAt } from './configModel';
import { formatMoney } from './dataView';
import { schemaAt } from './schemaInfo';
import type { Snapshot } from './snapshot';

export function inlayHints(snap: Snapshot, range: Range | undefined): InlayHint[] {
  const obj = objectAt(snap.model, 'sector_target_exposures');
  if (!obj?.children) return [];
  const cash = numberValue(snap.model, 'initial_cash', Number(schemaAt(['initial_cash'])?.default ?? 0));
  const from = range ? snap.doc.offsetAt(range.start) : 0;
  const to = range ? snap.doc.offsetAt(range.end) : Number.MAX_SAFE_INTEGER;
  const hints: InlayHint[] = [];
  for (const prop of obj.children) {
    const v = prop.children?.[1];
    if (!v || v.type !== 'number' || typeof v.value !== 'number') continue;
    const end = v.offset + v.length;
    if (end < from || end > to) continue;
    hints.push({
      position: snap.doc.positionAt(end),
      label: `≈ ${formatMoney(v.value * cash)}`,
      kind: InlayHintKind.Type,
      paddingLeft: true,
      tooltip: `${v.value} × initial_cash ${formatMoney(cash)} (targets are fractions of the exposure basis; this is the size at the starting cash)`,
    });
  }
  return hints;
}
