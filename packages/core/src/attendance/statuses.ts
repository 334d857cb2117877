/**
 * Attendance vocabulary: what a teacher records for each student at a séance, the state of a roll call,
 * and the motifs (reasons) an établissement accepts. Labels are French first, English second.
 */

export const ATTENDANCE_STATUSES = [
  'present',
  'absent',
  'retard',
  'depart_anticipe',
  'dispense',
  'exclusion',
] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export type Locale = 'fr' | 'en';

export const ATTENDANCE_STATUS_LABELS: Record<AttendanceStatus, Record<Locale, string>> = {
  present: { fr: 'Présent', en: 'Present' },
  absent: { fr: 'Absent', en: 'Absent' },
  retard: { fr: 'Retard', en: 'Late' },
  depart_anticipe: { fr: 'Départ anticipé', en: 'Left early' },
  dispense: { fr: 'Dispensé', en: 'Excused from class' },
  exclusion: { fr: 'Exclusion de cours', en: 'Sent out of class' },
};

/** One-letter codes shown in grids and used as keyboard shortcuts (French initials). */
export const ATTENDANCE_STATUS_CODES: Record<AttendanceStatus, string> = {
  present: 'P',
  absent: 'A',
  retard: 'R',
  depart_anticipe: 'D',
  dispense: 'I',
  exclusion: 'E',
};

/** Cycling order for the Space key and single taps: the most frequent changes come first. */
export const ATTENDANCE_STATUS_CYCLE: readonly AttendanceStatus[] = [
  'present',
  'absent',
  'retard',
  'depart_anticipe',
  'dispense',
  'exclusion',
];

export function nextStatus(status: AttendanceStatus): AttendanceStatus {
  const i = ATTENDANCE_STATUS_CYCLE.indexOf(status);
  return ATTENDANCE_STATUS_CYCLE[(i + 1) % ATTENDANCE_STATUS_CYCLE.length]!;
}

/** Statuses that make the student missing from class (counted in demi-journées). */
export function isAbsence(status: AttendanceStatus): boolean {
  return status === 'absent';
}

/** Statuses the family is told about in real time and may be asked to justify. */
export function isNotifiable(status: AttendanceStatus): boolean {
  return status === 'absent' || status === 'retard' || status === 'depart_anticipe' || status === 'exclusion';
}

export const ROLL_CALL_STATES = ['a_faire', 'en_cours', 'faite'] as const;
export type RollCallState = (typeof ROLL_CALL_STATES)[number];
export const ROLL_CALL_STATE_LABELS: Record<RollCallState, Record<Locale, string>> = {
  a_faire: { fr: 'À faire', en: 'To do' },
  en_cours: { fr: 'En cours', en: 'In progress' },
  faite: { fr: 'Faite', en: 'Done' },
};

/** A roll call is to do until something is recorded, in progress until closed, then done. */
export function rollCallState(recordedCount: number, closed: boolean): RollCallState {
  if (closed) return 'faite';
  return recordedCount > 0 ? 'en_cours' : 'a_faire';
}

/** A reason for an absence or a lateness, chosen per établissement; `justifies` says whether it excuses it. */
export interface Motif {
  code: string;
  label: string;
  labelEn?: string;
  justifies: boolean;
}

/** Default motifs, close to the ones vie scolaire software offers; an établissement may replace them. */
export const DEFAULT_MOTIFS: readonly Motif[] = [
  { code: 'maladie', label: 'Maladie', labelEn: 'Illness', justifies: true },
  {
    code: 'rendez_vous_medical',
    label: 'Rendez-vous médical',
    labelEn: 'Medical appointment',
    justifies: true,
  },
  { code: 'raison_familiale', label: 'Raison familiale', labelEn: 'Family reason', justifies: true },
  { code: 'transport', label: 'Problème de transport', labelEn: 'Transport problem', justifies: true },
  { code: 'convocation', label: 'Convocation officielle', labelEn: 'Official summons', justifies: true },
  {
    code: 'convenance_personnelle',
    label: 'Convenance personnelle',
    labelEn: 'Personal convenience',
    justifies: false,
  },
  { code: 'sans_motif', label: 'Sans motif', labelEn: 'No reason given', justifies: false },
];

export const JUSTIFICATION_STATES = ['en_attente', 'validee', 'refusee'] as const;
export type JustificationState = (typeof JUSTIFICATION_STATES)[number];
export const JUSTIFICATION_STATE_LABELS: Record<JustificationState, Record<Locale, string>> = {
  en_attente: { fr: 'En attente de validation', en: 'Awaiting validation' },
  validee: { fr: 'Validée', en: 'Accepted' },
  refusee: { fr: 'Refusée', en: 'Refused' },
};

/** Default alert threshold: unjustified demi-journées in one calendar month (the national reporting rule). */
export const DEFAULT_ALERT_THRESHOLD = 4;

/** What an établissement sets for attendance, kept in `etablissements.settings.attendance`. */
export interface AttendanceSettings {
  alertThreshold: number;
  /** Local time (Europe/Paris) at which the afternoon starts, "HH:MM". */
  afternoonStartsAt: string;
  motifs: Motif[];
}
