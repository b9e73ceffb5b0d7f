// What the extension keeps of a finished run for the results panel, Show Last Results, the
// panel serializer and Export: the compact encoding (common/compact.ts) the worker posts.
// It is forwarded to the panel as is and decoded (losslessly) only when exporting, so the
// extension host never builds or clones one object per trade. Pure: no vscode import.
import type { CompareJson, ResultsJson } from '../engine/types';
import { COMPACT_FORMAT, decodeResults, encodeReportData, type CompactCompare, type CompactResults } from '../common/compact';
import type { HostToPanelMessage } from '../common/panelProtocol';

export type PanelData = { kind: 'run'; data: CompactResults } | { kind: 'compare'; data: CompactCompare };

/** The plain form, for export. */
export type DecodedPanelData = { kind: 'run'; data: ResultsJson } | { kind: 'compare'; data: CompareJson };

export function decodePanelData(p: PanelData): DecodedPanelData {
  return p.kind === 'run'
    ? { kind: 'run', data: decodeResults(p.data) }
    : {
        kind: 'compare',
        data: {
          schemaVersion: p.data.schemaVersion,
          runs: p.data.runs.map((r) => ({ label: r.label, results: decodeResults(r.results) })),
          ...(p.data.configured ? { configured: p.data.configured } : {}),
        },
      };
}

/**
 * Stored panel data read back from disk: compact as written now, or the plain results an
 * earlier version stored (encoded here). Anything else is undefined (treated as nothing stored).
 */
export function toPanelData(x: unknown): PanelData | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const { kind, data } = x as { kind?: unknown; data?: unknown };
  if ((kind !== 'run' && kind !== 'compare') || typeof data !== 'object' || data === null) return undefined;
  const compact = (data as { format?: unknown }).format === COMPACT_FORMAT ? data : encodeReportData(data as ResultsJson | CompareJson);
  const isCompare = Array.isArray((compact as { runs?: unknown }).runs);
  if (isCompare !== (kind === 'compare')) return undefined;
  return kind === 'run' ? { kind, data: compact as CompactResults } : { kind, data: compact as CompactCompare };
}

/** The message that shows it in the panel. */
export function panelMessage(p: PanelData): HostToPanelMessage {
  return p.kind === 'run' ? { type: 'results', encoding: 'compact', data: p.data } : { type: 'compare', encoding: 'compact', data: p.data };
}

/** Run name (or the first compared run's), for titles and file names. */
export function panelDataName(p: PanelData): string | undefined {
  return p.kind === 'run' ? p.data.rest.meta.name : p.data.runs[0]?.results.rest.meta.name;
}

/**
 * The config files the shown results came from: the only files a panel message may ask the
 * host to open or re-run (the webview is not trusted to name arbitrary paths).
 */
export function panelConfigPaths(p: PanelData): string[] {
  const metas = p.kind === 'run' ? [p.data.rest.meta] : p.data.runs.map((r) => r.results.rest.meta);
  return metas.map((m) => m.configPath).filter((c): c is string => typeof c === 'string');
}
