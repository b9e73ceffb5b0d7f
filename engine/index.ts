// Public API of the engine library (dist/engine.js): the guide's classes in TypeScript
// naming, the loaders and config, the validation module, and the shared types.
export * from './types';
export * from './data';
export * from './config';
export * from './expressions';
export * from './validate';
export * from './backtest';
export * from './hedging';
export * from './metrics';
export * from './results';
export * from './sweep';
