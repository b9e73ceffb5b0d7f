// A direct wide-CSV price parser into column-major Float64Arrays, used only by the
// benchmark as the yardstick for the engine's papaparse-based loader (issue 6: "measure
// the library you use against a direct parser into typed arrays"). No quoting, no
// validation, no error positions: the fastest a loader could possibly be on this format.

export interface DirectTable {
  dates: string[];
  tickers: string[];
  columns: Float64Array[];
}

export function parseWideDirect(text: string): DirectTable {
  const headerEnd = text.indexOf('\n');
  const tickers = text.slice(0, headerEnd).replace(/\r$/, '').split(',').slice(1);
  let rows = 0;
  for (let i = headerEnd; i !== -1 && i < text.length - 1; i = text.indexOf('\n', i + 1)) rows++;
  const columns = tickers.map(() => new Float64Array(rows));
  const dates: string[] = [];
  let pos = headerEnd + 1,
    r = 0;
  const len = text.length;
  while (pos < len && r < rows) {
    const comma = text.indexOf(',', pos);
    dates.push(text.slice(pos, comma));
    pos = comma + 1;
    for (let j = 0; j < tickers.length; j++) {
      // Hand-rolled decimal parse: digits, optional '.', digits; empty cell = NaN.
      let v = 0,
        scale = 0,
        any = false,
        c = text.charCodeAt(pos);
      while (c !== 44 && c !== 10 && c !== 13 && pos < len) {
        if (c === 46) scale = 1;
        else {
          v = v * 10 + (c - 48);
          if (scale) scale *= 10;
        }
        any = true;
        c = text.charCodeAt(++pos);
      }
      columns[j][r] = any ? (scale ? v / scale : v) : NaN;
      pos++;
      if (c === 13) pos++;
    }
    r++;
  }
  return { dates, tickers, columns };
}
