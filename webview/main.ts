// Browser entry of the results panel and the static report (bundled to dist/webview.js,
// its CSS to dist/webview.css). Data comes from <script type="application/json"
// id="results-data"> (report), id="initial-state" (panel) or a host message.
import 'uplot/dist/uPlot.min.css';
import './panelTheme.css';
import './panel.css';
import './tables.css';
import './notices.css';
import { App, mergeUi } from './app';
import { decodeLazily } from './lazyDecode';
import { connectHost } from './host';
import type { HostToPanelMessage, PanelInitialState, UiState } from '../common/panelProtocol';
import { watchTheme } from './theme';

function readJson(id: string): unknown {
  const el = document.getElementById(id);
  if (!el?.textContent) return undefined;
  try {
    return decodeLazily(JSON.parse(el.textContent));
  } catch (e) {
    return { __parseError: `${id}: ${(e as Error).message}` };
  }
}

function boot(): void {
  const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('main'));
  const host = connectHost();
  const initial = readJson('initial-state') as PanelInitialState | undefined;
  const embedded = readJson('results-data');
  const initialUi = initial && !('schemaVersion' in initial) ? initial.ui : undefined;
  const savedUi = host.getState()?.ui ?? initialUi;
  const ui: UiState = mergeUi(savedUi);
  const app = new App(root, host, ui);

  let data: unknown = embedded ?? (initial && 'schemaVersion' in initial ? initial : initial?.data);
  // The extension embeds its results compact-encoded inside {data, ui}; readJson only decodes a top-level encoding.
  try {
    data = decodeLazily(data);
  } catch (e) {
    data = { __parseError: `initial-state: ${(e as Error).message}` };
  }
  if (data && typeof data === 'object' && '__parseError' in data)
    app.showError(`The embedded results are not valid JSON (${String((data as { __parseError: string }).__parseError)}).`);
  // Restore the saved tab only when there is saved UI state; otherwise a comparison opens on Compare.
  else if (data) app.show(data, undefined, savedUi !== undefined);
  else if (initial && !('schemaVersion' in initial) && initial.pending) app.showLoading('Loading results…');
  else app.showWaiting();

  let latest = 0;
  window.addEventListener('message', (ev: MessageEvent<HostToPanelMessage>) => {
    const msg = ev.data;
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'results' || msg.type === 'compare') {
      // Say so at once, then build the Overview on the next frame (so "Loading" is painted
      // first); trades and positions decode only when their tab opens (./lazyDecode.ts).
      const seq = ++latest;
      app.showLoading(msg.type === 'compare' ? 'Loading the comparison…' : 'Loading results…');
      requestAnimationFrame(() =>
        setTimeout(() => {
          if (seq !== latest) return;
          let data: unknown;
          try {
            data = decodeLazily(msg.data);
          } catch (e) {
            app.showError(`The results message could not be decoded (${(e as Error).message}).`);
            return;
          }
          app.show(data, msg.type, false, msg.source);
        }, 0),
      );
    } else if (msg.type === 'status') app.setStatus(msg);
    else if (msg.type === 'error') {
      latest++;
      app.showError(typeof msg.message === 'string' ? msg.message : 'The run failed.');
    }
  });
  watchTheme(() => app.recolor());
  host.post({ type: 'ready' });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
