export * from './average.js';
export * from './competences.js';
export { Ratio } from './decimal.js';
export * from './format.js';
export * from './mark-input.js';
export * from './periods.js';
export * from './types.js';
export type * from './views.js';
