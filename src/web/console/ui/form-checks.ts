/** Field name → what is wrong with it; empty when the form may be sent. */
export type FieldErrors = Record<string, string>;

/** The error a form shows above its fields when some are wrong: it names each, so a screen reader user hears them. */
export function invalidFields(errors: FieldErrors): Error | null {
  const list = Object.values(errors);
  return list.length ? new Error(`Please correct ${list.length === 1 ? 'this field' : `these ${list.length} fields`}: ${list.join(' ')}`) : null;
}

/** An optional whole number in [min, max], or a message; '' is undefined. */
export function wholeNumber(raw: string, label: string, min: number, max: number): { value?: number; error?: string } {
  if (raw.trim() === '') return {};
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) return { error: `${label} must be a whole number from ${min} to ${max}.` };
  return { value: n };
}
