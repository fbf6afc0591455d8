/**
 * Scores out the way SPSS and R users continue: one row per participant, one column per
 * instrument × scale × wave (`nosik_total_T1`, `nosik_total_T2`, `psoc_efficacy_T1` …), beside the
 * long table of `scoresToRows`. Column names are valid SPSS and R names (the instrument's column
 * prefix, the scale id, the wave). Each column carries a label (`NOSIK total score, T1`) and the
 * table carries value labels for the coded columns, so `spssSyntax` (src/util/sps-write.ts) can
 * write a syntax file that reads the CSV with labels.
 */
import type { ScoreRow } from '../data/types.js';
import type { SpsVariable } from '../util/sps-write.js';
import { defaultInstruments, type InstrumentRegistry } from './registry.js';

/** Numeric group codes of the wide table (`group_code`), with their labels. */
export const GROUP_CODES: Readonly<Record<string, { code: number; label: string; labelNl: string }>> = {
  homestart: { code: 1, label: 'Home-Start', labelNl: 'Home-Start' },
  control: { code: 2, label: 'comparison group', labelNl: 'vergelijkingsgroep' },
  norm: { code: 3, label: 'norm group', labelNl: 'normgroep' },
};

export interface WideScores {
  columns: string[];
  rows: Array<Record<string, string | number | null>>;
  /** Per column: label, type and value labels (for SPSS syntax and documentation). */
  variables: SpsVariable[];
}

function waveOrder(a: string, b: string): number {
  return Number(a.slice(1)) - Number(b.slice(1));
}

/**
 * Turns score rows (one per participant × wave × scale) into a wide table (one row per
 * participant). Missing scores are empty cells (null). Covariates take the participant's first
 * non-missing value in wave order. Groups also get a numeric `group_code` (1 Home-Start,
 * 2 comparison, 3 norm; other labels numbered after them) for SPSS's GLM and R's factors.
 * @example
 * const w = scoresToWide(scoreRecords(records).scores);
 * w.columns.slice(0, 3) // ['participant_id', 'group', 'group_code']
 * w.columns.includes('nosik_total_T1') // true
 */
export function scoresToWide(scores: readonly ScoreRow[], registry: InstrumentRegistry = defaultInstruments(), options: { lang?: 'en' | 'nl' } = {}): WideScores {
  const nl = options.lang === 'nl';
  const waves = [...new Set(scores.map((s) => s.wave))].sort(waveOrder);
  const groups = [...new Set(scores.map((s) => s.group))];
  const codes = new Map<string, number>();
  let next = 4;
  for (const g of groups) codes.set(g, GROUP_CODES[g]?.code ?? next++);
  // score columns in registry order: instrument, scale, wave
  const present = new Set(scores.map((s) => `${s.instrument}\u0000${s.scale}\u0000${s.wave}`));
  const scoreCols: Array<{ key: string; name: string; label: string }> = [];
  for (const def of registry.list()) {
    for (const sc of def.scales) {
      for (const w of waves) {
        const key = `${def.id}\u0000${sc.id}\u0000${w}`;
        if (!present.has(key)) continue;
        const name = `${def.columnPrefix}_${sc.id}_${w}`.replace(/[^A-Za-z0-9_]/g, '_');
        scoreCols.push({ key, name, label: `${def.columnPrefix.toUpperCase()}: ${(nl ? sc.labelNl : undefined) ?? sc.label}, ${w}` });
      }
    }
  }
  const covNames = [...new Set(scores.flatMap((s) => Object.keys(s.covariates)))].sort();
  const byPid = new Map<string, Record<string, string | number | null>>();
  const sorted = [...scores].sort((a, b) => waveOrder(a.wave, b.wave));
  for (const s of sorted) {
    let row = byPid.get(s.participantId);
    if (!row) {
      row = { participant_id: s.participantId, group: s.group, group_code: codes.get(s.group)! };
      for (const c of covNames) row[c] = null;
      for (const c of scoreCols) row[c.name] = null;
      byPid.set(s.participantId, row);
    }
    for (const c of covNames) if (row[c] === null && s.covariates[c] !== undefined && s.covariates[c] !== null) row[c] = s.covariates[c];
    const col = scoreCols.find((c) => c.key === `${s.instrument}\u0000${s.scale}\u0000${s.wave}`);
    if (col) row[col.name] = s.score;
  }
  const rows = [...byPid.values()];
  const groupLabels = Object.fromEntries(groups.map((g) => [codes.get(g)!, GROUP_CODES[g] ? (nl ? GROUP_CODES[g].labelNl : GROUP_CODES[g].label) : g]));
  const variables: SpsVariable[] = [
    { name: 'participant_id', label: nl ? 'Deelnemer (pseudoniem)' : 'Participant (pseudonymous id)', type: 'string', width: Math.max(8, ...rows.map((r) => Buffer.byteLength(String(r.participant_id)))) },
    { name: 'group', label: nl ? 'Groep' : 'Group', type: 'string', width: Math.max(8, ...groups.map((g) => Buffer.byteLength(g))) },
    { name: 'group_code', label: nl ? 'Groep (code)' : 'Group (code)', type: 'numeric', decimals: 0, valueLabels: groupLabels, level: 'nominal' },
  ];
  for (const c of covNames) {
    const numeric = rows.every((r) => r[c] === null || typeof r[c] === 'number');
    if (numeric) {
      const v: SpsVariable = { name: c, type: 'numeric', decimals: 2 };
      if (c === 'single_parent') {
        v.label = nl ? 'Alleenstaande ouder' : 'Single parent';
        v.decimals = 0;
        v.valueLabels = nl ? { 0: 'nee', 1: 'ja' } : { 0: 'no', 1: 'yes' };
        v.level = 'nominal';
      } else if (c === 'age') v.label = nl ? 'Leeftijd (jaren)' : 'Age (years)';
      variables.push(v);
    } else variables.push({ name: c, type: 'string', width: Math.max(8, ...rows.map((r) => Buffer.byteLength(String(r[c] ?? '')))) });
  }
  for (const c of scoreCols) variables.push({ name: c.name, label: c.label, type: 'numeric', decimals: 2 });
  return { columns: variables.map((v) => v.name), rows, variables };
}
