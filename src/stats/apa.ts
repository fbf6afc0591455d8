/**
 * APA 7 number formatting. Used by every result's `apa()` sentence.
 *
 * - Statistics that cannot exceed 1 in absolute value (p, r, α, proportions) have no leading zero (`.016`).
 * - p is given exactly to three decimals, or as `p < .001`.
 * - Other statistics to two decimals by default (`t(103) = 2.45`, `d = 0.48`).
 */

/**
 * Formats a number with `digits` decimals (APA 7: two by default); NaN → "NaN"; ±Infinity → "∞"/"-∞";
 * a negative number that rounds to zero loses its minus sign.
 *
 * @example
 * fmt(-0.001) // "0.00"
 */
export function fmt(x: number, digits = 2): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '-∞';
  const s = x.toFixed(digits);
  // avoid "-0.00"
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/**
 * Formats a number bounded by 1 without the leading zero (APA 7 §6.36): 0.016 → ".016", -0.25 → "-.25".
 *
 * @example
 * fmtNoLeadingZero(0.016, 3) // ".016"
 */
export function fmtNoLeadingZero(x: number, digits = 2): string {
  return fmt(x, digits).replace(/^(-?)0\./, '$1.');
}

/**
 * An APA 7 p-value: exact to three decimals without a leading zero, "p < .001" below .001 and
 * "p > .999" above .999.
 *
 * @example
 * fmtP(0.0157) // "p = .016"
 * fmtP(0.0001) // "p < .001"
 */
export function fmtP(p: number): string {
  if (Number.isNaN(p)) return 'p = NaN';
  if (p < 0.001) return 'p < .001';
  if (p > 0.999) return 'p > .999';
  return `p = ${fmtNoLeadingZero(p, 3)}`;
}

/**
 * A confidence interval in APA 7 form, "95% CI [0.09, 0.87]"; `noLeadingZero` for bounded measures.
 *
 * @example
 * fmtCI(0.09, 0.87) // "95% CI [0.09, 0.87]"
 */
export function fmtCI(lower: number, upper: number, level = 0.95, digits = 2, noLeadingZero = false): string {
  const f = noLeadingZero ? fmtNoLeadingZero : fmt;
  return `${fmtLevel(level)} CI [${f(lower, digits)}, ${f(upper, digits)}]`;
}

/**
 * A confidence level as a percentage without trailing zeros: 0.95 → "95%", 0.9 → "90%", 0.975 → "97.5%".
 *
 * @example
 * fmtLevel(0.9) // "90%"
 */
export function fmtLevel(level: number): string {
  return `${+(level * 100).toFixed(2)}%`;
}

/**
 * Degrees of freedom: integers as integers, Welch-type (fractional) df to two decimals.
 *
 * @example
 * fmtDf(7)        // "7"
 * fmtDf(13.36823) // "13.37"
 */
export function fmtDf(df: number): string {
  return Number.isInteger(df) ? String(df) : fmt(df, 2);
}
