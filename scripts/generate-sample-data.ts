// Seeded generator of the synthetic sample data in sample_data/ (`npm run gen:sample`).
//
// Prices come from a factor model: every stock's daily return is
//   alpha + beta * market + loading * sector + industry + idiosyncratic,
// the market has GARCH(1,1) volatility plus two stress regimes (a 2020-style crash and
// a 2022-style bear market) so volatility-based dynamic targets have something to react
// to. Every ETF is a basket of its members' returns (cap-weighted; SPDRs capped at 25%
// per name, HACK equal-weighted) plus small daily tracking noise and its expense ratio,
// so an ETF hedge carries real tracking error. SPY is the cap-weighted market of all
// stocks. XLC lists part-way through (empty cells before LISTINGS.XLC).
//
// Deterministic: a seeded PRNG (sfc32) and Marsaglia's polar method, no Math.random;
// running it twice gives byte-identical files. Usage:
//   tsx scripts/generate-sample-data.ts [--out DIR] [--seed N]
// The model lives in scripts/sample-data/: universe.ts (stocks, sectors, ETFs), rng.ts,
// calendar.ts, priceModel.ts, strategyInputs.ts (signals, weights, orders, positions) and
// render.ts (the files).
import path from 'node:path';
import { writeSampleData } from './sample-data/render';
import { DEFAULT_SEED } from './sample-data/universe';

export { DEFAULT_SEED, FIRST_DATE, LAST_DATE, LISTINGS } from './sample-data/universe';
export { createRng } from './sample-data/rng';
export { tradingDays } from './sample-data/calendar';
export { basketWeights, createMarketFactor, simulate, stressRegime, type SampleData } from './sample-data/priceModel';
export { makeOrders, makePositions, makeSignals, makeWeights, type SignalRow } from './sample-data/strategyInputs';
export { renderFiles, writeSampleData } from './sample-data/render';

function main(argv: string[]): void {
  let out = path.resolve(__dirname, '..', 'sample_data');
  let seed = DEFAULT_SEED;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = path.resolve(argv[++i] ?? out);
    else if (argv[i] === '--seed') seed = Number(argv[++i]);
    else if (argv[i] === '--help' || argv[i] === '-h') {
      console.log('usage: tsx scripts/generate-sample-data.ts [--out DIR] [--seed N]');
      return;
    } else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  for (const f of writeSampleData(out, seed)) console.log(`wrote ${path.relative(process.cwd(), f) || f}`);
}

if (require.main === module) main(process.argv.slice(2));
