/**
 * SPSS syntax (.sps) that reads a CSV written by this toolkit into SPSS or PSPP with variable and
 * value labels, so a researcher continues in SPSS without retyping anything:
 * `GET DATA /TYPE=TXT` with each variable's format, `VARIABLE LABELS`, `VALUE LABELS`, and
 * `SET DECIMAL=COMMA` when the CSV was written for Dutch Excel. Checked by running it in PSPP
 * (tests/util/sps-write.test.ts).
 */

/** One variable of the CSV, as SPSS should read it. */
export interface SpsVariable {
  name: string;
  label?: string;
  type: 'numeric' | 'string';
  /** Strings: width in bytes (UTF-8). */
  width?: number;
  /** Numerics: decimals shown (F format). */
  decimals?: number;
  /** Value → label (numeric codes or strings). */
  valueLabels?: Record<string | number, string>;
  /** Measurement level (SPSS's default for numerics is scale). */
  level?: 'nominal' | 'ordinal' | 'scale';
}

export interface SpsOptions {
  /** The CSV file name as SPSS should open it (relative to the working folder, or absolute). */
  csvFile: string;
  /** CSV delimiter (default `,`). */
  delimiter?: ',' | ';' | '\t';
  /** Decimal separator of the CSV (default `.`). */
  decimal?: '.' | ',';
  /** First line comment. */
  title?: string;
  /** Dataset name for `DATASET NAME` (default `scores`). */
  dataset?: string;
}

/** Quotes a string for SPSS syntax ('…', doubled quotes). */
export function spsQuote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/**
 * Writes the syntax text.
 * @example
 * spssSyntax([{ name: 'group_code', type: 'numeric', decimals: 0, valueLabels: { 1: 'Home-Start' } }], { csvFile: 'w.csv' }).includes("VALUE LABELS group_code 1 'Home-Start'.") // true
 */
export function spssSyntax(variables: readonly SpsVariable[], options: SpsOptions): string {
  const delim = options.delimiter ?? ',';
  const lines: string[] = [];
  lines.push(`* ${options.title ?? 'Reads the wide score table written by homestart-impact, with variable and value labels'}.`);
  lines.push(`* Run from the folder of ${options.csvFile} (or put its full path in FILE=).`);
  if ((options.decimal ?? '.') === ',') lines.push('SET DECIMAL=COMMA.');
  else lines.push('SET DECIMAL=DOT.');
  lines.push('GET DATA');
  lines.push('  /TYPE=TXT');
  lines.push(`  /FILE=${spsQuote(options.csvFile)}`);
  lines.push("  /ENCODING='UTF8'");
  lines.push('  /ARRANGEMENT=DELIMITED');
  lines.push('  /FIRSTCASE=2');
  lines.push(`  /DELIMITERS=${spsQuote(delim === '\t' ? '\\t' : delim)}`);
  lines.push(`  /QUALIFIER='"'`);
  lines.push('  /VARIABLES=');
  for (const v of variables) lines.push(`    ${v.name} ${v.type === 'string' ? `A${Math.max(1, v.width ?? 8)}` : `F12.${v.decimals ?? 2}`}`);
  lines[lines.length - 1] += '.';
  lines.push(`DATASET NAME ${options.dataset ?? 'scores'}.`);
  const labelled = variables.filter((v) => v.label);
  if (labelled.length) {
    lines.push('VARIABLE LABELS');
    labelled.forEach((v, i) => lines.push(`  ${v.name} ${spsQuote(v.label!)}${i === labelled.length - 1 ? '.' : ''}`));
  }
  for (const v of variables) {
    if (!v.valueLabels || Object.keys(v.valueLabels).length === 0) continue;
    const pairs = Object.entries(v.valueLabels).map(([k, l]) => `${v.type === 'string' ? spsQuote(k) : k} ${spsQuote(l)}`);
    lines.push(`VALUE LABELS ${v.name} ${pairs.join(' ')}.`);
  }
  for (const level of ['nominal', 'ordinal'] as const) {
    const names = variables.filter((v) => v.level === level).map((v) => v.name);
    if (names.length) lines.push(`VARIABLE LEVEL ${names.join(' ')} (${level.toUpperCase()}).`);
  }
  lines.push('EXECUTE.');
  return `${lines.join('\n')}\n`;
}
