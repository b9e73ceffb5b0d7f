// Code lenses at the top of a config: run it, or compare hedge methods. The commands
// are the client's (common/protocol.ts); the argument is the document URI.
import type { CodeLens } from 'vscode-languageserver-types';
import { Commands } from '../../common/protocol';
import type { Snapshot } from './snapshot';

export function codeLenses(snap: Snapshot): CodeLens[] {
  const root = snap.model.root;
  const at = root ? snap.doc.positionAt(root.offset) : { line: 0, character: 0 };
  const range = { start: at, end: at };
  return [
    { range, command: { title: '▶ Run backtest', command: Commands.run, arguments: [snap.doc.uri] } },
    { range, command: { title: 'Compare hedge methods', command: Commands.compare, arguments: [snap.doc.uri] } },
  ];
}
