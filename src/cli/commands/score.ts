import { parse, UsageError } from '../args.js';
import { LOAD_OPTIONS, LOAD_HELP, loadFromFlags, countsJson, unusable, summaryLines, refusedLine, issuesJson, writeSuggestedMapping, SUGGEST_OPTION, SUGGEST_HELP } from './shared.js';
import { scoreRecords } from '../../instruments/scoring.js';
import { loadInstruments, defaultInstruments } from '../../instruments/registry.js';
import { writeCsv, type CsvWriteOptions } from '../../util/csv-write.js';
import { writeRejectsCsv, scoresToRows } from '../../data/views.js';
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { scoresToWide } from '../../instruments/wide-scores.js';
import { spssSyntax } from '../../util/sps-write.js';
import { writeXlsx } from '../../util/xlsx-write.js';
import type { Command } from '../main.js';

const help = `Usage: homestart-impact score FILE --out SCORES.csv [options]

Loads and validates a measurement file, then scores every instrument with its definition
(reverse keys, sums/means/counts, prorating within the allowed number of missing items, GAS
T-scores) and writes one row per participant × wave × scale: the score, items expected,
answered and prorated, and why a score is missing.

Options:
  --out FILE           where to write the scores (CSV; required)
  --excel-nl           write for Dutch Excel: semicolons, decimal commas, UTF-8 BOM
  --wide WIDE.csv      also write the scores wide (one row per participant, columns such as
                       nosik_total_T1, nosik_total_T2) to WIDE.csv and WIDE.xlsx, and an SPSS syntax
                       file WIDE.sps that reads WIDE.csv with variable and value labels
  --rejects OUT.csv    also write the rejected rows
${LOAD_HELP}
${SUGGEST_HELP}

Exit codes: 0 all rows valid, 1 some rows rejected (their scores are absent), 2 unusable input or usage error.`;

export const scoreCommand: Command = {
  name: 'score',
  help,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      ...LOAD_OPTIONS,
      ...SUGGEST_OPTION,
      out: { type: 'string' },
      rejects: { type: 'string' },
      'excel-nl': { type: 'boolean' },
      wide: { type: 'string' },
    });
    if (positionals.length > 1) throw new UsageError(`expected one FILE, got ${positionals.length}.`);
    if (!values.out) throw new UsageError('--out SCORES.csv is required.');
    const result = await loadFromFlags(positionals[0], values);
    if (values['suggest-mapping']) writeSuggestedMapping(result, values['suggest-mapping']);
    const refused = unusable(result);
    if (refused) {
      if (values.json) console.log(JSON.stringify({ file: result.file, usable: false, rows: result.rowsRead, accepted: result.accepted, rejected: result.rejected, issues: issuesJson(result) }, null, 2));
      else console.error(`${summaryLines(result).join('\n')}\n\n${refusedLine(result)}`);
      return 2;
    }
    const registry = values.instruments ? loadInstruments(values.instruments) : defaultInstruments();
    const { scores, issues } = scoreRecords(result.records, registry);
    const table = scoresToRows(scores);
    const csvOptions: CsvWriteOptions = values['excel-nl'] ? { delimiter: ';', decimal: ',', bom: true, eol: '\r\n' } : {};
    writeCsv(values.out, table.columns, table.rows, csvOptions);
    let wideFiles: string[] = [];
    if (values.wide) {
      const base = values.wide.replace(/\.(csv|xlsx|sps)$/i, '');
      const wide = scoresToWide(scores, registry);
      writeCsv(`${base}.csv`, wide.columns, wide.rows, csvOptions);
      writeXlsx(`${base}.xlsx`, [{ name: 'scores wide', rows: wide.rows, columns: wide.columns }]);
      writeFileSync(`${base}.sps`, spssSyntax(wide.variables, { csvFile: basename(`${base}.csv`), ...(values['excel-nl'] ? { delimiter: ';' as const, decimal: ',' as const } : {}) }), 'utf8');
      wideFiles = [`${base}.csv`, `${base}.xlsx`, `${base}.sps`];
    }
    if (values.rejects) writeRejectsCsv(result.rejects, values.rejects);
    const missing = scores.filter((s) => s.score === null).length;
    const missingDeclared = scores.filter((s) => s.score === null && s.missingReason?.includes('declared missing')).length;
    if (values.json) {
      console.log(
        JSON.stringify(
          {
            file: result.file,
            layout: result.layout,
            ...countsJson(result),
            records: result.records.length,
            scores: scores.length,
            missingScores: missing,
            missingScoresDeclared: missingDeclared,
            out: values.out,
            wide: wideFiles.length ? wideFiles : null,
            issues: [...issuesJson(result), ...issues.map((i) => ({ severity: i.severity, rule: i.rule, row: i.row ?? null, column: i.column ?? null, value: i.value ?? null, message: i.message }))],
          },
          null,
          2,
        ),
      );
    } else {
      console.log(summaryLines(result).join('\n'));
      console.log(`\nscores: ${scores.length} (${missing} missing, each with its reason${missingDeclared ? `; ${missingDeclared} of them because of declared missing codes` : ''}) written to ${values.out}`);
      if (wideFiles.length) console.log(`wide scores (one row per participant) written to ${wideFiles.join(', ')}`);
      for (const i of issues) console.log(`  ${i.message}`);
    }
    return result.rejects.length > 0 ? 1 : 0;
  },
};
