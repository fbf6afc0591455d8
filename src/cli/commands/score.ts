import { parse, UsageError } from '../args.js';
import { LOAD_OPTIONS, LOAD_HELP, loadFromFlags, unusable, summaryLines, refusedLine, issuesJson } from './shared.js';
import { scoreRecords } from '../../instruments/scoring.js';
import { loadInstruments, defaultInstruments } from '../../instruments/registry.js';
import { writeCsv, type CsvWriteOptions } from '../../util/csv-write.js';
import { writeRejectsCsv, scoresToRows } from '../../data/views.js';
import type { Command } from '../main.js';

const help = `Usage: homestart-impact score FILE --out SCORES.csv [options]

Loads and validates a measurement file, then scores every instrument with its definition
(reverse keys, sums/means/counts, prorating within the allowed number of missing items, GAS
T-scores) and writes one row per participant × wave × scale: the score, items expected,
answered and prorated, and why a score is missing.

Options:
  --out FILE           where to write the scores (CSV; required)
  --excel-nl           write for Dutch Excel: semicolons, decimal commas, UTF-8 BOM
  --rejects OUT.csv    also write the rejected rows
${LOAD_HELP}

Exit codes: 0 all rows valid, 1 some rows rejected (their scores are absent), 2 unusable input or usage error.`;

export const scoreCommand: Command = {
  name: 'score',
  summary: 'validate and score a measurement file; write a long table of scale scores',
  help,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      ...LOAD_OPTIONS,
      out: { type: 'string' },
      rejects: { type: 'string' },
      'excel-nl': { type: 'boolean' },
    });
    if (positionals.length > 1) throw new UsageError(`expected one FILE, got ${positionals.length}.`);
    if (!values.out) throw new UsageError('--out SCORES.csv is required.');
    const result = await loadFromFlags(positionals[0], values);
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
    if (values.rejects) writeRejectsCsv(result.rejects, values.rejects, result.omittedColumns ?? []);
    const missing = scores.filter((s) => s.score === null).length;
    if (values.json) {
      console.log(
        JSON.stringify(
          {
            file: result.file,
            layout: result.layout,
            rows: result.rowsRead,
            accepted: result.accepted,
            rejected: result.rejected,
            records: result.records.length,
            scores: scores.length,
            missingScores: missing,
            out: values.out,
            issues: [...issuesJson(result), ...issues.map((i) => ({ severity: i.severity, rule: i.rule, row: i.row ?? null, column: i.column ?? null, value: i.value ?? null, message: i.message }))],
          },
          null,
          2,
        ),
      );
    } else {
      console.log(summaryLines(result).join('\n'));
      console.log(`\nscores: ${scores.length} (${missing} missing, each with its reason) written to ${values.out}`);
      for (const i of issues) console.log(`  ${i.message}`);
    }
    return result.rejected > 0 ? 1 : 0;
  },
};
