export { BacktestConfig, configIssues, readConfigText, checkConfigReadable } from './config';
export { ConfigError, formatIssue } from './errors';
export type { ConfigIssue } from './errors';
export { backtestSchema, schemaAt, keysAt, resolveRef, withDefaults, schemaDefault } from './schema';
export type { SchemaNode } from './schema';
export { levenshtein, nearest, didYouMean } from './nearest';
export { resolveConfigPaths } from './paths';
export { syntaxMessage, configSyntaxProblems, findValueNode, duplicateKeyNodes, looksBinaryText } from './jsonSyntax';
export type { SyntaxProblem } from './jsonSyntax';
export type { ResolvedConfigPaths } from './paths';
export { USE_CASE_NAMES, USE_CASE_INPUT } from './options';
export type {
  BacktestConfigOptions,
  BacktestConfigInput,
  BacktestInputs,
  CostSettings,
  InputValue,
  UseCase,
  UseCaseName,
  SectorHedgeMethod,
  ExposureBasis,
  RebalanceFrequency,
} from './options';
