// Schema-driven features delegated to vscode-json-languageservice configured with
// schemas/backtest.schema.json: key and enum completion (with docs and snippets),
// formatting, folding, document symbols and selection ranges.
import {
  getLanguageService,
  type LanguageService,
  type JSONSchema,
  type ClientCapabilities,
  type JSONDocument,
} from 'vscode-json-languageservice';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CompletionList,
  DocumentSymbol,
  FoldingRange,
  FormattingOptions,
  Hover,
  Position,
  Range,
  SelectionRange,
  TextEdit,
} from 'vscode-languageserver-types';
import { backtestSchema } from './schemaInfo';

const SCHEMA_URI = 'backtest://schemas/backtest.schema.json';

export class SchemaFeatures {
  private readonly ls: LanguageService;
  /** The last parse, reused while the same document object is at the same version (outline, folding and selection ask together). */
  private last: { doc: TextDocument; version: number; length: number; parsed: JSONDocument } | undefined;

  constructor(clientCapabilities?: ClientCapabilities) {
    this.ls = getLanguageService({
      clientCapabilities: clientCapabilities ?? {
        textDocument: { completion: { completionItem: { documentationFormat: ['markdown', 'plaintext'] } } },
      },
    });
    // Every document this server is given is a config; match them all.
    this.ls.configure({
      validate: true,
      allowComments: true,
      schemas: [{ uri: SCHEMA_URI, fileMatch: ['*'], schema: backtestSchema as JSONSchema }],
    });
  }

  /** The JSON language service sees the config as JSONC (comments and trailing commas allowed). */
  private parse(doc: TextDocument) {
    const l = this.last;
    if (l && l.doc === doc && l.version === doc.version && l.length === doc.getText().length) return l.parsed;
    const parsed = this.ls.parseJSONDocument(doc);
    this.last = { doc, version: doc.version, length: doc.getText().length, parsed };
    return parsed;
  }

  async complete(doc: TextDocument, position: Position): Promise<CompletionList> {
    return (await this.ls.doComplete(doc, position, this.parse(doc))) ?? { isIncomplete: false, items: [] };
  }

  async hover(doc: TextDocument, position: Position): Promise<Hover | null> {
    return this.ls.doHover(doc, position, this.parse(doc));
  }

  format(doc: TextDocument, range: Range | undefined, options: FormattingOptions): TextEdit[] {
    return this.ls.format(doc, range, options);
  }

  /** At most `limit` ranges; `onCut` is called when there were more. */
  folding(doc: TextDocument, limit?: number, onCut?: () => void): FoldingRange[] {
    return this.ls.getFoldingRanges(doc, { rangeLimit: limit, onRangeLimitExceeded: onCut });
  }

  /** At most `limit` symbols (breadth first: the top-level keys come first); `onCut` when there were more. */
  symbols(doc: TextDocument, limit?: number, onCut?: () => void): DocumentSymbol[] {
    return this.ls.findDocumentSymbols2(doc, this.parse(doc), { resultLimit: limit, onResultLimitExceeded: onCut });
  }

  selectionRanges(doc: TextDocument, positions: Position[]): SelectionRange[] {
    return this.ls.getSelectionRanges(doc, positions, this.parse(doc));
  }
}
