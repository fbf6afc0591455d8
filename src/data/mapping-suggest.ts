/**
 * A first contact that guides. When a researcher's file does not match, they get one summary —
 * what was recognised, what was not, the most likely layout, what to do next — instead of one
 * warning per column or per row, and `suggestMapping` writes a mapping file to check and edit
 * (`validate --suggest-mapping OUT.json`).
 *
 * Nothing is guessed silently: the suggestion only contains what the loader itself recognised
 * (id, group, wave and date columns; wave markers as `waveSuffixes`), and, clearly marked in its
 * `description`, what needs a decision: group values it could not place (left empty, so the
 * mapping is refused until they are filled in) and values that look like missing-value codes
 * (99, -9, 999 …) found outside the allowed ranges.
 */
import type { DataIssue } from './issues.js';
import type { MeasurementLoadResult, WideMapping } from './measurements.js';

/** Values that researchers use as missing-value codes: 9, 99, 999, 8, 98, 88, 97, 998, negative codes. */
const CODE_LIKE = /^(?:-[1-9]\d{0,2}|9{2,4}|8{2,3}|9[78]|99[78]|-?0*9)$/;

export interface FirstContact {
  /** Sentences for the summary. */
  lines: string[];
  /** Whether the summary is worth showing (the file does not simply load clean). */
  needed: boolean;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Values outside the allowed ranges that look like missing-value codes, with their counts. */
export function codeLikeValues(issues: readonly DataIssue[]): Array<{ value: string; count: number }> {
  const counts = new Map<string, number>();
  for (const i of issues) {
    if (i.rule !== 'out-of-range' || i.value === undefined) continue;
    const v = i.value.trim().replace(/[.,]0+$/, '');
    if (CODE_LIKE.test(v)) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count);
}

/** Group values that were not recognised, with their counts. */
function unknownGroups(issues: readonly DataIssue[]): Array<{ value: string; count: number }> {
  const counts = new Map<string, number>();
  for (const i of issues) if (i.rule === 'unknown-group' && i.value !== undefined) counts.set(i.value.trim(), (counts.get(i.value.trim()) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count }));
}

/**
 * One summary of how a file was read and what to do next.
 * @example firstContact(await loadMeasurements('export.csv')).lines[0]
 * // 'Recognised: id "respnr", group "groep", 50 measurement columns (nosik at T1, T2) …'
 */
export function firstContact(result: MeasurementLoadResult): FirstContact {
  const c = result.columns;
  const lines: string[] = [];
  if (!c) return { lines, needed: false };
  const parts: string[] = [];
  if (c.id) parts.push(`id "${c.id}"`);
  if (c.group) parts.push(`group "${c.group}"`);
  if (c.wave) parts.push(`wave "${c.wave}"`);
  if (c.date) parts.push(`date "${c.date}"`);
  if (c.covariates.length) parts.push(`covariates ${c.covariates.map((x) => `"${x}"`).join(', ')}`);
  const instruments = [...new Set(c.measures.map((m) => m.instrument))];
  const waves = [...new Set(c.measures.map((m) => m.wave).filter(Boolean))];
  if (c.measures.length) parts.push(`${plural(c.measures.length, 'measurement column')} (${instruments.join(', ')}${waves.length ? ` at ${waves.join(', ')}` : ''})`);
  lines.push(`Recognised: ${parts.length ? parts.join(', ') : 'nothing'}.`);
  if (c.waveMarkers.length) lines.push(`Waves from column names: ${c.waveMarkers.map((w) => `${w.marker} → ${w.label}`).join(', ')}.`);
  if (c.unknown.length) lines.push(`Not recognised (ignored): ${c.unknown.slice(0, 15).map((x) => `"${x}"`).join(', ')}${c.unknown.length > 15 ? `, … (${c.unknown.length} in all)` : ''}.`);
  lines.push(`Most likely layout: ${result.layout.description}.`);
  const hints: string[] = [];
  if (!c.id) hints.push('name the participant-id column (pseudonymous codes only) as "id" in a mapping, or rename it to participant_id');
  if (!c.group) hints.push('name the group column as "group" in a mapping, or give "defaultGroup" when all participants are in one group');
  const groups = unknownGroups(result.issues);
  if (groups.length) hints.push(`say which group the values ${groups.map((g) => `"${g.value}" (${g.count}×)`).join(', ')} stand for in "groupValues" (homestart, control or norm)`);
  const codes = codeLikeValues(result.issues);
  if (codes.length) hints.push(`the values ${codes.map((x) => `${x.value} (${x.count}×)`).join(', ')} lie outside the allowed ranges and look like missing-value codes: if they are, declare them with --missing ${codes.map((x) => x.value).join(',')} (or "missing" in a mapping); if not, they are typing errors to correct`);
  if (!c.measures.length) hints.push('rename the item columns to the instrument\'s names (nosik_01 or nosik1, psoc_total …) in "columns" of a mapping');
  if (hints.length) lines.push(`To do: ${hints.join('; ')}.`);
  if (hints.length || c.unknown.length > 3) lines.push('--suggest-mapping OUT.json writes a mapping file with what was recognised, to check and edit.');
  const needed = hints.length > 0 || c.unknown.length > 3 || result.records.length === 0;
  return { lines, needed };
}

/**
 * A mapping file for this result, to check and edit: what the loader recognised, plus what needs a
 * decision (empty group values; suggested missing codes), said in its `description`.
 * @example suggestMapping(result) // { description: '…', layout: 'wide', id: 'respnr', group: 'groep', waveSuffixes: { T1: ['_voormeting'], T2: ['_nameting'] } }
 */
export function suggestMapping(result: MeasurementLoadResult): WideMapping & { description: string } {
  const c = result.columns;
  const notes: string[] = [`Suggested for ${result.file} by homestart-impact --suggest-mapping: check every line and remove what is wrong (see docs/data-formats.md).`];
  const m: WideMapping & { description: string } = { description: '', layout: result.layout.kind };
  if (c?.id) m.id = c.id;
  else notes.push('No participant-id column was recognised: add "id": "<column>".');
  if (c?.group) m.group = c.group;
  else notes.push('No group column was recognised: add "group": "<column>", or "defaultGroup": "homestart" when everyone is in one group.');
  if (c?.wave) m.wave = c.wave;
  if (c?.date) m.date = c.date;
  if (c && result.layout.kind === 'wide' && c.waveMarkers.length) {
    const ws: Record<string, string[]> = {};
    for (const w of c.waveMarkers) (ws[w.label] ??= []).push(`_${w.marker}`);
    // columns without a marker (nosik_01) belong to T1, as the loader reads them
    if (c.measures.some((x) => x.wave === 'T1' && !c.waveMarkers.some((w) => x.column.toLowerCase().endsWith(w.marker)))) (ws.T1 ??= []).push('');
    m.waveSuffixes = ws;
  }
  const groups = unknownGroups(result.issues);
  if (groups.length) {
    m.groupValues = Object.fromEntries(groups.map((g) => [g.value, '']));
    notes.push(`Fill in "groupValues": which group (homestart, control, norm) each value stands for; the file is refused until every value is filled in.`);
  }
  const codes = codeLikeValues(result.issues);
  if (codes.length) {
    m.missing = codes.map((x) => Number(x.value.replace(',', '.')));
    notes.push(`"missing" lists values found outside the allowed ranges that look like missing-value codes (${codes.map((x) => `${x.value}: ${x.count}×`).join(', ')}); keep only real codes — any other value is a typing error to correct in the data.`);
  }
  if (c?.unknown.length) notes.push(`Columns not recognised: ${c.unknown.join(', ')}. Map the ones that hold measurements in "columns", e.g. {"stress_q1": "nosik_01"}.`);
  m.description = notes.join(' ');
  return m;
}
