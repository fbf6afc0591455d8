/**
 * Global setup of `npm run test:package`: packs this repository and installs the tarball and tslab
 * into a new empty project (scripts/consumer-project.ts), once for all test files, and hands its
 * location to the tests (`inject('consumer')`). Throws — the suite fails, nothing is skipped — when
 * Jupyter is missing, with the command that installs it.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TestProject } from 'vitest/node';
import { createConsumerProject, jupyterMissing, type ConsumerProject } from '../../scripts/consumer-project.js';

declare module 'vitest' {
  export interface ProvidedContext {
    consumer: ConsumerProject;
  }
}

let base: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  const missing = jupyterMissing();
  if (missing) throw new Error(`npm run test:package executes notebooks and needs Jupyter. ${missing}`);
  const consumer = await createConsumerProject({
    // a second, library-only install (no tslab) to report what a script user downloads; opt-in, it doubles the install time
    measureLibraryOnly: process.env.HOMESTART_MEASURE_INSTALL === '1',
    log: (s) => console.log(`test:package: ${s}`),
  });
  base = dirname(consumer.dir);
  project.provide('consumer', consumer);
}

export function teardown(): void {
  if (base && !process.env.HOMESTART_KEEP_CONSUMER) rmSync(base, { recursive: true, force: true });
}
