/**
 * Options shared by the commands that read measurement files, and the summary they print.
 */
import { readFileSync, existsSync } from 'node:fs';
import { UsageError, progressReporter, endProgress } from '../args.js';
import { loadMeasurements, type LoadMeasurementsOptions, type MeasurementLoadResult } from '../../data/measurements.js';
import { loadInstruments, defaultInstruments } from '../../instruments/registry.js';
import type { LoadResult } from '../../data/types.js';

export const LOAD_OPTIONS = {
  instrument: { type: 'string' },
  instruments: { type: 'string' },
  mapping: { type: 'string' },
  groups: { type: 'string' },
  'set-missing': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

export const LOAD_HELP = `  --instrument ID      only accept this instrument (e.g. nosik, psoc, daily-hassles, life-events, gas)
  --instruments DIR    folder of instrument definitions (JSON) to use instead of the bundled ones
  --mapping FILE       wide-layout mapping (JSON, see docs/data-formats.md)
  --groups a,b,c       allowed group labels (default: homestart,control,norm and their Dutch aliases)
  --set-missing        treat an invalid value as missing (row kept, warning) instead of rejecting the row
  --json               print one JSON object instead of text`;

export interface LoadFlags {
  instrument?: string;
  instruments?: string;
  mapping?: string;
  groups?: string;
  'set-missing'?: boolean;
  json?: boolean;
}

export async function loadFromFlags(file: string | undefined, flags: LoadFlags, extra: Pick<LoadMeasurementsOptions, 'keepRecords' | 'maxIssues' | 'maxRejects'> = {}): Promise<MeasurementLoadResult> {
  if (!file) throw new UsageError('missing FILE.');
  if (!existsSync(file)) throw new UsageError(`file not found: ${file}`);
  const options: LoadMeasurementsOptions = {
    instruments: flags.instruments ? loadInstruments(flags.instruments) : defaultInstruments(),
    ...extra,
  };
  if (flags.instrument) options.instrument = flags.instrument;
  if (flags.mapping) {
    if (!existsSync(flags.mapping)) throw new UsageError(`mapping file not found: ${flags.mapping}`);
    options.mapping = JSON.parse(readFileSync(flags.mapping, 'utf8'));
  }
  if (flags.groups) options.groups = flags.groups.split(',').map((g) => g.trim()).filter(Boolean);
  if (flags['set-missing']) options.onInvalidValue = 'set-missing';
  const showProgress = !flags.json;
  const onProgress = progressReporter(showProgress);
  if (onProgress) options.onProgress = onProgress;
  try {
    return await loadMeasurements(file, options);
  } finally {
    endProgress(showProgress);
  }
}

/** Whether a load result is unusable (file refused, or nothing in it). */
export function unusable(result: LoadResult): string | undefined {
  const fatal = result.issues.find((i) => i.rule === 'identifying-column' || i.rule === 'unreadable-file' || i.rule === 'layout');
  if (fatal && result.accepted === 0) return fatal.message;
  if (result.rowsRead === 0) return `${result.file}: no data rows found.`;
  return undefined;
}

/** The closing line for an unusable file: the reason is already listed under Errors, so only say so. */
export function refusedLine(result: LoadResult): string {
  const listed = result.issues.some((i) => i.severity === 'error' && i.row === undefined);
  return listed ? 'This file cannot be used (see the error above); nothing was accepted.' : `This file cannot be used: ${unusable(result)}`;
}

export function summaryLines(result: LoadResult): string[] {
  const lines = [
    `${result.file}: ${result.layout.description}`,
    `rows read: ${result.rowsRead}, accepted: ${result.accepted}, rejected: ${result.rejected}`,
  ];
  const errors = result.issues.filter((i) => i.severity === 'error');
  const warnings = result.issues.filter((i) => i.severity === 'warning');
  if (errors.length) {
    lines.push('', `Errors (${errors.length}):`);
    for (const i of errors) lines.push(`  ${i.message}`);
  }
  if (warnings.length) {
    lines.push('', `Warnings (${warnings.length}):`);
    for (const i of warnings) lines.push(`  ${i.message}`);
  }
  return lines;
}

export function issuesJson(result: LoadResult) {
  return result.issues.map((i) => ({
    severity: i.severity,
    rule: i.rule,
    row: i.row ?? null,
    column: i.column ?? null,
    value: i.value ?? null,
    message: i.message,
  }));
}
