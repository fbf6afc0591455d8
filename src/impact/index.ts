export * from './types.js';
export * from './labels.js';
export * from './registration.js';
export * from './cross-checks.js';
export * from './figures.js';
export * from './suppression.js';
export * from './report.js';
