import { parseArgs, type ParseArgsConfig } from 'node:util';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `node:util` parseArgs with usage errors turned into `UsageError`. */
export function parse<T extends OptionsConfig>(
  argv: string[],
  options: T,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** Progress on stderr, only when a person is watching (a TTY) and not in --json mode. */
export function progressReporter(enabled: boolean): ((rows: number) => void) | undefined {
  if (!enabled || !process.stderr.isTTY) return undefined;
  let last = 0;
  return (rows: number) => {
    if (rows - last >= 50_000) {
      last = rows;
      process.stderr.write(`\r  read ${rows.toLocaleString('en-US')} rows…`);
    }
  };
}

export function endProgress(enabled: boolean): void {
  if (enabled && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
}
