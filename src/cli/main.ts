/**
 * The `homestart-impact` command line. Each command lives in its own module under
 * `src/cli/commands/`; this file only dispatches. Exit codes (all commands):
 *   0 success (all rows valid), 1 done but some rows were rejected, 2 unusable input or usage error.
 */
import { readFileSync } from 'node:fs';
import { validateCommand } from './commands/validate.js';
import { scoreCommand } from './commands/score.js';
import { analyzeCommand } from './commands/analyze.js';
import { reportCommand } from './commands/report.js';
import { UsageError } from './args.js';
import { DataError } from '../data/issues.js';
import { OutputError, fsErrorSentence } from '../util/atomic-write.js';

export interface Command {
  name: string;
  summary: string;
  help: string;
  run(argv: string[]): Promise<number>;
}

const COMMANDS: Command[] = [validateCommand, scoreCommand, reportCommand, analyzeCommand];

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
    'Exit codes: 0 all rows valid, 1 some rows rejected (accepted rows still usable), 2 unusable input or usage error.',
  ].join('\n');
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const target = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    console.log(target ? target.help : mainHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    console.log(version());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    console.error(`homestart-impact: unknown command '${name}'.\n\n${mainHelp()}`);
    return 2;
  }
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
    // unusable input and file-system errors are sentences, never stack traces or raw "ENOSPC: …"
    if (err instanceof DataError || err instanceof OutputError) {
      console.error(`homestart-impact ${command.name}: ${err.message}`);
      return 2;
    }
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    if (code && /^E[A-Z]+$/.test(code)) {
      console.error(`homestart-impact ${command.name}: ${fsErrorSentence(err, (err as NodeJS.ErrnoException).path ?? 'a file')}`);
      return 2;
    }
    throw err;
  }
}
