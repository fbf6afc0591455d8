export * from './display.js';
export * from './study.js';
export * from './impact.js';
