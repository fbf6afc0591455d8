/**
 * The scoring engine: one function, driven by instrument definitions, turns validated
 * `MeasurementRecord`s into `ScoreRow`s (one per participant × wave × instrument × scale).
 * No instrument has code of its own.
 */
import { makeIssue, type DataIssue } from '../data/issues.js';
import type { MeasurementRecord, ScoreRow } from '../data/types.js';
import type { InstrumentDefinition, ScaleMethod } from './types.js';
import { defaultInstruments, type InstrumentRegistry } from './registry.js';
import { gasTScore } from './gas.js';
import { annotateMissing } from '../data/missing.js';

/** Options of `scoreRecords`. */
export interface ScoreRecordsOptions {
  /**
   * A scale score given in the data that differs from the score computed from the items by more
   * than this (absolute) is reported as `inconsistent` (default 0.01, i.e. rounding to two
   * decimals is tolerated).
   */
  consistencyTolerance?: number;
  /** Score only these instruments (ids or prefixes); other records are skipped silently. */
  instruments?: string[];
}

/** Precomputed per-instrument scoring plan: index arrays and flags, so a record costs no allocations beyond its rows. */
interface ScalePlan {
  id: string;
  /** The scale's column name (`<prefix>_<id>`), for messages. */
  column: string;
  method: ScaleMethod;
  idx: Int32Array;
  maxMissing: number;
  /** For `count`: the raw values that count. */
  countValues: Float64Array;
  min: number;
  max: number;
}

interface Plan {
  def: InstrumentDefinition;
  ids: string[];
  columns: string[];
  lowerIndex: Map<string, number>;
  scaleLower: Map<string, string>;
  min: Float64Array;
  max: Float64Array;
  integer: Uint8Array;
  reverse: Uint8Array;
  scales: ScalePlan[];
  /** Raw values of the current record (NaN = missing). */
  raw: Float64Array;
  /** Reverse-keyed values of the current record (NaN = missing). */
  keyed: Float64Array;
  gas?: { rho: number; maxGoals: number; weights: boolean };
}

const planCache = new WeakMap<InstrumentDefinition, Plan>();

function buildPlan(def: InstrumentDefinition, registry: InstrumentRegistry): Plan {
  const cached = planCache.get(def);
  if (cached) return cached;
  const n = def.items.length;
  const ids = def.items.map((it) => it.id);
  const index = new Map<string, number>();
  const lowerIndex = new Map<string, number>();
  ids.forEach((id, i) => {
    index.set(id, i);
    lowerIndex.set(id.toLowerCase(), i);
  });
  const min = new Float64Array(n);
  const max = new Float64Array(n);
  const integer = new Uint8Array(n);
  const reverse = new Uint8Array(n);
  def.items.forEach((it, i) => {
    const r = it.response ?? def.response;
    min[i] = r.min;
    max[i] = r.max;
    integer[i] = r.integer === false ? 0 : 1;
    reverse[i] = it.reverse ? 1 : 0;
  });
  const scales: ScalePlan[] = def.scales.map((sc) => {
    const range = registry.scaleRange(def.id, sc.id);
    return {
      id: sc.id,
      column: `${def.columnPrefix}_${sc.id}`,
      method: sc.method,
      idx: Int32Array.from(sc.items.map((id) => index.get(id) as number)),
      maxMissing: sc.maxMissing ?? 0,
      countValues: Float64Array.from(sc.countValues ?? []),
      min: range.min,
      max: range.max,
    };
  });
  const plan: Plan = {
    def,
    ids,
    columns: ids.map((id) => `${def.columnPrefix}_${id}`),
    lowerIndex,
    scaleLower: new Map(def.scales.map((s) => [s.id.toLowerCase(), s.id])),
    min,
    max,
    integer,
    reverse,
    scales,
    raw: new Float64Array(n),
    keyed: new Float64Array(n),
  };
  if (def.kind === 'gas') {
    plan.gas = { rho: def.gas?.rho ?? 0.3, maxGoals: def.gas?.maxGoals ?? n, weights: def.gas?.weights !== false };
  }
  planCache.set(def, plan);
  return plan;
}

function fmtNum(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Math.round(x * 1e4) / 1e4);
}

function missingText(missing: number, n: number, maxMissing: number): string {
  const allowed = maxMissing === 0 ? 'none may be prorated' : `at most ${maxMissing} may be prorated`;
  return `${missing} of ${n} items missing; ${allowed}`;
}

/** Per-call state: the issue sink and location helpers. */
class Sink {
  readonly issues: DataIssue[] = [];
  issue(
    severity: 'error' | 'warning',
    rule: DataIssue['rule'],
    rec: MeasurementRecord,
    column: string | undefined,
    value: unknown,
    text: string,
  ): void {
    const where: { file: string; row?: number; column?: string; value?: string } = { file: rec.source?.file ?? '<memory>' };
    const rows = rec.source?.rows ?? [];
    if (rows.length === 1) where.row = rows[0];
    if (column !== undefined) where.column = column;
    if (value !== undefined) where.value = String(value);
    const rowsNote = rows.length > 1 ? ` (rows ${rows.join(', ')})` : '';
    this.issues.push(makeIssue(severity, rule, where, `participant "${rec.participantId}", wave ${rec.wave}${rowsNote}: ${text}`));
  }
}

function countOwnKeys(o: Record<string, unknown> | undefined): number {
  return o ? Object.keys(o).length : 0; // faster than for…in on V8 (enum cache)
}

/**
 * Reads a record's item responses into the plan's buffers (NaN = missing), checking range and
 * integrality; returns how many keys of `record.items` matched an item.
 */
function readItems(plan: Plan, rec: MeasurementRecord, sink: Sink, total: number): number {
  const items = rec.items;
  const { ids, raw, keyed, min, max, integer, reverse } = plan;
  let matched = 0;
  for (let i = 0; i < ids.length; i++) {
    const v = items[ids[i]];
    if (v === undefined) {
      raw[i] = NaN;
      keyed[i] = NaN;
      continue;
    }
    matched++;
    // common case inline: a valid response
    if (typeof v === 'number' && v >= min[i] && v <= max[i] && (integer[i] === 0 || Number.isInteger(v))) {
      raw[i] = v;
      keyed[i] = reverse[i] === 1 ? min[i] + max[i] - v : v;
    } else setItem(plan, i, v, rec, sink);
  }
  if (total > matched) {
    // Slow path (rare): keys that are not exact item ids — case variants, GAS weights, unknown items.
    for (const key in items) {
      if (!Object.prototype.hasOwnProperty.call(items, key) || plan.ids.includes(key)) continue;
      const lower = key.toLowerCase();
      const i = plan.lowerIndex.get(lower);
      if (i !== undefined && Number.isNaN(raw[i]) && items[plan.ids[i]] === undefined) {
        setItem(plan, i, items[key], rec, sink);
        continue;
      }
      if (plan.gas && lower.startsWith('weight_') && plan.lowerIndex.has(lower.slice(7))) continue; // read by scoreGas
      sink.issue('warning', 'unknown-item', rec, `${plan.def.columnPrefix}_${key}`, items[key],
        `"${key}" is not an item of ${plan.def.id}; ignored.`);
    }
  }
  return matched;
}

function setItem(plan: Plan, i: number, v: unknown, rec: MeasurementRecord, sink: Sink): void {
  const { raw, keyed, min, max, integer, reverse } = plan;
  raw[i] = NaN;
  keyed[i] = NaN;
  if (v === null || (typeof v === 'number' && Number.isNaN(v))) return;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    sink.issue('error', 'not-a-number', rec, plan.columns[i], v, `item ${plan.ids[i]} has value ${JSON.stringify(v)}, which is not a number; treated as missing.`);
    return;
  }
  if (v < min[i] || v > max[i]) {
    sink.issue('error', 'out-of-range', rec, plan.columns[i], v,
      `item ${plan.ids[i]} has value ${v}, outside its response range ${min[i]}…${max[i]}; treated as missing.`);
    return;
  }
  if (integer[i] === 1 && !Number.isInteger(v)) {
    sink.issue('error', 'not-an-integer', rec, plan.columns[i], v,
      `item ${plan.ids[i]} has value ${v}, but responses are whole numbers ${min[i]}…${max[i]}; treated as missing.`);
    return;
  }
  raw[i] = v;
  keyed[i] = reverse[i] === 1 ? min[i] + max[i] - v : v;
}

interface Computed {
  score: number | null;
  expected: number;
  answered: number;
  prorated: number;
  reason?: string;
}

/** Scores one ordinary (sum / mean / count) scale from the plan's buffers. */
function computeScale(plan: Plan, sp: ScalePlan): Computed {
  const { idx, method, maxMissing } = sp;
  const n = idx.length;
  let answered = 0;
  let acc = 0;
  if (method === 'count') {
    const raw = plan.raw;
    const cv = sp.countValues;
    for (let k = 0; k < n; k++) {
      const v = raw[idx[k]];
      if (v !== v) continue; // NaN
      answered++;
      for (let c = 0; c < cv.length; c++) {
        if (v === cv[c]) {
          acc++;
          break;
        }
      }
    }
  } else {
    const keyed = plan.keyed;
    for (let k = 0; k < n; k++) {
      const v = keyed[idx[k]];
      if (v !== v) continue;
      answered++;
      acc += v;
    }
  }
  const missing = n - answered;
  if (answered === 0 || missing > maxMissing) {
    return { score: null, expected: n, answered, prorated: 0, reason: missingText(missing, n, maxMissing) };
  }
  let score: number;
  if (method === 'mean') score = acc / answered;
  else score = missing === 0 ? acc : (acc / answered) * n; // sum and count: mean of answered × number of items
  return { score, expected: n, answered, prorated: missing };
}

/** Scores the GAS scales of one record: T-score and mean attainment over the scored goals. */
function computeGas(plan: Plan, rec: MeasurementRecord, sink: Sink): Map<string, Computed> {
  const gas = plan.gas as NonNullable<Plan['gas']>;
  const n = plan.ids.length;
  const goals: Array<number | null> = new Array(n);
  const weights: Array<number | null> = new Array(n);
  let scored = 0;
  let withWeight = 0;
  const prefix = plan.def.columnPrefix;
  for (let i = 0; i < n; i++) {
    const x = plan.keyed[i];
    goals[i] = x === x ? x : null;
    const id = plan.ids[i];
    let w: unknown = rec.weights?.[id];
    if (w === undefined) w = rec.items?.[`weight_${id}`];
    if (w === undefined && rec.weights) {
      for (const key in rec.weights) if (key.toLowerCase() === id.toLowerCase()) w = rec.weights[key];
    }
    weights[i] = null;
    if (w !== undefined && w !== null && !(typeof w === 'number' && Number.isNaN(w))) {
      if (!gas.weights) {
        sink.issue('warning', 'unknown-column', rec, `${prefix}_weight_${id}`, w, `weights are switched off for ${plan.def.id} (gas.weights = false); weight ignored.`);
      } else if (typeof w !== 'number' || !Number.isFinite(w)) {
        sink.issue('error', 'not-a-number', rec, `${prefix}_weight_${id}`, w, `weight of goal ${id} is ${JSON.stringify(w)}, not a number.`);
        weights[i] = NaN; // handled below
      } else {
        weights[i] = w;
      }
    }
    if (goals[i] !== null) {
      scored++;
      if (weights[i] !== null) withWeight++;
    }
  }
  const out = new Map<string, Computed>();
  let reason: string | undefined;
  if (scored === 0) reason = 'no goal scored';
  else if (scored > gas.maxGoals) {
    reason = `${scored} goals scored; at most ${gas.maxGoals} are allowed`;
    sink.issue('error', 'out-of-range', rec, undefined, scored, `${scored} goals scored for ${plan.def.id}, more than the ${gas.maxGoals} allowed (gas.maxGoals); no score.`);
  }
  let badWeight: string | undefined;
  for (let i = 0; i < n && !reason; i++) {
    const w = weights[i];
    if (goals[i] === null || w === null) continue;
    if (Number.isNaN(w) || w <= 0) {
      badWeight = `goal ${plan.ids[i]} has weight ${Number.isNaN(w) ? 'that is not a number' : w}; weights must be positive numbers`;
      if (!Number.isNaN(w)) {
        sink.issue('error', 'out-of-range', rec, `${prefix}_weight_${plan.ids[i]}`, w, `weight of goal ${plan.ids[i]} is ${w}; weights must be positive; no T-score.`);
      }
      break;
    }
  }
  if (!reason && withWeight > 0 && withWeight < scored) {
    const missingW = plan.ids.filter((_, i) => goals[i] !== null && weights[i] === null);
    sink.issue('warning', 'inconsistent', rec, undefined, undefined,
      `weights are given for some scored goals but not for goal${missingW.length === 1 ? '' : 's'} ${missingW.join(', ')}; weight 1 assumed there.`);
  }
  for (const sp of plan.scales) {
    if (reason) {
      out.set(sp.id, { score: null, expected: scored, answered: scored, prorated: 0, reason });
    } else if (sp.method === 'gas-t') {
      if (badWeight) {
        out.set(sp.id, { score: null, expected: scored, answered: scored, prorated: 0, reason: badWeight });
      } else {
        const t = gasTScore(goals, weights, gas.rho);
        out.set(sp.id, t.tScore === null
          ? { score: null, expected: scored, answered: scored, prorated: 0, reason: t.reason as string }
          : { score: t.tScore, expected: scored, answered: scored, prorated: 0 });
      }
    } else {
      // mean attainment: unweighted mean of the scored goals among this scale's items
      let s = 0;
      let k = 0;
      for (let j = 0; j < sp.idx.length; j++) {
        const x = plan.keyed[sp.idx[j]];
        if (x === x) {
          s += x;
          k++;
        }
      }
      out.set(sp.id, k === 0
        ? { score: null, expected: 0, answered: 0, prorated: 0, reason: 'no goal scored' }
        : { score: s / k, expected: k, answered: k, prorated: 0 });
    }
  }
  return out;
}

function baseRow(rec: MeasurementRecord, instrument: string, scale: string): ScoreRow {
  const row: ScoreRow = {
    participantId: rec.participantId,
    group: rec.group,
    wave: rec.wave,
    waveIndex: rec.waveIndex,
    instrument,
    scale,
    score: null,
    itemsExpected: 0,
    itemsAnswered: 0,
    itemsProrated: 0,
    origin: 'item-level',
    covariates: rec.covariates,
  };
  if (rec.date !== undefined) row.date = rec.date;
  return row;
}

/**
 * Scores measurement records with their instrument definitions.
 *
 * For every record and every scale of its instrument (item-level records), or every scale the
 * record gives a value for (scale-level records, whose `items` is empty):
 *
 * - **Reverse keys**: a reverse-keyed item is scored min + max − x with the item's own response
 *   range. Values outside the range, non-integers on integer items and non-numbers are treated as
 *   missing and reported (`out-of-range`, `not-an-integer`, `not-a-number`, severity error).
 * - **sum**: Σ of the (keyed) answered items; **mean**: their mean; **count**: the number of items
 *   whose raw (not reverse-keyed) value is in `countValues`.
 * - **Prorating**: with m missing of n items and m ≤ `maxMissing` (default 0) the score is
 *   prorated — sum: mean of the answered items × n; mean: mean of the answered items; count:
 *   (count among the answered items / answered) × n, i.e. the same rule for the 0/1 indicators,
 *   which can give a non-integer count. With m > maxMissing (or nothing answered) the score is null
 *   and `missingReason` says why, e.g. "4 of 25 items missing; at most 2 may be prorated". Each row
 *   carries `itemsExpected` (n), `itemsAnswered` and `itemsProrated` (m when prorated, else 0).
 *   This is person-mean imputation ("averaging the available items", Schafer & Graham, 2002).
 *   Checked against R: the mean of the answered reverse-keyed items equals
 *   `psych::scoreItems(keys, items, impute = "none", totals = FALSE, min, max)$scores` (psych
 *   2.2.9), and a prorated sum is that × n (`tests/reference/instrument_scoring.R`, agreement
 *   < 1e-10). Deliberate differences: psych has no limit on missing items (we return null beyond
 *   `maxMissing`), and psych's default `impute = "median"` fills in the item's sample median, which
 *   makes a person's score depend on the other people in the file; we never do that.
 * - **GAS** (`kind: "gas"`): `gas-t` scales give the Kiresuk–Sherman T (`gasTScore`) over the
 *   scored goals with weights from `record.weights[goal]` (or `record.items["weight_<goal>"]`),
 *   default 1; `mean` scales the unweighted mean attainment. Unscored goals are not goals:
 *   `itemsExpected` = `itemsAnswered` = goals scored, nothing is prorated; no scored goal → null
 *   ("no goal scored"). A non-positive weight gives a null T with an `out-of-range` issue.
 * - **Scale-level input** (`record.scales`) passes through when within `registry.scaleRange`
 *   (origin `scale-level`); outside it the score is null with a reason and an `out-of-range` error.
 *   When the items give a score too and the two differ by more than `consistencyTolerance`, the
 *   computed score is kept and an `inconsistent` warning names both.
 * - Records of an unknown instrument produce no rows and one `unknown-instrument` error each.
 *
 * Rows share the record's `covariates` object (not copied). Per-instrument plans (index arrays,
 * reverse flags, ranges) are computed once per definition, so scoring 40,000 records × 25 items
 * allocates little beyond the rows themselves.
 *
 * @example
 * ```ts
 * const rec = { participantId: 'P1', group: 'homestart', wave: 'T1', waveIndex: 1, instrument: 'psoc',
 *   items: { '01': 5, '06': 4, '07': 6, '10': 3, '11': 5, '13': 4, '15': null }, scales: {}, covariates: {},
 *   source: { file: 'psoc.csv', rows: [2] } };
 * scoreRecords([rec]).scores.find((s) => s.scale === 'efficacy');
 * // score 31.5 (27 / 6 × 7), itemsExpected 7, itemsAnswered 6, itemsProrated 1
 * ```
 */
export function scoreRecords(
  records: MeasurementRecord[],
  registry: InstrumentRegistry = defaultInstruments(),
  options: ScoreRecordsOptions = {},
): { scores: ScoreRow[]; issues: DataIssue[] } {
  const tol = options.consistencyTolerance ?? 0.01;
  if (!(tol >= 0)) throw new RangeError(`consistencyTolerance must be a non-negative number; got ${tol}.`);
  const only = options.instruments ? new Set(options.instruments.map((x) => registry.require(x).id)) : undefined;
  const sink = new Sink();
  const scores: ScoreRow[] = [];
  const plans = new Map<string, Plan | null>();

  for (const rec of records) {
    let plan = plans.get(rec.instrument);
    if (plan === undefined) {
      const def = registry.get(rec.instrument);
      plan = def ? buildPlan(def, registry) : null;
      plans.set(rec.instrument, plan);
    }
    if (plan === null) {
      sink.issue('error', 'unknown-instrument', rec, undefined, rec.instrument,
        `unknown instrument '${rec.instrument}'; known: ${registry.list().map((d) => d.id).join(', ')}. Record not scored.`);
      continue;
    }
    const def = plan.def;
    if (only && !only.has(def.id)) continue;

    const itemKeys = countOwnKeys(rec.items);
    const itemLevel = itemKeys > 0;
    const given = rec.scales ?? {};
    if (itemLevel) readItems(plan, rec, sink, itemKeys);
    const gasScores = itemLevel && plan.gas ? computeGas(plan, rec, sink) : undefined;

    // scale keys that are not exact scale ids
    const givenCount = countOwnKeys(given);
    let givenLower: Map<string, number | null> | undefined;
    if (givenCount > 0) {
      let exact = 0;
      for (const sp of plan.scales) if (given[sp.id] !== undefined) exact++;
      if (exact < givenCount) {
        givenLower = new Map();
        for (const key in given) {
          if (!Object.prototype.hasOwnProperty.call(given, key)) continue;
          const canon = plan.scaleLower.get(key.toLowerCase());
          if (canon === undefined) {
            sink.issue('warning', 'unknown-scale', rec, `${def.columnPrefix}_${key}`, given[key], `"${key}" is not a scale of ${def.id}; ignored.`);
          } else if (canon !== key) givenLower.set(canon, given[key]);
        }
      }
    }

    for (const sp of plan.scales) {
      let g: unknown = given[sp.id];
      if (g === undefined && givenLower) g = givenLower.get(sp.id);
      const hasGiven = g !== undefined;
      if (!itemLevel && !hasGiven) continue;
      const row = baseRow(rec, def.id, sp.id);
      const column = sp.column;

      let computed: Computed | undefined;
      if (itemLevel) computed = gasScores ? gasScores.get(sp.id) : computeScale(plan, sp);

      // validate the given scale score
      let givenScore: number | null = null;
      let givenReason: string | undefined;
      if (hasGiven && g !== null && !(typeof g === 'number' && Number.isNaN(g))) {
        if (typeof g !== 'number' || !Number.isFinite(g)) {
          givenReason = `the given ${sp.id} score ${JSON.stringify(g)} is not a number`;
          sink.issue('error', 'not-a-number', rec, column, g, `${givenReason}; ignored.`);
        } else if (g < sp.min - 1e-9 || g > sp.max + 1e-9) {
          givenReason = `the given ${sp.id} score ${g} is outside the scale range ${fmtNum(sp.min)}…${fmtNum(sp.max)}`;
          sink.issue('error', 'out-of-range', rec, column, g, `${givenReason}; ignored.`);
        } else givenScore = g;
      }

      if (computed && computed.score !== null) {
        row.score = computed.score;
        row.itemsExpected = computed.expected;
        row.itemsAnswered = computed.answered;
        row.itemsProrated = computed.prorated;
        if (givenScore !== null && Math.abs(givenScore - computed.score) > tol) {
          sink.issue('warning', 'inconsistent', rec, column, givenScore,
            `the given ${sp.id} score ${givenScore} differs from the score computed from the items (${fmtNum(computed.score)}); the computed score is used.`);
        }
      } else if (givenScore !== null) {
        row.score = givenScore;
        row.origin = 'scale-level';
        row.itemsExpected = sp.idx.length;
        row.itemsAnswered = computed ? computed.answered : 0;
      } else {
        if (computed) {
          row.itemsExpected = computed.expected;
          row.itemsAnswered = computed.answered;
        } else {
          row.origin = 'scale-level';
          row.itemsExpected = sp.idx.length;
        }
        const reasons: string[] = [];
        if (computed?.reason) reasons.push(computed.reason);
        if (givenReason) reasons.push(givenReason);
        else if (!computed) reasons.push('scale score missing');
        row.missingReason = reasons.join('; ');
      }
      if (rec.declaredMissing || rec.invalidMissing) annotateMissing(row, rec, def.scales.find((s) => s.id === sp.id)!.items, sp.id);
      scores.push(row);
    }
  }
  return { scores, issues: sink.issues };
}
