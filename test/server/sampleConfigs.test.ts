// The shipped sample configs through the server: every guide example validates without
// errors, the walkthrough's seeded mistake is found and fixed by its quick fix, and
// completion in sector_target_exposures offers exactly the sample mapping's sectors.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { URI } from 'vscode-uri';
import { LspClient, ROOT, applyWorkspaceEdit, positionOf } from './lspClient';

const SAMPLES = path.join(ROOT, 'sample_data');
const FIX_ME = path.join(SAMPLES, 'walkthrough', 'fix-me.backtest.jsonc');
const skip = !existsSync(FIX_ME) && 'sample_data not generated';

describe('sample configs', { skip }, () => {
  let c: LspClient;
  before(async () => {
    c = await LspClient.start({}, ROOT);
  });
  after(async () => {
    await c.stop();
  });

  /** Opens a file and waits until its data files are loaded and it is re-validated. */
  async function openSettled(file: string, text = readFileSync(file, 'utf8')) {
    const uri = URI.file(file).toString();
    c.open(uri, text);
    const ready = (f: string) =>
      c.notifications.some(
        (n) =>
          n.method === 'backtest/dataStatus' && (n.params as any).path === path.join(SAMPLES, f) && (n.params as any).state !== 'loading',
      );
    await c.until(() => (ready('prices.csv') && ready('sector_mapping.csv') ? true : undefined), 'sample data loaded', 30000);
    c.change(uri, text);
    return { uri, text, diagnostics: await c.diagnostics(uri) };
  }

  it('validates every guide example without errors', async () => {
    const dir = path.join(SAMPLES, 'configs');
    const files = readdirSync(dir).filter((f) => f.endsWith('.backtest.jsonc'));
    assert.ok(files.length >= 7);
    for (const f of files) {
      const { diagnostics } = await openSettled(path.join(dir, f));
      const errors = diagnostics.filter((d) => d.severity === 1);
      assert.deepEqual(
        errors.map((d) => `${f}: ${d.code} ${d.message}`),
        [],
      );
    }
  });

  it('finds the walkthrough mistake and its quick fix clears it', async () => {
    const { uri, text, diagnostics } = await openSettled(FIX_ME);
    const d = diagnostics.find((x) => x.code === 'unknown-sector');
    assert.ok(d, 'unknown-sector reported');
    assert.equal(d.range.start.line, positionOf(text, '"Tecnology"').line);
    assert.match(d.message as string, /Did you mean "Technology"\?/);
    const actions: any[] = await c.request('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    });
    const fix = actions.find((a) => a.title === "Replace with 'Technology'");
    assert.ok(fix);
    const fixed = applyWorkspaceEdit(text, uri, fix.edit);
    c.change(uri, fixed);
    const after = await c.diagnostics(uri);
    assert.deepEqual(
      after.filter((x) => x.severity === 1 || x.code === 'unknown-sector').map((x) => x.code),
      [],
    );
  });

  it('completes exactly the sample mapping sectors in an empty sector_target_exposures', async () => {
    const base = readFileSync(FIX_ME, 'utf8');
    const text = base.replace(/"sector_target_exposures": \{[\s\S]*?\n {2}\},/, '"sector_target_exposures": {  },');
    const file = path.join(SAMPLES, 'walkthrough', 'fix-me.backtest.jsonc');
    const { uri } = await openSettled(file, text);
    const r = await c.request('textDocument/completion', {
      textDocument: { uri },
      position: positionOf(text, '"sector_target_exposures": { ', 29),
    });
    const mappingSectors = [
      ...new Set(
        readFileSync(path.join(SAMPLES, 'sector_mapping.csv'), 'utf8')
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => l.split(',')[1]),
      ),
    ].sort();
    assert.deepEqual(r.items.map((i: any) => i.label).sort(), mappingSectors);
  });
});
