// Every diagnostic code the validator can report, and every DataError code of the loaders:
// the one import point that docs/errors.md is generated from (scripts/gen-config-docs.mjs)
// and that tests check one by one. The entries live by concern in diagnosticCodes.ts (the
// validator's own) and dataErrorCodes.ts (engine/data's loaders).
import type { Severity } from '../types';
import { dataErrorCodeList } from './dataErrorCodes';
import { diagnosticCodeList } from './diagnosticCodes';

export interface DiagnosticCodeInfo {
  code: string;
  /** Usual severity (a few codes are milder when the feature is switched off). */
  severity: Severity;
  example: string;
  cause: string;
  fix: string;
}

export const DIAGNOSTIC_CODES: Readonly<Record<string, DiagnosticCodeInfo>> = Object.freeze(
  Object.fromEntries(diagnosticCodeList.map((c) => [c.code, c])),
);

export type DiagnosticCode = (typeof diagnosticCodeList)[number]['code'];

/**
 * Codes of DataError (thrown by the loaders in engine/data). In validation they appear
 * inside `data-file-invalid` / `data-file-missing` diagnostics as `data.dataCode`.
 */
export const DATA_ERROR_CODES: Readonly<Record<string, DiagnosticCodeInfo>> = Object.freeze(
  Object.fromEntries(dataErrorCodeList.map((c) => [c.code, c])),
);
