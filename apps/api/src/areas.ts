/**
 * The areas of the API, in order: each registers its routes and file kinds once (`createApp`), its demo data
 * (`seed/`), and its access-matrix entries (`test/access-matrix/<name>.ts`). Add yours here (README: "How to add
 * an area"). The reference routes (OpenAPI, docs) are not an area: the app adds them last, to describe all others.
 */
import type { Area } from './deps.js';
import { attendanceArea } from './routes/attendance.js';
import { directoryArea } from './routes/directory.js';
import { embeddingArea } from './routes/embedding.js';
import { gradebookArea } from './routes/gradebook.js';
import { hardwareArea } from './routes/hardware.js';
import { lessonLogArea } from './routes/lesson-log.js';
import { liveArea } from './routes/live.js';
import { lsuArea } from './routes/lsu.js';
import { messagesArea } from './routes/messages.js';
import { platformArea } from './routes/platform.js';
import { ssoArea } from './routes/sso.js';
import { timetableArea } from './routes/timetable.js';
import { usageArea } from './routes/usage.js';
import { whiteboardArea } from './routes/whiteboard.js';

export const AREAS: readonly Area[] = [
  platformArea,
  liveArea,
  gradebookArea,
  attendanceArea,
  lessonLogArea,
  usageArea,
  hardwareArea,
  whiteboardArea,
  embeddingArea,
  messagesArea,
  directoryArea,
  timetableArea,
  lsuArea,
  ssoArea,
];
