/**
 * The generator: one seeded random stream per design, persons → latent traits → waves (with
 * monotone, optionally missing-not-at-random dropout) → item responses → scattered missing items.
 */
import type { InstrumentDefinition } from '../instruments/types.js';
import type { MeasurementRecord } from '../data/types.js';
import { createRng, type Rng } from '../stats/random.js';
import { sampleDrawTraits, sampleDrawItemResponse, type SampleLatentItem } from './latent.js';
import {
  readSampleInstruments,
  requireSampleInstrument,
  sampleItemColumn,
  sampleItemRange,
  sampleScaleItems,
  type SampleInstrumentSet,
} from './instruments.js';
import {
  SAMPLE_CONSTRUCTS,
  SAMPLE_INSTRUMENT_ORDER,
  SampleDesignError,
  type SampleConstruct,
  type SampleDataset,
  type SampleDesign,
  type SampleGroupSpec,
  type SampleInstrumentId,
  type SampleRow,
} from './types.js';

/** SD of the wave-to-wave occasion noise on every latent construct (pre–post latent r ≈ 1/(1 + 0.5²) = .80). */
export const SAMPLE_OCCASION_SD = 0.5;

/** Shift of the latent constructs for single parents (worse by 0.25 SD; competence lower by 0.2 SD). */
export const SAMPLE_SINGLE_PARENT_SHIFT: Readonly<Record<SampleConstruct, number>> = {
  parentStress: 0.25,
  depression: 0.25,
  childProblems: 0.1,
  competence: -0.2,
  hassles: 0.25,
};

/**
 * Item model per instrument, in units of a 6-point item (scaled by (max − min)/5 for other ranges):
 * loading λ, noise σ, and the shift of a latent-0 person from the middle of the range.
 * Tuned so that the scale reliabilities come out at α ≈ .75–.92 (tested).
 */
export const SAMPLE_ITEM_MODEL: Readonly<Record<'nosik' | 'psoc' | 'daily-hassles', { loading: number; noise: number; shift: number }>> = {
  nosik: { loading: 0.72, noise: 1.0, shift: -0.4 },
  psoc: { loading: 0.65, noise: 1.0, shift: 0.5 },
  'daily-hassles': { loading: 0.55, noise: 1.1, shift: -0.4 },
};

interface Person {
  id: string;
  group: SampleGroupSpec;
  ageExact: number;
  singleParent: 0 | 1;
  site: string;
  /** Day number (UTC days since epoch) of each wave. */
  days: number[];
  /** Latent score per construct per wave. */
  theta: Record<SampleConstruct, number[]>;
  /** Last wave index (0-based) the person is present. */
  lastWave: number;
}

type Plan =
  | { kind: 'latent'; id: SampleInstrumentId; def: InstrumentDefinition; items: Array<SampleLatentItem & { column: string }> }
  | { kind: 'life-events'; def: InstrumentDefinition; life: string[]; year: string[]; base: number[] }
  | { kind: 'gas'; def: InstrumentDefinition; goals: string[]; weights: string[] };

const DAY_MS = 86_400_000;

function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function parseIsoDay(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new SampleDesignError(`start.date must be an ISO date like 1995-01-01; got '${iso}'.`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

/** Checks a design for contradictions and says what to change. */
export function validateSampleDesign(design: SampleDesign): void {
  const waves = design.waveMonths.length;
  if (waves < 1) throw new SampleDesignError(`Design '${design.id}': waveMonths must list at least one wave.`);
  if (design.waveMonths[0] !== 0) throw new SampleDesignError(`Design '${design.id}': waveMonths must start at 0 (the first wave).`);
  for (let w = 1; w < waves; w++) {
    if (!(design.waveMonths[w] > design.waveMonths[w - 1])) {
      throw new SampleDesignError(`Design '${design.id}': waveMonths must increase (wave ${w + 1}).`);
    }
  }
  if (!Number.isInteger(design.seed)) throw new SampleDesignError(`Design '${design.id}': seed must be an integer.`);
  if (!(design.sites >= 1 && design.sites <= 99)) throw new SampleDesignError(`Design '${design.id}': sites must be 1–99.`);
  if (design.instruments.length === 0) throw new SampleDesignError(`Design '${design.id}': list at least one instrument.`);
  if (design.instruments.includes('gas') && !design.gas) {
    throw new SampleDesignError(`Design '${design.id}': GAS is measured, so gas options (positiveChangeShare, weightedShare) are required.`);
  }
  const { oneItemRate, severalItemsRate } = design.missingItems;
  if (!(oneItemRate >= 0 && severalItemsRate >= 0 && oneItemRate + severalItemsRate <= 1)) {
    throw new SampleDesignError(`Design '${design.id}': missing-item rates must be ≥ 0 and sum to at most 1.`);
  }
  const labels = new Set<string>();
  for (const g of design.groups) {
    if (labels.has(g.group)) throw new SampleDesignError(`Design '${design.id}': group '${g.group}' is listed twice.`);
    labels.add(g.group);
    if (!Number.isInteger(g.n) || g.n < 1 || g.n > 9999) {
      throw new SampleDesignError(`Design '${design.id}', group '${g.group}': n must be a whole number 1–9999; got ${g.n}.`);
    }
    if (g.present) {
      const p = g.present;
      if (p.length !== waves) {
        throw new SampleDesignError(`Design '${design.id}', group '${g.group}': present lists ${p.length} waves but the design has ${waves}.`);
      }
      if (p[0] !== g.n) throw new SampleDesignError(`Design '${design.id}', group '${g.group}': present[0] must equal n (${g.n}); got ${p[0]}.`);
      for (let w = 1; w < waves; w++) {
        if (!Number.isInteger(p[w]) || p[w] < 0 || p[w] > p[w - 1]) {
          throw new SampleDesignError(
            `Design '${design.id}', group '${g.group}': present must be whole numbers that never increase (dropout is monotone); wave ${w + 1} has ${p[w]} after ${p[w - 1]}.`,
          );
        }
      }
    }
    for (const [c, ch] of Object.entries(g.change)) {
      if (ch && ch.length !== waves) {
        throw new SampleDesignError(`Design '${design.id}', group '${g.group}': change.${c} lists ${ch.length} waves but the design has ${waves}.`);
      }
    }
    if (!(g.singleParentRate >= 0 && g.singleParentRate <= 1)) {
      throw new SampleDesignError(`Design '${design.id}', group '${g.group}': singleParentRate must be a probability.`);
    }
  }
}

function latentPlan(rng: Rng, id: 'nosik' | 'psoc' | 'daily-hassles', def: InstrumentDefinition): Plan {
  const model = SAMPLE_ITEM_MODEL[id];
  const depression = new Set(sampleScaleItems(def, 'depression'));
  const child = new Set(sampleScaleItems(def, 'child'));
  const items = def.items.map((item) => {
    const range = sampleItemRange(def, item);
    const unit = (range.max - range.min) / 5;
    let construct: SampleConstruct;
    if (id === 'psoc') construct = 'competence';
    else if (id === 'daily-hassles') construct = 'hassles';
    else construct = depression.has(item.id) ? 'depression' : child.has(item.id) ? 'childProblems' : 'parentStress';
    const jitter = (rng.next() - 0.5) * 0.8 * unit;
    return {
      column: sampleItemColumn(def, item.id),
      min: range.min,
      max: range.max,
      reverse: item.reverse === true,
      construct,
      intercept: (range.min + range.max) / 2 + model.shift * unit + jitter,
      loading: model.loading * unit,
      noise: model.noise * unit,
    };
  });
  return { kind: 'latent', id, def, items };
}

function buildPlans(rng: Rng, design: SampleDesign, set: SampleInstrumentSet): Plan[] {
  const plans: Plan[] = [];
  for (const id of SAMPLE_INSTRUMENT_ORDER) {
    if (!design.instruments.includes(id)) continue;
    const def = requireSampleInstrument(set, id);
    if (id === 'life-events') {
      const year = sampleScaleItems(def, 'past_year');
      const yearSet = new Set(year);
      const life = def.items.map((i) => i.id).filter((i) => !yearSet.has(i));
      if (year.length !== life.length) {
        throw new SampleDesignError(`life-events: expected as many past-year items as whole-life items; got ${year.length} and ${life.length}.`);
      }
      // Base log-odds of each event having ever occurred (probabilities ≈ .12–.45).
      const base = life.map(() => -2 + 1.8 * rng.next());
      plans.push({ kind: 'life-events', def, life, year, base });
    } else if (id === 'gas') {
      const goals = def.items.map((i) => i.id);
      plans.push({ kind: 'gas', def, goals, weights: goals.map((g) => `${def.columnPrefix}_weight_${g}`) });
    } else {
      plans.push(latentPlan(rng, id, def));
    }
  }
  return plans;
}

function planColumns(plan: Plan): string[] {
  if (plan.kind === 'latent') return plan.items.map((i) => i.column);
  if (plan.kind === 'life-events') return [...plan.life, ...plan.year].map((i) => sampleItemColumn(plan.def, i));
  return [...plan.goals.map((g) => sampleItemColumn(plan.def, g)), ...plan.weights];
}

function makePersons(rng: Rng, design: SampleDesign): Person[] {
  const startDay = parseIsoDay(design.start.date);
  const persons: Person[] = [];
  for (const g of design.groups) {
    for (let i = 1; i <= g.n; i++) {
      const ageExact = Math.min(g.age.max + 0.999, Math.max(g.age.min, rng.normal(g.age.mean, g.age.sd)));
      const singleParent: 0 | 1 = rng.bernoulli(g.singleParentRate) ? 1 : 0;
      const site = `site-${String(1 + rng.int(design.sites)).padStart(2, '0')}`;
      const first = startDay + rng.int(Math.max(1, design.start.recruitmentDays));
      const days = design.waveMonths.map((m, w) => (w === 0 ? first : first + Math.round(m * 30.4375) + rng.int(15)));
      const trait = sampleDrawTraits(rng);
      const occasions = design.waveMonths.map(() => sampleDrawTraits(rng, SAMPLE_OCCASION_SD));
      const theta = {} as Record<SampleConstruct, number[]>;
      for (const c of SAMPLE_CONSTRUCTS) {
        const worse = c === 'competence' ? -trait[c] : trait[c];
        const mult = Math.max(0, 1 + (g.severityGradient ?? 0) * worse);
        const base = (g.baseline[c] ?? 0) + trait[c] + singleParent * SAMPLE_SINGLE_PARENT_SHIFT[c];
        theta[c] = design.waveMonths.map((_, w) => base + (g.change[c]?.[w] ?? 0) * mult + occasions[w][c]);
      }
      persons.push({
        id: `${g.idPrefix}-${String(i).padStart(4, '0')}`,
        group: g,
        ageExact,
        singleParent,
        site,
        days,
        theta,
        lastWave: design.waveMonths.length - 1,
      });
    }
  }
  return persons;
}

/** Latent distress used for dropout: mean of parent stress, depression and (reversed) competence. */
function distress(p: Person, w: number): number {
  return (p.theta.parentStress[w] + p.theta.depression[w] - p.theta.competence[w]) / 3;
}

/** Monotone dropout with exactly the requested numbers present per wave; weights exp(strength · distress). */
function applyDropout(rng: Rng, design: SampleDesign, persons: Person[]): void {
  const strength = design.dropoutStress ?? 0;
  for (const g of design.groups) {
    if (!g.present) continue;
    const members = persons.filter((p) => p.group === g);
    let present = members.slice();
    for (let w = 1; w < design.waveMonths.length; w++) {
      let drop = present.length - g.present[w];
      while (drop > 0) {
        const weights = present.map((p) => Math.exp(strength * distress(p, w)));
        let total = 0;
        for (const x of weights) total += x;
        let u = rng.next() * total;
        let k = 0;
        while (k < present.length - 1 && u >= weights[k]) {
          u -= weights[k];
          k++;
        }
        present[k].lastWave = w - 1;
        present = present.filter((_, j) => j !== k);
        drop--;
      }
    }
  }
}

function applyMissing(rng: Rng, design: SampleDesign, columns: string[], values: Record<string, number | null>): void {
  const u = rng.next();
  const { oneItemRate, severalItemsRate } = design.missingItems;
  let k = 0;
  if (u < oneItemRate) k = 1;
  else if (u < oneItemRate + severalItemsRate) k = 3 + rng.int(3);
  if (k === 0) return;
  const order = rng.shuffle(columns.slice());
  for (let j = 0; j < Math.min(k, order.length); j++) values[order[j]] = null;
}

interface GasState {
  goals: number[];
  weights: (number | null)[];
  second: number[] | null;
}

function gasFirstWave(rng: Rng, design: SampleDesign, maxGoals: number): GasState {
  const r = rng.next();
  const k = Math.min(maxGoals, r < 0.15 ? 2 : r < 0.5 ? 3 : r < 0.8 ? 4 : 5);
  const weighted = rng.bernoulli(design.gas!.weightedShare);
  const goals: number[] = [];
  const weights: (number | null)[] = [];
  for (let j = 0; j < k; j++) {
    const s = rng.next();
    goals.push(s < 0.35 ? -2 : s < 0.9 ? -1 : 0);
    weights.push(weighted ? 1 + rng.int(3) : null);
  }
  return { goals, weights, second: null };
}

function weightedChange(st: GasState, next: number[]): number {
  let s = 0;
  for (let j = 0; j < st.goals.length; j++) s += (st.weights[j] ?? 1) * (next[j] - st.goals[j]);
  return s;
}

function gasSecondWave(rng: Rng, st: GasState, improves: boolean, lo: number, hi: number): number[] {
  const next = st.goals.map((x) => {
    const s = rng.next();
    const delta = improves ? (s < 0.2 ? 0 : s < 0.65 ? 1 : s < 0.95 ? 2 : 3) : s < 0.3 ? -1 : s < 0.85 ? 0 : 1;
    return Math.min(hi, Math.max(lo, x + delta));
  });
  if (improves && weightedChange(st, next) <= 0) {
    const j = rng.int(next.length);
    next[j] = Math.min(hi, st.goals[j] + 1);
  }
  if (!improves && weightedChange(st, next) > 0) {
    for (let j = 0; j < next.length; j++) if (next[j] > st.goals[j]) next[j] = st.goals[j];
  }
  return next;
}

/**
 * Generates a synthetic data set for a design.
 *
 * Model (per person i, construct c, wave w):
 * θ(i,c,w) = baseline(g,c) + trait(i,c) + shift(c)·single_parent(i) + change(g,c,w)·max(0, 1 + severityGradient·z(i,c)) + occasion(i,c,w),
 * shift = `SAMPLE_SINGLE_PARENT_SHIFT` (+0.25 SD stress, −0.2 SD competence), z = the trait in the worse direction,
 * traits ~ N(0, R) with R = `SAMPLE_TRAIT_CORRELATIONS`, occasion ~ N(0, 0.5²·R) (`SAMPLE_OCCASION_SD`). Each item of a
 * questionnaire loads on one construct (NOSIK: `depression` scale items → depression, `child` → child problems,
 * other → parent stress; PSOC → competence; Daily Hassles → hassles) and is answered as
 * round(intercept + λ·θ + ε), ε ~ N(0, σ²), clipped to its range (λ, σ and the intercept shift per instrument in
 * `SAMPLE_ITEM_MODEL`, intercepts jittered per item), written reversed (min + max − x) when the definition marks it
 * reverse-keyed — so a competent parent answers reverse-keyed PSOC items low.
 * Life events: whole-life event k occurs with probability logistic(b_k + 0.4·hassles), is negative with
 * probability logistic(0.2 + 0.5·parentStress) (else positive or neutral), and happened in the past year with
 * probability .35; later waves keep earlier events and add new ones. GAS: 2–5 goals set at T1, scored −2/−1
 * (mostly) or 0; at T2 exactly round(positiveChangeShare × n present) families improve their weighted sum
 * (those whose parent stress improved most, with noise), the others stay or decline; GAS is blank after T2.
 * Dropout: monotone, with exactly `present[w]` per group and wave, drawn without replacement with weights
 * exp(dropoutStress · distress at the wave missed) — missing not at random.
 *
 * Deterministic: the same design, seed and definitions give identical output on every platform.
 *
 * @example
 * const data = generateSample(sampleDesign('prepost-1997'));
 * data.rows.length; // 112 (56 families × 2 waves)
 * data.rows[0].participantId; // 'HS-0001'
 */
export function generateSample(design: SampleDesign, instruments: SampleInstrumentSet = readSampleInstruments()): SampleDataset {
  validateSampleDesign(design);
  const rng = createRng(design.seed);
  const plans = buildPlans(rng, design, instruments);
  const itemColumns = plans.flatMap(planColumns);
  const persons = makePersons(rng, design);
  applyDropout(rng, design, persons);

  // GAS improvers at T2, per group: exactly round(share × present at T2), most improved parent stress first (with noise).
  const gasPlan = plans.find((p) => p.kind === 'gas');
  const improvers = new Set<string>();
  if (gasPlan && design.waveMonths.length >= 2) {
    for (const g of design.groups) {
      const atT2 = persons.filter((p) => p.group === g && p.lastWave >= 1);
      const keyed = atT2.map((p, idx) => ({
        id: p.id,
        idx,
        key: p.theta.parentStress[0] - p.theta.parentStress[1] + rng.normal(0, 0.5),
      }));
      keyed.sort((a, b) => b.key - a.key || a.idx - b.idx);
      const m = Math.round(design.gas!.positiveChangeShare * atT2.length);
      for (let j = 0; j < m; j++) improvers.add(keyed[j].id);
    }
  }

  const rows: SampleRow[] = [];
  const latent: SampleDataset['latent'] = {};
  for (const p of persons) {
    latent[p.id] = p.theta;
    const firstDay = p.days[0];
    let events: number[] | null = null;
    let gas: GasState | null = null;
    for (let w = 0; w <= p.lastWave; w++) {
      const values: Record<string, number | null> = {};
      for (const plan of plans) {
        const cols = planColumns(plan);
        if (plan.kind === 'latent') {
          for (const it of plan.items) values[it.column] = sampleDrawItemResponse(rng, it, p.theta[it.construct][w]);
          applyMissing(rng, design, cols, values);
        } else if (plan.kind === 'life-events') {
          const prev: number[] | null = events;
          const gapYears = w === 0 ? 0 : (p.days[w] - p.days[w - 1]) / 365.25;
          const now: number[] = plan.life.map((_, k): number => {
            if (prev && prev[k] !== 0) return prev[k];
            const logit = plan.base[k] + 0.4 * p.theta.hassles[w];
            const prob = 1 / (1 + Math.exp(-logit));
            const pOccur = prev ? 1 - Math.pow(1 - prob, Math.min(1, gapYears) * 0.5) : prob;
            if (!rng.bernoulli(pOccur)) return 0;
            const pNeg = 1 / (1 + Math.exp(-(0.2 + 0.5 * p.theta.parentStress[w])));
            const v = rng.next();
            return v < pNeg ? 1 : v < pNeg + (1 - pNeg) * 0.6 ? 2 : 3;
          });
          const isNew = now.map((v, k) => v !== 0 && (!prev || prev[k] === 0));
          plan.life.forEach((id, k) => (values[sampleItemColumn(plan.def, id)] = now[k]));
          plan.year.forEach((id, k) => {
            const inYear = now[k] !== 0 && (w > 0 && isNew[k] ? true : rng.bernoulli(w === 0 ? 0.35 : 0.15));
            values[sampleItemColumn(plan.def, id)] = inYear ? 1 : 0;
          });
          events = now;
          applyMissing(rng, design, cols, values);
        } else {
          const range = plan.def.response;
          for (const c of cols) values[c] = null;
          if (w === 0) gas = gasFirstWave(rng, design, plan.goals.length);
          let scores: number[] | null = null;
          if (w === 0) scores = gas!.goals;
          else if (w === 1) {
            gas!.second = gasSecondWave(rng, gas!, improvers.has(p.id), range.min, range.max);
            scores = gas!.second;
          }
          if (scores) {
            scores.forEach((s, j) => {
              values[sampleItemColumn(plan.def, plan.goals[j])] = s;
              values[plan.weights[j]] = gas!.weights[j];
            });
          }
        }
      }
      rows.push({
        participantId: p.id,
        group: p.group.group,
        wave: `T${w + 1}`,
        waveIndex: w + 1,
        date: isoDay(p.days[w]),
        age: Math.floor(p.ageExact + (p.days[w] - firstDay) / 365.25),
        singleParent: p.singleParent,
        site: p.site,
        values,
      });
    }
  }
  return { design, itemColumns, rows, latent };
}

/**
 * The data set as `MeasurementRecord`s (one per participant × wave × instrument), in the shape the
 * wide-by-wave loader produces from the CSV (checked in tests/sample/loader.test.ts), for notebooks and tests
 * that skip the file: every item id present (`null` = empty cell); GAS records also carry `weights`
 * (goal id → weight, `null` = blank = weight 1). A record whose items are all empty is not produced.
 */
export function sampleToRecords(data: SampleDataset, instruments: SampleInstrumentSet = readSampleInstruments(), file = '<synthetic>'): MeasurementRecord[] {
  const out: MeasurementRecord[] = [];
  const defs = SAMPLE_INSTRUMENT_ORDER.filter((id) => data.design.instruments.includes(id)).map((id) => requireSampleInstrument(instruments, id));
  data.rows.forEach((r, i) => {
    for (const def of defs) {
      const items: Record<string, number | null> = {};
      let any = false;
      for (const item of def.items) {
        const v = r.values[sampleItemColumn(def, item.id)] ?? null;
        items[item.id] = v;
        if (v !== null) any = true;
      }
      if (!any) continue;
      const rec: MeasurementRecord = {
        participantId: r.participantId,
        group: r.group,
        wave: r.wave,
        waveIndex: r.waveIndex,
        date: r.date,
        instrument: def.id,
        items,
        scales: {},
        covariates: { age: r.age, single_parent: r.singleParent, site: r.site },
        source: { file, rows: [i + 3] },
      };
      if (def.kind === 'gas') {
        rec.weights = {};
        for (const item of def.items) rec.weights[item.id] = r.values[`${def.columnPrefix}_weight_${item.id}`] ?? null;
      }
      out.push(rec);
    }
  });
  return out;
}
