import { parse, UsageError } from '../args.js';
import { LOAD_OPTIONS, LOAD_HELP, loadFromFlags, countsJson, unusable, summaryLines, refusedLine, issuesJson, writeSuggestedMapping, SUGGEST_OPTION, SUGGEST_HELP } from './shared.js';
import { firstContact } from '../../data/mapping-suggest.js';
import type { MeasurementLoadResult } from '../../data/measurements.js';
import { writeRejectsCsv } from '../../data/index.js';
import type { Command } from '../main.js';

const help = `Usage: homestart-impact validate FILE [options]

Reads a measurement file (CSV, JSON or XLSX; long, wide-by-wave or wide layout), checks every
value against the instrument definitions and prints what it found: rows read, accepted, rejected,
and each issue with its row (as a spreadsheet shows it), column, value and rule.

Options:
${LOAD_HELP}
${SUGGEST_HELP}
  --rejects OUT.csv    write the rejected rows (original values + reasons) to OUT.csv

Exit codes: 0 all rows valid, 1 some rows rejected or units (an instrument at a wave) rejected (accepted ones still usable), 2 unusable input (no row usable) or usage error.`;

export const validateCommand: Command = {
  name: 'validate',
  help,
  async run(argv) {
    const { values, positionals } = parse(argv, { ...LOAD_OPTIONS, ...SUGGEST_OPTION, rejects: { type: 'string' } });
    if (positionals.length > 1) throw new UsageError(`expected one FILE, got ${positionals.length}.`);
    const result = await loadFromFlags(positionals[0], values);
    if (values.rejects) writeRejectsCsv(result.rejects, values.rejects);
    if (values['suggest-mapping']) writeSuggestedMapping(result, values['suggest-mapping']);
    const refused = unusable(result);
    if (values.json) {
      console.log(
        JSON.stringify(
          {
            file: result.file,
            layout: result.layout,
            ...countsJson(result),
            records: result.records.length,
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
