/**
 * Column names as SPSS and Excel exports have them. A researcher's file rarely says `nosik_01`;
 * it says `nosik1`, `NOSIK_1`, `nosik.01`, `nosik_1_voormeting`, `nosik_tot_nameting` or
 * `psoc_totaal_t2`. This module reads such names into (instrument, item or scale, wave marker),
 * and turns the wave markers found in one file into wave labels T1, T2, … — saying how, and
 * reporting (never guessing) what is ambiguous.
 *
 * Recognised, case-insensitively, with `_`, `.`, `-` or nothing between the parts:
 * - items, padded or not: `nosik1`, `nosik_1`, `NOSIK_01`, `nosik.01`, `pdh_f1` (letter + number ids);
 * - scales by id, and totals as `tot`, `totaal`, `totaalscore`, `total`, `totalscore`;
 * - a wave marker at the end: Dutch `voormeting`, `tussenmeting`, `nameting`, `follow-up`
 *   (`followup`, `fu`), English `pre`, `baseline`, `mid`, `post`; numbered `t0`/`t1`/`t2`, `w1`,
 *   `wave1`, `meting1`; or a bare number after a complete item or scale (`nosik_1_2` = item 1, wave 2;
 *   `nosik_tot_1` = total, wave 1);
 * - date columns per wave: `datum_voormeting`, `date_t2`.
 *
 * Wave markers become labels per file: named markers in their natural order (voormeting/pre →
 * tussenmeting/mid → nameting/post → follow-up) get T1, T2, … in that order; numbered markers keep
 * their number, shifted by one when the file counts from t0 (t0 → T1, said in a note). A file that
 * mixes named and numbered markers is ambiguous: those columns are reported and left out.
 */
import type { ColumnRef, InstrumentRegistry } from '../instruments/registry.js';

/** Named wave markers and their rank in a study's natural order. */
const NAMED_MARKERS: ReadonlyArray<[RegExp, number, string]> = [
  [/^(?:voormeting|vm|pre|pretest|voor|baseline|begin|start|intake)$/, 1, 'before'],
  [/^(?:tussenmeting|tm|mid|midden|tussen)$/, 2, 'between'],
  [/^(?:nameting|nm|post|posttest|na|eind|einde|end)$/, 3, 'after'],
  [/^(?:follow_?up|fu|followup|vervolgmeting|vervolg)$/, 4, 'follow-up'],
];

const NUMBERED_MARKER = /^(?:t|w|wave|meting|m|time|tijdstip)_?0*(\d{1,2})$/;
const BARE_NUMBER = /^0*(\d{1,2})$/;

const TOTAL_ALIASES = new Set(['tot', 'totaal', 'totaalscore', 'total', 'totalscore', 'totaal_score', 'total_score', 'som', 'sum']);
const DATE_WORDS = new Set(['date', 'datum', 'meetdatum', 'measurement_date', 'invuldatum']);

export type WaveMarker = { kind: 'named'; rank: number; text: string } | { kind: 'numbered'; n: number; text: string; bare: boolean };

/** A column read as an instrument's item or scale, with its wave marker (if any). */
export interface ColumnReading {
  ref: ColumnRef;
  marker?: WaveMarker;
}

function parseMarker(text: string, bareAllowed: boolean): WaveMarker | undefined {
  for (const [re, rank] of NAMED_MARKERS) if (re.test(text)) return { kind: 'named', rank, text };
  let m = NUMBERED_MARKER.exec(text);
  if (m) return { kind: 'numbered', n: Number(m[1]), text, bare: false };
  if (bareAllowed) {
    m = BARE_NUMBER.exec(text);
    if (m) return { kind: 'numbered', n: Number(m[1]), text, bare: true };
  }
  return undefined;
}

/** Normalised name → its parts: separators collapsed to `_`, lower case. */
function norm(name: string): string {
  return name.trim().toLowerCase().replace(/[\s\-./]+/g, '_').replace(/_+/g, '_');
}

/**
 * Splits a trailing wave marker off a normalised name: `nosik_1_voormeting` → [`nosik_1`, marker].
 * The bare-number form (`_2`) only counts when what is left is itself a complete column.
 */
function splitMarker(name: string, complete: (base: string) => boolean): Array<{ base: string; marker?: WaveMarker }> {
  const out: Array<{ base: string; marker?: WaveMarker }> = [];
  const parts = name.split('_');
  for (let k = parts.length - 1; k >= 1; k--) {
    const base = parts.slice(0, k).join('_');
    const tail = parts.slice(k).join('_');
    const marker = parseMarker(tail, true);
    if (!marker) continue;
    if (marker.kind === 'numbered' && marker.bare && !complete(base)) continue;
    out.push({ base, marker });
  }
  // markers glued to the name: nosik1pre, nosik_tot_t1 is handled above; `nosik1t1` is rare → not supported
  return out;
}

/**
 * Reads one column name (without its wave marker) as an item or scale of a known instrument:
 * `nosik1`, `NOSIK_01`, `nosik.1`, `nosik_tot`, `psoc_totaal`, `pdh_f1`.
 * @example readMeasurementName('NOSIK.1', defaultInstruments()) // { instrument: 'nosik', kind: 'item', id: '01' }
 */
export function readMeasurementName(name: string, reg: InstrumentRegistry): ColumnRef | undefined {
  const n = norm(name);
  const exact = reg.resolveColumn(n);
  if (exact) return exact;
  let best: ColumnRef | undefined;
  let bestLen = -1;
  for (const def of reg.list()) {
    const prefix = norm(def.columnPrefix);
    if (!n.startsWith(prefix) || prefix.length <= bestLen) continue;
    const rest = n.slice(prefix.length).replace(/^_/, '');
    if (rest === '') continue;
    let ref: ColumnRef | undefined;
    const m = /^([a-z]*)_?0*(\d+)$/.exec(rest);
    if (m) {
      const letters = m[1];
      const num = Number(m[2]);
      const item = def.items.find((it) => {
        const im = /^([a-z]*)0*(\d+)$/i.exec(it.id);
        return !!im && im[1].toLowerCase() === letters && Number(im[2]) === num;
      });
      if (item) ref = { instrument: def.id, kind: 'item', id: item.id };
    }
    if (!ref) {
      const scale = def.scales.find((s) => norm(s.id) === rest) ?? (TOTAL_ALIASES.has(rest) ? def.scales.find((s) => s.id === 'total') : undefined);
      if (scale) ref = { instrument: def.id, kind: 'scale', id: scale.id };
    }
    if (ref) {
      best = ref;
      bestLen = prefix.length;
    }
  }
  return best;
}

/** What {@link recogniseColumns} found in one header. */
export interface ColumnRecognition {
  /** Header index → reading (only columns read as an item or scale). */
  measures: Map<number, { ref: ColumnRef; wave?: { label: string; index: number }; marker?: string }>;
  /** Header index → wave of a per-wave date column (`datum_voormeting`). */
  dates: Map<number, { label: string; index: number }>;
  /** Wave marker as written → wave label, in wave order (empty when the file has no markers). */
  waves: Array<{ marker: string; label: string }>;
  /** Sentences about how markers were read (e.g. the t0 shift). */
  notes: string[];
  /** Columns that could be read more than one way, with the reason; they are left out. */
  ambiguous: Array<{ index: number; column: string; why: string }>;
}

/**
 * Reads every column of a header (already renamed by a mapping) as item/scale + wave marker, and
 * assigns the file's wave markers to T1, T2, … (see the module comment). `skip` are indexes already
 * used (id, group, …). With `markers: false` (a file with a wave column) a marker is not expected:
 * such columns are left unread.
 * @example
 * const r = recogniseColumns(['respnr', 'nosik_1_voormeting', 'nosik_1_nameting'], defaultInstruments(), new Set([0]));
 * r.waves // [{ marker: 'voormeting', label: 'T1' }, { marker: 'nameting', label: 'T2' }]
 */
export function recogniseColumns(header: readonly string[], reg: InstrumentRegistry, skip: ReadonlySet<number>, markers = true): ColumnRecognition {
  const out: ColumnRecognition = { measures: new Map(), dates: new Map(), waves: [], notes: [], ambiguous: [] };
  const found: Array<{ index: number; ref?: ColumnRef; date?: boolean; marker?: WaveMarker }> = [];
  header.forEach((col, index) => {
    if (skip.has(index)) return;
    const n = norm(col);
    const whole = readMeasurementName(n, reg);
    if (whole) {
      // `nosik_12` is item 12 even though `nosik_1` + `_2` could be item 1, wave 2: the whole name wins
      // unless the split reading is the only one consistent with an existing wave-suffixed sibling;
      // that case is reported as ambiguous below when both readings exist in the file.
      found.push({ index, ref: whole });
      return;
    }
    if (!markers) return;
    for (const { base, marker } of splitMarker(n, (b) => !!readMeasurementName(b, reg))) {
      const ref = readMeasurementName(base, reg);
      if (ref) {
        found.push({ index, ref, marker });
        return;
      }
      if (DATE_WORDS.has(base)) {
        found.push({ index, date: true, marker });
        return;
      }
    }
  });

  // Assign markers to waves.
  const named = found.filter((f) => f.marker?.kind === 'named');
  const numbered = found.filter((f) => f.marker?.kind === 'numbered');
  let mixed = false;
  if (named.length && numbered.length) {
    mixed = true;
    const which = numbered.filter((f) => f.ref).length >= named.filter((f) => f.ref).length ? named : numbered;
    const kind = which === named ? 'named (voormeting, nameting, …)' : 'numbered (t1, _2, …)';
    for (const f of which) out.ambiguous.push({ index: f.index, column: header[f.index], why: `the file mixes named and numbered wave markers; this ${kind} marker could be any wave, so the column was left out — declare "waveSuffixes" in a mapping` });
    for (const f of which) f.marker = undefined, f.ref = undefined, f.date = false;
  }
  const waveOf = new Map<string, { label: string; index: number }>();
  const namedRanks = [...new Set(named.filter((f) => f.marker).map((f) => (f.marker as { rank: number }).rank))].sort((a, b) => a - b);
  if (!mixed || named.some((f) => f.marker)) {
    for (const f of named) {
      if (!f.marker) continue;
      const m = f.marker as { rank: number; text: string };
      const k = namedRanks.indexOf(m.rank) + 1;
      waveOf.set(m.text, { label: `T${k}`, index: k });
    }
  }
  const nums = numbered.filter((f) => f.marker).map((f) => (f.marker as { n: number }).n);
  if (nums.length) {
    const shift = Math.min(...nums) === 0 ? 1 : 0;
    if (shift) out.notes.push('wave markers in column names count from 0 (t0, t1, …); they were read as T1, T2, … (t0 → T1). Declare "waveSuffixes" in a mapping to read them otherwise.');
    for (const f of numbered) {
      if (!f.marker) continue;
      const m = f.marker as { n: number; text: string };
      const k = m.n + shift;
      if (k >= 1 && k <= 99) waveOf.set(m.text, { label: `T${k}`, index: k });
    }
  }
  // Same item read both with and without a bare-number marker (nosik_1 + nosik_1_2 + nosik_12): report.
  for (const f of found) {
    if (!f.ref && !f.date) continue;
    const wave = f.marker ? waveOf.get(f.marker.text) : undefined;
    if (f.marker && !wave) continue;
    if (f.date) {
      if (wave) out.dates.set(f.index, wave);
      continue;
    }
    out.measures.set(f.index, { ref: f.ref!, ...(wave ? { wave, marker: f.marker!.text } : {}) });
  }
  out.waves = [...waveOf.entries()].map(([marker, w]) => ({ marker, label: w.label })).sort((a, b) => Number(a.label.slice(1)) - Number(b.label.slice(1)) || a.marker.localeCompare(b.marker));
  const labels = new Map<string, string[]>();
  for (const w of out.waves) labels.set(w.label, [...(labels.get(w.label) ?? []), w.marker]);
  for (const [label, ms] of labels) if (ms.length > 1 && ms.some((m) => parseMarker(m, false)?.kind === 'named')) out.notes.push(`wave markers ${ms.join(' and ')} were both read as ${label}.`);
  return out;
}

/** Id column names as exports have them (compared after lower-casing, separators as `_`). */
export const ID_COLUMN_NAMES: readonly string[] = ['respnr', 'resp_nr', 'respondentnummer', 'respondentnr', 'respondent_nr', 'client', 'cliënt', 'client_id', 'clientnummer', 'clientnr', 'client_nr', 'deelnemernummer', 'deelnemer_nr', 'deelnemernr', 'volgnummer', 'case', 'case_id', 'caseid', 'casenr', 'gezinsnummer', 'gezinsnr', 'subject', 'subject_id', 'proefpersoon', 'pp', 'ppnr', 'pp_nr'];

/**
 * A wave column's value written as a word: `voormeting`, `pre`, `baseline` → T1; `nameting`,
 * `post` → T2; `follow-up` → T3. `tussenmeting` (which would shift nameting) and `t0` are not
 * guessed: they need `waveValues` in a mapping.
 * @example namedWaveValue('Nameting') // { label: 'T2', index: 2 }
 */
export function namedWaveValue(text: string): { label: string; index: number } | undefined {
  const m = parseMarker(norm(text), false);
  if (!m || m.kind !== 'named' || m.rank === 2) return undefined;
  const index = m.rank === 1 ? 1 : m.rank === 3 ? 2 : 3;
  return { label: `T${index}`, index };
}
