import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, UsageError } from '../args.js';
import { loadRegistration } from '../../impact/registration.js';
import { computeFigures, indexRegistration, parsePeriod, periodKey, periodYear, type ImpactFigures, type ImpactPeriod, type ImpactScope } from '../../impact/figures.js';
import { prepareReportCharts, writeReport, type WrittenReport } from '../../impact/report.js';
import { assertPublishable, DisclosureError, fallbackLines, reprintedNote, protectPublicationSetWithFallback, publicationId, publicationSetFigures, withdrawnRefusal } from '../../impact/disclosure.js';
import { computeLocalEvaluation } from '../../impact/local-evaluation.js';
import { ledgerDecisions, parsePublicationId, readLedger, updateLedger, writeLedger, type SuppressionLedger } from '../../impact/ledger.js';
import { StatsError } from '../../stats/result.js';
import { DataError } from '../../data/issues.js';
import type { Command } from '../main.js';
import { auditProofsLine, publicationCliOptions, syntheticRegistration, refusedRegistrationFile, unusableRegistrationLines, registrationCategoriesLine, registrationCountsLine, registrationIssueLines } from './registration.js';
import { AuditProofs } from '../../impact/audit-cache.js';
import { statusLine } from '../progress.js';
import { pruneOutputCache } from '../../util/output-cache.js';

const help = `Usage: homestart-impact report --year YYYY --data DIR --out DIR [options]
       homestart-impact report --from YYYY-MM-DD --to YYYY-MM-DD --data DIR --out DIR [options]
       homestart-impact report --period 2018-2021 | 2018-03..2021-06 --data DIR --out DIR [options]

Builds the report of registration data over a calendar year or any period (a local evaluation's,
e.g. 1 March 2018 to 30 June 2021): families registered, supported and not supported, trajectories,
referrers, help questions, family profile, volunteers, hours and cost, with the previous period of
equal length beside it where the data cover it, and the period per calendar year. Writes to --out:
  jaarverslag-YYYY-SCOPE.html (Dutch) or annual-report-YYYY-SCOPE.html  self-contained, charts inline
  jaarverslag-YYYY-SCOPE.xlsx / annual-report-YYYY-SCOPE.xlsx           one sheet per table
  jaarverslag-YYYY-SCOPE.json / annual-report-YYYY-SCOPE.json           every published figure
  tables/<table>-YYYY-SCOPE.csv                                         every table
A period that is not one calendar year is named evaluatie-FROM_TO-SCOPE.* (Dutch) or
evaluation-FROM_TO-SCOPE.* (English), e.g. evaluatie-2018-03-01_2021-06-30-site-dlf.html.
SCOPE is national, region-<name> or site-<id>, so reports of different scopes never mix in one
folder. Every file is written whole or not at all (temporary file + rename).

Which date decides each figure (both ends of the period count): registered = registration date in
the period; supported = a trajectory running on at least one day of it; closed = end date in it;
active = on its last day. A period that starts after the last date in the data, or after the
reference date, is refused; one that is not over on the reference date is a running period
("lopend tot <date>"): every figure is counted up to the reference date only.
Every published count is suppressed below --threshold ("<5"), with secondary suppression ("x") so
no hidden count can be worked out from totals. No ids or free text from the data are written.

Disclosure control covers the whole publication set of the data: national, every region and every
site, this year and every publication recorded in the suppression ledger. A reader holding all those
files is played by a linear-programming audit; where no suppression pattern keeps every hidden count
from being narrowed down, the small categories of the tables concerned are combined
into one row, or a table is left out of the publication written now (the report says which and why);
only when that fails too is the report REFUSED: no file is written, the exit status is 3 and the
tables and cells are named. A publication that would lose its key figures or more than half of its
tables that way is refused too (not written, named, exit 3); with --all-scopes the other publications
of the set are protected without it and written.
On a terminal, one line of stderr says how far the disclosure control is (its audit round, the audit's
stage, hidden counts settled, linear programs, time; counts only), cleared before the output.
The ledger (default <out>/suppression-ledger.json) records what was hidden, so a count hidden this
year stays hidden next year (previous-year column). Keep it; it is not for publication.

Options:
  --year YYYY          the calendar year to report on
  --from D --to D      the period to report on, both days included (YYYY-MM-DD; YYYY-MM or YYYY
                       are read as the first / the last day of that month or year)
  --period P           the period as 2024, 2018-2021, 2018-03..2021-06 or 2018-03-01..2021-06-30
                       (give one of --year, --from/--to, --period)
  --data DIR           folder with the registration files (sites, families, volunteers, trajectories)
  --out DIR            output folder (created if missing)
  --site ID            report on one site
  --region NAME        report on one region (default: national)
  --lang nl|en         language of the report (default nl)
  --threshold N        smallest count that is shown (default 5)
  --hours H            volunteer hours per family per week (default 3: one part of a day)
  --reference-date D   the date the data were exported (default: the last date in the data; later
                       dates in the data are refused, and a period not over on it is running)
  --categories FILE    the office's category file (JSON like data-schemas/registration/categories.json):
                       own referrers, help questions, reasons, aliases and labels over the bundled lists
                       (default: categories.json or categorieen.json in --data, if there). A value in
                       no list is counted as "other" and named in this run's output only, never in a file.
  --all-scopes         write every publication of the set: <out>/national, <out>/region-<name>,
                       <out>/site-<municipality> (default: only the scope asked for, in <out>)
  --ledger FILE        suppression ledger to read and update (default <out>/suppression-ledger.json)
  --zeros auto|hide|show  which zeros are hidden too (default auto: zeros of sites, and zeros beside a
                       hidden small count; "<5" then means 0 to 4)
  --audit-cache DIR|off  private folder where the audit keeps its proofs, so that a re-run on the same
                       data checks them in linear time instead of solving the LPs again (default
                       $HOMESTART_AUDIT_CACHE, else ~/.cache/homestart-impact/audit; never inside --out:
                       the proofs derive from the unpublished counts); the report keeps its rendered
                       charts and its workbook there too, so a re-run makes only what changed (same files)

Exit codes: 0 report written from clean data, 1 report written but some rows were rejected,
2 unusable data (no sites/families, unknown site/region, a period without data yet) or usage error,
3 refused: the disclosure audit failed (nothing written), or a publication would be stripped of its key
figures or most of its tables (that publication not written; with --all-scopes the others are).`;

export const reportCommand: Command = {
  name: 'report',
  help,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      year: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      period: { type: 'string' },
      data: { type: 'string' },
      out: { type: 'string' },
      site: { type: 'string' },
      region: { type: 'string' },
      lang: { type: 'string' },
      threshold: { type: 'string' },
      hours: { type: 'string' },
      'reference-date': { type: 'string' },
      'all-scopes': { type: 'boolean' },
      ledger: { type: 'string' },
      zeros: { type: 'string' },
      categories: { type: 'string' },
      'audit-cache': { type: 'string' },
    });
    if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'.`);
    const period = periodOption(values);
    if (!values.data) throw new UsageError('--data DIR is required.');
    if (!values.out) throw new UsageError('--out DIR is required.');
    if (values.site && values.region) throw new UsageError('give --site or --region, not both.');
    const { lang, threshold, hours, zeros, ledgerPath, referenceDate, auditCache } = publicationCliOptions({ ...values, out: values.out });
    if (values['all-scopes'] && (values.site || values.region)) throw new UsageError('give --all-scopes or --site/--region, not both.');
    if (!existsSync(values.data) || !statSync(values.data).isDirectory()) {
      console.error(`homestart-impact report: ${values.data} is not a folder.`);
      return 2;
    }
    const tty = process.stderr.isTTY === true;
    const status = statusLine();
    const step = (name: string) => status.step(name);
    step(lang === 'nl' ? 'registratie inlezen' : 'reading registration data');
    let loaded: Awaited<ReturnType<typeof loadRegistration>>;
    try {
      if (values.categories !== undefined && !existsSync(values.categories)) throw new DataError(`${values.categories}: the category file is not valid: the category file cannot be read (no such file).`);
      loaded = await loadRegistration(values.data, { ...(referenceDate ? { referenceDate } : {}), ...(values.categories ? { categories: values.categories } : {}) });
    } catch (err) {
      status.clear();
      if (err instanceof DataError) {
        console.error(`homestart-impact report: ${err.message}`);
        return 2;
      }
      throw err;
    }
    const rejected = loaded.files.reduce((a, f) => a + f.rejected, 0);
    if (loaded.data.sites.length === 0 || loaded.data.families.length === 0) {
      status.clear();
      for (const line of unusableRegistrationLines(loaded)) console.error(line);
      console.error(`homestart-impact report: no usable ${loaded.data.sites.length === 0 ? 'sites' : 'families'} in ${values.data}; no report written.`);
      return 2;
    }
    const refusedFile = refusedRegistrationFile(loaded);
    if (refusedFile) {
      status.clear();
      for (const line of unusableRegistrationLines(loaded)) console.error(line);
      console.error(`homestart-impact report: ${refusedFile}; no report written. Correct the file and run again.`);
      return 2;
    }
    // the chart renderer loads on the helper thread while the figures are counted and protected
    prepareReportCharts(auditCache);
    step(lang === 'nl' ? 'cijfers tellen' : 'counting figures');
    const year = periodYear(period);
    const key = periodKey(period);
    let running: string | null = null;
    const written: Array<{ dir: string; w: WrittenReport }> = [];
    let protection;
    let refused: DisclosureError | null = null;
    const proofs = new AuditProofs(auditCache);
    let proofsLine = '';
    try {
      const previous = readLedger(ledgerPath);
      if (previous && previous.threshold !== threshold) throw new StatsError(`the ledger ${ledgerPath} was kept with threshold ${previous.threshold}; use --threshold ${previous.threshold} or another --ledger.`);
      // without --reference-date the figures count up to the last date in the data (not today: a running
      // period's hours and "active" counts must not run past what the data cover)
      const latest = indexRegistration(loaded.data).latestDate;
      const what = year !== null ? `year ${year}` : `the period ${period.from} to ${period.to}`;
      if (period.from > latest) throw new StatsError(`${what} starts after the last date in the data (${latest}): there is nothing to report yet.`);
      const opts = { volunteerHoursPerWeek: hours, referenceDate: referenceDate ?? latest };
      if (period.to > opts.referenceDate) {
        running = `running period: ${what} is not over on the reference date ${opts.referenceDate}${referenceDate === undefined ? ' (the last date in the data; give --reference-date for the export date)' : ''}; every figure is counted up to that day only, and the report says "${lang === 'nl' ? 'lopend tot' : 'running to'} ${opts.referenceDate}"`;
      }
      // the publication set: every scope of this period, plus what the ledger says was published before
      const figs = publicationSetFigures(loaded.data, [year ?? period], opts);
      const earlier = (previous?.publications ?? []).map((p) => parsePublicationId(p.id));
      // local evaluations written earlier (the `evaluation` command) are part of the set too
      const evaluationsBefore = earlier
        .filter((p) => p.local && loaded.data.sites.some((s) => s.siteId === (p.scope as { siteId: string }).siteId))
        .map((p) => computeLocalEvaluation(loaded.data, { siteId: (p.scope as { siteId: string }).siteId, period: p.period, referenceDate: opts.referenceDate, volunteerHoursPerWeek: hours, localityMinimum: threshold }));
      const before = earlier
        .filter((p) => !p.local && p.key !== key)
        .filter((p) => p.scope.level !== 'site' || loaded.data.sites.some((s) => s.siteId === (p.scope as { siteId: string }).siteId))
        .map((p) => computeFigures(loaded.data, { ...opts, period: p.period, scope: p.scope }));
      const target: ImpactScope = values.site ? { level: 'site', siteId: values.site } : values.region ? { level: 'region', region: values.region } : { level: 'national' };
      // synthetic sample files say so in their first line ("# SYNTHETIC DATA …"); the report then says it too
      const synthetic = syntheticRegistration(values.data!, loaded);
      const wanted = values['all-scopes'] ? figs : [computeFigures(loaded.data, { ...opts, period, scope: target })];
      step(lang === 'nl' ? 'publicaties beveiligen en controleren' : 'protecting and auditing the publication set');
      protection = await protectPublicationSetWithFallback(figs, { threshold, zeros, ...ledgerDecisions(previous), publishedBefore: before, evaluationsBefore, sites: loaded.data.sites, data: loaded.data, proofs, ...(tty ? { onProgress: status.disclosure } : {}) });
      assertPublishable(protection, [...figs, ...before], evaluationsBefore);
      // a publication the fallback would strip (key figures or most tables left out) is refused; the others are
      // protected without it and written (with --all-scopes), and the exit status says one was refused
      refused = withdrawnRefusal(protection, wanted.map(publicationId));
      const writable = wanted.filter((f) => !refused?.places.some((p) => p.startsWith(`${publicationId(f)}: `)));
      if (writable.length === 0 && refused) throw refused;
      // what follows the reports anyway (the proofs to keep, the ledger's next contents) is worked out while the
      // charts of the last report render on the helper thread; the ledger is still written after the reports
      const done = protection;
      const after: { ledger?: () => SuppressionLedger } = {};
      const afterReports = (): void => {
        proofs.finishSettling();
        try {
          const ledger = updateLedger(previous, done, writable);
          after.ledger = () => ledger;
        } catch (err) {
          after.ledger = () => {
            throw err;
          };
        }
      };
      for (const [i, fig] of writable.entries()) {
        const dir = values['all-scopes'] ? join(values.out, scopeFolder(fig)) : values.out;
        written.push({ dir, w: await writeReport(fig, { outDir: dir, lang, threshold, decisions: protection, onStep: step, scopedNames: true, synthetic, outputCache: auditCache, ...(i === writable.length - 1 ? { whileChartsRender: afterReports } : {}) }) });
      }
      if (!after.ledger) afterReports();
      writeLedger(ledgerPath, after.ledger!());
      // the charts and workbooks of this run stay kept (all of them, with --all-scopes), older ones up to a few
      pruneOutputCache(auditCache);
      proofsLine = auditProofsLine(proofs);
    } catch (err) {
      status.clear();
      if (err instanceof DisclosureError) {
        console.error(`homestart-impact report: ${err.message}`);
        return 3;
      }
      if (err instanceof StatsError) {
        console.error(`homestart-impact report: ${err.message}`);
        return 2;
      }
      throw err;
    }
    status.clear();
    const c = protection.counts;
    const first = written[0].w;
    const lines = [
      registrationCountsLine(values.data, loaded),
      written.length === 1 ? `Report written: ${first.html}` : `Reports written: ${written.length} publications in ${values.out}`,
      ...(running ? [`  ${running}`] : []),
      written.length === 1 ? `  tables: ${first.csv.length} CSV files in ${values.out}/tables, workbook ${first.xlsx}, figures ${first.json}` : `  each folder: HTML, XLSX, JSON and tables/*.csv`,
      `  disclosure control over ${protection.model.publications.length} publications (${c.printed} printed counts): ${c.primary} counts below ${threshold} and ${c.zerosHidden} zeros hidden, ${c.secondaryLineRule + c.secondaryAudit + c.secondaryLedger - c.determinedPrinted} more hidden to protect them${reprintedNote(c)}; ` +
        `audit: all ${c.provedProtected} hidden counts proved protected (${protection.lps} linear programs, ${(protection.ms.total / 1000).toFixed(1)} s)`,
      ...fallbackLines(protection.fallback, protection.restored),
      `  suppression ledger: ${ledgerPath}`,
      ...(proofsLine ? [proofsLine] : []),
    ];
    lines.splice(1, 0, ...registrationCategoriesLine(loaded));
    lines.push(...registrationIssueLines(loaded));
    console.log(lines.join('\n'));
    if (refused) {
      console.error(`homestart-impact report: ${refused.message}`);
      return 3;
    }
    return rejected > 0 ? 1 : 0;
  },
};

/** Folder of one publication with --all-scopes: national, region-<name>, site-<municipality> (file-safe). */
function scopeFolder(fig: ImpactFigures): string {
  const safe = (x: string) => x.normalize('NFKD').replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase();
  return fig.scope.level === 'national' ? 'national' : fig.scope.level === 'region' ? `region-${safe(fig.scope.region)}` : `site-${safe(fig.scopeName)}`;
}

/** The period of `--year`, `--from`/`--to` or `--period` (exactly one of them), checked; usage errors are sentences. */
function periodOption(values: { year?: string; from?: string; to?: string; period?: string }): ImpactPeriod {
  const given = [values.year !== undefined, values.from !== undefined || values.to !== undefined, values.period !== undefined].filter(Boolean).length;
  if (given === 0) throw new UsageError('give the period to report on: --year YYYY (e.g. --year 2024), --from YYYY-MM-DD --to YYYY-MM-DD, or --period 2018-2021.');
  if (given > 1) throw new UsageError('give one of --year, --from/--to and --period, not more than one.');
  try {
    if (values.year !== undefined) {
      if (!/^\d{4}$/.test(values.year)) throw new UsageError(`--year takes one calendar year YYYY (e.g. --year 2024), got '${values.year}'; for several years use --period ${/^\d{4}-\d{4}$/.test(values.year) ? values.year : '2018-2021'}.`);
      return parsePeriod(values.year);
    }
    if (values.period !== undefined) return parsePeriod(values.period);
    if (values.from === undefined) throw new UsageError('--to needs --from (the first day of the period, YYYY-MM-DD).');
    if (values.to === undefined) throw new UsageError('--from needs --to (the last day of the period, YYYY-MM-DD; both days count).');
    return parsePeriod(`${values.from}..${values.to}`);
  } catch (err) {
    if (err instanceof StatsError) throw new UsageError(err.message);
    throw err;
  }
}
