/**
 * @preau/components: every element, registered on import. Each element module registers its own tag (guarded
 * against double definition), so importing one element alone also works: `@preau/components/sign-in/sign-in.js`.
 */
export * from './attendance/attendance.js';
export * from './base/index.js';
export * from './directory-import/directory-import.js';
export * from './gradebook/gradebook.js';
export * from './lesson-log/lesson-log.js';
export * from './messages/messages.js';
export * from './sign-in/sign-in.js';
export * from './whiteboard/whiteboard.js';
