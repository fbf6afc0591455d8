import { ensureDir, writeFileAtomic } from '../../util/atomic-write.js';
import { join, resolve } from 'node:path';
import { parse, UsageError } from '../args.js';
import { LOAD_OPTIONS, LOAD_HELP, loadFromFlags, countsJson, unusable, summaryLines, refusedLine, issuesJson } from './shared.js';
import { scoreRecords } from '../../instruments/scoring.js';
import { loadInstruments, defaultInstruments } from '../../instruments/registry.js';
import type { LoadResult, MeasurementRecord, ScoreRow } from '../../data/types.js';
import { analyzeDesign, DESIGN_KINDS, type AnalyzeDesignOptions } from '../../designs/run.js';
import type { DesignKind, DesignResult } from '../../designs/result.js';
import { StatsError } from '../../stats/result.js';
import { saveChart } from '../../charts/render.js';
import { writeCsv } from '../../util/csv-write.js';
import { designTableCsvColumns, designTableText } from '../../report/format.js';
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
  --out DIR            also write DIR/tables/*.csv, DIR/figures/*.svg|png|vl.json and DIR/result.json
  --lang en|nl         language of chart labels and outcome names (default en)
${LOAD_HELP}

Exit codes: 0 all rows valid, 1 some rows rejected (the analysis uses the accepted rows),
2 unusable input, a design that cannot be computed on these data, or a usage error.`;

function list(s: string | undefined): string[] | undefined {
  if (s === undefined) return undefined;
  return s.split(',').map((x) => x.trim()).filter(Boolean);
}

/** Writes the tables (CSV, every field unrounded), figures (SVG, PNG, Vega-Lite JSON) and result.json of a design result. */
export async function writeDesignOutputs(result: DesignResult<object>, outDir: string): Promise<string[]> {
  const out = resolve(outDir);
  ensureDir(join(out, 'tables'));
  ensureDir(join(out, 'figures'));
  const written: string[] = [];
  for (const t of result.tables) {
    const p = join(out, 'tables', `${t.id}.csv`);
    writeCsv(p, designTableCsvColumns(t), t.rows);
    written.push(p);
  }
  for (const c of result.charts) written.push(...(await saveChart(c.spec, join(out, 'figures', c.id), ['svg', 'png', 'json'])));
  const j = join(out, 'result.json');
  writeFileAtomic(j, `${JSON.stringify(result.toJSON(), null, 2)}\n`);
  written.push(j);
  return written;
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
    const options: AnalyzeDesignOptions = { instruments: registry, records, lang };
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
      result = analyzeDesign(design, scores, options);
    } catch (e) {
      if (e instanceof StatsError || (e instanceof Error && e.name === 'DataError')) {
        if (values.json) console.log(JSON.stringify({ files: loads.map((l) => l.file), design, usable: false, error: e.message }, null, 2));
        else console.error(`homestart-impact analyze: ${e.message}`);
        return 2;
      }
      throw e;
    }
    const written = values.out ? await writeDesignOutputs(result, values.out) : [];
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
            result: result.toJSON(),
          },
          null,
          2,
        ),
      );
    } else {
      for (const l of loads) console.log(`${l.file}: rows read ${l.rowsRead}, accepted ${l.accepted}, rejected ${l.rejected}${l.units && l.rejects.some((x) => x.unit) ? `; units rejected ${l.units.rejected} of ${l.units.read}` : ''}`);
      console.log(`\n${result.title}\n${'='.repeat(result.title.length)}\n`);
      for (const t of result.tables) console.log(`${designTableText(t)}\n`);
      console.log('Results (APA):');
      for (const s of result.sentences) console.log(`  ${s}`);
      console.log(`\nMethods: ${result.methodsNote}`);
      if (result.notes.length) {
        console.log('\nNotes:');
        for (const n of result.notes) console.log(`  ${n}`);
      }
      if (written.length) console.log(`\nWritten to ${resolve(values.out!)}: ${written.length} files (tables/, figures/, result.json).`);
    }
    return rejected > 0 ? 1 : 0;
  },
};
