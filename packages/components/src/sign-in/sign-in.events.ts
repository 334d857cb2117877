import { PreauEvent } from '../base/events.js';

/** The signed-in user as `GET /api/v1/me` describes them (members the page needs; others are kept). */
export interface SessionUser {
  id: string;
  login: string;
  firstName?: string;
  lastName?: string;
  /** student, guardian, teacher, vie_scolaire, direction, staff, inspector, analyst */
  profile: string;
  uai?: string | null;
  mustChangePassword?: boolean;
  [member: string]: unknown;
}

export interface SessionChangeDetail {
  /** The signed-in user, or `null` once signed out (or when nobody is signed in at page load). */
  user: SessionUser | null;
}

/** Fired when the session is known at load, after sign-in (password chosen if required) and after sign-out. */
export class PreauSessionChangeEvent extends PreauEvent<SessionChangeDetail> {
  static readonly eventName = 'preau-session-change';
  constructor(detail: SessionChangeDetail) {
    super(PreauSessionChangeEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'preau-session-change': PreauSessionChangeEvent;
  }
}
