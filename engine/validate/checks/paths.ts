// Paths: data outside the workspace.
import path from 'node:path';
import type { ResolvedConfigPaths } from '../../config/paths';
import type { JsonPath } from '../document';
import { push, type CheckContext } from './context';

export function checkWorkspace(ctx: CheckContext, paths: ResolvedConfigPaths): void {
  if (!ctx.workspaceRoot) return;
  const root = path.resolve(ctx.workspaceRoot);
  const outside = (p: string) => {
    const r = path.relative(root, p);
    return r.startsWith('..') || path.isAbsolute(r);
  };
  const entries: [JsonPath, string][] = [
    [['data_dir'], paths.dataDir],
    [['prices_file'], paths.prices],
    [['sector_mapping_file'], paths.sectorMapping],
    ...(['weights', 'signals', 'orders', 'positions'] as const)
      .filter((k) => paths.inputs[k])
      .map((k) => [['inputs', k], paths.inputs[k]!] as [JsonPath, string]),
  ];
  for (const [p, abs] of entries) {
    const node = ctx.doc.valueNode(p);
    if (!node || node.type !== 'string' || !outside(abs)) continue;
    push(
      ctx,
      'path-outside-workspace',
      'warning',
      ctx.doc.nodeRange(node),
      `${p.join('.')} resolves to ${abs}, outside the workspace (${root}). Keep data inside the workspace so the config works for others.`,
      p,
      { resolved: abs },
    );
  }
}
