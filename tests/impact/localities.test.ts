/**
 * Localities (the villages of a municipality) and volunteer availability: read from the optional
 * columns, cross-checked, counted in the figures (hand-counted fixture) and published through the
 * disclosure cells of a site's report; the bundled local sample gives the seed's "14 active, of whom
 * 2 not deployable, 4 in training".
 */
import { describe, expect, it } from 'vitest';
import { computeFigures, loadRegistration, loadRegistrationTables, localityKey, publishFigures, reportCellText, type PublishedFigures } from '../../src/index.js';
import { dalfsenFixture } from './figures.fixture.js';

const SITES = 'site_id,municipality,organisation,region,start_date\nS1,Dalfsen,HS,Oost,2018-01-01\n';
// F1–F3 Dalfsen, F4–F5 Lemelerveld, F6 without a locality (all supported in 2020);
// F7 Nieuwleusen, pending (never supported); F8 Lemelerveld, registered in 2021 and supported then.
const FAMILIES = [
  'gezin;locatie;aanmelddatum;verwijzer;aantal_kinderen;dorp;uitkomst_intake',
  'F1;S1;6-1-2020;GGD;1;Dalfsen;ondersteund',
  'F2;S1;7-1-2020;GGD;1;Dalfsen;ondersteund',
  'F3;S1;8-1-2020;GGD;1;Dalfsen;ondersteund',
  'F4;S1;9-1-2020;GGD;1;Lemelerveld;ondersteund',
  'F5;S1;10-1-2020;GGD;1;Lemelerveld;ondersteund',
  'F6;S1;11-1-2020;GGD;1;;ondersteund',
  'F7;S1;12-1-2020;GGD;1;Nieuwleusen;in behandeling',
  'F8;S1;4-1-2021;GGD;1;Lemelerveld;ondersteund',
  '',
].join('\n');
// V1 deployable; V2 and V3 not deployable ("niet inzetbaar", "nee"); V4 stopped (its availability
// is ignored, with a warning); V5 in training; V6 active without an availability recorded.
const VOLUNTEERS = [
  'vrijwilliger;locatie;aanmelddatum;training_afgerond;actief_vanaf;stopdatum;inzetbaar',
  'V1;S1;1-11-2019;1-12-2019;2-12-2019;;ja',
  'V2;S1;1-11-2019;1-12-2019;2-12-2019;;niet inzetbaar',
  'V3;S1;1-11-2019;1-12-2019;2-12-2019;;nee',
  'V4;S1;1-11-2019;1-12-2019;2-12-2019;1-6-2020;niet inzetbaar',
  'V5;S1;1-10-2020;;;;in opleiding',
  'V6;S1;1-11-2019;1-12-2019;2-12-2019;;',
  '',
].join('\n');
const TRAJECTORIES = [
  'traject;gezin;vrijwilliger;locatie;koppeldatum;einddatum',
  ...['F1', 'F2', 'F3', 'F4', 'F5', 'F6'].map((f, i) => `T${i + 1};${f};V${i < 3 ? 1 : 6};S1;${3 + i}-2-2020;${i < 3 ? `${10 + i}-1-2021` : ''}`),
  'T8;F8;V1;S1;1-2-2021;',
  '',
].join('\n');

async function load(referenceDate: string) {
  return loadRegistrationTables({ sites: { text: SITES }, families: { text: FAMILIES }, volunteers: { text: VOLUNTEERS }, trajectories: { text: TRAJECTORIES } }, { referenceDate });
}

function table(pub: PublishedFigures, id: string) {
  return pub.tables.find((t) => t.id === id);
}

describe('the optional columns', () => {
  it('locality ("dorp") and availability ("inzetbaar": ja/nee or a status) are read; a contradicting availability is a warning', async () => {
    const r = await load('2021-03-31');
    expect(r.rejects.map((x) => x.reasons)).toEqual([]);
    expect(r.data.families.map((f) => f.locality)).toEqual(['Dalfsen', 'Dalfsen', 'Dalfsen', 'Lemelerveld', 'Lemelerveld', null, 'Nieuwleusen', 'Lemelerveld']);
    expect(r.data.volunteers.map((v) => v.availability ?? null)).toEqual(['deployable', 'not-deployable', 'not-deployable', 'not-deployable', 'in-training', null]);
    expect(r.issues.filter((i) => i.severity === 'warning').map((i) => i.message)).toEqual([
      'volunteers.csv, row 5, column "inzetbaar": an availability is given, but the volunteer stopped on 2020-06-01; a volunteer who stopped is counted as stopped, not by availability; the row was kept (rule inconsistent).',
    ]);
  });

  it('a "woonplaats" header is refused as an address column (privacy), naming the column that works instead in the docs', async () => {
    const r = await loadRegistrationTables({ sites: { text: SITES }, families: { text: FAMILIES.replace(';dorp;', ';woonplaats;') } }, { referenceDate: '2021-03-31' });
    expect(r.data.families).toEqual([]);
    expect(r.issues.find((i) => i.rule === 'identifying-column')!.message).toContain('column "woonplaats" holds addresses');
  });

  it('"in training" next to a completed training is a warning', async () => {
    const v = VOLUNTEERS.replace(';;;;in opleiding', ';1-11-2020;;;in opleiding');
    const r = await loadRegistrationTables({ sites: { text: SITES }, volunteers: { text: v } }, { referenceDate: '2021-03-31' });
    expect(r.issues.filter((i) => i.rule === 'inconsistent' && i.row === 6).map((i) => i.message)).toEqual([
      'volunteers.csv, row 6, column "inzetbaar": the volunteer is "in training", but "training_afgerond" says the training was completed on 2020-11-01; the figures count training by that date; the row was kept (rule inconsistent).',
    ]);
  });
});

describe('figures (hand-counted)', () => {
  it('supported families by locality: every locality of the site in both years, "unknown" for a family without one', async () => {
    const r = await load('2021-03-31');
    const f = computeFigures(r.data, { year: 2021, scope: { level: 'site', siteId: 'S1' }, referenceDate: '2021-03-31' });
    // 2020: F1–F6 supported; F7 never. 2021 (to 31 March): F1–F3 ended in January 2021 (still supported
    // in 2021), F4–F6 running, F8 matched in February.
    expect(f.previous!.families.supported).toBe(6);
    expect(f.previous!.families.supportedByLocality).toEqual({ Dalfsen: 3, Lemelerveld: 2, Nieuwleusen: 0, unknown: 1 });
    expect(f.current.families.supported).toBe(7);
    expect(f.current.families.supportedByLocality).toEqual({ Dalfsen: 3, Lemelerveld: 3, Nieuwleusen: 0, unknown: 1 });
    expect(Object.keys(f.current.families.supportedByLocality)).toEqual(['Dalfsen', 'Lemelerveld', 'Nieuwleusen', 'unknown']);
  });

  it('no locality recorded anywhere: an empty breakdown, no "unknown" row', () => {
    const f = computeFigures(dalfsenFixture(), { year: 2024, scope: { level: 'site', siteId: 'S-DAL' }, referenceDate: '2025-03-31' });
    expect(f.current.families.supportedByLocality).toEqual({});
    expect(f.current.volunteers.notDeployableAtYearEnd).toBeNull();
  });

  it('not deployable: counted among the active volunteers on the reference date only', async () => {
    const r = await load('2020-12-31');
    const f = computeFigures(r.data, { year: 2020, scope: { level: 'site', siteId: 'S1' }, referenceDate: '2020-12-31' });
    // active on 31-12-2020: V1, V2, V3, V6 (V4 stopped, V5 in training)
    expect(f.current.volunteers.activeAtYearEnd).toBe(4);
    expect(f.current.volunteers.notDeployableAtYearEnd).toBe(2);
    expect(f.current.volunteers.inTrainingAtYearEnd).toBe(1);
    // the year before the reference date's year: availability then is not known
    // (here the data do not cover 2019 at all, so there is no previous year to show)
    expect(f.previous?.volunteers.notDeployableAtYearEnd ?? null).toBeNull();
    // a reference date after the year's end: the year's snapshot is 31 December, not the reference date
    const later = computeFigures((await load('2021-03-31')).data, { year: 2020, scope: { level: 'site', siteId: 'S1' }, referenceDate: '2021-03-31' });
    expect(later.current.volunteers.notDeployableAtYearEnd).toBeNull();
    const partial = computeFigures((await load('2021-03-31')).data, { year: 2021, scope: { level: 'site', siteId: 'S1' }, referenceDate: '2021-03-31' });
    expect(partial.current.volunteers.notDeployableAtYearEnd).toBe(2);
  });
});

describe('published through the disclosure cells', () => {
  it('a site report has the locality table and the not-deployable row; small counts are hidden like any other', async () => {
    const r = await load('2021-03-31');
    const f = computeFigures(r.data, { year: 2021, scope: { level: 'site', siteId: 'S1' }, referenceDate: '2021-03-31' });
    const open = publishFigures(f, { lang: 'en', threshold: 1 });
    const kernen = table(open, 'kernen')!;
    expect(kernen.title).toBe('Supported families by locality (village or district)');
    expect(kernen.rows.map((x) => [x.label, ...x.cells.map((c) => reportCellText(c, 'en'))])).toEqual([
      ['Dalfsen', '3', '50%', '3', '43%'],
      ['Lemelerveld', '2', '33%', '3', '43%'],
      ['Nieuwleusen', '0', '0%', '0', '0%'],
      ['Unknown', '1', '17%', '1', '14%'],
      ['Total', '6', '100%', '7', '100%'],
    ]);
    const key = table(open, 'kerncijfers')!;
    const nd = key.rows.find((x) => x.label === 'of whom not deployable for now (on the reference date)')!;
    expect(nd.cells.map((c) => reportCellText(c, 'en'))).toEqual(['', '2']);
    // threshold 5: every count of the locality table is below it
    const closed = publishFigures(f, { lang: 'nl', threshold: 5 });
    const cells = table(closed, 'kernen')!.rows.slice(0, 4).flatMap((x) => [x.cells[0], x.cells[2]]);
    expect(cells.every((c) => c.value === null || c.value === 0), JSON.stringify(cells)).toBe(true);
    expect(table(closed, 'kernen')!.title).toBe('Ondersteunde gezinnen naar kern (dorp of wijk)');
  });

  it('locality cell keys are encoded (TSDoc example; a "|" in a name cannot split a key)', () => {
    expect(localityKey('Nieuwleusen')).toBe('loc.Nieuwleusen');
    expect(localityKey('Oost|West')).toBe('loc.Oost%7CWest');
  });

  it('a national or regional report has no locality table', async () => {
    const r = await load('2021-03-31');
    for (const scope of [{ level: 'national' as const }, { level: 'region' as const, region: 'Oost' }]) {
      const pub = publishFigures(computeFigures(r.data, { year: 2021, scope, referenceDate: '2021-03-31' }), { lang: 'en', threshold: 1 });
      expect(table(pub, 'kernen'), scope.level).toBeUndefined();
    }
  });
});

describe('the bundled local sample (seed 002)', () => {
  it('14 active on 30 June 2021, of whom 2 not deployable; 4 in training; families in three villages', async () => {
    const r = await loadRegistration('sample-data/registration/local', { referenceDate: '2021-06-30' });
    expect(r.issues).toEqual([]);
    const f = computeFigures(r.data, { year: 2021, scope: { level: 'site', siteId: 'DLF' }, referenceDate: '2021-06-30' });
    expect(f.current.volunteers.activeAtYearEnd).toBe(14);
    expect(f.current.volunteers.notDeployableAtYearEnd).toBe(2);
    expect(f.current.volunteers.inTrainingAtYearEnd).toBe(4);
    expect(Object.keys(f.current.families.supportedByLocality)).toEqual(['Dalfsen', 'Lemelerveld', 'Nieuwleusen']);
    const bySupported = Object.values(f.current.families.supportedByLocality).reduce((a, b) => a + b, 0);
    expect(bySupported).toBe(f.current.families.supported);
    // all 22 supported families of the evaluation's table by village: 12, 4, 6
    const byVillage: Record<string, number> = {};
    for (const fam of r.data.families) if (fam.intakeOutcome === 'supported') byVillage[fam.locality!] = (byVillage[fam.locality!] ?? 0) + 1;
    expect(byVillage).toEqual({ Dalfsen: 12, Lemelerveld: 4, Nieuwleusen: 6 });
  });
});
