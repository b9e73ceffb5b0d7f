// A .sweep.jsonc in the editor, over a real stdio connection to dist/server.js: unknown
// axis keys with the nearest valid one, values checked against the key's schema and the
// data, completion of axis keys and values, hover with the variant count, the run lens.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient, Workspace, positionOf } from './lspClient';

const BASE = `{
  "name": "sweep base",
  "data_dir": "../data",
  "start_date": "2023-01-03",
  "end_date": "2023-02-10",
  "use_case": 1,
  "inputs": { "weights": { "2023-01-03": { "AAPL": 0.5, "MSFT": -0.5 } } },
  "enable_sector_hedge": true
}
`;

describe('language server on sweep files', () => {
  let ws: Workspace;
  let c: LspClient;

  before(async () => {
    ws = new Workspace();
    ws.config('base.backtest.jsonc', BASE);
    c = await LspClient.start({}, ws.dir);
  });
  after(async () => {
    await c.stop();
    ws.dispose();
  });

  async function openSweep(name: string, text: string, waitForData = false) {
    const u = ws.config(name, text);
    c.open(u, text);
    // Data-aware checks and sector completion need the mapping the base config names.
    if (waitForData)
      await c.until(
        () =>
          c.notifications.some(
            (n) =>
              n.method === 'backtest/dataStatus' &&
              (n.params as any).state === 'ready' &&
              String((n.params as any).path).endsWith('sector_mapping.csv'),
          )
            ? true
            : undefined,
        'mapping loaded',
      );
    return u;
  }

  it("flags an unknown axis key with the nearest valid key, a value out of the key's range, and a sector not in the mapping", async () => {
    const text = `{
  "base": "base.backtest.jsonc",
  "axes": {
    "sector_hedge_tolerence": [0.01],
    "sector_hedge_method": ["etf", "futures"],
    "beta_lookback_days": [20, -5],
    "sector_target_exposures.Tecnology": [0, 0.1]
  }
}
`;
    const u = await openSweep('bad.sweep.jsonc', text);
    // The first publish has the sweep's own errors; fix the typo so the value checks run too.
    const first = await c.until(() => {
      const d = c.published.get(u)?.diagnostics;
      return d && d.length ? d : undefined;
    }, 'diagnostics');
    const typo = first.find((d) => d.code === 'unknown-key')!;
    assert.match(String(typo.message), /Did you mean "sector_hedge_tolerance"/);
    assert.deepEqual(typo.range.start, positionOf(text, '"sector_hedge_tolerence"'));
    const fixed = text.replace('sector_hedge_tolerence', 'sector_hedge_tolerance');
    c.change(u, fixed);
    const diags = await c.until(() => {
      const d = c.published.get(u)?.diagnostics;
      return d && d.some((x) => /Tecnology/.test(String(x.message))) ? d : undefined;
    }, 'value diagnostics');
    const at = (needle: string) =>
      diags.filter(
        (d) => d.range.start.line === positionOf(fixed, needle).line && d.range.start.character === positionOf(fixed, needle).character,
      );
    assert.match(
      String(at('"futures"')[0]?.message ?? ''),
      /sector_hedge_method=futures: .*not allowed.*"proportional", "etf"|sector_hedge_method=futures/,
    );
    assert.match(String(at('-5]')[0]?.message ?? ''), /beta_lookback_days=-5: .*out of range/);
    assert.match(String(at('"sector_target_exposures.Tecnology"')[0]?.message ?? ''), /Tecnology.*(not in|Did you mean "Technology")/s);
    assert.equal(at('"etf"').length, 0, 'a valid value has no diagnostic');
  });

  it("completes axis keys (dotted, sectors from the mapping) and an axis's values from its schema", async () => {
    const text = `{
  "base": "base.backtest.jsonc",
  "axes": {
    "sector_hedge_method": [""],
    ""
  }
}
`;
    // Open it complete first (so the base's mapping loads), then type the new key.
    const u = await openSweep('complete.sweep.jsonc', text.replace(',\n    ""', ''), true);
    c.change(u, text);
    const keys = await c.request('textDocument/completion', { textDocument: { uri: u }, position: positionOf(text, '""\n', 1) });
    const labels = (Array.isArray(keys) ? keys : keys.items).map((i: any) => i.label);
    for (const k of ['sector_hedge_tolerance', 'stock_costs.slippage_bps', 'sector_target_exposures.Technology', 'beta_lookback_days'])
      assert.ok(labels.includes(k), `${k} offered`);
    assert.ok(!labels.includes('name'));
    const vals = await c.request('textDocument/completion', { textDocument: { uri: u }, position: positionOf(text, '[""]', 2) });
    assert.deepEqual((Array.isArray(vals) ? vals : vals.items).map((i: any) => i.label).sort(), ['etf', 'proportional']);
  });

  it('hovers an axis with its values and the number of variants; the code lens runs the sweep', async () => {
    const text = `{
  "base": "base.backtest.jsonc",
  "axes": {
    "sector_hedge_method": ["etf", "proportional"],
    "sector_target_exposures.Technology": { "from": -0.1, "to": 0.1, "step": 0.05 }
  }
}
`;
    const u = await openSweep('hover.sweep.jsonc', text);
    const h = await c.request('textDocument/hover', {
      textDocument: { uri: u },
      position: positionOf(text, '"sector_target_exposures.Technology"', 3),
    });
    assert.match(h.contents.value, /5 values: `-0\.1`, `-0\.05`, `0`, `0\.05`, `0\.1`/);
    assert.match(h.contents.value, /makes \*\*10 variants\*\* \(product: 2 \(sector_hedge_method\) × 5/);
    const lenses = await c.request('textDocument/codeLens', { textDocument: { uri: u } });
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0].command.command, 'backtest.runSweep');
    assert.equal(lenses[0].command.title, '▶ Run sweep (10 variants)');
    assert.deepEqual(lenses[0].command.arguments, [u]);
  });
});
