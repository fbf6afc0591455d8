/**
 * Notebook helpers for the annual impact figures (notebook 06): the registration data check as
 * table rows, a published (suppressed) report table as rows for `showTable`, and what a reader can
 * reconstruct from a published breakdown. Nothing here counts or suppresses anything of its own:
 * the figures are `computeFigures` (impact/figures.ts), the publication is `publishFigures`
 * (impact/report.ts), suppression is `suppressCounts` / `suppressBreakdown` (impact/suppression.ts).
 */
import type { RegistrationLoadResult } from '../impact/registration.js';
import { reportCellText, type PublishedFigures, type PublishedTable, type ReportLang } from '../impact/report.js';
import type { PublishedCount } from '../impact/suppression.js';
import { StatsError } from '../stats/result.js';
import { displayBundle, tableBundle, type MimeBundle } from './display.js';

/**
 * The registration data check as table rows: one row per file kind (sites, families, volunteers,
 * trajectories) with the file found, rows read, accepted and rejected (accepted + rejected = rows
 * read), and the number of error and warning issues that name that file.
 *
 * @example
 * const loaded = await loadRegistration('sample-data/registration/local', { referenceDate: '2021-06-30' });
 * registrationCheckRows(loaded)[1]
 * // { kind: 'families', file: 'gezinnen.csv', 'rows read': 29, accepted: 29, rejected: 0, errors: 0, warnings: 0 }
 */
export function registrationCheckRows(loaded: RegistrationLoadResult): Array<Record<string, string | number>> {
  return loaded.files.map((f) => {
    const mine = loaded.issues.filter((i) => f.file !== null && i.file === f.file);
    return {
      kind: f.kind,
      file: f.file ?? '(not found)',
      'rows read': f.rowsRead,
      accepted: f.accepted,
      rejected: f.rejected,
      errors: mine.filter((i) => i.severity === 'error').length,
      warnings: mine.filter((i) => i.severity === 'warning').length,
    };
  });
}

/**
 * One table of a publication by its id (`'kerncijfers'`, `'verwijzers'`, `'locaties'`, …; the ids are
 * the CSV file names the report writes). Throws a `StatsError` naming the ids present when absent.
 *
 * @example
 * impactTable(publishFigures(fig), 'verwijzers').rows.at(-1)!.label // 'Totaal' (nl) / 'Total' (en)
 */
export function impactTable(pub: PublishedFigures, id: string): PublishedTable {
  const t = pub.tables.find((x) => x.id === id);
  if (!t) throw new StatsError(`this publication has no table "${id}"; it has ${pub.tables.map((x) => `"${x.id}"`).join(', ')}.`);
  return t;
}

/**
 * A published table as rows for `showTable`: the first column is the row label, every other column
 * the cell exactly as the HTML report prints it (localised number, "12%", or the mark "<5", "x",
 * "n<5"). Only published values appear: a hidden cell shows its mark, never its count.
 *
 * @example
 * impactTableRows(impactTable(pub, 'vrijwilligers-gender'), 'en')[0]
 * // { Category: 'Woman', '2019 Registered': 'x', '2019 Active in the year': 'x', '2020 Registered': 'x', … } (Dalfsen set, year 2020)
 */
export function impactTableRows(table: PublishedTable, lang: ReportLang = 'nl'): Array<Record<string, string>> {
  const cols = table.columns;
  return table.rows.map((r) => {
    const row: Record<string, string> = { [cols[0]]: r.label };
    r.cells.forEach((c, i) => (row[cols[i + 1] ?? `column ${i + 1}`] = reportCellText(c, lang)));
    return row;
  });
}

/**
 * The MIME bundle of a published table (HTML + plain text), columns in the table's order, captioned
 * with the table's own (localised) title unless `caption` is given.
 */
export function impactTableBundle(table: PublishedTable, options: { lang?: ReportLang; caption?: string } = {}): MimeBundle {
  return tableBundle(impactTableRows(table, options.lang ?? 'nl'), { columns: table.columns, caption: options.caption ?? table.title });
}

/**
 * Shows a published table in the notebook, exactly as the report prints it (see {@link impactTableRows}).
 * @example
 * showImpactTable(impactTable(pub, 'verwijzers'), { lang: 'en' }) // caption "Registered families by referrer"
 */
export function showImpactTable(table: PublishedTable, options: { lang?: ReportLang; caption?: string } = {}): void {
  displayBundle(impactTableBundle(table, options));
}

/** What a reader can work out about each cell of a published 1-D breakdown ({@link breakdownReconstructions}). */
export interface BreakdownReconstruction {
  /** The published total was visible, so the hidden cells have a known sum. */
  bounded: boolean;
  /**
   * Per cell, the smallest and largest count consistent with everything published (a shown cell:
   * its value twice; `Infinity` as the upper end when the total is hidden).
   */
  ranges: Array<[number, number]>;
  /** Per cell: hidden, yet its value follows from the published numbers (range of one value). */
  recovered: boolean[];
  /** Every complete table of counts consistent with the publication (only when `bounded`), up to `limit`. */
  solutions: number[][];
  /** More than `limit` solutions exist (`solutions` holds the first `limit`). */
  truncated: boolean;
}

/**
 * Plays the reader who tries to undo small-cell suppression in a published 1-D breakdown with its
 * total: which counts could the hidden cells hold? A cell marked "<t" (primary) holds 1 … t − 1
 * (0 … t − 1 with `suppressZero`), a cell marked "x" (secondary) holds t or more (secondary cells
 * are never small and never zero; see suppression.ts), and all cells add up to the total.
 *
 * With one equality and box bounds the range of each hidden cell is exact:
 * lo_i' = max(lo_i, S − Σ_{j≠i} hi_j), hi_i' = min(hi_i, S − Σ_{j≠i} lo_j), with S the total minus
 * the shown cells; every whole number in between is attained. `solutions` enumerates the complete
 * tables (depth-first, at most `limit`, default 1000). A hidden cell is *recovered* when its range is
 * one value — what primary suppression alone allows when a single cell is hidden (total − the rest),
 * and what secondary suppression prevents (Hundepool et al. 2012, *Statistical Disclosure Control*, §5.2).
 * Pure arithmetic on the published marks: no R counterpart; the tests check it against brute force.
 *
 * @example
 * // 12, 3, 9 with total 24: primary suppression alone publishes 12, <5, 9 | 24 → the 3 is recovered
 * const b = suppressBreakdown([12, 3, 9]);            // published 12, <5, x | 24
 * breakdownReconstructions(b.cells, b.total!).ranges  // [[12, 12], [1, 4], [8, 11]]
 * breakdownReconstructions(b.cells, b.total!).solutions.length // 4 (12+1+11, 12+2+10, 12+3+9, 12+4+8)
 */
export function breakdownReconstructions(
  cells: readonly PublishedCount[],
  total: PublishedCount,
  options: { threshold?: number; suppressZero?: boolean; limit?: number } = {},
): BreakdownReconstruction {
  const threshold = options.threshold ?? 5;
  if (!Number.isInteger(threshold) || threshold < 1) throw new StatsError(`threshold must be a whole number ≥ 1, got ${threshold}.`);
  const limit = options.limit ?? 1000;
  const lo: number[] = [];
  const hi: number[] = [];
  for (const c of cells) {
    if (c.status === 'shown') {
      if (c.value === null) throw new StatsError('a shown cell must carry its value.');
      lo.push(c.value);
      hi.push(c.value);
    } else if (c.status === 'primary') {
      lo.push(options.suppressZero ? 0 : 1);
      hi.push(threshold - 1);
    } else {
      lo.push(threshold);
      hi.push(Infinity);
    }
  }
  const n = cells.length;
  if (total.status !== 'shown' || total.value === null) {
    const ranges = lo.map((l, i) => [l, hi[i]] as [number, number]);
    return { bounded: false, ranges, recovered: ranges.map(([a, b], i) => cells[i].status !== 'shown' && a === b), solutions: [], truncated: false };
  }
  const S = total.value;
  const sumLo = lo.reduce((a, b) => a + b, 0);
  const sumHi = hi.reduce((a, b) => a + b, 0);
  if (S < sumLo || S > sumHi) throw new StatsError(`the published cells cannot add up to the published total ${S}: the table is inconsistent.`);
  const others = (b: number[], i: number) => b.reduce((a, v, j) => (j === i ? a : a + v), 0); // (Infinity-safe)
  const ranges: Array<[number, number]> = lo.map((l, i) => [Math.max(l, S - others(hi, i)), Math.min(hi[i], S - others(lo, i))]);
  const recovered = ranges.map(([a, b], i) => cells[i].status !== 'shown' && a === b);
  const solutions: number[][] = [];
  let truncated = false;
  const x = new Array<number>(n).fill(0);
  const walk = (i: number, rest: number): void => {
    if (truncated) return;
    if (i === n) {
      if (rest === 0) {
        if (solutions.length >= limit) truncated = true;
        else solutions.push([...x]);
      }
      return;
    }
    // what the cells after i can still absorb
    let restLo = 0;
    let restHi = 0;
    for (let j = i + 1; j < n; j++) {
      restLo += ranges[j][0];
      restHi += ranges[j][1];
    }
    const from = Math.max(ranges[i][0], rest - restHi);
    const to = Math.min(ranges[i][1], rest - restLo);
    for (let v = from; v <= to; v++) {
      x[i] = v;
      walk(i + 1, rest - v);
      if (truncated) return;
    }
  };
  walk(0, S);
  return { bounded: true, ranges, recovered, solutions, truncated };
}
