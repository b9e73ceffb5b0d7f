// Data-aware checks of a config (issue 3): everything that needs the price file, the
// sector mapping or the strategy's inputs, one file per check family under checks/ with a
// shared context (checks/context.ts). Each check adds diagnostics with a precise range and
// the data a code action needs.
import { resolveConfigPaths } from '../config/paths';
import { firstExistingValueRange, type JsonPath } from './document';
import { effective, ready, reportLoadError, runWindow, type CheckContext } from './checks/context';
import { checkDataQuality } from './checks/quality';
import { checkBorrowFile } from './checks/borrow';
import { checkDates } from './checks/dates';
import { checkEtfs } from './checks/etfs';
import { checkInputTickers, loadInputTickers } from './checks/inputs';
import { checkInstrument } from './checks/instrument';
import { checkWorkspace } from './checks/paths';
import { checkSectorNames, groupsOf } from './checks/sectors';
import { checkMissingTargets } from './checks/targets';

export type { CheckContext } from './checks/context';

export function runDataChecks(ctx: CheckContext, configPath: string): void {
  const { doc } = ctx;
  const c = doc.config;
  const eff = effective(c);
  const paths = resolveConfigPaths(c, configPath);

  // The static target checks (sizes, expressions) run with the text checks (validate.ts).
  checkWorkspace(ctx, paths);

  // Prices and mapping.
  const pricesAnchorPath: JsonPath = doc.valueNode(['prices_file']) ? ['prices_file'] : ['data_dir'];
  const pricesState = ctx.data.prices(paths.prices, paths.valueColumns.prices);
  if (pricesState.state === 'error')
    reportLoadError(
      ctx,
      'Price file',
      pricesState.error,
      firstExistingValueRange(doc, [['prices_file'], ['data_dir']]),
      pricesAnchorPath,
      paths.prices,
    );
  const mappingState = ctx.data.mapping(paths.sectorMapping);
  const mappingAnchorPath: JsonPath = doc.valueNode(['sector_mapping_file']) ? ['sector_mapping_file'] : ['data_dir'];
  if (mappingState.state === 'error')
    reportLoadError(
      ctx,
      'Sector mapping',
      mappingState.error,
      firstExistingValueRange(doc, [['sector_mapping_file'], ['data_dir']]),
      mappingAnchorPath,
      paths.sectorMapping,
    );
  const prices = ready(pricesState);
  const mapping = ready(mappingState);

  // Inputs.
  const inputTickers = loadInputTickers(ctx, c, eff, paths);

  if (prices) checkDates(ctx, eff, prices);
  let groups: Map<string, string[]> | undefined;
  if (mapping) {
    groups = groupsOf(ctx, mapping, eff);
    if (groups) checkSectorNames(ctx, eff, groups, prices, mapping);
  }
  if (prices) {
    checkEtfs(ctx, eff, prices, mapping, groups, inputTickers);
    checkInstrument(ctx, eff, prices, mapping);
    checkDataQuality({
      doc,
      file: ctx.file,
      out: ctx.out,
      prices,
      mapping,
      window: runWindow(eff, prices),
      pricesAnchor: { range: firstExistingValueRange(doc, [['prices_file'], ['data_dir']]), path: pricesAnchorPath },
      etfMapping: eff.sectorHedge && eff.method === 'etf' ? eff.etfMapping : {},
      instrument: eff.betaHedge || eff.usesMarketVariables ? eff.instrument : undefined,
    });
  }
  if (mapping && inputTickers) checkInputTickers(ctx, eff, mapping, prices, inputTickers);
  checkBorrowFile(ctx, paths, prices);
  if (groups && eff.sectorHedge) checkMissingTargets(ctx, eff, groups, mapping!, inputTickers, prices);
}
