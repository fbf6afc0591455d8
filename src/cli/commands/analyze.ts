import { ensureDir, writeFileAtomic } from '../../util/atomic-write.js';
import { join, resolve } from 'node:path';
import { parse, UsageError } from '../args.js';
import { LOAD_OPTIONS, LOAD_HELP, loadFromFlags, countsJson, unusable, summaryLines, refusedLine, issuesJson } from './shared.js';
import { scoreRecords } from '../../instruments/scoring.js';
import { loadInstruments, defaultInstruments } from '../../instruments/registry.js';
import type { LoadResult, MeasurementRecord, ScoreRow } from '../../data/types.js';
import { analyzeDesign, DESIGN_KINDS, type AnalyzeDesignOptions } from '../../designs/run.js';
import { discloseResult, type DesignKind, type DesignResult } from '../../designs/result.js';
import { StatsError } from '../../stats/result.js';
import { saveChart } from '../../charts/render.js';
import { writeCsv } from '../../util/csv-write.js';
import { designTableCsvColumns, designTableText } from '../../report/format.js';
import { layoutReport, type ReportLayout } from '../../report/study-report.js';
import { markupText, type ApaTable } from '../../report/apa-tables.js';
import { tableDocx } from '../../report/docx.js';
import type { Lang } from '../../charts/theme.js';
import type { Command } from '../main.js';

const help = `Usage: homestart-impact analyze FILE --design pre-post|control|norm|gas|waves [options]

Loads and scores a measurement file, runs one study-design analysis and prints its APA tables,
sentences and methods note (or one JSON object with --json):
  pre-post  one group, first vs last wave: paired t, d_z and d_av, Jacobson–Truax reliable change
  control   Home-Start vs comparison: ANCOVA on the post-test (pre-test and covariates), d_ppc2,
            group × time, attrition, Holm-adjusted p over the outcomes
  norm      clinical significance (cut-off c, JT categories per group) and normative equivalence
            test against the norm group (give the norm group with --norm-file or in FILE)
  gas       GAS T-scores before/after: share with positive attainment, sign test, Wilcoxon
  waves     linear mixed model on all available waves (group × time LRT, estimated means, change per
            period per group with Feingold d, growth curves), descriptives per wave, observed change
            per period with d_z, attrition and missing-wave patterns, mixed ANOVA on complete cases

Options:
  --design NAME        the design (required)
  --norm-file FILE     a second file (e.g. the norm group) analysed together with FILE
  --outcomes LIST      instrument:scale pairs, e.g. nosik:total,psoc:total (default: every scale scored)
  --reliabilities LIST reliabilities for reliable change, e.g. nosik:total=0.92,nosik:parent=0.9
                       (default: the instrument definition, else Cronbach's α of the items at the pre-test)
  --covariates LIST    ANCOVA covariates at the pre-test wave (control; default age,single_parent; "none" for none);
                       waves: baseline covariates of the mixed model (default none)
  --time-model NAME    waves: linear (default), quadratic, piecewise or categorical time in the mixed model
  --knot WAVE          waves: the wave where the piecewise slope changes (default the middle wave, e.g. T3)
  --schedule LIST      waves: months since baseline per wave, e.g. T1=0,T2=3,T3=6,T4=12,T5=18
                       (default: from the dates in the file, else the wave number)
  --out DIR            also write DIR/tables/*.csv (unrounded), DIR/tables-as-in-report/table-N.csv
                       (rounded, APA), DIR/tables-docx/table-N.docx (Word), DIR/figures/*.svg|png|vl.json
                       and DIR/result.json
  --lang en|nl         language of the tables, results text, chart labels and outcome names (default en;
                       nl: Dutch with the decimal comma)
  --private            exact individual values in the figures and no small-group suppression, for the
                       analyst's own use: every file name gets ".PRIVATE" and every title says PRIVATE.
                       Without it (the default, "share" mode) nothing individual is published exactly:
                       figures bin individual scores, statistics of groups smaller than --min-group-size
                       are replaced by a sentence, and the output says so.
  --min-group-size N   share mode: smallest group whose statistics are shown (default 5)
  --seed N             private mode: seed of the random numbering of participants in the figures
${LOAD_HELP}

Exit codes: 0 all rows valid, 1 some rows rejected (the analysis uses the accepted rows),
2 unusable input, a design that cannot be computed on these data, or a usage error.`;

function list(s: string | undefined): string[] | undefined {
  if (s === undefined) return undefined;
  return s.split(',').map((x) => x.trim()).filter(Boolean);
}

/**
 * Writes the tables (CSV, every field unrounded), figures (SVG, PNG, Vega-Lite JSON) and result.json of
 * a design result. A result marked private (`discloseResult(…, { disclosure: 'private' })`) gets
 * `.PRIVATE` in every file name (`result.PRIVATE.json`, `figures/<id>.PRIVATE.svg`, …).
 */
export async function writeDesignOutputs(result: DesignResult<object>, outDir: string, layout?: ReportLayout): Promise<string[]> {
  const out = resolve(outDir);
  const mark = result.disclosure?.mode === 'private' ? '.PRIVATE' : '';
  ensureDir(join(out, 'tables'));
  ensureDir(join(out, 'figures'));
  const written: string[] = [];
  for (const t of result.tables) {
    const p = join(out, 'tables', `${t.id}${mark}.csv`);
    writeCsv(p, designTableCsvColumns(t), t.rows);
    written.push(p);
  }
  for (const c of result.charts) written.push(...(await saveChart(c.spec, join(out, 'figures', `${c.id}${mark}`), ['svg', 'png', 'json'])));
  if (layout) {
    ensureDir(join(out, 'tables-as-in-report'));
    ensureDir(join(out, 'tables-docx'));
    for (const at of layout.sections.flatMap((s) => s.tables)) {
      const head = at.head.map(markupText);
      const p = join(out, 'tables-as-in-report', `table-${at.number}${mark}.csv`);
      writeCsv(p, head, at.rows.map((r) => Object.fromEntries(r.map((c, j) => [head[j], markupText(c)]))), layout.lang === 'nl' ? { delimiter: ';' } : {});
      const d = join(out, 'tables-docx', `table-${at.number}${mark}.docx`);
      writeFileAtomic(d, await tableDocx(at, layout.lang));
      written.push(p, d);
    }
  }
  const j = join(out, `result${mark}.json`);
  writeFileAtomic(j, `${JSON.stringify(result.toJSON(), null, 2)}\n`);
  written.push(j);
  return written;
}

/** An APA table as aligned plain text (terminal). */
function apaTableText(at: ApaTable, lang: Lang): string {
  const head = at.head.map(markupText);
  const rows = at.rows.map((r) => r.map(markupText));
  const widths = head.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]) => cells.map((c, j) => (at.align[j] === 'l' ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ');
  return [`${lang === 'nl' ? 'Tabel' : 'Table'} ${at.number}. ${at.title}`, line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), `${lang === 'nl' ? 'Noot' : 'Note'}. ${markupText(at.note)}`].join('\n');
}

export const analyzeCommand: Command = {
  name: 'analyze',
  help,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      ...LOAD_OPTIONS,
      design: { type: 'string' },
      'norm-file': { type: 'string' },
      outcomes: { type: 'string' },
      covariates: { type: 'string' },
      reliabilities: { type: 'string' },
      out: { type: 'string' },
      lang: { type: 'string' },
      private: { type: 'boolean' },
      'min-group-size': { type: 'string' },
      seed: { type: 'string' },
      'time-model': { type: 'string' },
      knot: { type: 'string' },
      schedule: { type: 'string' },
    });
    if (positionals.length > 1) throw new UsageError(`expected one FILE, got ${positionals.length}.`);
    const design = values.design as DesignKind | undefined;
    if (!design) throw new UsageError(`--design is required (${DESIGN_KINDS.join(', ')}).`);
    if (!DESIGN_KINDS.includes(design)) throw new UsageError(`unknown design '${design}' (use ${DESIGN_KINDS.join(', ')}).`);
    const lang = values.lang ?? 'en';
    if (lang !== 'en' && lang !== 'nl') throw new UsageError(`--lang must be en or nl (got ${lang}).`);

    const loads: LoadResult[] = [];
    const files = [positionals[0], values['norm-file']].filter((f): f is string => f !== undefined);
    if (positionals[0] === undefined) throw new UsageError('missing FILE.');
    for (const f of files) {
      const r = await loadFromFlags(f, values);
      const refused = unusable(r);
      if (refused) {
        if (values.json) console.log(JSON.stringify({ file: r.file, usable: false, rows: r.rowsRead, accepted: r.accepted, rejected: r.rejected, issues: issuesJson(r) }, null, 2));
        else console.error(`${summaryLines(r).join('\n')}\n\n${refusedLine(r)}`);
        return 2;
      }
      loads.push(r);
    }
    const registry = values.instruments ? loadInstruments(values.instruments) : defaultInstruments();
    const records: MeasurementRecord[] = loads.flatMap((l) => l.records);
    const scored = scoreRecords(records, registry);
    const scores: ScoreRow[] = scored.scores;
    const disclosure = values.private ? 'private' : 'share';
    const minGroupSize = values['min-group-size'] === undefined ? 5 : Number(values['min-group-size']);
    if (!Number.isInteger(minGroupSize) || minGroupSize < 1) throw new UsageError(`--min-group-size must be a whole number ≥ 1 (got ${values['min-group-size']}).`);
    const seed = values.seed === undefined ? undefined : Number(values.seed);
    if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError(`--seed must be a whole number (got ${values.seed}).`);
    const options: AnalyzeDesignOptions = { instruments: registry, records, lang, disclosure, minGroupSize, ...(seed !== undefined ? { seed } : {}) };
    const outcomes = list(values.outcomes);
    if (outcomes) options.outcomes = outcomes;
    const rel = list(values.reliabilities);
    if (rel) {
      const map: Record<string, number> = {};
      for (const item of rel) {
        const m = /^([^:=\s]+:[^:=\s]+)\s*=\s*([0-9.]+)$/.exec(item);
        if (!m || !(Number(m[2]) > 0 && Number(m[2]) < 1)) throw new UsageError(`--reliabilities: "${item}" is not of the form instrument:scale=r with 0 < r < 1.`);
        map[m[1]] = Number(m[2]);
      }
      options.reliabilities = map;
    }
    const cov = list(values.covariates);
    if (cov) options.covariates = cov.length === 1 && cov[0] === 'none' ? [] : cov;
    const timeModel = values['time-model'];
    if (timeModel !== undefined) {
      if (!['linear', 'quadratic', 'piecewise', 'categorical'].includes(timeModel)) throw new UsageError(`--time-model must be linear, quadratic, piecewise or categorical (got ${timeModel}).`);
      options.timeModel = timeModel as AnalyzeDesignOptions['timeModel'];
    }
    if (values.knot !== undefined) options.knot = values.knot;
    const schedule = list(values.schedule);
    if (schedule) {
      const map: Record<string, number> = {};
      for (const item of schedule) {
        const m = /^([^=\s]+)\s*=\s*(-?[0-9.]+)$/.exec(item);
        if (!m || !Number.isFinite(Number(m[2]))) throw new UsageError(`--schedule: "${item}" is not of the form WAVE=months, e.g. T2=3.`);
        map[m[1]] = Number(m[2]);
      }
      options.schedule = map;
    }

    let result: DesignResult<object>;
    try {
      result = discloseResult(analyzeDesign(design, scores, options), { disclosure, minGroupSize, lang });
    } catch (e) {
      if (e instanceof StatsError || (e instanceof Error && e.name === 'DataError')) {
        if (values.json) console.log(JSON.stringify({ files: loads.map((l) => l.file), design, usable: false, error: e.message }, null, 2));
        else console.error(`homestart-impact analyze: ${e.message}`);
        return 2;
      }
      throw e;
    }
    const layout = layoutReport([{ id: design, heading: result.title, question: '', files: loads.map((l) => l.file), result }], { lang: lang as Lang });
    const written = values.out ? await writeDesignOutputs(result, values.out, layout) : [];
    // rows rejected and units (one instrument at one wave) rejected from otherwise accepted rows
    const rejected = loads.reduce((a, l) => a + l.rejects.length, 0);
    if (values.json) {
      console.log(
        JSON.stringify(
          {
            files: loads.map((l) => ({ file: l.file, ...countsJson(l), issues: issuesJson(l) })),
            design,
            scoringIssues: scored.issues.length,
            written,
            /** The results paragraph and methods in the chosen language (as in the study report). */
            text: { results: markupText(layout.sections[0].results), methods: markupText(layout.sections[0].methods) },
            result: result.toJSON(),
          },
          null,
          2,
        ),
      );
    } else {
      for (const l of loads) console.log(`${l.file}: rows read ${l.rowsRead}, accepted ${l.accepted}, rejected ${l.rejected}${l.units && l.rejects.some((x) => x.unit) ? `; units rejected ${l.units.rejected} of ${l.units.read}` : ''}`);
      console.log(`\n${result.title}\n${'='.repeat(result.title.length)}\n`);
      if (result.disclosure) console.log(`${result.disclosure.statement}\n`);
      if (lang === 'nl') {
        const sec = layout.sections[0];
        for (const at of sec.tables) console.log(`${apaTableText(at, 'nl')}\n`);
        console.log(`Resultaten: ${markupText(sec.results)}`);
        console.log(`\nMethode: ${markupText(sec.methods)}`);
      } else {
        for (const t of result.tables) console.log(`${designTableText(t)}\n`);
        console.log('Results (APA):');
        for (const s of result.sentences) console.log(`  ${s}`);
        console.log(`\nIn words: ${markupText(layout.sections[0].results)}`);
        console.log(`\nMethods: ${result.methodsNote}`);
      }
      if (result.notes.length) {
        console.log('\nNotes:');
        for (const n of result.notes) console.log(`  ${n}`);
      }
      if (written.length) console.log(`\nWritten to ${resolve(values.out!)}: ${written.length} files (tables/, figures/, result${disclosure === 'private' ? '.PRIVATE' : ''}.json).`);
    }
    return rejected > 0 ? 1 : 0;
  },
};
