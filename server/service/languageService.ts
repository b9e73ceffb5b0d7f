// The pure language service: document text + data providers in, LSP-shaped results
// out. No connection here; server/host wires it to a client.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CodeAction,
  CodeLens,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  FoldingRange,
  FormattingOptions,
  Hover,
  InlayHint,
  LocationLink,
  Position,
  Range,
  SelectionRange,
  TextEdit,
} from 'vscode-languageserver-types';
import type { ClientCapabilities } from 'vscode-json-languageservice';
import type { DataAccess } from './dataAccess';
import { takeSnapshot, type ServiceEnv } from './snapshot';
import { diagnose, type DiagnosticsByFile } from './diagnostics';
import { dataCompletions } from './completion';
import { hover } from './hover';
import { definition } from './definition';
import { inlayHints } from './inlayHints';
import { codeLenses } from './codeLens';
import { codeActions } from './codeActions';
import { SchemaFeatures } from './schemaFeatures';
import { nestingTooDeepAt } from '../../engine/validate';
import { isSweepUri } from './sweepModel';
import { sweepDiagnostics } from './sweepDiagnostics';
import { sweepCompletion } from './sweepCompletion';
import { sweepHover } from './sweepHover';
import { sweepCodeLenses } from './sweepCodeLens';

export type { ServiceEnv } from './snapshot';

/**
 * Most document symbols and folding ranges one request computes (VS Code's JSON default,
 * `json.maxItemsComputed`): a config with 30,000 inline signal dates would otherwise send
 * an outline of a million entries. `onLimit` is told when a result was cut.
 */
export const RESULT_LIMIT = 5000;
/** Told the message to show when a result was cut (undefined: not cut). */
export type LimitNote = (message: string | undefined) => void;
export type { DiagnosticsByFile } from './diagnostics';

export class BacktestLanguageService {
  private readonly schema: SchemaFeatures;

  constructor(
    private readonly env: ServiceEnv,
    clientCapabilities?: ClientCapabilities,
  ) {
    this.schema = new SchemaFeatures(clientCapabilities);
  }

  /** Diagnostics by file; pass a tracking DataAccess to learn the document's data dependencies. */
  diagnostics(doc: TextDocument, data: DataAccess = this.env.data): Promise<DiagnosticsByFile> {
    if (isSweepUri(doc.uri)) return sweepDiagnostics(doc, data);
    return diagnose(doc, data, this.env.workspaceFolders?.() ?? []);
  }

  async completion(doc: TextDocument, position: Position): Promise<CompletionList> {
    if (absurd(doc)) return { isIncomplete: false, items: [] };
    if (isSweepUri(doc.uri)) return sweepCompletion(doc, position, this.env.data);
    const custom = dataCompletions(takeSnapshot(doc, this.env), position);
    return custom ?? this.schema.complete(doc, position);
  }

  async hover(doc: TextDocument, position: Position): Promise<Hover | null> {
    if (absurd(doc)) return null;
    if (isSweepUri(doc.uri)) return sweepHover(doc, position);
    return hover(takeSnapshot(doc, this.env), position) ?? this.schema.hover(doc, position);
  }

  definition(doc: TextDocument, position: Position): LocationLink[] {
    if (absurd(doc) || isSweepUri(doc.uri)) return [];
    return definition(takeSnapshot(doc, this.env), position);
  }

  codeActions(doc: TextDocument, range: Range, diagnostics: Diagnostic[]): CodeAction[] {
    if (absurd(doc) || isSweepUri(doc.uri)) return [];
    return codeActions(takeSnapshot(doc, this.env), range, diagnostics);
  }

  inlayHints(doc: TextDocument, range?: Range): InlayHint[] {
    if (absurd(doc) || isSweepUri(doc.uri)) return [];
    return inlayHints(takeSnapshot(doc, this.env), range);
  }

  codeLenses(doc: TextDocument): CodeLens[] {
    if (absurd(doc)) return [];
    if (isSweepUri(doc.uri)) return sweepCodeLenses(doc);
    return codeLenses(takeSnapshot(doc, this.env));
  }

  format(doc: TextDocument, range: Range | undefined, options: FormattingOptions): TextEdit[] {
    if (absurd(doc)) return [];
    return this.schema.format(doc, range, options);
  }

  folding(doc: TextDocument, onLimit?: LimitNote, limit = RESULT_LIMIT): FoldingRange[] {
    if (absurd(doc)) return [];
    let cut = false;
    const r = this.schema.folding(doc, limit, () => {
      cut = true;
    });
    onLimit?.(
      cut
        ? `Folding limited to ${limit} ranges: this document has more (large inline data). Move inputs.* data into a file to fold all of it.`
        : undefined,
    );
    return r;
  }

  symbols(doc: TextDocument, onLimit?: LimitNote, limit = RESULT_LIMIT): DocumentSymbol[] {
    if (absurd(doc)) return [];
    let cut = false;
    const r = this.schema.symbols(doc, limit, () => {
      cut = true;
    });
    onLimit?.(
      cut
        ? `Outline limited to ${limit} symbols: this document has more (large inline data). Move inputs.* data into a file for a complete outline.`
        : undefined,
    );
    return r;
  }

  selectionRanges(doc: TextDocument, positions: Position[]): SelectionRange[] {
    return absurd(doc) ? [] : this.schema.selectionRanges(doc, positions);
  }
}

/**
 * Nesting beyond any real config (diagnostics report it as a syntax error): the JSON
 * parsers recurse and would overflow the stack, so features answer empty instead.
 */
function absurd(doc: TextDocument): boolean {
  return nestingTooDeepAt(doc.getText()) >= 0;
}
