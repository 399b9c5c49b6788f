/** Condition operators of the flow language (spec §2.3); all string operands, case-sensitive. */
export interface Condition {
  Operator: string;
  Operands: unknown[];
}

const num = (s: string): number | null => (s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : null);

/**
 * What an unset value (a reference with no value) compares equal to. Decision for spec §3.2:
 * an unset value never equals anything, not even '', except the literal "NULL". The 2023 admin
 * guide says a NULL check needs a Lambda, yet AWS's own Sample disconnect flow compares
 * `$.Agent.ARN Equals "NULL"` to requeue a task no agent holds; Parley honours that intent. Text
 * and number operators never hold for an unset value.
 */
export const UNSET_EQUALS = 'NULL';

/** Whether `value` satisfies the condition; `value` null or undefined means unset. Pure. */
export function holds(c: Condition, value: string | null | undefined): boolean {
  const operand = String(c.Operands?.[0] ?? '');
  if (value === undefined || value === null) return c.Operator === 'Equals' && operand === UNSET_EQUALS;
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
