import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, UsageError } from '../args.js';
import { loadRegistration } from '../../impact/registration.js';
import { computeFigures, type ImpactScope } from '../../impact/figures.js';
import { writeReport } from '../../impact/report.js';
import { StatsError } from '../../stats/result.js';
import { DataError } from '../../data/issues.js';
import type { Command } from '../main.js';

const help = `Usage: homestart-impact report --year YYYY --data DIR --out DIR [options]

Builds the yearly report of registration data: families registered, supported and not supported,
trajectories, referrers, help questions, family profile, volunteers, hours and cost, for the year
with the previous year beside it. Writes to --out:
  jaarverslag-YYYY.html (Dutch) or annual-report-YYYY.html (English)  self-contained, charts inline
  jaarverslag-YYYY.xlsx / annual-report-YYYY.xlsx                      one sheet per table
  jaarverslag-YYYY.json / annual-report-YYYY.json                      every published figure
  tables/*.csv                                                         every table
Every published count is suppressed below --threshold ("<5"), with secondary suppression ("x") so
no hidden count can be worked out from totals. No ids or free text from the data are written.

Options:
  --year YYYY          the calendar year to report on (required)
  --data DIR           folder with the registration files (sites, families, volunteers, trajectories)
  --out DIR            output folder (created if missing)
  --site ID            report on one site
  --region NAME        report on one region (default: national)
  --lang nl|en         language of the report (default nl)
  --threshold N        smallest count that is shown (default 5)
  --hours H            volunteer hours per family per week (default 3: one part of a day)
  --reference-date D   the date the data were exported (default: today; later dates are refused)

Exit codes: 0 report written from clean data, 1 report written but some rows were rejected,
2 unusable data (no sites/families, unknown site/region, no figures for the year) or usage error.`;

function progress(enabled: boolean) {
  let step = 0;
  return (name: string) => {
    if (!enabled) return;
    step++;
    process.stderr.write(`\r\x1b[K  [${step}] ${name}…`);
  };
}

export const reportCommand: Command = {
  name: 'report',
  help,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      year: { type: 'string' },
      data: { type: 'string' },
      out: { type: 'string' },
      site: { type: 'string' },
      region: { type: 'string' },
      lang: { type: 'string' },
      threshold: { type: 'string' },
      hours: { type: 'string' },
      'reference-date': { type: 'string' },
    });
    if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'.`);
    if (!values.year || !/^\d{4}$/.test(values.year)) throw new UsageError('--year YYYY is required (e.g. --year 2024).');
    if (!values.data) throw new UsageError('--data DIR is required.');
    if (!values.out) throw new UsageError('--out DIR is required.');
    if (values.site && values.region) throw new UsageError('give --site or --region, not both.');
    const lang = values.lang ?? 'nl';
    if (lang !== 'nl' && lang !== 'en') throw new UsageError(`--lang must be nl or en, got '${lang}'.`);
    const threshold = values.threshold === undefined ? 5 : Number(values.threshold);
    if (!Number.isInteger(threshold) || threshold < 1) throw new UsageError(`--threshold must be a whole number ≥ 1, got '${values.threshold}'.`);
    const hours = values.hours === undefined ? 3 : Number(values.hours);
    if (!(hours >= 0)) throw new UsageError(`--hours must be a number ≥ 0, got '${values.hours}'.`);
    const referenceDate = values['reference-date'];
    if (referenceDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(referenceDate)) throw new UsageError(`--reference-date must be YYYY-MM-DD, got '${referenceDate}'.`);
    if (!existsSync(values.data) || !statSync(values.data).isDirectory()) {
      console.error(`homestart-impact report: ${values.data} is not a folder.`);
      return 2;
    }
    const tty = process.stderr.isTTY === true;
    const step = progress(tty);
    step(lang === 'nl' ? 'registratie inlezen' : 'reading registration data');
    let loaded;
    try {
      loaded = await loadRegistration(values.data, referenceDate ? { referenceDate } : {});
    } catch (err) {
      if (tty) process.stderr.write('\r\x1b[K');
      if (err instanceof DataError) {
        console.error(`homestart-impact report: ${err.message}`);
        return 2;
      }
      throw err;
    }
    const rejected = loaded.files.reduce((a, f) => a + f.rejected, 0);
    const errors = loaded.issues.filter((i) => i.severity === 'error');
    if (loaded.data.sites.length === 0 || loaded.data.families.length === 0) {
      if (tty) process.stderr.write('\r\x1b[K');
      for (const i of errors.slice(0, 20)) console.error(`  ${i.message}`);
      console.error(`homestart-impact report: no usable ${loaded.data.sites.length === 0 ? 'sites' : 'families'} in ${values.data}; no report written.`);
      return 2;
    }
    const scope: ImpactScope = values.site ? { level: 'site', siteId: values.site } : values.region ? { level: 'region', region: values.region } : { level: 'national' };
    step(lang === 'nl' ? 'cijfers tellen' : 'counting figures');
    let written;
    try {
      const figures = computeFigures(loaded.data, { year: Number(values.year), scope, volunteerHoursPerWeek: hours, referenceDate: loaded.referenceDate });
      // synthetic sample files say so in their first line ("# SYNTHETIC DATA …"); the report then says it too
      const synthetic = loaded.files.some((f) => f.file !== null && /^\uFEFF?# SYNTHETIC/i.test(readFileSync(join(values.data!, f.file), 'utf8').slice(0, 200)));
      written = await writeReport(figures, { outDir: values.out, lang, threshold, onStep: step, synthetic });
    } catch (err) {
      if (tty) process.stderr.write('\r\x1b[K');
      if (err instanceof StatsError) {
        console.error(`homestart-impact report: ${err.message}`);
        return 2;
      }
      throw err;
    }
    if (tty) process.stderr.write('\r\x1b[K');
    const lines = [
      `${values.data}: ${loaded.files.map((f) => `${f.file ?? `(no ${f.kind} file)`} ${f.accepted} accepted${f.rejected ? `, ${f.rejected} rejected` : ''}`).join('; ')}`,
      `Report written: ${written.html}`,
      `  tables: ${written.csv.length} CSV files in ${values.out}/tables, workbook ${written.xlsx}, figures ${written.json}`,
      `  suppression: ${written.published.suppressed.primary} counts below ${threshold}, ${written.published.suppressed.secondary} more hidden to protect them`,
    ];
    if (written.published.suppressed.unprotected > 0) {
      lines.push(`  warning: ${written.published.suppressed.unprotected} hidden count(s) could not be fully protected by secondary suppression; check the tables before publishing.`);
    }
    if (errors.length) {
      lines.push('', `Issues (${errors.length}; the rows concerned were left out):`);
      for (const i of errors.slice(0, 30)) lines.push(`  ${i.message}`);
      if (errors.length > 30) lines.push(`  … and ${errors.length - 30} more`);
    }
    console.log(lines.join('\n'));
    return rejected > 0 ? 1 : 0;
  },
};
