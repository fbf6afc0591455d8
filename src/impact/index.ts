export * from './types.js';
export * from './labels.js';
export * from './registration.js';
export * from './cross-checks.js';
