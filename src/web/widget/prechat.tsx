/** @jsxImportSource preact */
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import type { Texts } from './i18n';
import type { Field } from './options';

/** The pre-chat form: each field becomes a contact attribute; required ones are checked by the browser. */
export function PreChat({ fields, t, busy, initial, submitLabel, onStart }: { fields: Field[]; t: Texts; busy: boolean; initial: Record<string, string>; submitLabel: string; onStart: (v: Record<string, string>) => void }): VNode {
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(fields.map((f) => [f.key, initial[f.key] ?? ''])));
  return (
    <form
      class="prechat"
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy) onStart(values);
      }}
    >
      {fields.map((f, i) => (
        <label key={f.key}>
          <span>
            {f.label || (f.key === 'name' ? t.name : f.key)}
            {f.required && <abbr title={t.required}> *</abbr>}
          </span>
          <input
            name={f.key}
            type={f.type as 'text'}
            required={f.required}
            maxLength={1024}
            autoFocus={i === 0}
            autoComplete={f.key === 'name' ? 'name' : f.type === 'email' ? 'email' : f.type === 'tel' ? 'tel' : 'off'}
            value={values[f.key]}
            onInput={(e) => setValues({ ...values, [f.key]: e.currentTarget.value })}
          />
        </label>
      ))}
      <button type="submit" class="primary" disabled={busy}>
        {busy ? t.starting : submitLabel}
      </button>
    </form>
  );
}
