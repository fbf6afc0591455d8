export * from './theme.js';
export * from './render.js';
export * from './builders.js';
export * from './impact.js';
export * from './longitudinal.js';
