export * from './attendance/index.js';
export * from './calendar.js';
export * from './people.js';
export * from './school.js';
export * from './territory.js';
export * from './timetable.js';
export * from './uai.js';
export * from './usage.js';
