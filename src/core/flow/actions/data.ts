import { type ActionSpec, command, done, error, result, unsupported } from './action-spec.js';

/** Reading and writing contact data. */
export const DATA_ACTIONS: Record<string, ActionSpec> = {
  UpdateContactAttributes: {
    chat: 'supported',
    required: ['Attributes'],
    run: (c) => {
      const attrs = c.params.Attributes;
      if (!attrs || typeof attrs !== 'object') return error();
      // Related contacts (tasks created from this one) do not exist in Parley.
      if (c.params.TargetContact !== undefined && c.params.TargetContact !== 'Current') return unsupported(`TargetContact ${String(c.params.TargetContact)} is not supported`);
      const out: Record<string, string> = {};
      // Keys may carry references too ("survey_result_$.Attributes.loopCounter").
      for (const [k, v] of Object.entries(attrs as Record<string, unknown>)) {
        const key = c.text(k);
        if (!key) return error('NoMatchingError', `attribute key ${k} resolved to an empty name`);
        out[key] = c.text(v);
      }
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
      // An unset value is a result too: only `Equals "NULL"` holds for it (conditions.ts), else "No match".
      const v = c.value(c.params.ComparisonValue);
      return result(v ?? null);
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
