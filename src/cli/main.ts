/**
 * The `homestart-impact` command line. Each command lives in its own module under
 * `src/cli/commands/`; this file only dispatches. Exit codes (all commands):
 *   0 success (all rows valid), 1 done but some rows were rejected, 2 unusable input or usage error.
 *
 * Start-up time: this file imports nothing of the library. A command's module (and with it the
 * loaders, statistics, vega, resvg, xlsx …) is imported only when that command runs, so `--help`
 * and `--version` cost a bare Node start (tests/cli/startup.test.ts checks the import graph).
 */
import { readFileSync } from 'node:fs';
import { UsageError } from './args.js';

/** A command module's export: its name, its `--help` text and what it does. */
export interface Command {
  name: string;
  help: string;
  run(argv: string[]): Promise<number>;
}

/** A command as the dispatcher knows it before loading it: name, one-line summary, loader. */
interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

const COMMANDS: CommandEntry[] = [
  { name: 'validate', summary: 'check a measurement file; list every issue; write rejected rows', load: async () => (await import('./commands/validate.js')).validateCommand },
  { name: 'score', summary: 'validate and score a measurement file; write a long table of scale scores', load: async () => (await import('./commands/score.js')).scoreCommand },
  { name: 'report', summary: 'yearly impact report from registration data (HTML, CSV, XLSX, JSON; small counts suppressed)', load: async () => (await import('./commands/report.js')).reportCommand },
  { name: 'evaluation', summary: 'local evaluation of one site over its own period (Dalfsen-style; same disclosure control as report)', load: async () => (await import('./commands/evaluation.js')).evaluationCommand },
  { name: 'analyze', summary: 'run a study-design analysis (pre-post, control, norm, gas, waves); print the APA table', load: async () => (await import('./commands/analyze.js')).analyzeCommand },
];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'homestart-impact — research and impact analytics for Home-Start',
    '',
    'Usage: homestart-impact <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `homestart-impact <command> --help` for the options of a command.',
    'Exit codes: 0 all rows valid, 1 some rows or units rejected (accepted ones still usable), 2 unusable input (no row usable) or usage error.',
  ].join('\n');
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const entry = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    console.log(entry ? (await entry.load()).help : mainHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    console.log(version());
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    console.error(`homestart-impact: unknown command '${name}'.\n\n${mainHelp()}`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.help);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`homestart-impact ${command.name}: ${err.message}\n\n${command.help}`);
      return 2;
    }
    // unusable input and file-system errors are sentences, never stack traces or raw "ENOSPC: …".
    // By name, not instanceof: importing src/data or src/util here would load library modules at start-up.
    if (err instanceof Error && (err.name === 'DataError' || err.name === 'OutputError')) {
      console.error(`homestart-impact ${command.name}: ${err.message}`);
      return 2;
    }
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    if (code && /^E[A-Z]+$/.test(code)) {
      const { fsErrorSentence } = await import('../util/atomic-write.js');
      console.error(`homestart-impact ${command.name}: ${fsErrorSentence(err, (err as NodeJS.ErrnoException).path ?? 'a file')}`);
      return 2;
    }
    throw err;
  }
}
