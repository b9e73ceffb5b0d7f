export { compileExpression, ExpressionError, MAX_EXPRESSION_LENGTH, MAX_EXPRESSION_DEPTH } from './compile';
export type { CompiledExpression } from './compile';
export { EXPRESSION_VARIABLES, EXPRESSION_FUNCTIONS, EXPRESSION_CONSTANTS } from './variables';
export type { ExpressionVariable } from './variables';
