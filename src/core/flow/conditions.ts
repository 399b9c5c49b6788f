/** Condition operators of the flow language (spec §2.3); all string operands, case-sensitive. */
export interface Condition {
  Operator: string;
  Operands: unknown[];
}

const num = (s: string): number | null => (s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : null);

/** Whether `value` satisfies the condition. A missing value satisfies nothing. Pure. */
export function holds(c: Condition, value: string | undefined): boolean {
  if (value === undefined) return false;
  const operand = String(c.Operands?.[0] ?? '');
  switch (c.Operator) {
    case 'Equals':
      return value === operand;
    case 'TextStartsWith':
      return value.startsWith(operand);
    case 'TextEndsWith':
      return value.endsWith(operand);
    case 'TextContains':
      return value.includes(operand);
    case 'NumberGreaterThan':
    case 'NumberGreaterOrEqualTo':
    case 'NumberLessThan':
    case 'NumberLessOrEqualTo':
    case 'NumericLessThan': {
      const a = num(value);
      const b = num(operand);
      if (a === null || b === null) return false;
      if (c.Operator === 'NumberGreaterThan') return a > b;
      if (c.Operator === 'NumberGreaterOrEqualTo') return a >= b;
      if (c.Operator === 'NumberLessOrEqualTo') return a <= b;
      return a < b;
    }
    default:
      return false;
  }
}

export const CONDITION_OPERATORS = [
  'Equals',
  'TextStartsWith',
  'TextEndsWith',
  'TextContains',
  'NumberGreaterThan',
  'NumberGreaterOrEqualTo',
  'NumberLessThan',
  'NumberLessOrEqualTo',
  'NumericLessThan',
] as const;
