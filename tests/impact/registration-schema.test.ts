/**
 * Registration schemas → validator specs, label/alias tables, and every column type through the
 * loader (exact messages of the generic validator, `src/data/validate.ts`).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { DataError } from '../../src/data/issues.js';
import { convertCell, validateTable, type CellValue } from '../../src/data/validate.js';
import {
  loadRegistrationTables,
  readRegistrationSchema,
  registrationSchemaPath,
  registrationSchemaSpecs,
  REGISTRATION_KINDS,
  type RegistrationKind,
} from '../../src/impact/registration.js';
import {
  FAMILY_PROFILE_LABELS,
  REGISTRATION_LABEL_KINDS,
  registrationCodes,
  registrationLabel,
  registrationLabels,
  registrationValueAliases,
} from '../../src/impact/labels.js';

const spec = (kind: RegistrationKind, name: string) => {
  const s = readRegistrationSchema(kind).specs.find((x) => x.name === name);
  if (!s) throw new Error(`no spec ${kind}.${name}`);
  return s;
};
const convert = (kind: RegistrationKind, name: string, raw: string) => convertCell(spec(kind, name), raw);

describe('registration schemas → column specs', () => {
  it('converts the TSDoc example exactly', () => {
    const { specs, rowRules } = registrationSchemaSpecs({
      type: 'object',
      required: ['family_id'],
      properties: { family_id: { type: 'string' }, children_ages: { type: 'array', items: { type: 'integer', minimum: 0 } } },
    });
    expect(specs).toEqual([
      { name: 'family_id', type: 'string', required: true },
      { name: 'children_ages', type: 'integer', required: false, min: 0, multiple: true },
    ]);
    expect(rowRules).toEqual([]);
  });

  it('reads the four bundled schemas with the documented columns, types and required flags', () => {
    const summary = (kind: RegistrationKind) => readRegistrationSchema(kind).specs.map((s) => `${s.name}:${s.type}${s.multiple ? '[]' : ''}${s.required ? '!' : ''}`);
    expect(summary('sites')).toEqual(['site_id:string!', 'municipality:string!', 'organisation:string!', 'region:string!', 'start_date:date!', 'coordinator_hours:number', 'budget:number']);
    expect(summary('families')).toEqual([
      'family_id:string!', 'site_id:string!', 'registration_date:date!', 'referrer:enum!', 'help_questions:enum[]', 'children_count:integer', 'children_ages:integer[]',
      'single_parent:boolean', 'migration_background:boolean', 'newcomer:boolean', 'financial_vulnerability:boolean', 'psychological_vulnerability:boolean', 'teen_parent:boolean',
      'physical_disability:boolean', 'starts_around_birth:boolean', 'locality:string', 'intake_outcome:enum!', 'not_supported_reason:enum',
    ]);
    expect(summary('volunteers')).toEqual(['volunteer_id:string!', 'site_id:string!', 'gender:enum', 'registration_date:date!', 'training_completed_date:date', 'active_from:date', 'stop_date:date', 'stop_reason:enum', 'availability:enum']);
    expect(summary('trajectories')).toEqual([
      'trajectory_id:string!', 'family_id:string!', 'volunteer_id:string!', 'site_id:string!', 'match_date:date!', 'check_date:date', 'evaluation_dates:date[]', 'end_date:date',
      'end_reason:enum', 'goals_reached:enum', 'gas_before:number', 'gas_after:number', 'follow_up_date:date', 'follow_up_referred:boolean',
    ]);
    expect(readRegistrationSchema('families').rowRules).toEqual([
      { type: 'one-of-required', columns: ['children_count', 'children_ages'] },
      { type: 'required-if', column: 'not_supported_reason', when: 'intake_outcome', equals: 'not-supported' },
      { type: 'absent-unless', column: 'not_supported_reason', when: 'intake_outcome', equals: 'not-supported' },
    ]);
    expect(readRegistrationSchema('families').fileNames).toEqual(['families', 'gezinnen']);
    expect(spec('families', 'children_ages')).toMatchObject({ min: 0, max: 25, separators: [';', '|', ','] });
    expect(spec('trajectories', 'gas_before')).toMatchObject({ min: 0, max: 100 });
  });

  it('is the single source of truth: an extra optional schema column becomes a spec with no code change', () => {
    const json = JSON.parse(readFileSync(registrationSchemaPath('sites'), 'utf8'));
    json.properties.volunteer_hours = { type: 'integer', minimum: 0, 'x-aliases': ['vrijwilligersuren'] };
    const { specs } = registrationSchemaSpecs(json);
    expect(specs.at(-1)).toEqual({ name: 'volunteer_hours', type: 'integer', required: false, min: 0, aliases: ['vrijwilligersuren'] });
  });

  it('refuses schema constructs it does not understand (never silently ignored)', () => {
    const bad = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => () => registrationSchemaSpecs({ type: 'object', properties, ...extra }, 'x.schema.json');
    expect(bad({ a: { type: 'object' } })).toThrow(DataError);
    expect(bad({ a: { type: 'object' } })).toThrow('x.schema.json: property "a" has type "object"; use string, integer, number, boolean or an array of these.');
    expect(bad({ a: { type: 'string', format: 'email' } })).toThrow('only "date" is understood');
    expect(bad({ a: { type: 'string', 'x-labels': 'colour' } })).toThrow('unknown category list "colour"');
    expect(bad({ a: { type: 'string', enum: ['municipality', 'police'], 'x-labels': 'referrer' } })).toThrow('property "a" has both "enum" and "x-labels"; the codes of a category column come from its list in categories.json, so remove "enum".');
    expect(bad({ a: { type: 'string' } }, { allOf: [{ if: { required: ['a'] }, then: {} }] })).toThrow('"allOf" entries must be');
    expect(bad({ a: { type: 'string' } }, { anyOf: [{ required: ['b'] }] })).toThrow('a row rule names column "b", which is not a property.');
    try {
      bad({ a: { type: 'object' } })();
    } catch (e) {
      expect((e as DataError).issues[0].rule).toBe('invalid-definition');
    }
  });
});

describe('every schema column type', () => {
  it('string, date, integer, number (decimal comma), boolean (ja/nee/1/0/empty)', () => {
    expect(convert('sites', 'municipality', ' Dalfsen ')).toEqual({ ok: true, value: 'Dalfsen' });
    expect(convert('sites', 'start_date', '1-3-2018')).toEqual({ ok: true, value: '2018-03-01' });
    expect(convert('sites', 'start_date', '2018-03-01')).toEqual({ ok: true, value: '2018-03-01' });
    expect(convert('sites', 'start_date', '31-2-2018')).toMatchObject({ ok: false, rule: 'invalid-date' });
    expect(convert('sites', 'budget', '56225,50')).toEqual({ ok: true, value: 56225.5 });
    expect(convert('sites', 'budget', '56.225,50')).toMatchObject({ ok: false, rule: 'not-a-number' });
    expect(convert('sites', 'coordinator_hours', '100')).toMatchObject({ ok: false, rule: 'out-of-range' });
    expect(convert('families', 'children_count', '2,5')).toMatchObject({ ok: false, rule: 'not-an-integer' });
    for (const [raw, value] of [['ja', true], ['nee', false], ['1', true], ['0', false], ['', null], ['Ja', true]] as const) {
      expect(convert('families', 'single_parent', raw)).toEqual({ ok: true, value });
    }
    expect(convert('families', 'single_parent', 'misschien')).toMatchObject({ ok: false, rule: 'invalid-value' });
  });

  it('multi-value cells: `;`, `|` or `,` inside a quoted cell; repeated codes count once; numbers keep every element', () => {
    expect(convert('families', 'children_ages', '2;7;9')).toEqual({ ok: true, value: [2, 7, 9] });
    expect(convert('families', 'children_ages', '2, 7, 9')).toEqual({ ok: true, value: [2, 7, 9] });
    expect(convert('families', 'children_ages', '3|3')).toEqual({ ok: true, value: [3, 3] });
    expect(convert('families', 'children_ages', '')).toEqual({ ok: true, value: null });
    expect(convert('families', 'help_questions', 'Opvoedondersteuning, positief opvoeden, Schermtijd')).toEqual({ ok: true, value: ['parenting-support', 'positive-parenting', 'screen-time'] });
    expect(convert('families', 'help_questions', 'Wegwijs maken|Netwerk vergroten')).toEqual({ ok: true, value: ['finding-way', 'network'] });
    expect(convert('trajectories', 'evaluation_dates', '1-10-2018; 2019-03-01')).toEqual({ ok: true, value: ['2018-10-01', '2019-03-01'] });
    expect(convert('families', 'children_ages', '2;x;9')).toEqual({ ok: false, rule: 'not-a-number', reason: 'contains "x", which is not a number' });
    expect(convert('families', 'children_ages', '2;30')).toEqual({ ok: false, rule: 'out-of-range', reason: 'contains "30", which is outside the allowed range 0 to 25' });
    // The convertCell TSDoc example of the list form.
    expect(convertCell({ name: 'ages', type: 'integer', multiple: true }, '2;7;9')).toEqual({ ok: true, value: [2, 7, 9] });
  });

  it('Dutch category aliases map to the codes named in the brief', () => {
    const cases: Array<[RegistrationKind, string, string, string]> = [
      ['families', 'referrer', 'Gemeente', 'municipality'],
      ['families', 'referrer', 'sociaal team', 'municipality'],
      ['families', 'referrer', 'Wijkteam', 'municipality'],
      ['families', 'referrer', 'GGD', 'youth-health-care'],
      ['families', 'referrer', 'JGZ', 'youth-health-care'],
      ['families', 'referrer', 'consultatiebureau', 'youth-health-care'],
      ['families', 'referrer', 'AMW', 'social-work'],
      ['families', 'referrer', 'Eigen initiatief', 'own-initiative'],
      ['families', 'referrer', 'eigen-initiatief', 'own-initiative'],
      ['families', 'referrer', 'Familie', 'family-friends'],
      ['families', 'referrer', 'School', 'school'],
      ['families', 'referrer', 'Kinderopvang', 'childcare'],
      ['families', 'referrer', 'thuisbegeleiding', 'other-care'],
      ['families', 'referrer', 'youth-health-care', 'youth-health-care'],
      ['families', 'help_questions', 'Opvoedondersteuning', 'parenting-support'],
      ['families', 'help_questions', 'Wegwijs maken', 'finding-way'],
      ['families', 'help_questions', 'Netwerk vergroten', 'network'],
      ['families', 'help_questions', 'Structuur', 'structure'],
      ['families', 'help_questions', 'Verzorging baby', 'baby-care'],
      ['families', 'help_questions', 'Opvoeden in twee culturen', 'two-cultures'],
      ['families', 'help_questions', 'Schermtijd', 'screen-time'],
      ['families', 'help_questions', 'Luisterend oor', 'listening-ear'],
      ['families', 'intake_outcome', 'ondersteund', 'supported'],
      ['families', 'intake_outcome', 'niet ondersteund', 'not-supported'],
      ['families', 'intake_outcome', 'Niet-ondersteund', 'not-supported'],
      ['families', 'intake_outcome', 'pending', 'pending'],
      ['families', 'not_supported_reason', 'geen klik', 'no-click'],
      ['families', 'not_supported_reason', 'toch afgezien van hulp', 'declined'],
      ['families', 'not_supported_reason', 'taal', 'language'],
      ['families', 'not_supported_reason', 'geen passende vraag', 'question-does-not-fit'],
      ['volunteers', 'gender', 'Vrouw', 'female'],
      ['volunteers', 'gender', 'M', 'male'],
      ['volunteers', 'stop_reason', 'betaald werk', 'paid-work'],
      ['volunteers', 'stop_reason', 'Opleiding', 'study'],
      ['trajectories', 'goals_reached', 'ja', 'yes'],
      ['trajectories', 'goals_reached', 'deels', 'partly'],
      ['trajectories', 'goals_reached', 'Nee', 'no'],
      ['trajectories', 'end_reason', 'doorverwezen naar professionele hulp', 'referred-professional'],
      ['trajectories', 'end_reason', 'Verhuisd', 'moved'],
    ];
    for (const [kind, col, raw, code] of cases) {
      const expected = spec(kind, col).multiple ? [code] : code;
      expect(convert(kind, col, raw), `${col} "${raw}"`).toEqual({ ok: true, value: expected });
    }
  });

  it('an unknown category value is counted as "other" with one warning per value (the family is kept); an unknown code of a closed list rejects the row', async () => {
    const r = await loadRegistrationTables({
      families: {
        text:
          'family_id,site_id,registration_date,referrer,help_questions,children_count,intake_outcome\n' +
          'G1,S1,2020-01-06,Politie,"Opvoedondersteuning, Taalles",1,ondersteund\n' +
          'G2,S1,2020-01-07,politie,Taalles,1,ondersteund\n' +
          'G3,S1,2020-01-08,GGD,Schermtijd,1,misschien\n',
      },
    }, { crossChecks: false, referenceDate: '2025-01-01' });
    expect(r.data.families.map((f) => [f.familyId, f.referrer, f.helpQuestions])).toEqual([
      ['G1', 'other', ['parenting-support', 'other']],
      ['G2', 'other', ['other']],
    ]);
    const warnings = r.issues.filter((i) => i.rule === 'unknown-category');
    expect(warnings.map((i) => i.message)).toEqual([
      'families.csv, column "referrer": value "Politie" is in no list of this column (rows 2, 3); it was counted as "other". To count it apart or under another code, add it to the "referrer" list of a categories file (--categories; docs/registration.md). (rule unknown-category).',
      'families.csv, column "help_questions": value "Taalles" is in no list of this column (rows 2, 3); it was counted as "other". To count it apart or under another code, add it to the "help-question" list of a categories file (--categories; docs/registration.md). (rule unknown-category).',
    ]);
    expect(warnings.every((i) => i.severity === 'warning')).toBe(true);
    expect(warnings[0].value).toBe('Politie');
    // intake outcome drives the counting: its list has no "unknown" code, so the row is rejected
    expect(r.rejects.map((x) => x.row)).toEqual([4]);
    expect(r.rejects[0].reasons[0]).toBe(
      'families.csv, row 4, column "intake_outcome": value "misschien" is not one of the allowed values (supported, not-supported, pending) (rule invalid-value).',
    );
  });

  it('Dutch header aliases of every file are recognised', async () => {
    const r = await validateTable('gezin;locatie;aanmelddatum;verwijzer;hulpvragen;leeftijd kk;alleenstaande ouder;migratieachtergrond;kern;uitkomst intake\nG1;S1;1-4-2018;Gemeente;"Wegwijs maken, netwerk vergroten";2, 7, 9;ja;ja;Dalfsen;ondersteund\n', readRegistrationSchema('families').specs, { text: true });
    expect(r.issues).toEqual([]);
    expect(r.rows[0].values).toMatchObject({ family_id: 'G1', site_id: 'S1', registration_date: '2018-04-01', referrer: 'municipality', help_questions: ['finding-way', 'network'], children_ages: [2, 7, 9], single_parent: true, migration_background: true, locality: 'Dalfsen', intake_outcome: 'supported' });
  });
});

describe('the local evaluation\'s table as a coordinator would type it (seed 002 headers)', () => {
  it('reads Kern / Leeftijd kk / Hulpvraag / Migratie achtergrond? / Verwijzer', async () => {
    const text = [
      'gezin;locatie;aanmelddatum;Kern;Leeftijd kk;Hulpvraag;Migratie achtergrond?;Verwijzer;uitkomst intake',
      'G01;DLF;2-4-2018;Dalfsen;2, 7, 9;Wegwijs maken, netwerk vergroten;Ja;Gemeente;ondersteund',
      'G10;DLF;9-9-2019;Dalfsen;0;Verzorging baby, wennen aan ouderrol;Nee;GGD;ondersteund',
      'G14;DLF;3-2-2020;Lemelerveld;3, 4, 10, 12;Opvoedondersteuning, grenzen stellen;Nee;AMW;ondersteund',
      'G20;DLF;1-3-2021;Nieuwleusen;3, 4;Opvoedondersteuning, netwerk vergroten;Ja;Thuisbegeleiding;ondersteund',
      '',
    ].join('\n');
    const r = await validateTable(text, readRegistrationSchema('families').specs, { text: true });
    expect(r.issues).toEqual([]);
    expect(r.rows.map((x) => [x.values.locality, x.values.children_ages, x.values.help_questions, x.values.migration_background, x.values.referrer])).toEqual([
      ['Dalfsen', [2, 7, 9], ['finding-way', 'network'], true, 'municipality'],
      ['Dalfsen', [0], ['baby-care', 'getting-used-to-parenthood'], false, 'youth-health-care'],
      ['Lemelerveld', [3, 4, 10, 12], ['parenting-support', 'setting-limits'], false, 'social-work'],
      ['Nieuwleusen', [3, 4], ['parenting-support', 'network'], true, 'other-care'],
    ]);
  });
});

describe('label tables', () => {
  it('every code of every category has a Dutch and an English label', () => {
    expect(REGISTRATION_LABEL_KINDS).toEqual(['referrer', 'help-question', 'not-supported-reason', 'intake-outcome', 'end-reason', 'goals-reached', 'volunteer-stop-reason', 'volunteer-availability', 'gender']);
    for (const kind of REGISTRATION_LABEL_KINDS) {
      const labels = registrationLabels(kind);
      for (const code of registrationCodes(kind)) {
        expect(labels[code].nl.length, `${kind} ${code}`).toBeGreaterThan(0);
        expect(labels[code].en.length, `${kind} ${code}`).toBeGreaterThan(0);
      }
    }
    expect(registrationCodes('referrer')).toEqual(['municipality', 'youth-health-care', 'social-work', 'school', 'childcare', 'own-initiative', 'family-friends', 'other-care', 'other']);
    expect(registrationCodes('intake-outcome')).toEqual(['supported', 'not-supported', 'pending']);
    expect(Object.keys(FAMILY_PROFILE_LABELS)).toHaveLength(8);
  });

  it('category columns take their codes from categories.json only (no second list in a schema)', () => {
    let columns = 0;
    for (const kind of REGISTRATION_KINDS) {
      const json = readRegistrationSchema(kind).json as { properties: Record<string, { enum?: string[]; items?: { enum?: string[] }; 'x-labels'?: string }> };
      for (const [name, p] of Object.entries(json.properties)) {
        if (p['x-labels'] === undefined) continue;
        columns++;
        expect(p.enum ?? p.items?.enum, `${kind}.${name}`).toBeUndefined();
        const s = spec(kind, name);
        expect(new Set(Object.values(s.values as Record<string, string>)), `${kind}.${name}`).toEqual(new Set(registrationCodes(p['x-labels'] as never)));
      }
    }
    expect(columns).toBe(9);
  });

  it('TSDoc examples', () => {
    expect(registrationLabel('referrer', 'youth-health-care')).toBe('Jeugdgezondheidszorg (GGD/JGZ)');
    expect(registrationLabel('referrer', 'youth-health-care', 'en')).toBe('Youth health care');
    expect(registrationLabel('referrer', 'unknown-code')).toBe('unknown-code');
    expect(registrationValueAliases('referrer')['ggd']).toBe('youth-health-care');
    expect(registrationValueAliases('intake-outcome')['niet ondersteund']).toBe('not-supported');
    expect(registrationValueAliases('help-question')['anders']).toBe('other');
  });
});

describe('JSON Schema validity', () => {
  it('each schema compiles (ajv 2020, formats), and accepted rows of the local sample validate against it', async () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    (addFormats as unknown as (a: unknown) => void)(ajv);
    const validators = Object.fromEntries(REGISTRATION_KINDS.map((k) => [k, ajv.compile(JSON.parse(readFileSync(registrationSchemaPath(k), 'utf8')))]));
    const strip = (v: Record<string, CellValue>) => Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null));
    const files: Record<RegistrationKind, string> = { sites: 'locaties.csv', families: 'gezinnen.csv', volunteers: 'vrijwilligers.csv', trajectories: 'trajecten.csv' };
    for (const kind of REGISTRATION_KINDS) {
      const r = await validateTable(`sample-data/registration/local/${files[kind]}`, readRegistrationSchema(kind).specs);
      expect(r.rows.length).toBeGreaterThan(0);
      for (const row of r.rows) expect(validators[kind](strip(row.values)), `${kind} row ${row.row}: ${JSON.stringify(validators[kind].errors)}`).toBe(true);
    }
    // The schema's conditional agrees with the loader's row rule.
    const fam = { family_id: 'G1', site_id: 'S1', registration_date: '2020-01-01', referrer: 'school', children_count: 1, intake_outcome: 'not-supported' };
    expect(validators.families(fam)).toBe(false);
    expect(validators.families({ ...fam, not_supported_reason: 'language' })).toBe(true);
    expect(validators.families({ ...fam, intake_outcome: 'supported', not_supported_reason: 'language' })).toBe(false);
    const { children_count: _drop, ...noChildren } = fam;
    expect(validators.families({ ...noChildren, not_supported_reason: 'language' })).toBe(false);
  });
});
