/**
 * Exact money arithmetic for cost estimates. A price such as 0.004 has no exact binary form, so
 * `count * 0.004` in floating point drifts (9 * 0.004 = 0.036000000000000004); the price is kept
 * as an integer of units at its own scale and multiplied as a bigint instead.
 */

/** A non-negative decimal with at most 9 digits before and after the point, as integer units at its scale; null otherwise. */
export function parseDecimal(text: string): { units: bigint; scale: number } | null {
  const m = /^(\d{1,9})(?:\.(\d{1,9}))?$/.exec(text);
  if (!m) return null;
  const frac = m[2] ?? '';
  return { units: BigInt(m[1] + frac), scale: frac.length };
}

/** count × price, exactly, as a decimal string without trailing zeros ("0.036", "12", "0"). */
export function costText(count: number, price: string): string {
  const p = parseDecimal(price);
  if (!p) throw new Error(`not a price: ${price}`);
  const digits = (BigInt(count) * p.units).toString().padStart(p.scale + 1, '0');
  const whole = digits.slice(0, digits.length - p.scale);
  const frac = digits.slice(digits.length - p.scale).replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : whole;
}

/** count × price as the JSON number closest to the exact product. */
export const cost = (count: number, price: string): number => Number(costText(count, price));
