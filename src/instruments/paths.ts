/**
 * Where the bundled JSON lives. `src/instruments/` (run through tsx or vitest) and
 * `dist/instruments/` (the built package) are both two levels below the package root, so one
 * relative URL serves both.
 */
import { fileURLToPath } from 'node:url';

/** Absolute path of the package's `data-schemas/` folder. */
export function dataSchemasDir(): string {
  return fileURLToPath(new URL('../../data-schemas/', import.meta.url));
}

/** Absolute path of the bundled instrument definitions (`data-schemas/instruments/`). */
export function defaultInstrumentsDir(): string {
  return fileURLToPath(new URL('../../data-schemas/instruments/', import.meta.url));
}

/** Absolute path of the meta-schema (`data-schemas/instrument.schema.json`). */
export function instrumentSchemaPath(): string {
  return fileURLToPath(new URL('../../data-schemas/instrument.schema.json', import.meta.url));
}
