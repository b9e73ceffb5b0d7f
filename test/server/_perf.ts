import { readFileSync } from 'node:fs';
import { parsePricesCsv } from '/work/main/engine/data';
const f = process.argv[2];
let t = Date.now(); const text = readFileSync(f, 'utf8'); console.log('read', Date.now() - t, text.length);
t = Date.now(); const p = parsePricesCsv(text, f); console.log('parse', Date.now() - t, p.tickers.length);
