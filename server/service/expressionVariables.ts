// Names a dynamic-target expression may use. The engine's lists are the source of
// truth; this module only adapts them for completion.
import { EXPRESSION_FUNCTIONS, EXPRESSION_VARIABLES } from '../../engine/expressions';

export interface ExpressionName {
  name: string;
  description: string;
  isFunction: boolean;
  example?: number;
}

export function expressionNames(): ExpressionName[] {
  return [
    ...EXPRESSION_VARIABLES.map((v) => ({ name: v.name, description: v.description, isFunction: false, example: v.example })),
    ...EXPRESSION_FUNCTIONS.map((f) => ({ name: f, description: `mathjs function \`${f}(...)\``, isFunction: true })),
  ];
}
