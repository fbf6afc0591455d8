import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, UsageError } from '../args.js';
import { loadRegistration } from '../../impact/registration.js';
import { auditProofsLine, publicationCliOptions, syntheticRegistration, refusedRegistrationFile, unusableRegistrationLines, registrationCategoriesLine, registrationCountsLine, registrationIssueLines } from './registration.js';
import { AuditProofs } from '../../impact/audit-cache.js';
import { computeFigures, indexRegistration, isoDayNumber, type ImpactScope } from '../../impact/figures.js';
import { computeLocalEvaluation, writeLocalEvaluation, type WrittenLocalEvaluation } from '../../impact/local-evaluation.js';
import { assertPublishable, DisclosureError, fallbackLines, reprintedNote, protectPublicationSetWithFallback, publicationSetFigures, withdrawnRefusal } from '../../impact/disclosure.js';
import { ledgerDecisions, LOCAL_SUFFIX, parsePublicationId, readLedger, updateLedger, writeLedger } from '../../impact/ledger.js';
import { scopeKey } from '../../impact/publication.js';
import { StatsError } from '../../stats/result.js';
import { DataError } from '../../data/issues.js';
import type { Command } from '../main.js';
import { statusLine, type StatusLine } from '../progress.js';

const help = `Usage: homestart-impact evaluation --site ID --from YYYY-MM-DD --to YYYY-MM-DD --data DIR --out DIR [options]

Builds the local evaluation of one site over its own period (for example the municipality's
evaluation from the start of the site to now), in Dutch by default: families supported by locality
(village), children's ages, help questions, migration background and referrer; families not
supported with reasons; volunteers registered by gender, active at the end of the period (of whom
not deployable), in training and stopped with reasons; duration of the closed trajectories, goals
reached, and referrals to professional care after Home-Start with the follow-up call.
Writes to --out:
  evaluatie-FROM-TO-site-ID.html (Dutch) or evaluation-FROM-TO-site-ID.html   self-contained
  evaluatie-FROM-TO-site-ID.xlsx / .json                                      every table / figure
  tables/<table>-FROM-TO-site-ID.csv                                          every table
Every file is written whole or not at all.

Disclosure control is the annual report's: every count is suppressed below --threshold ("<5"), with
secondary suppression ("x"), and the evaluation is protected TOGETHER with the annual reports of
every scope for the years the period touches and every publication in the suppression ledger (a
reader holds them all: a count over the period can be compared with the yearly counts). When a hidden
count could be narrowed down, the evaluation's own small categories are combined into one row
("Samengevoegd: …"; reasons, referrers, genders, adjacent duration and age classes) or its table is
left out (with a note), before the annual reports not yet written are changed; only when that fails
too, or when it would leave out the evaluation's key figures or more than half of its tables, is the
evaluation REFUSED (exit 3, nothing written, the tables and cells or the reason named). Localities with
fewer than --threshold supported families are combined as "other localities"; no ids or free text
are written. Keep the ledger (default <out>/suppression-ledger.json) with the annual reports' ledger:
use the same --ledger for both.
On a terminal, one line of stderr says how far the disclosure control is (counts only), cleared
before the output.

Options:
  --site ID            the site (its id in the sites file; required)
  --from YYYY-MM-DD    first day of the period (required)
  --to YYYY-MM-DD      last day of the period (required); a period that ends after the reference
                       date is reported as running, with figures up to the reference date
  --data DIR           folder with the registration files (sites, families, volunteers, trajectories)
  --out DIR            output folder (created if missing)
  --lang nl|en         language (default nl)
  --threshold N        smallest count that is shown (default 5)
  --reference-date D   the date the data were exported (default: the last date in the data)
  --ledger FILE        suppression ledger to read and update (default <out>/suppression-ledger.json)
  --zeros auto|hide|show  which zeros are hidden too (default auto)
  --audit-cache DIR|off  private folder of the audit's proofs kept across runs (as for report; default
                       $HOMESTART_AUDIT_CACHE, else ~/.cache/homestart-impact/audit; never inside --out)
  --categories FILE    the office's category file (as for report; default: categories.json beside the data)
  --hours H            volunteer hours per family per week (default 3)

Example: homestart-impact evaluation --site DLF --from 2018-03-01 --to 2021-06-30 \\
           --data registratie/ --out evaluatie/ --reference-date 2021-07-15

Exit codes: 0 written from clean data, 1 written but some rows were rejected, 2 unusable data or
usage error (unknown site, dates), 3 refused: the disclosure audit failed (nothing written).`;

function isoDate(v: string | undefined, flag: string): string {
  if (v === undefined) throw new UsageError(`${flag} YYYY-MM-DD is required (e.g. ${flag} ${flag === '--from' ? '2018-03-01' : '2021-06-30'}).`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || !Number.isFinite(isoDayNumber(v))) throw new UsageError(`${flag} must be a date YYYY-MM-DD, got '${v}'.`);
  return v;
}

export const evaluationCommand: Command = {
  name: 'evaluation',
  help,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      site: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      data: { type: 'string' },
      out: { type: 'string' },
      lang: { type: 'string' },
      threshold: { type: 'string' },
      hours: { type: 'string' },
      'reference-date': { type: 'string' },
      ledger: { type: 'string' },
      zeros: { type: 'string' },
      categories: { type: 'string' },
      'audit-cache': { type: 'string' },
    });
    if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'.`);
    if (!values.site) throw new UsageError('--site ID is required: the local evaluation is about one site.');
    const from = isoDate(values.from, '--from');
    const to = isoDate(values.to, '--to');
    if (from > to) throw new UsageError(`--from ${from} is after --to ${to}.`);
    if (!values.data) throw new UsageError('--data DIR is required.');
    if (!values.out) throw new UsageError('--out DIR is required.');
    const { lang, threshold, hours, zeros, ledgerPath, referenceDate, auditCache } = publicationCliOptions({ ...values, out: values.out });
    if (referenceDate !== undefined) isoDate(referenceDate, '--reference-date');
    if (!existsSync(values.data) || !statSync(values.data).isDirectory()) {
      console.error(`homestart-impact evaluation: ${values.data} is not a folder.`);
      return 2;
    }
    let loaded: Awaited<ReturnType<typeof loadRegistration>>;
    try {
      if (values.categories !== undefined && !existsSync(values.categories)) throw new DataError(`${values.categories}: the category file is not valid: the category file cannot be read (no such file).`);
      loaded = await loadRegistration(values.data, { ...(referenceDate ? { referenceDate } : {}), ...(values.categories ? { categories: values.categories } : {}) });
    } catch (err) {
      if (err instanceof DataError) {
        console.error(`homestart-impact evaluation: ${err.message}`);
        return 2;
      }
      throw err;
    }
    const rejected = loaded.files.reduce((a, f) => a + f.rejected, 0);
    if (loaded.data.sites.length === 0 || loaded.data.families.length === 0) {
      for (const line of unusableRegistrationLines(loaded)) console.error(line);
      console.error(`homestart-impact evaluation: no usable ${loaded.data.sites.length === 0 ? 'sites' : 'families'} in ${values.data}; nothing written.`);
      return 2;
    }
    const refusedFile = refusedRegistrationFile(loaded);
    if (refusedFile) {
      for (const line of unusableRegistrationLines(loaded)) console.error(line);
      console.error(`homestart-impact evaluation: ${refusedFile}; nothing written. Correct the file and run again.`);
      return 2;
    }
    let written: WrittenLocalEvaluation;
    let protection;
    const proofs = new AuditProofs(auditCache);
    let proofsLine = '';
    const years: number[] = [];
    let newYears: number[] = [];
    let earlierCount = 0;
    let status: StatusLine | undefined;
    try {
      const previous = readLedger(ledgerPath);
      if (previous && previous.threshold !== threshold) throw new StatsError(`the ledger ${ledgerPath} was kept with threshold ${previous.threshold}; use --threshold ${previous.threshold} or another --ledger.`);
      // without --reference-date the figures count up to the last date in the data (as `report` does)
      const latest = indexRegistration(loaded.data).latestDate;
      if (from > latest) throw new StatsError(`the period ${from} to ${to} starts after the last date in the data (${latest}): there is nothing to evaluate yet.`);
      const ref = referenceDate ?? latest;
      const ev = computeLocalEvaluation(loaded.data, { siteId: values.site, period: { from, to }, referenceDate: ref, volunteerHoursPerWeek: hours, localityMinimum: threshold });
      const opts = { volunteerHoursPerWeek: hours, referenceDate: ref };
      // the annual publications of every scope for each complete year the period touches (as `report`
      // builds them); a year not over on the reference date has no annual report yet
      const lastYear = Math.min(Number(to.slice(0, 4)), `${ref.slice(0, 4)}-12-31` <= ref ? Number(ref.slice(0, 4)) : Number(ref.slice(0, 4)) - 1);
      for (let y = Number(from.slice(0, 4)); y <= lastYear; y++) years.push(y);
      const earlier = (previous?.publications ?? []).map((p) => parsePublicationId(p.id));
      const siteKnown = (p: { scope: ImpactScope }) => p.scope.level !== 'site' || loaded.data.sites.some((s) => s.siteId === (p.scope as { siteId: string }).siteId);
      // an annual report already written (in the ledger) is an earlier publication: what it printed
      // plainly is public and may not be counted on as hidden now; only the ones not yet written are
      // protected as new publications of the set
      const writtenIds = new Set(earlier.filter((p) => !p.local).map((p) => `${scopeKey(p.scope)}|${p.key}`));
      const figs = publicationSetFigures(loaded.data, years, opts).filter((f) => !writtenIds.has(`${scopeKey(f.scope)}|${f.key}`));
      newYears = [...new Set(figs.map((f) => f.year).filter((y): y is number => y !== null))];
      const before = earlier.filter((p) => !p.local && siteKnown(p)).map((p) => computeFigures(loaded.data, { ...opts, period: p.period, scope: p.scope }));
      const evaluationsBefore = earlier
        .filter((p) => p.local && siteKnown(p) && !(p.key === ev.key && (p.scope as { siteId: string }).siteId === values.site))
        .map((p) => computeLocalEvaluation(loaded.data, { siteId: (p.scope as { siteId: string }).siteId, period: p.period, referenceDate: ref, volunteerHoursPerWeek: hours, localityMinimum: threshold }));
      earlierCount = before.length + evaluationsBefore.length;
      const synthetic = syntheticRegistration(values.data!, loaded);
      // on a terminal, one self-rewriting line says how far the disclosure control is (cleared before any output)
      if (process.stderr.isTTY) (status = statusLine()).step(lang === 'nl' ? 'publicaties beveiligen en controleren' : 'protecting and auditing the publication set');
      protection = await protectPublicationSetWithFallback(figs, {
        threshold,
        zeros,
        ...ledgerDecisions(previous),
        publishedBefore: before,
        evaluations: [ev],
        evaluationsBefore,
        sites: loaded.data.sites,
        data: loaded.data,
        proofs,
        ...(status ? { onProgress: status.disclosure } : {}),
      });
      status?.clear();
      assertPublishable(protection, [...figs, ...before], [ev, ...evaluationsBefore]);
      const refusal = withdrawnRefusal(protection, [ev.publicationId]);
      if (refusal) throw refusal;
      written = writeLocalEvaluation(ev, { outDir: values.out, lang, threshold, decisions: protection, synthetic });
      writeLedger(ledgerPath, updateLedger(previous, protection, [{ scope: { level: 'site', siteId: ev.siteId }, key: `${ev.key}${LOCAL_SUFFIX}`, referenceDate: ref }]));
      proofsLine = auditProofsLine(proofs);
    } catch (err) {
      status?.clear();
      if (err instanceof DisclosureError) {
        console.error(`homestart-impact evaluation: ${err.message}`);
        return 3;
      }
      if (err instanceof StatsError) {
        console.error(`homestart-impact evaluation: ${err.message}`);
        return 2;
      }
      throw err;
    }
    const c = protection.counts;
    const lines = [
      registrationCountsLine(values.data, loaded),
      ...registrationCategoriesLine(loaded),
      `Evaluation written: ${written.html}`,
      `  tables: ${written.csv.length} CSV files in ${join(values.out, 'tables')}, workbook ${written.xlsx}, figures ${written.json}`,
      `  disclosure control over ${protection.model.publications.length} publications (this evaluation${newYears.length ? `, the annual reports of ${newYears.join(', ')} not yet written` : ''}${earlierCount ? ` and ${earlierCount} earlier publications from the ledger` : ''}; ${c.printed} printed counts): ` +
        `${c.primary} counts below ${threshold} and ${c.zerosHidden} zeros hidden, ${c.secondaryLineRule + c.secondaryAudit + c.secondaryLedger - c.reprinted - c.determinedPrinted} more hidden to protect them${reprintedNote(c)}; audit: all ${c.provedProtected} hidden counts proved protected`,
      ...fallbackLines(protection.fallback, protection.restored),
      `  suppression ledger: ${ledgerPath}`,
      ...(proofsLine ? [proofsLine] : []),
    ];
    if (written.published.running) lines.push(`  note: the period ends after the reference date ${written.published.referenceDate}; the evaluation says it is running.`);
    lines.push(...registrationIssueLines(loaded));
    console.log(lines.join('\n'));
    return rejected > 0 ? 1 : 0;
  },
};
