/**
 * Charts of the longitudinal models: model-predicted growth curves per group with CI bands over the
 * observed means, and individual trajectories ("spaghetti") with participants numbered in a random order.
 */
import { createRng } from '../stats/random.js';
import { groupScale } from './builders.js';
import { label } from './theme.js';
import type { VegaLiteSpec } from './render.js';
import type { CommonChartOptions } from './builders.js';

/** One point of a model-predicted trajectory. */
export interface PredictedTrajectoryRow {
  group: string;
  /** Time on the model's scale (e.g. months since baseline). */
  time: number;
  estimate: number;
  lower: number;
  upper: number;
}

/** An observed mean at a wave, placed at the wave's time. */
export interface ObservedMeanRow {
  group: string;
  wave: string;
  time: number;
  mean: number;
  lower: number;
  upper: number;
  n: number;
}

export interface GrowthCurveOptions extends CommonChartOptions {
  /** Axis title of time (default "Months since baseline"). */
  xTitle?: string;
}

function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/**
 * Model-predicted trajectories per group (line) with their confidence band (area), over the observed
 * means per group and wave (points with CI rules). Time is quantitative, so unequal wave spacing
 * (0, 3, 6, 12, 18 months) is drawn to scale; the wave labels are written at their times.
 */
export function growthCurvePlot(predicted: PredictedTrajectoryRow[], observed: ObservedMeanRow[], options: GrowthCurveOptions = {}): VegaLiteSpec {
  const lang = options.lang ?? 'en';
  const groups = uniq([...predicted.map((r) => r.group), ...observed.map((r) => r.group)]);
  const color = { field: 'groupLabel', type: 'nominal', title: label('group', lang), scale: groupScale(groups, lang) };
  const waveTimes = uniq(observed.map((o) => `${o.time}|${o.wave}`)).map((s) => ({ time: Number(s.split('|')[0]), wave: s.split('|')[1] }));
  const xTitle = options.xTitle ?? (lang === 'nl' ? 'Maanden sinds de voormeting' : 'Months since baseline');
  // two-line tick labels (time, then the wave's name): time to scale, the wave named
  const short = (t: number) => String(Number(t.toFixed(1)));
  const labelExpr = waveTimes.reduceRight((acc, w) => `datum.value == ${w.time} ? ['${short(w.time)}', '${w.wave.replace(/'/g, '')}'] : ${acc}`, 'datum.label');
  const x = { field: 'time', type: 'quantitative', title: xTitle, axis: { values: waveTimes.map((w) => w.time).sort((a, b) => a - b), grid: false, labelExpr, labelOverlap: false } };
  const yTitle = options.yTitle ?? label('score', lang);
  const pred = predicted.map((r) => ({ ...r, groupLabel: label(r.group, lang) }));
  const obs = observed.map((r) => ({ ...r, groupLabel: label(r.group, lang) }));
  const modelLabel = lang === 'nl' ? 'model' : 'model';
  return {
    title: options.title,
    width: options.width ?? 440,
    height: options.height ?? 280,
    layer: [
      {
        data: { values: pred },
        layer: [
          { mark: { type: 'area', opacity: 0.16 }, encoding: { x, y: { field: 'lower', type: 'quantitative', title: yTitle, scale: { zero: false } }, y2: { field: 'upper' }, color } },
          {
            mark: { type: 'line', strokeWidth: 2.5 },
            encoding: {
              x, y: { field: 'estimate', type: 'quantitative', title: yTitle }, color,
              tooltip: [{ field: 'groupLabel', title: label('group', lang) }, { field: 'time', title: xTitle }, { field: 'estimate', title: modelLabel, format: '.2f' }, { field: 'lower', format: '.2f' }, { field: 'upper', format: '.2f' }],
            },
          },
        ],
      },
      {
        data: { values: obs },
        layer: [
          { mark: { type: 'rule', strokeWidth: 1, opacity: 0.7 }, encoding: { x, y: { field: 'lower', type: 'quantitative', title: yTitle }, y2: { field: 'upper' }, color } },
          {
            mark: { type: 'point', filled: false, size: 45, strokeWidth: 1.5 },
            encoding: {
              x, y: { field: 'mean', type: 'quantitative', title: yTitle }, color,
              tooltip: [{ field: 'groupLabel', title: label('group', lang) }, { field: 'wave', title: label('wave', lang) }, { field: 'mean', format: '.2f' }, { field: 'n' }],
            },
          },
        ],
      },
    ],
  };
}

/** One observation of one participant for {@link spaghettiPlot}. */
export interface SpaghettiRow {
  participant: string;
  group: string;
  time: number;
  score: number;
}

export interface SpaghettiOptions extends CommonChartOptions {
  xTitle?: string;
  /** Seed of the random order in which participants are numbered (default 1). */
  seed?: number;
  /** Order of the group panels (default order of first appearance). */
  groups?: readonly string[];
}

/**
 * Random running numbers for participant ids: the distinct ids are shuffled (Fisher–Yates with the
 * seeded generator) and numbered 1…n in that order, so neither the id nor its sort order can be read
 * from a chart (vega writes every data point into the SVG's accessibility labels).
 */
export function randomParticipantNumbers(ids: readonly string[], seed = 1): Map<string, string> {
  const distinct = [...new Set(ids)];
  const rng = createRng(seed);
  for (let i = distinct.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [distinct[i], distinct[j]] = [distinct[j], distinct[i]];
  }
  return new Map(distinct.map((id, k) => [id, String(k + 1)]));
}

/**
 * Individual trajectories over time, one thin line per participant, one panel per group (incomplete
 * participants drawn with the waves they have). Participants carry running numbers in a random
 * order ({@link randomParticipantNumbers}), never their ids.
 */
export function spaghettiPlot(rows: SpaghettiRow[], options: SpaghettiOptions = {}): VegaLiteSpec {
  const lang = options.lang ?? 'en';
  const groups = options.groups ? [...options.groups] : uniq(rows.map((r) => r.group));
  const num = randomParticipantNumbers(rows.map((r) => r.participant), options.seed ?? 1);
  const xTitle = options.xTitle ?? (lang === 'nl' ? 'Maanden sinds de voormeting' : 'Months since baseline');
  const participantLabel = lang === 'nl' ? 'deelnemer' : 'participant';
  const values = rows
    .map((r) => ({ participant: num.get(r.participant)!, group: r.group, groupLabel: label(r.group, lang), time: r.time, score: r.score }))
    .sort((a, b) => Number(a.participant) - Number(b.participant) || a.time - b.time);
  const times = uniq(rows.map((r) => r.time)).sort((a, b) => a - b);
  return {
    title: options.title,
    data: { values },
    facet: { column: { field: 'groupLabel', type: 'nominal', title: null, sort: groups.map((g) => label(g, lang)) } },
    spec: {
      width: options.width ?? 220,
      height: options.height ?? 240,
      layer: [
        {
          mark: { type: 'line', strokeWidth: 1, opacity: 0.35, point: { size: 10, opacity: 0.5 } },
          encoding: {
            x: { field: 'time', type: 'quantitative', title: xTitle, axis: { values: times, grid: false } },
            y: { field: 'score', type: 'quantitative', title: options.yTitle ?? label('score', lang), scale: { zero: false } },
            detail: { field: 'participant', type: 'nominal' },
            color: { field: 'groupLabel', type: 'nominal', title: label('group', lang), scale: groupScale(groups, lang), legend: null },
            tooltip: [{ field: 'participant', title: participantLabel }, { field: 'time', title: xTitle }, { field: 'score', format: '.1f' }],
          },
        },
      ],
    },
  };
}
