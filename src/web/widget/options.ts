import { languageOf, type Lang } from './i18n';

/** A pre-chat form field: its value becomes the contact attribute `key`. */
export interface Field {
  key: string;
  label: string;
  required: boolean;
  type: 'text' | 'email' | 'tel';
}

/** The widget's options, read from its script tag's data- attributes (docs/widget.md). */
export interface WidgetOptions {
  server: string;
  instanceId: string;
  flowId: string;
  fields: Field[];
  color: string;
  position: 'left' | 'right';
  greeting: string;
  lang: Lang;
  title: string;
  open: boolean;
}

/**
 * `name*:Your name,email:Email address` → fields; `*` marks a required one. The field `name` is
 * also the customer's display name; `email` and `phone` get the matching keyboard on phones.
 */
export function parseFields(spec: string): Field[] {
  const out: Field[] = [];
  for (const part of spec.split(',')) {
    const [rawKey, ...label] = part.split(':');
    const required = rawKey.trim().endsWith('*');
    const key = rawKey.trim().replace(/\*$/, '');
    // Contact attribute keys: letters, digits, '-' and '_' (what the server accepts).
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(key)) continue;
    const type = key === 'email' ? 'email' : key === 'phone' ? 'tel' : 'text';
    out.push({ key, label: label.join(':').trim() || key, required, type });
  }
  return out;
}

/** Reads the options from a script element; the server defaults to where the script came from. */
export function readOptions(script: HTMLScriptElement | null): WidgetOptions {
  const d = script?.dataset ?? {};
  const lang = languageOf(d.lang || document.documentElement.lang || navigator.language);
  const src = script?.src ? new URL(script.src, location.href).origin : location.origin;
  return {
    server: (d.server || src).replace(/\/+$/, ''),
    instanceId: d.instanceId ?? '',
    flowId: d.flowId ?? '',
    // Without data-fields the form asks for a name only (label from the language).
    fields: d.fields !== undefined ? parseFields(d.fields) : [{ key: 'name', label: '', required: true, type: 'text' }],
    color: d.color || '#1f5fbf',
    position: d.position === 'left' ? 'left' : 'right',
    greeting: d.greeting ?? '',
    lang,
    title: d.title ?? '',
    open: d.open === 'true',
  };
}
