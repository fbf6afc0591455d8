/**
 * homestart-impact: research and impact analytics for Home-Start.
 *
 * The package root is the everyday API of a notebook or script: it re-exports the public barrel of
 * every stage of the data's way (data → instruments → stats → designs / impact → charts → report,
 * notebook) and the file writers, so `import * as hs from 'homestart-impact'` reaches all of it.
 * Each stage is also its own entry point, `homestart-impact/<stage>` (package.json `exports`), built
 * from `src/<stage>/index.ts`: a name added to a stage's barrel appears in both places.
 *
 * Not at the root: the synthetic-data generators (`homestart-impact/sample`; only the paths of the
 * bundled sample files are re-exported here) and numerical internals, which are in no barrel.
 * The rule is written down in CONTRIBUTING.md ("Public surface").
 */
export * from './data/index.js';
export * from './instruments/index.js';
export * from './stats/index.js';
export * from './designs/index.js';
export * from './impact/index.js';
export * from './charts/index.js';
export * from './report/index.js';
export * from './notebook/index.js';
export * from './util/index.js';
export { sampleDataPath, SAMPLE_DESIGN_FILES, SAMPLE_DESIGN_IDS, SampleDesignError, type SampleDesignId } from './sample/index.js';
