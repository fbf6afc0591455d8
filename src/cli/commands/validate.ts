import { parse, UsageError } from '../args.js';
import { LOAD_OPTIONS, LOAD_HELP, loadFromFlags, unusable, summaryLines, refusedLine, issuesJson } from './shared.js';
import { writeRejectsCsv } from '../../data/index.js';
import type { Command } from '../main.js';

const help = `Usage: homestart-impact validate FILE [options]

Reads a measurement file (CSV, JSON or XLSX; long, wide-by-wave or wide layout), checks every
value against the instrument definitions and prints what it found: rows read, accepted, rejected,
and each issue with its row (as a spreadsheet shows it), column, value and rule.

Options:
${LOAD_HELP}
  --rejects OUT.csv    write the rejected rows (values of the known columns + reasons) to OUT.csv

Exit codes: 0 all rows valid, 1 some rows rejected (accepted rows still usable), 2 unusable input or usage error.`;

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check a measurement file; list every issue; write rejected rows',
  help,
  async run(argv) {
    const { values, positionals } = parse(argv, { ...LOAD_OPTIONS, rejects: { type: 'string' } });
    if (positionals.length > 1) throw new UsageError(`expected one FILE, got ${positionals.length}.`);
    // validation only: records are counted, not kept, so files of any size fit in memory
    const result = await loadFromFlags(positionals[0], values, { keepRecords: false, maxIssues: 1000, ...(values.rejects ? {} : { maxRejects: 1000 }) });
    if (values.rejects) writeRejectsCsv(result.rejects, values.rejects, result.omittedColumns ?? []);
    const refused = unusable(result);
    if (values.json) {
      console.log(
        JSON.stringify(
          {
            file: result.file,
            layout: result.layout,
            rows: result.rowsRead,
            accepted: result.accepted,
            rejected: result.rejected,
            records: result.recordCount,
            usable: refused === undefined,
            issues: issuesJson(result),
          },
          null,
          2,
        ),
      );
    } else {
      console.log(summaryLines(result).join('\n'));
      if (values.rejects) console.log(`\nRejected rows written to ${values.rejects}`);
      if (refused) console.error(`\n${refusedLine(result)}`);
    }
    if (refused) return 2;
    return result.rejected > 0 ? 1 : 0;
  },
};
