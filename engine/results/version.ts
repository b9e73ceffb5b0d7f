import pkg from '../../package.json';

/** The engine's version, as in package.json (written into metrics.json and the results JSON). */
export const ENGINE_VERSION: string = (pkg as { version: string }).version;
