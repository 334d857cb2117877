export * from './agenda.js';
export * from './schemas.js';
export type * from './views.js';
export * from './work-types.js';
export * from './workload.js';
