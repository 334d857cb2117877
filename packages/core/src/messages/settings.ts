import { z } from 'zod';
import { LocalTimeSchema } from '../iso-dates.js';

/**
 * Who may write to whom, per établissement: the direction edits it; the defaults follow the communication graph
 * of French ENTs — staff and teachers write to everyone of their établissement; a student writes to their
 * teachers, the vie scolaire and the students of their class; a parent writes to their children's teachers, the
 * vie scolaire and the direction. No family ever writes to the whole school (there is no switch for it), and the
 * direction always writes to everyone (so that nobody can lock it out).
 */

/** What a staff member (teacher, vie scolaire, other staff) may reach in their établissement. */
export const staffReachSchema = z.object({
  /** Teachers, vie scolaire, direction and other staff. */
  staff: z.boolean(),
  students: z.boolean(),
  guardians: z.boolean(),
});
export type StaffReach = z.infer<typeof staffReachSchema>;

export const studentReachSchema = z.object({
  /** The teachers of their classes and groups (and their professeur principal). */
  teachers: z.boolean(),
  vieScolaire: z.boolean(),
  /** The other students of their class (and the class as a group). */
  classmates: z.boolean(),
  direction: z.boolean(),
});
export type StudentReach = z.infer<typeof studentReachSchema>;

export const guardianReachSchema = z.object({
  /** The teachers of their children (and each child's class teaching team as a group). */
  teachers: z.boolean(),
  vieScolaire: z.boolean(),
  direction: z.boolean(),
});
export type GuardianReach = z.infer<typeof guardianReachSchema>;

export const messagingRulesSchema = z.object({
  teacher: staffReachSchema,
  vie_scolaire: staffReachSchema,
  staff: staffReachSchema,
  student: studentReachSchema,
  guardian: guardianReachSchema,
});
export type MessagingRules = z.infer<typeof messagingRulesSchema>;

export const messagingSettingsSchema = z.object({
  rules: messagingRulesSchema,
  /** A message read by nobody may be recalled this many minutes after it was delivered (0: never). */
  recallMinutes: z.number().int().min(0).max(1440),
  /** When the daily digest e-mail leaves (Europe/Paris); moved to the end of quiet hours when it falls in them. */
  digestTime: LocalTimeSchema,
  /** Attachments a person may keep in messages they sent, in megabytes. */
  attachmentQuotaMb: z.number().int().min(1).max(2000),
});
export type MessagingSettings = z.infer<typeof messagingSettingsSchema>;

export const DEFAULT_MESSAGING_SETTINGS: MessagingSettings = {
  rules: {
    teacher: { staff: true, students: true, guardians: true },
    vie_scolaire: { staff: true, students: true, guardians: true },
    staff: { staff: true, students: true, guardians: true },
    student: { teachers: true, vieScolaire: true, classmates: true, direction: false },
    guardian: { teachers: true, vieScolaire: true, direction: true },
  },
  recallMinutes: 60,
  digestTime: '17:00',
  attachmentQuotaMb: 100,
};

/**
 * Reads `etablissements.settings.messages`, part by part: anything missing or invalid falls back to its default
 * (a broken setting never opens more than the defaults do).
 */
export function resolveMessagingSettings(raw: unknown): MessagingSettings {
  const d = DEFAULT_MESSAGING_SETTINGS;
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules = (r.rules && typeof r.rules === 'object' ? r.rules : {}) as Record<string, unknown>;
  const part = <T>(schema: z.ZodType<T>, value: unknown, fallback: T): T => {
    const parsed = schema.safeParse(value);
    return parsed.success ? parsed.data : fallback;
  };
  return {
    rules: {
      teacher: part(staffReachSchema, rules.teacher, d.rules.teacher),
      vie_scolaire: part(staffReachSchema, rules.vie_scolaire, d.rules.vie_scolaire),
      staff: part(staffReachSchema, rules.staff, d.rules.staff),
      student: part(studentReachSchema, rules.student, d.rules.student),
      guardian: part(guardianReachSchema, rules.guardian, d.rules.guardian),
    },
    recallMinutes: part(messagingSettingsSchema.shape.recallMinutes, r.recallMinutes, d.recallMinutes),
    digestTime: part(messagingSettingsSchema.shape.digestTime, r.digestTime, d.digestTime),
    attachmentQuotaMb: part(
      messagingSettingsSchema.shape.attachmentQuotaMb,
      r.attachmentQuotaMb,
      d.attachmentQuotaMb,
    ),
  };
}

/** The groups a message may be addressed to (expanded into people when it is delivered). */
export const MESSAGE_GROUP_KINDS = [
  'class_parents',
  'class_students',
  'class_teachers',
  'vie_scolaire',
  'direction',
  'all_parents',
  'all_students',
  'all_staff',
] as const;
export type MessageGroupKind = (typeof MESSAGE_GROUP_KINDS)[number];

/** Groups whose scope is a class (the others are scoped by the établissement's UAI). */
export const CLASS_GROUP_KINDS: readonly MessageGroupKind[] = [
  'class_parents',
  'class_students',
  'class_teachers',
];

/** How a group is named in the picker and in a message's addressees; `{name}` is the class or the établissement. */
export const MESSAGE_GROUP_LABELS: Record<MessageGroupKind, { fr: string; en: string }> = {
  class_parents: { fr: 'Parents d’élèves de {name}', en: 'Parents of {name}' },
  class_students: { fr: 'Élèves de {name}', en: 'Students of {name}' },
  class_teachers: { fr: 'Équipe pédagogique de {name}', en: 'Teachers of {name}' },
  vie_scolaire: { fr: 'Vie scolaire', en: 'Student life office' },
  direction: { fr: 'Direction', en: 'School management' },
  all_parents: { fr: 'Tous les parents d’élèves', en: 'All parents' },
  all_students: { fr: 'Tous les élèves', en: 'All students' },
  all_staff: { fr: 'Tous les personnels', en: 'All staff' },
};

export function messageGroupLabel(kind: MessageGroupKind, name: string, locale: 'fr' | 'en' = 'fr'): string {
  return MESSAGE_GROUP_LABELS[kind][locale].replace('{name}', name);
}

/** A group's address: `class_parents:<classId>`, `vie_scolaire:<UAI>`. */
export function groupAddress(kind: MessageGroupKind, scope: string): string {
  return `${kind}:${scope}`;
}

export function parseGroupAddress(id: string): { kind: MessageGroupKind; scope: string } | null {
  const at = id.indexOf(':');
  if (at <= 0) return null;
  const kind = id.slice(0, at) as MessageGroupKind;
  const scope = id.slice(at + 1);
  if (!MESSAGE_GROUP_KINDS.includes(kind) || !/^[A-Za-z0-9_.-]{1,100}$/.test(scope)) return null;
  return { kind, scope };
}
