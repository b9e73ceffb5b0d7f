export * from './mappings';
export * from './rounding';
export * from './sectorHedger';
export * from './rollingBeta';
