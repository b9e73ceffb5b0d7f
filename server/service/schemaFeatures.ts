// Schema-driven features delegated to vscode-json-languageservice configured with
// schemas/backtest.schema.json: key and enum completion (with docs and snippets),
// formatting, folding, document symbols and selection ranges.
import {
  getLanguageService, type LanguageService, type JSONSchema, type ClientCapabilities,
} from 'vscode-json-languageservice';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CompletionList, DocumentSymbol, FoldingRange, FormattingOptions, Hover, Position, Range, SelectionRange, TextEdit,
} from 'vscode-languageserver-types';
import { backtestSchema } from './schemaInfo';

const SCHEMA_URI = 'backtest://schemas/backtest.schema.json';

export class SchemaFeatures {
  private readonly ls: LanguageService;

  constructor(clientCapabilities?: ClientCapabilities) {
    this.ls = getLanguageService({
      clientCapabilities: clientCapabilities ?? { textDocument: { completion: { completionItem: { documentationFormat: ['markdown', 'plaintext'] } } } },
    });
    // Every document this server is given is a config; match them all.
    this.ls.configure({ validate: true, allowComments: true, schemas: [{ uri: SCHEMA_URI, fileMatch: ['*'], schema: backtestSchema as JSONSchema }] });
  }

  /** The JSON language service sees the config as JSONC (comments and trailing commas allowed). */
  private parse(doc: TextDocument) {
    return this.ls.parseJSONDocument(doc);
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

  folding(doc: TextDocument): FoldingRange[] {
    return this.ls.getFoldingRanges(doc);
  }

  symbols(doc: TextDocument): DocumentSymbol[] {
    return this.ls.findDocumentSymbols2(doc, this.parse(doc));
  }

  selectionRanges(doc: TextDocument, positions: Position[]): SelectionRange[] {
    return this.ls.getSelectionRanges(doc, positions, this.parse(doc));
  }
}
