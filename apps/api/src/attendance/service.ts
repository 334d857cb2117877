/**
 * The attendance service (routes → service → store): roll calls (`roll-call.ts`), justifications
 * (`justifications.ts`), records, tallies and the week grid (`records.ts`). The SQL is in `store.ts`; the rules
 * (tallies, demi-journées, states) are in `@preau/core`; access in `policies/attendance.ts`.
 */
export { type AttendanceContext, tellFamilies } from './context.js';
export {
  decideJustification,
  JUSTIFICATION_FILE_KIND,
  JUSTIFICATION_MEDIA_TYPES,
  justificationFileKind,
  justificationQueue,
  submitJustification,
} from './justifications.js';
export { attendanceTallies, studentAttendance, visibleStudent, weekGrid } from './records.js';
export {
  currentSeanceId,
  entryHistory,
  getRollCall,
  markErroneous,
  saveRollCall,
  seancesOfDay,
} from './roll-call.js';
export { attendanceSettings } from './store.js';
