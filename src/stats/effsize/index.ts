export * from './result.js';
export * from './smd.js';
export * from './paired.js';
export * from './morris.js';
export * from './rank.js';
export * from './correlation.js';
export * from './contingency.js';
