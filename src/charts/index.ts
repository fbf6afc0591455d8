export * from './theme.js';
export * from './render.js';
