import { PreauEvent } from '../base/events.js';

/** The signed-in person, as `GET /api/v1/me` describes them in `user`. */
export interface SessionUser {
  id: string;
  login: string;
  firstName: string;
  lastName: string;
  /** student, guardian, teacher, vie_scolaire, direction, staff, inspector, analyst */
  profile: string;
  functions?: string[];
  uai?: string | null;
  etablissement?: { uai: string; name: string } | null;
  scope?: { kind: string; code: string | null; name: string } | null;
  mustChangePassword?: boolean;
}

/** The body of `GET /api/v1/me` (and of a successful sign-in): what a page needs to show the right widgets. */
export interface SessionInfo {
  user: SessionUser;
  csrfToken?: string;
  sessionExpiresAt?: string;
  /** Guardians: their children. */
  children?: {
    id: string;
    firstName: string;
    lastName: string;
    uai: string;
    class: { id: string; name: string } | null;
  }[];
  /** Teachers: their classes and groups, with the subjects they teach there. */
  classes?: {
    id: string;
    name: string;
    kind: 'classe' | 'groupe';
    isHeadTeacher: boolean;
    subjects: { id: string; code: string; name: string }[];
  }[];
}

export interface SessionChangeDetail {
  /** The signed-in person, or `null` once signed out (or when nobody is signed in at page load). */
  user: SessionUser | null;
  /** The whole `/me` answer (children, classes), or `null`. */
  session: SessionInfo | null;
}

/** Fired when the session is known at load, after sign-in (password chosen if required) and after sign-out. */
export class PreauSessionChangeEvent extends PreauEvent<SessionChangeDetail> {
  static readonly eventName = 'preau-session-change';
  constructor(session: SessionInfo | null) {
    super(PreauSessionChangeEvent.eventName, { user: session?.user ?? null, session });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'preau-session-change': PreauSessionChangeEvent;
  }
}
