/** Kinds of travail à faire, as French cahiers de textes name them. */
export const WORK_TYPES = ['ds', 'dm', 'lecon', 'expose', 'exercices', 'recherche', 'autre'] as const;
export type WorkType = (typeof WORK_TYPES)[number];

/** Labels of the work types, French first; `short` fits a badge on a phone. */
export const WORK_TYPE_LABELS: Record<WorkType, { fr: string; en: string; short: string }> = {
  ds: { fr: 'Devoir surveillé', en: 'Test', short: 'DS' },
  dm: { fr: 'Devoir maison', en: 'Homework assignment', short: 'DM' },
  lecon: { fr: 'Leçon', en: 'Lesson to learn', short: 'Leçon' },
  expose: { fr: 'Exposé', en: 'Presentation', short: 'Exposé' },
  exercices: { fr: 'Exercices', en: 'Exercises', short: 'Exercices' },
  recherche: { fr: 'Recherche', en: 'Research', short: 'Recherche' },
  autre: { fr: 'Autre', en: 'Other', short: 'Autre' },
};

/** Size limits of a cahier de textes entry, shared by the API (validation) and the editor (counters). */
export const LESSON_LIMITS = {
  /** Characters of an entry's or a work item's title. */
  title: 160,
  /** Characters of a séance's content as sent (HTML, before sanitizing). */
  contentHtml: 50_000,
  /** Characters of a work item's instructions as sent (HTML). */
  instructionsHtml: 10_000,
  /** Characters of the author's private note. */
  privateNote: 2_000,
  links: 20,
  linkUrl: 2_000,
  linkLabel: 160,
  /** Work items given in one entry. */
  work: 10,
  /** Files attached to one entry (its work included). */
  attachments: 10,
  /** Estimated minutes of one work item. */
  estimatedMinutes: 600,
  /** Days between the day work is given and the day it is due. */
  dueWithinDays: 366,
  /** Characters of a visa's or an amendment's comment. */
  comment: 500,
} as const;

/** Defaults of the établissement's workload limits (minutes of homework a student should get). */
export const DEFAULT_DAILY_WORKLOAD_MINUTES = 90;
export const DEFAULT_WEEKLY_WORKLOAD_MINUTES = 360;
