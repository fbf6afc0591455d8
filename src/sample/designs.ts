/**
 * Preset designs mimicking the Home-Start effect studies (domain brief, section 2). Group sizes,
 * waves and attrition follow the publications; means, SDs and effect sizes do NOT (they are not public):
 * the latent effects below are illustrative, in the published directions, with group × time effects of
 * about d = 0.2–0.5. Baseline and change values are in SD units of the community (norm) population.
 */
import { SampleDesignError, type SampleDesign, type SampleGroupSpec } from './types.js';

/** Ids of the preset designs, one per file in `sample-data/`. */
export type SampleDesignId = 'prepost-1997' | 'control-2005' | 'norm-2008' | 'fourwaves-2010' | 'fivewaves-2013' | 'sevenwaves-2015';

export const SAMPLE_DESIGN_IDS: readonly SampleDesignId[] = ['prepost-1997', 'control-2005', 'norm-2008', 'fourwaves-2010', 'fivewaves-2013', 'sevenwaves-2015'];

/** File name in `sample-data/` of each preset design. */
export const SAMPLE_DESIGN_FILES: Readonly<Record<SampleDesignId, string>> = {
  'prepost-1997': 'synthetic-1997-prepost.csv',
  'control-2005': 'synthetic-2005-control.csv',
  'norm-2008': 'synthetic-2008-norm.csv',
  'fourwaves-2010': 'synthetic-2010-fourwaves.csv',
  'fivewaves-2013': 'synthetic-2013-fivewaves.csv',
  'sevenwaves-2015': 'synthetic-2015-sevenwaves.csv',
};

const MISSING = { oneItemRate: 0.06, severalItemsRate: 0.01 };

const HS_AGE = { mean: 29, sd: 5.5, min: 17, max: 45 };
const CG_AGE = { mean: 32, sd: 4.5, min: 19, max: 45 };
const NG_AGE = { mean: 32.5, sd: 4, min: 20, max: 45 };

/** Home-Start mothers at intake: more stressed and less competent than the community (illustrative). */
const HS_BASE = { parentStress: 0.8, depression: 0.7, childProblems: 0.6, competence: -0.7, hassles: 0.7 };
/** Comparison mothers: in between. */
const CG_BASE = { parentStress: 0.45, depression: 0.4, childProblems: 0.4, competence: -0.4, hassles: 0.4 };

function homestart(n: number, change: SampleGroupSpec['change'], extra: Partial<SampleGroupSpec> = {}): SampleGroupSpec {
  return { group: 'homestart', idPrefix: 'HS', n, age: HS_AGE, singleParentRate: 0.35, baseline: HS_BASE, change, ...extra };
}
function control(n: number, change: SampleGroupSpec['change'], extra: Partial<SampleGroupSpec> = {}): SampleGroupSpec {
  return { group: 'control', idPrefix: 'CG', n, age: CG_AGE, singleParentRate: 0.12, baseline: CG_BASE, change, ...extra };
}
function norm(n: number, change: SampleGroupSpec['change'], extra: Partial<SampleGroupSpec> = {}): SampleGroupSpec {
  return { group: 'norm', idPrefix: 'NG', n, age: NG_AGE, singleParentRate: 0.07, baseline: {}, change, ...extra };
}

function presets(): Record<SampleDesignId, SampleDesign> {
  const pre2005 = {
    hs: { parentStress: [0, -0.5], depression: [0, -0.45], childProblems: [0, -0.45], competence: [0, 0.45] },
    cg: { parentStress: [0, -0.15], depression: [0, -0.1], childProblems: [0, -0.2], competence: [0, 0.1] },
    ng: { parentStress: [0, -0.03], depression: [0, 0], childProblems: [0, -0.05], competence: [0, 0.03] },
  };
  return {
    'prepost-1997': {
      id: 'prepost-1997',
      description: 'single-group pre/post (Hermanns et al. 1997) - 56 Home-Start families at T1 (start) and T2 (about 9 months); Daily Hassles + life events + PSOC + NOSIK + GAS',
      seed: 1997,
      waveMonths: [0, 9],
      start: { date: '1994-09-01', recruitmentDays: 300 },
      instruments: ['nosik', 'psoc', 'daily-hassles', 'life-events', 'gas'],
      groups: [
        homestart(56, {
          parentStress: [0, -0.45],
          depression: [0, -0.4],
          childProblems: [0, -0.35],
          competence: [0, 0.4],
          hassles: [0, -0.4],
        }),
      ],
      sites: 6,
      missingItems: MISSING,
      gas: { positiveChangeShare: 0.86, weightedShare: 0.3 },
    },
    'control-2005': {
      id: 'control-2005',
      description: 'Home-Start (54) vs comparison (51) pre/post (Asscher 2005) - T2 about 6 months later; Home-Start mothers younger and more often single parents; NOSIK + PSOC',
      seed: 2005,
      waveMonths: [0, 6],
      start: { date: '2001-03-01', recruitmentDays: 420 },
      instruments: ['nosik', 'psoc'],
      groups: [homestart(54, pre2005.hs, { severityGradient: 0.3 }), control(51, pre2005.cg)],
      sites: 8,
      missingItems: MISSING,
    },
    'norm-2008': {
      id: 'norm-2008',
      description: 'norm group of 41 community mothers (Asscher et al. 2008) measured at the same two waves as synthetic-2005-control.csv; NOSIK + PSOC',
      seed: 2008,
      waveMonths: [0, 6],
      start: { date: '2001-03-01', recruitmentDays: 420 },
      instruments: ['nosik', 'psoc'],
      groups: [norm(41, pre2005.ng)],
      sites: 8,
      missingItems: MISSING,
    },
    'fourwaves-2010': {
      id: 'fourwaves-2010',
      description: 'Home-Start (66) vs comparison (58) over four waves at 0/3/6/12 months (Dekovic et al. 2010); competence grows more in Home-Start; PSOC + NOSIK',
      seed: 2010,
      waveMonths: [0, 3, 6, 12],
      start: { date: '2002-01-15', recruitmentDays: 450 },
      instruments: ['nosik', 'psoc'],
      groups: [
        homestart(66, {
          parentStress: [0, -0.15, -0.3, -0.45],
          depression: [0, -0.12, -0.25, -0.4],
          childProblems: [0, -0.1, -0.2, -0.35],
          competence: [0, 0.15, 0.3, 0.45],
        }),
        control(58, {
          parentStress: [0, -0.05, -0.1, -0.12],
          depression: [0, -0.03, -0.06, -0.08],
          childProblems: [0, -0.05, -0.1, -0.18],
          competence: [0, 0.04, 0.07, 0.1],
        }),
      ],
      sites: 10,
      missingItems: MISSING,
    },
    'fivewaves-2013': {
      id: 'fivewaves-2013',
      description: 'three groups over five waves at 0/3/6/12/18 months (Hermanns et al. 2013) with the published attrition (Home-Start 59 to 33; control 56 to 45; norm 36 to 34); dropout more likely for more stressed mothers (not at random); PSOC + NOSIK',
      seed: 2013,
      waveMonths: [0, 3, 6, 12, 18],
      start: { date: '2006-02-01', recruitmentDays: 540 },
      instruments: ['nosik', 'psoc'],
      groups: [
        homestart(
          59,
          {
            parentStress: [0, -0.2, -0.4, -0.45, -0.5],
            depression: [0, -0.15, -0.35, -0.4, -0.45],
            childProblems: [0, -0.15, -0.3, -0.4, -0.45],
            competence: [0, 0.15, 0.35, 0.4, 0.45],
          },
          { present: [59, 52, 45, 39, 33] },
        ),
        control(
          56,
          {
            parentStress: [0, -0.05, -0.1, -0.15, -0.15],
            depression: [0, -0.03, -0.06, -0.1, -0.1],
            childProblems: [0, -0.1, -0.15, -0.2, -0.25],
            competence: [0, 0.05, 0.08, 0.1, 0.12],
          },
          { present: [56, 53, 50, 47, 45] },
        ),
        norm(
          36,
          { childProblems: [0, -0.02, -0.05, -0.05, -0.08] },
          { present: [36, 35, 35, 34, 34] },
        ),
      ],
      sites: 12,
      missingItems: MISSING,
      dropoutStress: 1,
    },
    'sevenwaves-2015': {
      id: 'sevenwaves-2015',
      description:
        'the three groups of the 2013 design followed over seven occasions (van Aar et al. 2015): the five waves at 0/3/6/12/18 months plus two long follow-ups at 5 and 10 years (follow-up times illustrative); published starting sizes 59/56/36, attrition after T5 illustrative; dropout more likely for more stressed mothers; PSOC + NOSIK',
      seed: 2015,
      waveMonths: [0, 3, 6, 12, 18, 60, 120],
      start: { date: '2006-02-01', recruitmentDays: 540 },
      instruments: ['nosik', 'psoc'],
      groups: [
        homestart(
          59,
          {
            parentStress: [0, -0.2, -0.4, -0.45, -0.5, -0.55, -0.55],
            depression: [0, -0.15, -0.35, -0.4, -0.45, -0.45, -0.45],
            childProblems: [0, -0.15, -0.3, -0.4, -0.45, -0.55, -0.6],
            competence: [0, 0.15, 0.35, 0.4, 0.45, 0.5, 0.5],
          },
          { present: [59, 52, 45, 39, 33, 28, 24] },
        ),
        control(
          56,
          {
            parentStress: [0, -0.05, -0.1, -0.15, -0.15, -0.3, -0.35],
            depression: [0, -0.03, -0.06, -0.1, -0.1, -0.2, -0.25],
            childProblems: [0, -0.1, -0.15, -0.2, -0.25, -0.4, -0.5],
            competence: [0, 0.05, 0.08, 0.1, 0.12, 0.25, 0.35],
          },
          { present: [56, 53, 50, 47, 45, 39, 34] },
        ),
        norm(
          36,
          { childProblems: [0, -0.02, -0.05, -0.05, -0.08, -0.15, -0.2] },
          { present: [36, 35, 35, 34, 34, 31, 28] },
        ),
      ],
      sites: 12,
      missingItems: MISSING,
      dropoutStress: 1,
    },
  };
}

export interface SampleDesignOverrides {
  /** Another seed (a different but equally valid synthetic sample). */
  seed?: number;
  /**
   * Other group sizes, e.g. `{ homestart: 500 }`. Attrition is scaled proportionally:
   * present[w] = round(n · published present[w] / published n).
   */
  n?: Partial<Record<string, number>>;
}

/**
 * A preset design (a fresh copy), optionally with another seed or group sizes, for tests and notebooks.
 *
 * @example
 * const d = sampleDesign('fivewaves-2013', { n: { homestart: 118 } });
 * d.groups[0].present; // [118, 104, 90, 78, 66]
 */
export function sampleDesign(id: SampleDesignId, overrides: SampleDesignOverrides = {}): SampleDesign {
  const all = presets();
  const design = all[id];
  if (!design) throw new SampleDesignError(`Unknown sample design '${id}'; known: ${SAMPLE_DESIGN_IDS.join(', ')}.`);
  if (overrides.seed !== undefined) design.seed = overrides.seed;
  for (const [group, n] of Object.entries(overrides.n ?? {})) {
    if (n === undefined) continue;
    const g = design.groups.find((x) => x.group === group);
    if (!g) throw new SampleDesignError(`Design '${id}' has no group '${group}'; groups: ${design.groups.map((x) => x.group).join(', ')}.`);
    if (g.present) {
      const n0 = g.present[0];
      g.present = g.present.map((p, w) => (w === 0 ? n : Math.round((n * p) / n0)));
    }
    g.n = n;
  }
  return design;
}
