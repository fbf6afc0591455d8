/**
 * The synthetic files carry the intended effects. Scale scores are computed here directly from the
 * items (mean of answered items, reverse keys from the JSON definitions), independent of the scoring
 * engine. Directions follow the domain brief (section 2): competence up, stress/depression down, child
 * problems down in both groups but more in Home-Start; Home-Start starts more stressed than the norm;
 * 39–84% reach community level (Asscher et al. 2008); GAS 86% positive (Hermanns et al. 1997);
 * dropouts more stressed at baseline (missing not at random).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  generateSample,
  readSampleInstruments,
  SAMPLE_DESIGN_FILES,
  sampleDesign,
  sampleToCsv,
  type SampleDesignId,
} from '../../src/sample/index.js';
import { cronbachAlpha, meanOf, parseSampleCsv, scoresAt, sdOf, standardizedChange, type ParsedRow } from './helpers.js';

const dir = join(import.meta.dirname, '..', '..', 'sample-data');
const defs = readSampleInstruments();
const nosik = defs.nosik!;
const psoc = defs.psoc!;
const pdh = defs['daily-hassles']!;
const rowsOf = (id: SampleDesignId): ParsedRow[] => parseSampleCsv(readFileSync(join(dir, SAMPLE_DESIGN_FILES[id]), 'utf8')).rows;

/** Group × time effect: standardized change in Home-Start minus standardized change in control. */
const groupByTime = (rows: ParsedRow[], def: typeof nosik, scale: string, to: string) =>
  standardizedChange(rows, def, scale, 'homestart', 'T1', to) - standardizedChange(rows, def, scale, 'control', 'T1', to);

describe('reliability of the generated scales (Cronbach α at T1, complete cases)', () => {
  const files: Array<[SampleDesignId, (typeof nosik)[]]> = [
    ['prepost-1997', [nosik, psoc, pdh]],
    ['control-2005', [nosik, psoc]],
    ['norm-2008', [nosik, psoc]],
    ['fourwaves-2010', [nosik, psoc]],
    ['fivewaves-2013', [nosik, psoc]],
  ];
  it.each(files)('%s: every scale α in [.68, .93]', (id, instruments) => {
    const t1 = rowsOf(id).filter((r) => r.wave === 'T1');
    const alphas: Record<string, number> = {};
    for (const def of instruments) for (const s of def.scales) alphas[`${def.id}.${s.id}`] = cronbachAlpha(t1, def, s.id);
    for (const [k, a] of Object.entries(alphas)) {
      expect(a, k).toBeGreaterThan(0.68);
      expect(a, k).toBeLessThan(0.93);
    }
  });
});

describe('synthetic-1997-prepost.csv (single group pre/post)', () => {
  const rows = rowsOf('prepost-1997');
  it('stress, depression, child problems and hassles go down; competence goes up (d between 0.15 and 0.7)', () => {
    const d = {
      nosikTotal: standardizedChange(rows, nosik, 'total', 'homestart', 'T1', 'T2'),
      depression: standardizedChange(rows, nosik, 'depression', 'homestart', 'T1', 'T2'),
      child: standardizedChange(rows, nosik, 'child', 'homestart', 'T1', 'T2'),
      competence: standardizedChange(rows, psoc, 'total', 'homestart', 'T1', 'T2'),
      hassleFreq: standardizedChange(rows, pdh, 'frequency', 'homestart', 'T1', 'T2'),
      hassleInt: standardizedChange(rows, pdh, 'intensity', 'homestart', 'T1', 'T2'),
    };
    for (const k of ['nosikTotal', 'depression', 'child', 'hassleFreq', 'hassleInt'] as const) {
      expect(d[k], k).toBeLessThan(-0.15);
      expect(d[k], k).toBeGreaterThan(-0.7);
    }
    expect(d.competence).toBeGreaterThan(0.15);
    expect(d.competence).toBeLessThan(0.7);
  });

  it('GAS: exactly 48 of 56 families (86%) have a higher Kiresuk–Sherman T at T2 than at T1', () => {
    // T = 50 + 10·Σwx / √((1−ρ)Σw² + ρ(Σw)²), ρ = .3, weights blank = 1 (Kiresuk & Sherman 1968)
    const tScore = (r: ParsedRow) => {
      let swx = 0;
      let sw = 0;
      let sw2 = 0;
      for (let k = 1; k <= 5; k++) {
        if (r[`gas_${k}`] === '') continue;
        const w = r[`gas_weight_${k}`] === '' ? 1 : Number(r[`gas_weight_${k}`]);
        swx += w * Number(r[`gas_${k}`]);
        sw += w;
        sw2 += w * w;
      }
      return 50 + (10 * swx) / Math.sqrt(0.7 * sw2 + 0.3 * sw * sw);
    };
    const t1 = rows.filter((r) => r.wave === 'T1');
    let positive = 0;
    const baseline: number[] = [];
    for (const r of t1) {
      const r2 = rows.find((x) => x.participant_id === r.participant_id && x.wave === 'T2')!;
      baseline.push(tScore(r));
      if (tScore(r2) > tScore(r)) positive++;
    }
    expect(t1.length).toBe(56);
    expect(positive).toBe(48);
    expect(Math.round((100 * positive) / 56)).toBe(86);
    expect(meanOf(baseline)).toBeLessThan(40); // goals scored −1/−2 at baseline
  });
});

describe('synthetic-2005-control.csv + synthetic-2008-norm.csv', () => {
  const rows = rowsOf('control-2005');
  const norm = rowsOf('norm-2008');
  const t1 = (g: string) => rows.filter((r) => r.group === g && r.wave === 'T1');

  it('Home-Start mothers are younger and more often single parents at baseline', () => {
    const age = (g: string) => meanOf(t1(g).map((r) => Number(r.age)));
    const single = (g: string) => meanOf(t1(g).map((r) => Number(r.single_parent)));
    expect(age('control') - age('homestart')).toBeGreaterThan(1.5);
    expect(single('homestart') - single('control')).toBeGreaterThan(0.1);
  });

  it('group × time: stress and depression down more, competence up more in Home-Start; child problems down in both, more in Home-Start', () => {
    expect(groupByTime(rows, nosik, 'total', 'T2')).toBeLessThan(-0.15);
    expect(groupByTime(rows, nosik, 'depression', 'T2')).toBeLessThan(-0.15);
    expect(groupByTime(rows, nosik, 'parent', 'T2')).toBeLessThan(-0.15);
    expect(groupByTime(rows, psoc, 'total', 'T2')).toBeGreaterThan(0.1);
    expect(standardizedChange(rows, nosik, 'child', 'control', 'T1', 'T2')).toBeLessThan(0);
    expect(groupByTime(rows, nosik, 'child', 'T2')).toBeLessThan(0);
  });

  it('Home-Start starts more stressed and less competent than the norm group; the norm group stays level on stress', () => {
    const m = (rs: ParsedRow[], def: typeof nosik, s: string, g: string) => meanOf([...scoresAt(rs, def, s, g, 'T1').values()]);
    const sdNorm = sdOf([...scoresAt(norm, nosik, 'total', 'norm', 'T1').values()]);
    expect((m(rows, nosik, 'total', 'homestart') - m(norm, nosik, 'total', 'norm')) / sdNorm).toBeGreaterThan(0.5);
    expect(m(rows, psoc, 'total', 'homestart')).toBeLessThan(m(norm, psoc, 'total', 'norm'));
    expect(Math.abs(standardizedChange(norm, nosik, 'total', 'norm', 'T1', 'T2'))).toBeLessThan(0.15);
  });

  it('39–84% of Home-Start mothers are at community level at post (beyond the Jacobson–Truax cut-off c)', () => {
    // c = (SD_clin·M_func + SD_func·M_clin)/(SD_clin + SD_func), clinical = Home-Start at T1, functional = norm at T1
    for (const [def, scale] of [
      [nosik, 'total'],
      [nosik, 'depression'],
      [psoc, 'total'],
    ] as const) {
      const pre = [...scoresAt(rows, def, scale, 'homestart', 'T1').values()];
      const func = [...scoresAt(norm, def, scale, 'norm', 'T1').values()];
      const post = [...scoresAt(rows, def, scale, 'homestart', 'T2').values()];
      const c = (sdOf(pre) * meanOf(func) + sdOf(func) * meanOf(pre)) / (sdOf(pre) + sdOf(func));
      const good = (x: number) => (def.id === 'psoc' ? x > c : x < c);
      const sharePost = post.filter(good).length / post.length;
      const sharePre = pre.filter(good).length / pre.length;
      expect(sharePost, `${def.id}.${scale}`).toBeGreaterThanOrEqual(0.39);
      expect(sharePost, `${def.id}.${scale}`).toBeLessThanOrEqual(0.84);
      expect(sharePost).toBeGreaterThan(sharePre);
    }
  });
});

describe('synthetic-2010-fourwaves.csv', () => {
  const rows = rowsOf('fourwaves-2010');
  it('competence grows more in Home-Start (by T4) and the difference widens over the year; stress falls more', () => {
    expect(groupByTime(rows, psoc, 'total', 'T4')).toBeGreaterThan(0.2);
    expect(groupByTime(rows, psoc, 'total', 'T4')).toBeGreaterThan(groupByTime(rows, psoc, 'total', 'T2'));
    expect(groupByTime(rows, nosik, 'total', 'T4')).toBeLessThan(-0.15);
    expect(standardizedChange(rows, nosik, 'child', 'control', 'T1', 'T4')).toBeLessThan(0);
    expect(groupByTime(rows, nosik, 'child', 'T4')).toBeLessThan(0);
  });
});

describe('synthetic-2013-fivewaves.csv', () => {
  const rows = rowsOf('fivewaves-2013');
  it('Home-Start improves more than control from T1 to T3 and T1 to T5', () => {
    for (const w of ['T3', 'T5']) {
      expect(groupByTime(rows, psoc, 'total', w), w).toBeGreaterThan(0.15);
      expect(groupByTime(rows, nosik, 'total', w), w).toBeLessThan(-0.15);
      expect(groupByTime(rows, nosik, 'depression', w), w).toBeLessThan(-0.15);
    }
    expect(standardizedChange(rows, nosik, 'child', 'control', 'T1', 'T5')).toBeLessThan(0);
    expect(groupByTime(rows, nosik, 'child', 'T5')).toBeLessThan(0);
  });

  it('dropouts had higher baseline stress (NOSIK total) than completers, in Home-Start and control', () => {
    for (const g of ['homestart', 'control']) {
      const t5 = new Set(rows.filter((r) => r.group === g && r.wave === 'T5').map((r) => r.participant_id));
      const base = scoresAt(rows, nosik, 'total', g, 'T1');
      const drop = [...base].filter(([id]) => !t5.has(id)).map(([, v]) => v);
      const stay = [...base].filter(([id]) => t5.has(id)).map(([, v]) => v);
      expect(meanOf(drop) - meanOf(stay), g).toBeGreaterThan(0.15);
    }
  });
});

describe('the generator at large n reproduces its model (library, 1,500 per group)', () => {
  it('group × time effects of about d = 0.2–0.5 (2005 design) and a level norm group', () => {
    const d = generateSample(sampleDesign('control-2005', { seed: 11, n: { homestart: 1500, control: 1500 } }), defs);
    const rows = parseSampleCsv(sampleToCsv(d)).rows;
    const effects = {
      total: groupByTime(rows, nosik, 'total', 'T2'),
      depression: groupByTime(rows, nosik, 'depression', 'T2'),
      child: groupByTime(rows, nosik, 'child', 'T2'),
      competence: groupByTime(rows, psoc, 'total', 'T2'),
    };
    for (const k of ['total', 'depression', 'child'] as const) {
      expect(effects[k], k).toBeLessThan(-0.15);
      expect(effects[k], k).toBeGreaterThan(-0.5);
    }
    expect(effects.competence).toBeGreaterThan(0.2);
    expect(effects.competence).toBeLessThan(0.5);
    const n = generateSample(sampleDesign('norm-2008', { seed: 11, n: { norm: 1500 } }), defs);
    const nr = parseSampleCsv(sampleToCsv(n)).rows;
    expect(Math.abs(standardizedChange(nr, nosik, 'total', 'norm', 'T1', 'T2'))).toBeLessThan(0.08);
    expect(Math.abs(standardizedChange(nr, psoc, 'total', 'norm', 'T1', 'T2'))).toBeLessThan(0.08);
  });

  it('dropout is missing not at random with dropoutStress = 1 and completely at random with 0', () => {
    const gap = (strength: number) => {
      const design = sampleDesign('fivewaves-2013', { seed: 5, n: { homestart: 1500, control: 10, norm: 10 } });
      design.dropoutStress = strength;
      const rows = parseSampleCsv(sampleToCsv(generateSample(design, defs))).rows;
      const t5 = new Set(rows.filter((r) => r.group === 'homestart' && r.wave === 'T5').map((r) => r.participant_id));
      expect(t5.size).toBe(Math.round((1500 * 33) / 59));
      const base = scoresAt(rows, nosik, 'total', 'homestart', 'T1');
      const all = [...base.values()];
      const drop = [...base].filter(([id]) => !t5.has(id)).map(([, v]) => v);
      const stay = [...base].filter(([id]) => t5.has(id)).map(([, v]) => v);
      return (meanOf(drop) - meanOf(stay)) / sdOf(all);
    };
    expect(gap(1)).toBeGreaterThan(0.4);
    expect(Math.abs(gap(0))).toBeLessThan(0.12);
  });
});
