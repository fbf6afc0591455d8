/**
 * Options shared by the commands that read measurement files, and the summary they print.
 */
import { readFileSync, existsSync } from 'node:fs';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { UsageError, progressReporter, endProgress } from '../args.js';
import { basename } from 'node:path';
import { loadMeasurements, validateWideMapping, type LoadMeasurementsOptions, type MeasurementLoadResult } from '../../data/measurements.js';
import { firstContact, suggestMapping } from '../../data/mapping-suggest.js';
import { groupedIssues } from './issue-lines.js';
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
  --json               print one JSON object instead of text`;

export interface LoadFlags {
  instrument?: string;
  instruments?: string;
  mapping?: string;
  groups?: string;
  'set-missing'?: boolean;
  missing?: string;
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
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(flags.mapping, 'utf8'));
    } catch (e) {
      throw new UsageError(`the mapping file ${flags.mapping} is not valid JSON: ${(e as Error).message}`);
    }
    options.mapping = validateWideMapping(parsed, basename(flags.mapping));
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
  // records made, also when validating only (records counted, not kept: keepRecords false)
  const made = 'recordCount' in result && typeof result.recordCount === 'number' ? result.recordCount : result.records.length;
  if (made === 0) return `${result.file}: no row is usable: nothing was accepted (see the errors above).`;
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
    lines.push(...groupedIssues(errors));
  }
  if (warnings.length) {
    lines.push('', `Warnings (${warnings.length}):`);
    lines.push(...groupedIssues(warnings));
  }
  const fc = firstContact(result as MeasurementLoadResult);
  if (fc.needed) lines.push('', 'Summary:', ...fc.lines.map((l) => `  ${l}`));
  return lines;
}

/** The `--suggest-mapping` option of validate and score. */
export const SUGGEST_OPTION = { 'suggest-mapping': { type: 'string' } } as const;
export const SUGGEST_HELP = `  --suggest-mapping OUT.json  write a mapping for this file's columns (what was recognised, and what
                       needs a decision) to check, edit and pass back with --mapping`;

/** Writes `--suggest-mapping OUT.json` (see src/data/mapping-suggest.ts). */
export function writeSuggestedMapping(result: LoadResult, path: string): void {
  writeFileAtomic(path, `${JSON.stringify(suggestMapping(result as MeasurementLoadResult), null, 2)}\n`);
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
