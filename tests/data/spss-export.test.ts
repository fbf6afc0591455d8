/**
 * End to end: a realistic Dutch SPSS export (respnr, geslacht, groep with value labels, leeftijd,
 * datum_voormeting 12-03-2019, nosik_1_voormeting … nosik_tot_nameting, codes 99 / -9, one typo)
 * loads without a mapping file — as .sav (compressed, uncompressed, zsav), as CSV and as XLSX —
 * and gives exactly what an independent R computation on the same file gives
 * (tests/reference/spss_export.R → spss_export.json).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadMeasurements, type LoadMeasurementsOptions } from '../../src/data/measurements.js';
import { scoreRecords } from '../../src/instruments/scoring.js';
import { tTestPaired } from '../../src/stats/ttest.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const fixture = (f: string) => here(`../fixtures/data/spss/${f}`);
const ref = JSON.parse(readFileSync(here('../reference/spss_export.json'), 'utf8')) as {
  cases: number;
  units: { read: number; accepted: number; rejected: number };
  declaredMissing: { count: number; byCode: Record<string, number> };
  scores: Array<{ participant: string; group: string; wave: string; scale: string; score: number | null }>;
  paired: Record<string, { n: number; participants: string[]; meanDiff: number; sdDiff: number; t: number; df: number; p: number; ciLow: number; ciHigh: number; dz: number }>;
};

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

const cases: Array<[string, LoadMeasurementsOptions]> = [
  ['dutch-export.sav', {}],
  ['dutch-export-uncompressed.sav', {}],
  ['dutch-export.zsav', {}],
  ['dutch-export.csv', { missing: '99,-9' }],
  ['dutch-export.xlsx', { missing: '99,-9' }],
];

describe('a Dutch SPSS export loads without a mapping and matches R', () => {
  for (const [file, options] of cases) {
    it(`${file}${options.missing ? ' (--missing 99,-9)' : ' (user-missing values from the file)'}`, async () => {
      const r = await loadMeasurements(fixture(file), options);
      expect(r.layout.kind).toBe('wide');
      expect(r.layout.description).toMatch(/waves from column names: voormeting → T1, nameting → T2/);
      expect(r.rowsRead).toBe(ref.cases);
      expect(r.accepted + r.rejected).toBe(r.rowsRead);
      expect(r.rejected).toBe(0);
      expect(r.units).toEqual(ref.units);
      expect(r.declaredMissing).toEqual(ref.declaredMissing);
      // the one typo rejects that mother's voormeting NOSIK only, with its reason
      const row = file.endsWith('sav') ? 11 : 12; // .sav: case number; CSV/XLSX: spreadsheet row
      expect(r.rejects).toEqual([expect.objectContaining({ row, unit: { wave: 'T1', instrument: 'nosik' }, reasons: [`${file}, row ${row}, column "nosik_9_voormeting": value "7" is outside the allowed range 1 to 6 of nosik item 09 (rule out-of-range).`] })]);
      // groups from value labels (.sav) or label text (CSV/XLSX), dates as Dutch exports write them
      const first = r.records.find((x) => x.participantId === '101' && x.wave === 'T1')!;
      expect(first.group).toBe('homestart');
      expect(first.date).toMatch(/^2019-\d\d-\d\d$/);
      expect(new Set(r.records.map((x) => x.group))).toEqual(new Set(['homestart', 'control']));
      expect(r.records.every((x) => typeof x.date === 'string' || x.wave === 'T2')).toBe(true);

      const scores = scoreRecords(r.records).scores;
      expect(scores).toHaveLength(ref.scores.length);
      let checked = 0;
      for (const s of ref.scores) {
        const mine = scores.find((x) => x.participantId === s.participant && x.wave === s.wave && x.scale === s.scale)!;
        expect(mine, `${s.participant} ${s.wave} ${s.scale}`).toBeDefined();
        expect(mine.group).toBe(s.group);
        if (s.score === null) expect(mine.score, `${s.participant} ${s.wave} ${s.scale}`).toBeNull();
        else expect(rel(mine.score!, s.score), `${s.participant} ${s.wave} ${s.scale}`).toBeLessThan(1e-12);
        checked++;
      }
      expect(checked).toBe(188);
      // the dropouts: no NOSIK total of 99, but a missing score saying why
      const drop = scores.find((x) => x.participantId === '108' && x.wave === 'T2' && x.scale === 'total')!;
      expect(drop.score).toBeNull();
      expect(drop.missingReason).toBe('25 of 25 items missing; at most 2 may be prorated; declared missing (99): 25 items and the given total score');

      for (const g of ['homestart', 'control']) {
        const e = ref.paired[g];
        const tot = (w: string) => new Map(scores.filter((x) => x.group === g && x.scale === 'total' && x.wave === w && x.score !== null).map((x) => [x.participantId, x.score!]));
        const t1 = tot('T1');
        const t2 = tot('T2');
        const ids = [...t1.keys()].filter((id) => t2.has(id)).sort();
        expect(ids).toEqual(e.participants);
        const res = tTestPaired(ids.map((id) => t2.get(id)!), ids.map((id) => t1.get(id)!));
        expect(res.n).toBe(e.n);
        expect(rel(res.statistic, e.t)).toBeLessThan(1e-9);
        expect(res.df).toBe(e.df);
        expect(rel(res.p, e.p)).toBeLessThan(1e-6);
        expect(rel(res.ci!.lower, e.ciLow)).toBeLessThan(1e-9);
        expect(rel(res.ci!.upper, e.ciHigh)).toBeLessThan(1e-9);
        expect(rel(res.effectSize!.value, e.dz)).toBeLessThan(1e-9);
      }
    });
  }
});

describe('the same export in every format gives the same records', () => {
  it('dates: .sav date variables, CSV 12-03-2019, XLSX date cells and bare Excel serial numbers agree', async () => {
    const key = (r: Awaited<ReturnType<typeof loadMeasurements>>) => r.records.map((x) => `${x.participantId}|${x.wave}|${x.group}|${x.date ?? ''}|${JSON.stringify(x.items)}|${JSON.stringify(x.declaredMissing ?? {})}`).sort();
    const sav = await loadMeasurements(fixture('dutch-export.sav'));
    const csv = await loadMeasurements(fixture('dutch-export.csv'), { missing: '99,-9' });
    const xlsx = await loadMeasurements(fixture('dutch-export.xlsx'), { missing: '99,-9' });
    expect(key(csv)).toEqual(key(sav));
    expect(key(xlsx)).toEqual(key(sav));
    // T2 dates come from bare serial numbers in the XLSX (a lost date format)
    expect(xlsx.records.filter((x) => x.wave === 'T2' && x.date).length).toBeGreaterThan(20);
  });
});
