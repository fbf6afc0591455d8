/**
 * The issues of a file as lines for the terminal, grouped by rule (shared by the commands that read measurement
 * files and those that read registration files). Its own module: the report and evaluation commands use it without
 * loading the measurement loader.
 */
import type { DataIssue } from '../../data/issues.js';

/**
 * Issues of the same rule in the same column are shown three at a time, then counted: 24 rows with
 * the same unknown group give three messages and "… and 21 more like these (rows …)".
 */
export function groupedIssues(issues: readonly DataIssue[], show = 3): string[] {
  const groups = new Map<string, DataIssue[]>();
  for (const i of issues) {
    // value problems group by value (99 in ten columns is one story), others by column
    const byValue = i.value !== undefined && (i.rule === 'out-of-range' || i.rule === 'not-a-number' || i.rule === 'not-an-integer');
    const k = byValue ? `${i.rule}\u0000=${i.value}` : `${i.rule}\u0000${i.column ?? ''}`;
    const g = groups.get(k);
    if (g) g.push(i);
    else groups.set(k, [i]);
  }
  const out: string[] = [];
  for (const g of groups.values()) {
    const shown = g.length > show + 2 ? g.slice(0, show) : g;
    for (const i of shown) out.push(`  ${i.message}`);
    const rest = g.slice(shown.length);
    if (rest.length) {
      const rows = rest.map((i) => i.row).filter((r): r is number => r !== undefined);
      const sameColumn = g.every((i) => i.column === g[0].column);
      const what = sameColumn && g[0].column ? `, column "${g[0].column}"` : g[0].value !== undefined ? `, value "${g[0].value.trim()}"` : '';
      out.push(`  … and ${rest.length} more like these (rule ${g[0].rule}${what}${rows.length ? `; rows ${[...new Set(rows)].slice(0, 10).join(', ')}${new Set(rows).size > 10 ? ', …' : ''}` : ''}).`);
    }
  }
  return out;
}

