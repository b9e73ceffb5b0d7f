// Diagnostics of a .sweep.jsonc: the sweep's own checks (schema, unknown axis keys with
// the nearest valid key, zip lengths, the base config) and then each axis value checked
// the way `backtest sweep` checks a variant: the base with that value set, through THE
// validation module, against the data (a sector that is not in the mapping, a value out
// of the key's range, an ETF without prices).
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DIAGNOSTIC_SOURCE } from '../../common/protocol';
import { applyPoint, describePoint } from '../../engine/sweep';
import { configSyntaxProblems } from '../../engine/config';
import { validateConfigText } from '../../engine/validate';
import type { DataAccess } from './dataAccess';
import type { DiagnosticsByFile } from './diagnostics';
import { axisNodes, parseSweepModel } from './sweepModel';

/** Values checked per file (each is one validation of the base config). */
const MAX_CHECKED_VALUES = 200;

function diag(
  range: Diagnostic['range'],
  message: string,
  code: string,
  severity: DiagnosticSeverity = DiagnosticSeverity.Error,
  data?: Record<string, unknown>,
): Diagnostic {
  return { range, message, code, severity, source: DIAGNOSTIC_SOURCE, ...(data ? { data } : {}) };
}

export async function sweepDiagnostics(doc: TextDocument, data: DataAccess): Promise<DiagnosticsByFile> {
  const m = parseSweepModel(doc);
  const out: Diagnostic[] = [];
  for (const p of configSyntaxProblems(m.doc.text, m.doc.syntaxErrors, m.doc.root).slice(0, m.doc.syntaxErrors.length ? 20 : 0)) {
    out.push(diag(m.doc.rangeAt(p.offset, 1), p.message, 'syntax-error'));
  }
  for (const { issue, range } of m.issues) {
    const near = /Did you mean "(.*)"\?/.exec(issue.message)?.[1];
    out.push(
      diag(
        range,
        issue.message,
        issue.code ?? 'invalid-value',
        DiagnosticSeverity.Error,
        near ? { replacement: near, path: issue.path } : { path: issue.path },
      ),
    );
  }
  const spec = m.spec;
  if (spec) {
    const baseRange = m.doc.valueRangeOrAncestor(['base']);
    // The base alone: its own errors are every variant's errors; say so once, at "base".
    const baseErrors = (await validateConfigText(JSON.stringify(spec.base, null, 2), spec.basePath, data)).filter(
      (d) => d.severity === 'error',
    );
    const axisTouches = (p: string | undefined) =>
      spec.axes.some((a) => p === a.key || p?.startsWith(`${a.key}.`) || a.key.startsWith(`${p}.`));
    const own = baseErrors.filter((d) => !axisTouches(d.path));
    if (own.length) {
      out.push(
        diag(
          baseRange,
          `The base config has ${own.length} error${own.length === 1 ? '' : 's'}, so every variant would: ${own
            .slice(0, 3)
            .map((d) => `${d.path ? `${d.path}: ` : ''}${d.message}`)
            .join('; ')}`,
          'base-invalid',
        ),
      );
    }
    let checked = 0;
    for (const axis of spec.axes) {
      const nodes = axisNodes(m, axis.key);
      const seen = new Set<string>();
      for (let i = 0; i < axis.values.length && checked < MAX_CHECKED_VALUES; i++, checked++) {
        const point = { [axis.key]: axis.values[i] };
        const text = JSON.stringify(applyPoint(spec.base, [axis], point), null, 2);
        const errs = (await validateConfigText(text, spec.basePath, data)).filter(
          (d) => d.severity === 'error' && (d.path === axis.key || d.path?.startsWith(`${axis.key}.`) || axis.key.startsWith(`${d.path}.`)),
        );
        for (const e of errs) {
          // A wrong sector in the key itself is the key's problem, once; a bad value is that value's.
          const onKey = e.code === 'unknown-sector' || e.code === 'unknown-group';
          const where = onKey ? nodes.key : (nodes.values[i] ?? nodes.key);
          const msg = onKey ? e.message : `${describePoint(point)}: ${e.message}`;
          if (!where || seen.has(`${onKey}\u0000${msg}`)) continue;
          seen.add(`${onKey}\u0000${msg}`);
          out.push(diag(where, msg, e.code, DiagnosticSeverity.Error, { ...(e.data ?? {}), path: e.path }));
        }
      }
    }
  }
  return new Map([[m.file, out]]);
}
