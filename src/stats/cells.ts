/**
 * Reading one table cell as a number for the statistics functions that accept tidy rows
 * (`ancovaFromRows`, `mixedAnovaFromRows`, `linearRegressionFromRows`, …).
 *
 * The statistics stage has its own small rule so that it depends on nothing outside `src/stats`
 * (the loaders in `src/data` validate files with their own, stricter parser before any analysis).
 */

const MISSING_TEXT = new Set(['', 'na', 'n/a', 'nan', '.', 'nvt', 'n.v.t.', 'missing', '#n/a']);
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DECIMAL_COMMA = /^[+-]?\d*,\d+$/;

/**
 * Parses a text cell as a number: surrounding spaces ignored; a decimal point (`3.5`, `1e3`) or one decimal comma
 * (`3,5`) accepted; empty text and the missing markers `NA`, `N/A`, `NaN`, `.`, `nvt`, `n.v.t.`, `missing`, `#N/A`
 * (any case) give null; anything else (thousands separators such as `1.234,5`, words) gives NaN.
 *
 * @example
 * parseNumericText(' 3,5 ') // 3.5
 * parseNumericText('NA')    // null
 * parseNumericText('1.234,5') // NaN
 */
export function parseNumericText(text: string): number | null {
  const s = text.replace(/^[\s\u00a0]+|[\s\u00a0]+$/g, '');
  if (MISSING_TEXT.has(s.toLowerCase())) return null;
  if (PLAIN_NUMBER.test(s)) return Number(s);
  if (DECIMAL_COMMA.test(s)) return Number(s.replace(',', '.'));
  return NaN;
}
