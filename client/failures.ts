// A failed run points at the line that caused it: the file opens at that line, the line
// gets a diagnostic (source `backtest run`) until the file changes or the next run, and an
// error message names file:line:col and the fix.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunFailure } from '../common/workerProtocol';

export class FailureReporter implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('backtest-run');
  private readonly listener = vscode.workspace.onDidChangeTextDocument((e) => {
    if (this.diagnostics.has(e.document.uri) && e.contentChanges.length) this.diagnostics.delete(e.document.uri);
  });

  constructor(private readonly output: vscode.LogOutputChannel) {}

  clear(): void {
    this.diagnostics.clear();
  }

  /** Diagnostics currently shown for failed runs (for tests and the walkthrough). */
  get(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.diagnostics.get(uri) ?? [];
  }

  async report(configPath: string, failure: RunFailure): Promise<void> {
    const file = failure.file ?? configPath;
    const where = failure.line !== undefined ? `${path.basename(file)}:${failure.line}:${failure.column ?? 1}` : path.basename(file);
    const text = `Backtest failed (${where}): ${failure.message}${failure.fix && !failure.message.includes(failure.fix) ? ` Fix: ${failure.fix}` : ''}`;
    this.output.error(text);
    if (failure.line !== undefined) {
      const uri = vscode.Uri.file(file);
      try {
        const doc = await vscode.workspace.openTextDocument(uri);
        const line = Math.min(Math.max(failure.line - 1, 0), doc.lineCount - 1);
        const lineText = doc.lineAt(line);
        const col = Math.min(Math.max((failure.column ?? 1) - 1, lineText.firstNonWhitespaceCharacterIndex), lineText.range.end.character);
        const range = new vscode.Range(line, col, line, Math.max(lineText.range.end.character, col));
        const diag = new vscode.Diagnostic(
          range,
          failure.fix ? `${failure.message}\nFix: ${failure.fix}` : failure.message,
          vscode.DiagnosticSeverity.Error,
        );
        diag.source = 'backtest run';
        if (failure.code) diag.code = failure.code;
        this.diagnostics.set(uri, [diag]);
        await vscode.window.showTextDocument(doc, { selection: range, preview: false, viewColumn: vscode.ViewColumn.One });
      } catch (err) {
        this.output.warn(`could not open ${file}: ${String(err)}`);
      }
    }
    void vscode.window.showErrorMessage(text, 'Show Output').then((pick) => {
      if (pick) this.output.show(true);
    });
  }

  dispose(): void {
    this.diagnostics.dispose();
    this.listener.dispose();
  }
}
