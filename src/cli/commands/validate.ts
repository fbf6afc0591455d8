import { parse, UsageError } from '../args.js';
import { LOAD_OPTIONS, LOAD_HELP, loadFromFlags, countsJson, unusable, summaryLines, refusedLine, issuesJson, writeSuggestedMapping, SUGGEST_OPTION, SUGGEST_HELP } from './shared.js';
import { firstContact } from '../../data/mapping-suggest.js';
import type { MeasurementLoadResult } from '../../data/measurements.js';
import { writeRejectsCsv } from '../../data/index.js';
import type { Command } from '../main.js';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataError } from '../../data/issues.js';
import { CATEGORY_FILE_NAMES, isRegistrationFolder, loadRegistration, loadRegistrationFiles, recogniseRegistrationFile, type RegistrationKind, type RegistrationLoadResult } from '../../impact/registration.js';
import { registrationCategoriesLine, registrationCountsLine, registrationIssueLines } from './registration.js';

const help = `Usage: homestart-impact validate FILE|FOLDER [options]

Reads a measurement file (CSV, JSON or XLSX; long, wide-by-wave or wide layout), checks every
value against the instrument definitions and prints what it found: rows read, accepted, rejected,
and each issue with its row (as a spreadsheet shows it), column, value and rule.

Registration files are recognised and checked as such (the schemas of data-schemas/registration/,
the same checks and sentences as \`report\`): a file named like one of them (sites/locaties,
families/gezinnen, volunteers/vrijwilligers, trajectories/trajecten/koppelingen; .csv, .xlsx, .json, …)
or whose header has every required column of one; and a FOLDER holding them, which is checked as a
whole (each file, then the files against each other, as \`report\` reads it).

Options:
${LOAD_HELP}
${SUGGEST_HELP}
  --rejects OUT.csv    write the rejected rows (values of the known columns + reasons) to OUT.csv
Registration files only:
  --reference-date D   the date the data were exported (default: today; later dates are refused)
  --categories FILE    the office's category file (see \`report --help\`); a value in no list is
                       counted as "other" and listed here

Exit codes: 0 all rows valid, 1 some rows rejected or units (an instrument at a wave) rejected (accepted ones still usable), 2 unusable input (no row usable) or usage error.
Registration files: 0 all rows valid, 1 some rows rejected or a file of the folder missing, 2 no row usable (or unreadable) or usage error.`;

export const validateCommand: Command = {
  name: 'validate',
  help,
  async run(argv) {
    const { values, positionals } = parse(argv, { ...LOAD_OPTIONS, ...SUGGEST_OPTION, rejects: { type: 'string' }, 'reference-date': { type: 'string' }, categories: { type: 'string' } });
    if (positionals.length > 1) throw new UsageError(`expected one FILE, got ${positionals.length}.`);
    const target = positionals[0];
    if (target !== undefined && existsSync(target)) {
      const folder = statSync(target).isDirectory();
      if (folder && !(await isRegistrationFolder(target))) throw new UsageError(`${target} is a folder without registration files (sites/locaties, families/gezinnen, volunteers/vrijwilligers, trajectories/trajecten); give a measurement FILE or a registration folder.`);
      const kind = folder ? undefined : await recogniseRegistrationFile(target);
      if (folder || kind) return validateRegistration(target, kind, values);
    }
    if (values['reference-date'] !== undefined || values.categories !== undefined) throw new UsageError('--reference-date and --categories apply to registration files only.');
    // validation only: records are counted, not kept, so files of any size fit in memory
    const result = await loadFromFlags(positionals[0], values, { keepRecords: false, maxIssues: 1000, ...(values.rejects ? {} : { maxRejects: 1000 }) });
    if (values.rejects) writeRejectsCsv(result.rejects, values.rejects, result.omittedColumns ?? []);
    if (values['suggest-mapping']) writeSuggestedMapping(result, values['suggest-mapping']);
    const refused = unusable(result);
    if (values.json) {
      console.log(
        JSON.stringify(
          {
            file: result.file,
            layout: result.layout,
            ...countsJson(result),
            records: result.recordCount,
            usable: refused === undefined,
            summary: firstContact(result as MeasurementLoadResult).lines,
            issues: issuesJson(result),
          },
          null,
          2,
        ),
      );
    } else {
      console.log(summaryLines(result).join('\n'));
      if (values.rejects) console.log(`\nRejected rows written to ${values.rejects}`);
      if (values['suggest-mapping']) console.log(`\nA mapping to check and edit was written to ${values['suggest-mapping']}; use it with --mapping ${values['suggest-mapping']}`);
      if (refused) console.error(`\n${refusedLine(result)}`);
    }
    if (refused) return 2;
    return result.rejects.length > 0 ? 1 : 0;
  },
};

interface RegistrationFlags {
  json?: boolean;
  rejects?: string;
  'reference-date'?: string;
  categories?: string;
  instrument?: string;
  instruments?: string;
  mapping?: string;
  groups?: string;
  missing?: string;
  'set-missing'?: boolean;
  'suggest-mapping'?: string;
}

/**
 * `validate` of registration data: one recognised file (checked on its own) or a folder (every
 * file, then the files against each other, exactly as `report` reads them).
 */
async function validateRegistration(target: string, kind: RegistrationKind | undefined, values: RegistrationFlags): Promise<number> {
  for (const flag of ['instrument', 'instruments', 'mapping', 'groups', 'missing', 'set-missing', 'suggest-mapping'] as const) {
    if (values[flag] !== undefined) throw new UsageError(`--${flag} applies to measurement files; ${target} holds registration data.`);
  }
  const referenceDate = values['reference-date'];
  if (referenceDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(referenceDate)) throw new UsageError(`--reference-date must be YYYY-MM-DD, got '${referenceDate}'.`);
  // a single file is read with the office's category file beside it, as the folder would be
  const beside = kind && !values.categories ? CATEGORY_FILE_NAMES.map((n) => join(dirname(target), n)).filter((p) => existsSync(p)) : [];
  const categories = values.categories ?? (beside.length ? beside : undefined);
  const options = { ...(referenceDate ? { referenceDate } : {}), ...(categories ? { categories } : {}) };
  let loaded: RegistrationLoadResult;
  try {
    if (values.categories !== undefined && !existsSync(values.categories)) throw new DataError(`${values.categories}: the category file is not valid: the category file cannot be read (no such file).`);
    loaded = kind ? await loadRegistrationFiles({ [kind]: target }, options) : await loadRegistration(target, options);
  } catch (err) {
    if (err instanceof DataError) {
      console.error(`homestart-impact validate: ${err.message}`);
      return 2;
    }
    throw err;
  }
  const present = loaded.files.filter((f) => f.file !== null);
  const rejected = present.reduce((a, f) => a + f.rejected, 0);
  const accepted = present.reduce((a, f) => a + f.accepted, 0);
  const missingFile = loaded.issues.some((i) => i.severity === 'error' && i.row === undefined && i.rule === 'missing-required' && /^no \w+ file was found/.test(i.message.replace(/^[^:]*: /, '')));
  if (values.rejects) writeRejectsCsv(loaded.rejects, values.rejects);
  const code = accepted === 0 ? 2 : rejected > 0 || missingFile ? 1 : 0;
  if (values.json) {
    console.log(
      JSON.stringify(
        {
          file: target,
          registration: kind ?? 'folder',
          files: present,
          referenceDate: loaded.referenceDate,
          categories: loaded.categories.sources,
          usable: accepted > 0,
          issues: loaded.issues.map((i) => ({ file: i.file, severity: i.severity, rule: i.rule, row: i.row ?? null, column: i.column ?? null, value: i.value ?? null, message: i.message })),
        },
        null,
        2,
      ),
    );
    return code;
  }
  const lines = [
    kind ? `${target}: registration file (${kind}), checked on its own; the checks against the other files run when you validate the folder` : `${target}: registration folder`,
    registrationCountsLine(target, loaded, kind !== undefined),
    ...registrationCategoriesLine(loaded),
    ...registrationIssueLines(loaded, { warnings: true }),
  ];
  console.log(lines.join('\n'));
  if (values.rejects) console.log(`\nRejected rows written to ${values.rejects}`);
  if (code === 2) console.error(`\nNo row of ${target} is usable (see the issues above).`);
  return code;
}
