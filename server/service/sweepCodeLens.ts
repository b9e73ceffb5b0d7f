// The code lens at the top of a .sweep.jsonc: run it (the client's Run Sweep command).
import type { CodeLens } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Commands } from '../../common/protocol';
import { parseSweepModel } from './sweepModel';

export function sweepCodeLenses(doc: TextDocument): CodeLens[] {
  const m = parseSweepModel(doc);
  const at = m.doc.root ? m.doc.positionAt(m.doc.root.offset) : { line: 0, character: 0 };
  const n = m.variants;
  return [
    {
      range: { start: at, end: at },
      command: {
        title: `▶ Run sweep${n !== null ? ` (${n} variant${n === 1 ? '' : 's'})` : ''}`,
        command: Commands.runSweep,
        arguments: [doc.uri],
      },
    },
  ];
}
