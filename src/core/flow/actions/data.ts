import { type ActionSpec, command, done, error, result } from './action-spec.js';

/** Reading and writing contact data. */
export const DATA_ACTIONS: Record<string, ActionSpec> = {
  UpdateContactAttributes: {
    chat: 'supported',
    required: ['Attributes'],
    run: (c) => {
      const attrs = c.params.Attributes;
      if (!attrs || typeof attrs !== 'object') return error();
      const out: Record<string, string> = {};
      // Keys may carry references too ("survey_result_$.Attributes.loopCounter").
      for (const [k, v] of Object.entries(attrs as Record<string, unknown>)) out[c.text(k)] = c.text(v);
      return command({ kind: 'set-attributes', attributes: out });
    },
  },
  UpdateFlowAttributes: {
    chat: 'supported',
    required: ['FlowAttributes'],
    run: (c) => {
      const attrs = c.params.FlowAttributes;
      if (!attrs || typeof attrs !== 'object') return error();
      const next = { ...c.exec.flowAttributes };
      for (const [k, v] of Object.entries(attrs as Record<string, unknown>)) {
        const value = v && typeof v === 'object' && 'Value' in v ? (v as { Value: unknown }).Value : v;
        next[k] = c.text(value);
      }
      c.exec.flowAttributes = next;
      return done;
    },
  },
  Compare: {
    chat: 'supported',
    required: ['ComparisonValue'],
    run: (c) => {
      // No value at all, like a value no condition holds for, takes the "No match" branch.
      const v = c.value(c.params.ComparisonValue);
      return v === undefined ? error('NoMatchingCondition') : result(v);
    },
  },
  UpdateContactData: {
    chat: 'supported',
    run: (c) => {
      const fields: Record<string, string> = {};
      for (const k of ['Name', 'Description', 'LanguageCode', 'CustomerId'] as const) if (c.params[k] !== undefined) fields[k] = c.text(c.params[k]);
      return command({ kind: 'update-contact', fields });
    },
  },
};
