/**
 * Options shared by the commands that read measurement files, and the summary they print.
 */
import { readFileSync, existsSync } from 'node:fs';
import { UsageError, progressReporter, endProgress } from '../args.js';
import { loadMeasurements, type LoadMeasurementsOptions } from '../../data/measurements.js';
import { loadInstruments, defaultInstruments } from '../../instruments/registry.js';
import type { LoadResult } from '../../data/types.js';
import { tallyLine } from '../../data/missing.js';

export const LOAD_OPTIONS = {
  instrument: { type: 'string' },
  instruments: { type: 'string' },
  mapping: { type: 'string' },
  groups: { type: 'string' },
  'set-missing': { type: 'boolean' },
  missing: { type: 'string' },
  'suggest-mapping': { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const LOAD_HELP = `  --instrument ID      only accept this instrument (e.g. nosik, psoc, daily-hassles, life-events, gas)
  --instruments DIR    folder of instrument definitions (JSON) to use instead of the bundled ones
  --mapping FILE       wide-layout mapping (JSON, see docs/data-formats.md)
  --groups a,b,c       allowed group labels (default: homestart,control,norm and their Dutch aliases)
  --missing 99,-9     declared missing codes (also ranges 97..99): such a cell is missing with the
                       reason "declared missing (99)", counted apart, and never a value or a score
                       (instrument definitions, the mapping and a .sav's user-missing values add to these)
  --set-missing        keep a unit with an invalid value: the value is stored as missing with a
                       warning, counted apart, and the scales using it are not scored
                       (without it the unit — that instrument at that wave — is rejected)
  --suggest-mapping OUT.json  write a mapping file for this file's columns, to check and edit
  --json               print one JSON object instead of text`;

export interface LoadFlags {
  instrument?: string;
  instruments?: string;
  mapping?: string;
  groups?: string;
  'set-missing'?: boolean;
  missing?: string;
  'suggest-mapping'?: string;
  json?: boolean;
}

export async function loadFromFlags(file: string | undefined, flags: LoadFlags): Promise<LoadResult> {
  if (!file) throw new UsageError('missing FILE.');
  if (!existsSync(file)) throw new UsageError(`file not found: ${file}`);
  const options: LoadMeasurementsOptions = {
    instruments: flags.instruments ? loadInstruments(flags.instruments) : defaultInstruments(),
  };
  if (flags.instrument) options.instrument = flags.instrument;
  if (flags.mapping) {
    if (!existsSync(flags.mapping)) throw new UsageError(`mapping file not found: ${flags.mapping}`);
    options.mapping = JSON.parse(readFileSync(flags.mapping, 'utf8'));
  }
  if (flags.groups) options.groups = flags.groups.split(',').map((g) => g.trim()).filter(Boolean);
  if (flags['set-missing']) options.onInvalidValue = 'set-missing';
  if (flags.missing !== undefined) options.missing = flags.missing;
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
  if (result.records.length === 0) return `${result.file}: no row is usable: nothing was accepted (see the errors above).`;
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
  if (result.units && (result.units.rejected > 0 || result.rejects.some((r) => r.unit))) {
    lines.push(`units (participant × wave × instrument) read: ${result.units.read}, accepted: ${result.units.accepted}, rejected: ${result.units.rejected}`);
  }
  if (result.declaredMissing) lines.push(tallyLine(result.declaredMissing));
  if (result.invalidSetMissing) lines.push(`invalid values stored as missing (set-missing): ${result.invalidSetMissing}; the scales using them are not scored`);
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

/** The counts every `--json` output shares. */
export function countsJson(result: LoadResult) {
  return {
    rows: result.rowsRead,
    accepted: result.accepted,
    rejected: result.rejected,
    units: result.units ?? null,
    rejects: result.rejects.length,
    declaredMissing: result.declaredMissing ?? null,
    invalidSetMissing: result.invalidSetMissing ?? 0,
  };
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
