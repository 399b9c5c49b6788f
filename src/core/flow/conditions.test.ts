import { describe, expect, it } from 'vitest';
import { CONDITION_OPERATORS, holds, UNSET_EQUALS } from './conditions.js';

const cond = (Operator: string, operand: unknown) => ({ Operator, Operands: [operand] });

describe('condition operators (spec §2.3)', () => {
  it.each([
    ['Equals', 'CHAT', 'CHAT', true],
    ['Equals', 'chat', 'CHAT', false],
    ['Equals', 'CHAT ', 'CHAT', false],
    ['TextStartsWith', 'Hello there', 'Hello', true],
    ['TextStartsWith', 'hello there', 'Hello', false],
    ['TextEndsWith', 'order-1234', '1234', true],
    ['TextEndsWith', 'order-12345', '1234', false],
    ['TextContains', 'I want a refund please', 'refund', true],
    ['TextContains', 'I want a Refund please', 'refund', false],
    ['NumberGreaterThan', '10', '9', true],
    ['NumberGreaterThan', '9', '9', false],
    ['NumberGreaterThan', '10', '9.5', true],
    ['NumberGreaterOrEqualTo', '9', '9', true],
    ['NumberGreaterOrEqualTo', '8.99', '9', false],
    ['NumberLessThan', '299999', '300000', true],
    ['NumberLessThan', '300000', '300000', false],
    ['NumberLessOrEqualTo', '300000', '300000', true],
    ['NumberLessOrEqualTo', '300001', '300000', false],
    // The doc's spelling of NumberLessThan (DistributeByPercentage).
    ['NumericLessThan', '3', '4', true],
  ] as const)('%s: %j against %j is %s', (op, value, operand, expected) => {
    expect(holds(cond(op, operand), value)).toBe(expected);
  });

  it('compares numbers as numbers, not as text ("10" > "9")', () => {
    expect(holds(cond('NumberLessThan', '9'), '10')).toBe(false);
    expect(holds(cond('NumberGreaterThan', '9'), '10')).toBe(true);
  });

  it('number operators are false when either side is not a number', () => {
    for (const op of ['NumberGreaterThan', 'NumberGreaterOrEqualTo', 'NumberLessThan', 'NumberLessOrEqualTo']) {
      expect(holds(cond(op, '5'), 'many')).toBe(false);
      expect(holds(cond(op, 'five'), '7')).toBe(false);
      expect(holds(cond(op, '5'), '')).toBe(false);
    }
  });

  it('an operator it does not know holds for nothing', () => {
    expect(holds(cond('Matches', 'x'), 'x')).toBe(false);
    expect(holds({ Operator: 'Equals', Operands: [] }, '')).toBe(true);
  });

  it('lists every operator of the language, for validation', () => {
    expect(CONDITION_OPERATORS).toEqual(expect.arrayContaining(['Equals', 'TextStartsWith', 'TextEndsWith', 'TextContains', 'NumberGreaterThan', 'NumberGreaterOrEqualTo', 'NumberLessThan', 'NumberLessOrEqualTo']));
  });
});

describe('an unset value (spec §3.2, the NULL question)', () => {
  it('equals only the literal "NULL", as the AWS sample disconnect flow expects of $.Agent.ARN', () => {
    expect(UNSET_EQUALS).toBe('NULL');
    expect(holds(cond('Equals', 'NULL'), undefined)).toBe(true);
    expect(holds(cond('Equals', 'NULL'), null)).toBe(true);
  });

  it('never equals anything else, not even the empty string', () => {
    expect(holds(cond('Equals', ''), undefined)).toBe(false);
    expect(holds(cond('Equals', 'null'), undefined)).toBe(false);
    expect(holds(cond('TextContains', ''), undefined)).toBe(false);
    expect(holds(cond('TextStartsWith', 'N'), undefined)).toBe(false);
    expect(holds(cond('NumberLessThan', '1'), undefined)).toBe(false);
  });

  it('a value that is set to the empty string is a value: it is not NULL', () => {
    expect(holds(cond('Equals', 'NULL'), '')).toBe(false);
    expect(holds(cond('Equals', ''), '')).toBe(true);
  });
});
