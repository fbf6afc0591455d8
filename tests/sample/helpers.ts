/**
 * Test helpers for the sample data: parse the generated CSV text back into rows and compute scale
 * scores directly from the items (reverse keys from the JSON definitions), independent of the
 * scoring engine. Mean of answered items; null when more than `maxMissing` (default 0 → any) items are missing.
 */
import type { InstrumentDefinition } from '../../src/instruments/types.js';

export interface ParsedRow {
  [column: string]: string;
}

export interface ParsedFile {
  comment: string;
  header: string[];
  rows: ParsedRow[];
}

/** Parses the simple comma-delimited sample format (no quoted fields are ever written). */
export function parseSampleCsv(text: string): ParsedFile {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const comment = lines[0];
  const header = lines[1].split(',');
  const rows = lines.slice(2).map((l) => {
    const cells = l.split(',');
    if (cells.length !== header.length) throw new Error(`ragged row: ${l.slice(0, 40)}`);
    const r: ParsedRow = {};
    header.forEach((h, i) => (r[h] = cells[i]));
    return r;
  });
  return { comment, header, rows };
}

/** Mean item score of a scale after reverse keying, or null when fewer than `minAnswered` items are answered. */
export function scaleMean(row: ParsedRow, def: InstrumentDefinition, scaleId: string, minAnswered = 1): number | null {
  const scale = def.scales.find((s) => s.id === scaleId);
  if (!scale) throw new Error(`no scale ${scaleId} in ${def.id}`);
  let sum = 0;
  let n = 0;
  for (const id of scale.items) {
    const item = def.items.find((i) => i.id === id)!;
    const range = item.response ?? def.response;
    const cell = row[`${def.columnPrefix}_${id}`];
    if (cell === undefined || cell === '') continue;
    const x = Number(cell);
    sum += item.reverse ? range.min + range.max - x : x;
    n++;
  }
  return n >= minAnswered ? sum / n : null;
}

export function meanOf(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function sdOf(xs: number[]): number {
  const m = meanOf(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
}

/**
 * Cronbach's alpha over complete cases: k/(k−1)·(1 − Σ var(itemᵢ) / var(total)) (Cronbach, 1951).
 */
export function cronbachAlpha(rows: ParsedRow[], def: InstrumentDefinition, scaleId: string): number {
  const scale = def.scales.find((s) => s.id === scaleId)!;
  const cols = scale.items.map((id) => `${def.columnPrefix}_${id}`);
  const complete = rows.filter((r) => cols.every((c) => r[c] !== '' && r[c] !== undefined));
  const k = cols.length;
  const itemVars = cols.map((c) => sdOf(complete.map((r) => Number(r[c]))) ** 2);
  const totals = complete.map((r) =>
    scale.items.reduce((a, id) => {
      const item = def.items.find((i) => i.id === id)!;
      const range = item.response ?? def.response;
      const x = Number(r[`${def.columnPrefix}_${id}`]);
      return a + (item.reverse ? range.min + range.max - x : x);
    }, 0),
  );
  return (k / (k - 1)) * (1 - itemVars.reduce((a, b) => a + b, 0) / sdOf(totals) ** 2);
}

/** Scale means per participant at one wave, for one group. */
export function scoresAt(rows: ParsedRow[], def: InstrumentDefinition, scaleId: string, group: string, wave: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) {
    if (r.group !== group || r.wave !== wave) continue;
    const s = scaleMean(r, def, scaleId);
    if (s !== null) out.set(r.participant_id, s);
  }
  return out;
}

/** Mean change (wave b − wave a) among participants with both, divided by the SD at wave a (all at wave a). */
export function standardizedChange(rows: ParsedRow[], def: InstrumentDefinition, scaleId: string, group: string, a: string, b: string): number {
  const pre = scoresAt(rows, def, scaleId, group, a);
  const post = scoresAt(rows, def, scaleId, group, b);
  const diffs: number[] = [];
  for (const [id, x] of pre) {
    const y = post.get(id);
    if (y !== undefined) diffs.push(y - x);
  }
  return meanOf(diffs) / sdOf([...pre.values()]);
}
