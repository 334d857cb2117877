export * from './half-days.js';
export * from './schemas.js';
export * from './statuses.js';
export * from './tally.js';
export * from './views.js';
