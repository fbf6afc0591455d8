/**
 * Categories as data: the bundled lists of `data-schemas/registration/categories.json`, an office's
 * extension by JSON alone (new codes, aliases, labels) flowing into the loader, the figures and the
 * published tables, and unknown values counted as "other" with a warning that only the run's issues
 * carry (never a report file).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { DataError } from '../../src/data/issues.js';
import {
  bundledRegistrationCategories,
  computeFigures,
  extendRegistrationCategories,
  loadRegistration,
  loadRegistrationTables,
  publishFigures,
  readRegistrationCategories,
  registrationCategoriesPath,
  registrationCodes,
  registrationLabel,
  registrationValueAliases,
  reportCellText,
  writeReport,
  type PublishedFigures,
} from '../../src/index.js';
import { runCli } from '../cli/run-cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'hs-categories-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** An office's file: a new referrer and help question, a new alias of an existing code, an English label changed. */
const OFFICE = {
  categories: {
    referrer: {
      codes: [
        { code: 'cjg', nl: 'Centrum voor Jeugd en Gezin', en: 'Youth and family centre', aliases: ['CJG', 'CJG Dalfsen'] },
        { code: 'other-care', aliases: ['Thuisbegeleiding De Linde'] },
      ],
    },
    'help-question': { codes: [{ code: 'language', nl: 'Taal leren', en: 'Learning the language', aliases: ['taalles'] }] },
    'end-reason': { codes: [{ code: 'moved', en: 'Family moved away' }] },
  },
};

const HEAD = 'family_id,site_id,registration_date,referrer,help_questions,children_count,intake_outcome';
const SITES = 'site_id,municipality,organisation,region,start_date\nS1,Dalfsen,HS,Oost,2018-01-01\n';

/** Nine families in 2020: 5 via "CJG" (new code), 1 via a care provider's name (alias), 3 via an unknown organisation. */
function familiesCsv(): string {
  const rows = [HEAD];
  for (let i = 1; i <= 9; i++) {
    const referrer = i <= 5 ? (i % 2 ? 'CJG' : 'cjg dalfsen') : i === 6 ? 'Thuisbegeleiding De Linde' : 'Stichting Zonnebloemhof';
    const help = i <= 6 ? 'Taalles;Opvoedondersteuning' : 'Grenzen stellen';
    rows.push(`G${i},S1,2020-0${i}-01,${referrer},${help},1,pending`);
  }
  return rows.join('\n') + '\n';
}

function table(pub: PublishedFigures, id: string) {
  const t = pub.tables.find((x) => x.id === id);
  if (!t) throw new Error(`no table ${id}`);
  return t;
}

describe('the bundled lists', () => {
  it('are valid against categories.schema.json and give every code both labels', () => {
    const schema = JSON.parse(readFileSync(registrationCategoriesPath().replace('categories.json', 'categories.schema.json'), 'utf8'));
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    expect(validate(JSON.parse(readFileSync(registrationCategoriesPath(), 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
    const cats = bundledRegistrationCategories();
    for (const list of Object.values(cats.lists)) {
      for (const c of list.codes) expect(c.label.nl.length * c.label.en.length, `${list.kind} ${c.code}`).toBeGreaterThan(0);
      if (list.unknown !== null) expect(list.codes.map((c) => c.code)).toContain(list.unknown);
    }
    expect(cats.lists['intake-outcome'].unknown).toBeNull();
    expect(cats.lists.gender.unknown).toBeNull();
    expect(cats.lists.referrer.unknown).toBe('other');
  });

  it('hold the seed documents\' categories as their own codes', () => {
    const help = registrationValueAliases('help-question');
    expect(help['positief opvoeden']).toBe('positive-parenting');
    expect(help['grenzen stellen']).toBe('setting-limits');
    expect(help['wennen aan ouderrol']).toBe('getting-used-to-parenthood');
    expect(help['wennen aan het ouderschap']).toBe('getting-used-to-parenthood');
    expect(help['verzorgen baby']).toBe('baby-care');
    expect(registrationLabel('help-question', 'setting-limits', 'en')).toBe('Setting limits');
    expect(registrationValueAliases('volunteer-availability')['niet inzetbaar']).toBe('not-deployable');
    expect(registrationValueAliases('volunteer-availability')['nee']).toBe('not-deployable');
    expect(registrationCodes('help-question').at(-1)).toBe('other');
  });
});

describe('an office extends the lists by JSON alone', () => {
  it('new codes go before "other"; aliases and labels are added; the TSDoc example', () => {
    const cats = extendRegistrationCategories(OFFICE, 'kantoor.json');
    expect(registrationCodes('referrer', cats).slice(-3)).toEqual(['other-care', 'cjg', 'other']);
    expect(registrationValueAliases('referrer', cats)['cjg dalfsen']).toBe('cjg');
    expect(registrationValueAliases('referrer', cats)['thuisbegeleiding de linde']).toBe('other-care');
    expect(registrationLabel('end-reason', 'moved', 'en', cats)).toBe('Family moved away');
    expect(registrationLabel('end-reason', 'moved', 'nl', cats)).toBe('Verhuisd');
    expect(cats.sources).toEqual(['kantoor.json']);
    // the bundled lists are not changed
    expect(registrationCodes('referrer')).not.toContain('cjg');
    const ex = extendRegistrationCategories({ categories: { referrer: { codes: [
      { code: 'cjg', nl: 'Centrum voor Jeugd en Gezin', en: 'Youth and family centre', aliases: ['CJG Dalfsen'] },
      { code: 'other-care', aliases: ['Thuisbegeleiding De Linde'] }] } } }, 'kantoor.json');
    expect(registrationCodes('referrer', ex).slice(-2)).toEqual(['cjg', 'other']);
    expect(registrationValueAliases('referrer', ex)['cjg dalfsen']).toBe('cjg');
  });

  it('an alias the office gives wins over a bundled one; "unknown" can be made strict', () => {
    const cats = extendRegistrationCategories({ categories: { referrer: { unknown: null, codes: [{ code: 'municipality', aliases: ['huisarts'] }] } } });
    expect(registrationValueAliases('referrer')['huisarts']).toBe('other-care');
    expect(registrationValueAliases('referrer', cats)['huisarts']).toBe('municipality');
    expect(cats.lists.referrer.unknown).toBeNull();
  });

  it('refuses what would break the counting, with sentences naming the file and the JSON path', () => {
    const bad = (ext: unknown) => () => extendRegistrationCategories(ext, 'kantoor.json');
    expect(bad({ categories: { 'intake-outcome': { codes: [{ code: 'maybe', nl: 'Misschien', en: 'Maybe' }] } } })).toThrow(
      'kantoor.json: the category file is not valid: /categories/intake-outcome/codes/0: "maybe" is not a code of "intake-outcome", whose codes (supported, not-supported, pending) drive the counting; add aliases or labels to one of them instead.',
    );
    expect(bad({ categories: { referrer: { codes: [{ code: 'cjg' }] } } })).toThrow('/categories/referrer/codes/0: the new code "cjg" needs both an "nl" and an "en" label.');
    expect(bad({ categories: { referrer: { codes: [{ code: 'CJG Dalfsen', nl: 'x', en: 'x' }] } } })).toThrow('/categories/referrer/codes/0/code: "CJG Dalfsen" is not a code; write lower case letters and digits joined by hyphens');
    expect(bad({ categories: { verwijzer: { codes: [] } } })).toThrow('"verwijzer" is not a category kind');
    expect(bad({ categories: { referrer: { unknown: 'nobody' } } })).toThrow('/categories/referrer/unknown: "nobody" is not a code of "referrer".');
    expect(bad({ categories: { gender: { extensible: true } } })).toThrow('the list "gender" is not extensible; an office file cannot change that.');
    try {
      bad({ categories: { referrer: { codes: [{ code: 'cjg' }] } } })();
    } catch (e) {
      expect(e).toBeInstanceOf(DataError);
      expect((e as DataError).issues[0].rule).toBe('invalid-definition');
    }
    const path = join(tmp, 'broken.json');
    writeFileSync(path, '{ "categories": ');
    expect(() => readRegistrationCategories(path)).toThrow('broken.json: the category file is not valid: the category file cannot be read');
  });

  it('a category added by JSON alone shows up in the loaded data, the figures and the published tables (both languages)', async () => {
    const path = join(tmp, 'kantoor.json');
    writeFileSync(path, JSON.stringify(OFFICE));
    const r = await loadRegistrationTables({ sites: { text: SITES }, families: { text: familiesCsv() } }, { categories: path, referenceDate: '2021-06-30', crossChecks: false });
    expect(r.rejects).toEqual([]);
    expect(r.data.families.map((f) => f.referrer)).toEqual(['cjg', 'cjg', 'cjg', 'cjg', 'cjg', 'other-care', 'other', 'other', 'other']);
    expect(r.data.families[0].helpQuestions).toEqual(['language', 'parenting-support']);
    expect(r.data.categories?.sources).toEqual(['kantoor.json']);
    const fig = computeFigures(r.data, { year: 2020, scope: { level: 'site', siteId: 'S1' }, referenceDate: '2021-06-30' });
    expect(fig.current.referrers).toMatchObject({ cjg: 5, 'other-care': 1, other: 3 });
    expect(fig.current.referrers.municipality).toBe(0);
    const nl = publishFigures(fig, { lang: 'nl' });
    const refs = table(nl, 'verwijzers');
    const labels = refs.rows.map((x) => x.label);
    expect(labels.indexOf('Centrum voor Jeugd en Gezin')).toBe(labels.indexOf('Anders') - 1);
    expect(refs.rows.find((x) => x.label === 'Centrum voor Jeugd en Gezin')!.cells.slice(-2).map((c) => reportCellText(c, 'nl'))).toEqual(['5', '56%']);
    const en = publishFigures(fig, { lang: 'en' });
    expect(table(en, 'verwijzers').rows.map((x) => x.label)).toContain('Youth and family centre');
    expect(table(en, 'hulpvragen').rows.map((x) => x.label)).toContain('Learning the language');
    // the same files without the office's list: every family is still counted ("CJG" is a bundled
    // alias of youth health care; the rest under "other")
    const plain = await loadRegistrationTables({ sites: { text: SITES }, families: { text: familiesCsv() } }, { referenceDate: '2021-06-30', crossChecks: false });
    expect(plain.data.families).toHaveLength(9);
    expect(computeFigures(plain.data, { year: 2020, scope: { level: 'site', siteId: 'S1' }, referenceDate: '2021-06-30' }).current.referrers).toMatchObject({ other: 6, 'youth-health-care': 3, 'other-care': 0 });
  });

  it('a categories.json beside the registration files is read without any option', async () => {
    const dir = join(tmp, 'folder');
    cpSync('sample-data/registration/local', dir, { recursive: true });
    const fam = readFileSync(join(dir, 'gezinnen.csv'), 'utf8').replace(';Gemeente / sociaal team;', ';CJG Dalfsen;');
    writeFileSync(join(dir, 'gezinnen.csv'), fam);
    const before = await loadRegistration(dir, { referenceDate: '2021-06-30' });
    expect(before.issues.filter((i) => i.rule === 'unknown-category')).toHaveLength(1);
    expect(before.data.families.filter((f) => f.referrer === 'cjg')).toHaveLength(0);
    writeFileSync(join(dir, 'categorieen.json'), JSON.stringify(OFFICE));
    const after = await loadRegistration(dir, { referenceDate: '2021-06-30' });
    expect(after.issues.filter((i) => i.rule === 'unknown-category')).toEqual([]);
    expect(after.data.families.filter((f) => f.referrer === 'cjg')).toHaveLength(1);
    expect(after.categories.sources).toEqual(['categorieen.json']);
  });
});

describe('an unknown value: counted as "other", named only in the run\'s issues', () => {
  it('no family or trajectory is dropped; the report files never name the value', async () => {
    const r = await loadRegistrationTables({ sites: { text: SITES }, families: { text: familiesCsv() } }, { referenceDate: '2021-06-30', crossChecks: false });
    expect(r.files.find((f) => f.kind === 'families')).toMatchObject({ rowsRead: 9, accepted: 9, rejected: 0 });
    const warnings = r.issues.filter((i) => i.rule === 'unknown-category');
    expect(warnings.map((w) => w.value).sort()).toEqual(['Stichting Zonnebloemhof', 'Taalles', 'Thuisbegeleiding De Linde', 'cjg dalfsen'].sort());
    expect(warnings.find((w) => w.value === 'Stichting Zonnebloemhof')!.message).toContain('(rows 8, 9, 10)');
    const written = await writeReport(computeFigures(r.data, { year: 2020, scope: { level: 'site', siteId: 'S1' }, referenceDate: '2021-06-30' }), { outDir: join(tmp, 'report') });
    const outputs = [written.html, written.json, ...written.csv].map((f) => readFileSync(f, 'utf8'));
    for (const text of outputs) for (const v of ['Zonnebloemhof', 'De Linde', 'Taalles', 'CJG']) expect(text.includes(v), v).toBe(false);
  });

  it('report --categories: the CLI prints the unknown values (private run log) and writes none of them', async () => {
    const dir = join(tmp, 'cli-data');
    cpSync('sample-data/registration/local', dir, { recursive: true });
    const fam = readFileSync(join(dir, 'gezinnen.csv'), 'utf8').split('\n');
    // two families referred by organisations given by name
    fam[2] = fam[2].replace(/;[^;]*;(?=[^;]*;\d+;)/, ';Stichting Zonnebloemhof;');
    let n = 0;
    const out = fam.map((l) => (l.includes(';Gemeente / sociaal team;') && n++ < 5 ? l.replace(';Gemeente / sociaal team;', ';CJG;') : l));
    writeFileSync(join(dir, 'gezinnen.csv'), out.join('\n'));
    const officeFile = join(tmp, 'office.json');
    writeFileSync(officeFile, JSON.stringify(OFFICE));
    const res = await runCli(['report', '--year', '2020', '--data', dir, '--out', join(tmp, 'cli-out'), '--site', 'DLF', '--reference-date', '2021-06-30', '--categories', officeFile]);
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(res.out).toContain('Category values in no list, counted as "other" (this run log only; no report file names them):');
    expect(res.out).toContain('value "Stichting Zonnebloemhof" is in no list of this column');
    expect(res.out).toContain(`categories: ${officeFile.split('/').pop()}`);
    const files = readdirSync(join(tmp, 'cli-out'), { recursive: true }).map(String).filter((f) => /\.(html|csv|json)$/.test(f) && !f.includes('ledger'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) expect(readFileSync(join(tmp, 'cli-out', f), 'utf8').includes('Zonnebloemhof'), f).toBe(false);
    const refsFile = readdirSync(join(tmp, 'cli-out', 'tables')).find((f) => f.startsWith('verwijzers-2020-'))!;
    const refs = readFileSync(join(tmp, 'cli-out', 'tables', refsFile), 'utf8');
    expect(refs).toContain('Centrum voor Jeugd en Gezin');
    const bad = await runCli(['report', '--year', '2020', '--data', dir, '--out', join(tmp, 'cli-out2'), '--site', 'DLF', '--reference-date', '2021-06-30', '--categories', join(tmp, 'missing.json')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('missing.json: the category file is not valid: the category file cannot be read');
  });
});
