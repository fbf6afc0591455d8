/**
 * homestart-impact: research and impact analytics for Home-Start.
 * The package entry re-exports each stage: data in, instruments, stats (designs, charts,
 * impact and notebook helpers follow as they land).
 */
export * from './data/index.js';
export * from './instruments/index.js';
export * from './stats/index.js';
export * from './util/index.js';
export * from './charts/index.js';
export * from './notebook/index.js';
export * from './sample/index.js';
export * from './impact/index.js';
export * from './designs/index.js';
export * from './report/index.js';
