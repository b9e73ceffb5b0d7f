// A large config the way users make one: signals inline (`inputs.signals` as
// {"YYYY-MM-DD": {"TICKER": value}}), about `bytes` long, pointing at a small data folder.
// Used by the language-server bench and the big-document tests.

/** Config text of about `bytes` characters with inline signals over `tickers` tickers. */
export function bigInlineSignalsConfig(bytes: number, dataDir: string, tickers = 200): string {
  const names = Array.from({ length: tickers }, (_, j) => `S${String(j).padStart(4, '0')}`);
  const head = `// a large config: inline signals\n{\n  "name": "big inline signals",\n  "data_dir": ${JSON.stringify(dataDir)},\n  "use_case": 2,\n  "enable_sector_hedge": true,\n  "sector_target_exposures": { "Technology": 0.1, "Healthcare": -0.05 },\n  "inputs": {\n    "signals": {\n`;
  const parts: string[] = [head];
  let size = head.length;
  const d = new Date(Date.UTC(2000, 0, 3));
  let first = true;
  for (let i = 0; size < bytes; i++) {
    while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
    const cells = names.map((t, j) => `"${t}": ${(((i * 31 + j * 17) % 2001) / 1000 - 1).toFixed(3)}`);
    const line = `${first ? '' : ',\n'}      "${d.toISOString().slice(0, 10)}": { ${cells.join(', ')} }`;
    first = false;
    parts.push(line);
    size += line.length;
    d.setUTCDate(d.getUTCDate() + 1);
  }
  parts.push('\n    }\n  }\n}\n');
  return parts.join('');
}
