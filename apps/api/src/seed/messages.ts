/**
 * Messaging demo data for the demo collège: the last three months of the school year up to `today` — the
 * direction's announcements to all families, head teachers writing to their class's parents, parents asking a
 * teacher and getting an answer, the CPE about lateness, students about homework, staff meetings — with read
 * receipts that look lived in (older messages mostly read, the last days partly unread). The demo accounts have
 * their own threads, a draft and a message scheduled for the next school morning. Deterministic: every draw comes
 * from the module's generator and every time from `today`.
 */
import {
  addDays,
  classDays,
  DEFAULT_QUIET_HOURS,
  displayName,
  nextAllowedDelivery,
  parisDateTime,
} from '@preau/core';
import { derivedId } from '../ids.js';
import { escapeHtml } from '../messages/sanitize.js';
import type { SeedContext, SeedModule } from './context.js';
import {
  ANNOUNCEMENTS,
  CLASS_LETTERS,
  PARENT_QUESTIONS,
  STUDENT_QUESTIONS,
  STUDENT_REPLIES,
  TEACHER_REPLIES,
  THANKS,
} from './messages-texts.js';
import type { Rng } from './rng.js';
import type { SeededSchool } from './school-types.js';

const WINDOW_DAYS = 90;

type Field = 'to' | 'cc' | 'bcc';
type Target =
  | { kind: 'user'; id: string; field?: Field }
  | { kind: 'group'; group: string; scope: string; members: string[]; field?: Field };

interface Draft {
  from: string;
  to: Target[];
  subject: string;
  text: string;
  at: string;
  noReply?: boolean;
  urgent?: boolean;
  replyTo?: { id: string; threadId: string; at: string };
  state?: 'sent' | 'draft' | 'scheduled';
  /** Probability that a recipient has opened it by `today` (default from its age). */
  readChance?: number;
}

const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
const paragraphs = (text: string) =>
  text
    .split('\n')
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('');

/**
 * A time on a school day: morning or afternoon hours for staff, evenings for families. Whatever is written in the
 * établissement's quiet hours is delivered when they end, as the server would (`MessageBag.add`).
 */
function timeOn(rng: Rng, date: string, who: 'staff' | 'family'): string {
  const hour = who === 'staff' ? rng.int(8, 17) : rng.pick([7, 12, 18, 19, 20]);
  return parisDateTime(date, `${String(hour).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`);
}

/** Some minutes after `at`: an answer never comes before its question. */
const after = (rng: Rng, at: string, min: number, max: number) =>
  new Date(Date.parse(at) + rng.int(min, max) * 60_000).toISOString();

export const messagesSeed: SeedModule = {
  name: 'messages',
  async run(ctx: SeedContext): Promise<void> {
    const school = ctx.demoSchool;
    const rng = ctx.rng;
    const from = addDays(ctx.today, -WINDOW_DAYS);
    const days = classDays(ctx.calendar).filter((d) => d >= from && d < ctx.today);
    if (days.length === 0) return;
    const todayMs = Date.parse(parisDateTime(ctx.today, '00:00'));
    const name = (id: string) => {
      const u = ctx.users.get(id)!;
      return displayName(u);
    };
    const first = (id: string) => ctx.users.get(id)!.firstName;
    const classById = new Map(school.classes.map((c) => [c.id, c]));
    const subjectById = new Map(school.subjects.map((s) => [s.id, s]));
    const classParents = (classId: string) => [
      ...new Set(
        classById
          .get(classId)!
          .studentIds.flatMap((s) => school.students.find((x) => x.id === s)!.guardianIds),
      ),
    ];
    const staff = [
      ...school.teachers.map((t) => t.id),
      ...school.cpeIds,
      school.principalId,
      ...(school.adjointId ? [school.adjointId] : []),
      ...school.staffIds,
    ];
    const group = (kind: string, scope: string, members: string[]): Target => ({
      kind: 'group',
      group: kind,
      scope,
      members,
    });

    const lastEvening = Date.parse(parisDateTime(days.at(-1)!, '19:30'));
    const bag = new MessageBag(school, name, todayMs, lastEvening, rng.fork('reads'));

    // The direction to all families, every three weeks or so; to the staff once a month.
    for (const [i, day] of days.filter((_, k) => k % 14 === 3).entries()) {
      const a = ANNOUNCEMENTS[i % ANNOUNCEMENTS.length]!;
      bag.add({
        from: school.principalId,
        to: [group('all_parents', school.uai, school.guardianIds)],
        subject: a.subject,
        text: a.text,
        noReply: a.noReply,
        at: parisDateTime(day, '10:15'),
      });
    }
    for (const day of days.filter((_, k) => k % 20 === 7)) {
      bag.add({
        from: school.principalId,
        to: [group('all_staff', school.uai, staff)],
        subject: 'Conseil pédagogique',
        text: 'Le conseil pédagogique se réunira mardi à 17 h en salle polyvalente. Ordre du jour : projets de sorties et devoirs faits.',
        at: parisDateTime(day, '12:40'),
      });
    }
    // Head teachers to their class's parents.
    const classes = school.classes.filter((c) => c.kind === 'classe' && c.headTeacherId);
    for (const [i, cls] of classes.entries()) {
      const r = rng.fork(`class/${cls.id}`);
      for (let n = 0; n < 2; n++) {
        const [subject, text] = CLASS_LETTERS[(i + n) % CLASS_LETTERS.length]!;
        bag.add({
          from: cls.headTeacherId!,
          to: [group('class_parents', cls.id, classParents(cls.id))],
          subject: fill(subject, { class: cls.name }),
          text: fill(text, { class: cls.name }),
          at: timeOn(r, r.pick(days), 'staff'),
        });
      }
    }
    // Parents and teachers, students and teachers, the CPE and families: small threads every school day.
    for (const day of days) {
      const r = rng.fork(`day/${day}`);
      for (let n = r.int(2, 5); n > 0; n--) {
        const student = r.pick(school.students);
        const parent = r.pick(student.guardianIds);
        const assignment = r.pick(school.assignments.filter((a) => a.classId === student.classId));
        if (!parent || !assignment) continue;
        const values = {
          child: first(student.id),
          subject: subjectById.get(assignment.subjectId)?.name.toLowerCase() ?? 'cours',
        };
        const [subject, text] = r.pick(PARENT_QUESTIONS);
        const q = bag.add({
          from: parent,
          to: [{ kind: 'user', id: assignment.teacherId }],
          subject: fill(subject, values),
          text: `Bonjour,\n${fill(text, values)}\nCordialement,\n${name(parent)}`,
          at: timeOn(r, day, 'family'),
        });
        const answerDay = days.find((d) => d > day);
        if (!answerDay || r.chance(0.15)) continue;
        const ans = bag.add({
          from: assignment.teacherId,
          to: [{ kind: 'user', id: parent }],
          subject: `RE : ${fill(subject, values)}`,
          text: `Bonjour,\n${fill(r.pick(TEACHER_REPLIES), values)}\nBien cordialement,\n${name(assignment.teacherId)}`,
          at: timeOn(r, answerDay, 'staff'),
          replyTo: q,
        });
        if (r.chance(0.4)) {
          bag.add({
            from: parent,
            to: [{ kind: 'user', id: assignment.teacherId }],
            subject: `RE : ${fill(subject, values)}`,
            text: r.pick(THANKS),
            at: timeOn(r, answerDay, 'family'),
            replyTo: ans,
          });
        }
      }
      if (r.chance(0.5)) {
        const student = r.pick(school.students);
        const teacher = r.pick(school.assignments.filter((a) => a.classId === student.classId))?.teacherId;
        const k = r.int(0, STUDENT_QUESTIONS.length - 1);
        if (teacher) {
          const q = bag.add({
            from: student.id,
            to: [{ kind: 'user', id: teacher }],
            subject: STUDENT_QUESTIONS[k]![0],
            text: STUDENT_QUESTIONS[k]![1],
            at: timeOn(r, day, 'family'),
          });
          bag.add({
            from: teacher,
            to: [{ kind: 'user', id: student.id }],
            subject: `RE : ${STUDENT_QUESTIONS[k]![0]}`,
            text: STUDENT_REPLIES[k]!,
            at: after(r, q.at, 30, 600),
            replyTo: q,
          });
        }
      }
      if (r.chance(0.3) && school.cpeIds.length) {
        const student = r.pick(school.students);
        const cpe = school.cpeIds[0]!;
        const q = bag.add({
          from: cpe,
          to: student.guardianIds.map((id) => ({ kind: 'user' as const, id })),
          subject: `Retards de ${first(student.id)}`,
          text: `Bonjour,\n${first(student.id)} est arrivé(e) en retard plusieurs fois cette semaine. Merci de veiller à la ponctualité.\n${name(cpe)}, CPE`,
          at: timeOn(r, day, 'staff'),
        });
        if (student.guardianIds[0] && r.chance(0.6)) {
          bag.add({
            from: student.guardianIds[0],
            to: [{ kind: 'user', id: cpe }],
            subject: `RE : Retards de ${first(student.id)}`,
            text: 'Merci de nous avoir prévenus, nous allons y veiller. Le bus a souvent du retard le matin.',
            at: after(r, q.at, 60, 480),
            replyTo: q,
          });
        }
      }
    }
    demoThreads(ctx, bag, days, group, classParents);
    await bag.insert(ctx);
    // The demo parent hears of new messages in a daily digest (written to the outbox folder without SMTP).
    await ctx.insert(
      'message_preferences',
      ['user_id', 'email', 'notify', 'updated_at'],
      [[ctx.demo.guardianId, 'parent.demo@famille.example', 'digest', parisDateTime(days.at(-1)!, '18:00')]],
    );
  },
};

/** The demo accounts' own story: a thread with the teacher, one with the CPE, a class letter, a draft, a deferred send. */
function demoThreads(
  ctx: SeedContext,
  bag: MessageBag,
  days: string[],
  group: (kind: string, scope: string, members: string[]) => Target,
  classParents: (classId: string) => string[],
): void {
  const { demo } = ctx;
  const d = (back: number) => days[Math.max(0, days.length - back)]!;
  const cls = ctx.demoSchool.classes.find((c) => c.id === demo.classId)!;
  const child = ctx.users.get(demo.studentId)!.firstName;
  const q = bag.add({
    from: demo.guardianId,
    to: [{ kind: 'user', id: demo.teacherId }],
    subject: 'Orientation en fin de 4e',
    text: `Bonjour,\nNous aimerions faire le point sur l’orientation de ${child}. Seriez-vous disponible un soir de la semaine prochaine ?\nCordialement`,
    at: parisDateTime(d(12), '19:05'),
    readChance: 1,
  });
  const a = bag.add({
    from: demo.teacherId,
    to: [{ kind: 'user', id: demo.guardianId }],
    subject: 'RE : Orientation en fin de 4e',
    text: `Bonjour,\nVolontiers : je vous propose jeudi à 17 h 30, salle B12. ${child} peut venir aussi.\nBien cordialement`,
    at: parisDateTime(d(11), '12:20'),
    replyTo: q,
    readChance: 1,
  });
  bag.add({
    from: demo.guardianId,
    to: [{ kind: 'user', id: demo.teacherId }],
    subject: 'RE : Orientation en fin de 4e',
    text: 'Parfait, nous serons là jeudi. Merci !',
    at: parisDateTime(d(11), '18:40'),
    replyTo: a,
    readChance: 1,
  });
  const absence = bag.add({
    from: demo.guardianId,
    to: [{ kind: 'user', id: demo.cpeId }],
    subject: `Absence de ${child} lundi`,
    text: `Bonjour,\n${child} avait rendez-vous chez l’orthodontiste lundi matin. Le justificatif est déposé dans l’ENT.\nCordialement`,
    at: parisDateTime(d(3), '07:40'),
    readChance: 1,
  });
  bag.add({
    from: demo.cpeId,
    to: [{ kind: 'user', id: demo.guardianId }],
    subject: `RE : Absence de ${child} lundi`,
    text: 'Bonjour,\nMerci, le justificatif est bien reçu ; l’absence est régularisée.\nBonne journée',
    at: parisDateTime(d(2), '09:10'),
    replyTo: absence,
    readChance: 0,
  });
  bag.add({
    from: demo.teacherId,
    to: [group('class_parents', cls.id, classParents(cls.id))],
    subject: `Voyage en Espagne de la ${cls.name}`,
    text: 'Bonjour,\nLe voyage aura lieu au printemps. Une réunion d’information est prévue ; le programme détaillé suivra.\nBien cordialement',
    at: parisDateTime(d(1), '16:45'),
    readChance: 0.3,
  });
  bag.add({
    from: demo.teacherId,
    to: [group('class_students', cls.id, cls.studentIds)],
    subject: 'DM pour lundi',
    text: 'Le DM de mathématiques est à rendre lundi. Pensez à justifier chaque étape.',
    at: parisDateTime(d(1), '17:05'),
    readChance: 0.4,
  });
  bag.add({
    from: demo.teacherId,
    to: [group('class_parents', cls.id, [])],
    subject: 'Sortie au musée — autorisation',
    text: 'Bonjour,\nLa classe se rendra au musée des Beaux-Arts. Merci de',
    at: parisDateTime(d(1), '21:30'),
    state: 'draft',
  });
  const next = classDays(ctx.calendar).find((day) => day > ctx.today) ?? addDays(ctx.today, 1);
  bag.add({
    from: demo.teacherId,
    to: [group('class_parents', cls.id, [])],
    subject: 'Rappel : réunion d’information',
    text: 'Bonjour,\nJe vous rappelle la réunion d’information sur le voyage, jeudi à 18 h en salle polyvalente.',
    at: parisDateTime(next, '07:00'),
    state: 'scheduled',
  });
}

/** Messages built in memory, then inserted with a few bulk statements. */
class MessageBag {
  private readonly messages: unknown[][] = [];
  private readonly addressees: unknown[][] = [];
  private readonly entries: unknown[][] = [];
  private n = 0;

  constructor(
    private readonly school: SeededSchool,
    private readonly name: (id: string) => string,
    private readonly todayMs: number,
    /** The last school day's evening before quiet hours: what would only be delivered today goes there. */
    private readonly lastEveningMs: number,
    private readonly rng: Rng,
  ) {}

  /** Adds a message; returns when it was delivered (what a reply comes after). */
  add(m: Draft): { id: string; threadId: string; at: string } {
    // The same seed gives the same ids (demo data only: anyone can derive them from the label).
    const label = `demo:${this.school.uai}:${++this.n}`;
    const id = derivedId('msg', label);
    const threadId = m.replyTo?.threadId ?? derivedId('thr', label);
    const state = m.state ?? 'sent';
    const at = new Date(state === 'sent' ? this.deliveredAt(m) : Date.parse(m.at));
    const members = new Map<string, Field>();
    for (const [i, t] of m.to.entries()) {
      const field = t.field ?? 'to';
      this.addressees.push([
        id,
        i + 1,
        field,
        t.kind === 'user' ? t.id : null,
        t.kind === 'group' ? t.group : null,
        t.kind === 'group' ? t.scope : null,
        t.kind === 'group' && state === 'sent' ? t.members.filter((u) => u !== m.from).length : null,
      ]);
      for (const u of t.kind === 'user' ? [t.id] : t.members)
        if (u !== m.from && !members.has(u)) members.set(u, field);
    }
    const delivered = state === 'sent';
    this.messages.push([
      id,
      this.school.uai,
      threadId,
      m.replyTo?.id ?? null,
      m.from,
      this.name(m.from),
      m.subject,
      paragraphs(m.text),
      m.text,
      state,
      m.noReply ?? false,
      m.urgent ?? false,
      state === 'scheduled' ? at : null,
      delivered ? at : null,
      delivered ? members.size : 0,
      at,
      at,
    ]);
    const box = state === 'draft' ? 'draft' : state === 'scheduled' ? 'scheduled' : 'sent';
    this.entries.push([m.from, id, threadId, box, 'sender', at, at, at]);
    if (!delivered) return { id, threadId, at: at.toISOString() };
    const ageDays = (this.todayMs - at.getTime()) / 86_400_000;
    const chance = m.readChance ?? (ageDays > 3 ? 0.85 : ageDays > 1 ? 0.6 : 0.35);
    for (const [user, field] of members) {
      const read = this.rng.chance(chance);
      const readAt = read
        ? new Date(
            Math.max(at.getTime(), Math.min(at.getTime() + this.rng.int(5, 600) * 60_000, this.todayMs - 1)),
          )
        : null;
      this.entries.push([user, id, threadId, 'inbox', field, at, readAt, readAt]);
    }
    return { id, threadId, at: at.toISOString() };
  }

  /**
   * When a sent message reached its recipients: after the message it answers, out of the quiet hours (as the
   * server delivers), and before today (what would only arrive today is put on the last school evening).
   */
  private deliveredAt(m: Draft): number {
    let at = Date.parse(m.at);
    if (m.replyTo) at = Math.max(at, Date.parse(m.replyTo.at) + 5 * 60_000);
    if (!m.urgent) at = nextAllowedDelivery(new Date(at), DEFAULT_QUIET_HOURS).getTime();
    if (at < this.todayMs) return at;
    return Math.max(this.lastEveningMs, m.replyTo ? Date.parse(m.replyTo.at) + 60_000 : 0);
  }

  async insert(ctx: SeedContext): Promise<void> {
    await ctx.insert(
      'messages',
      [
        'id',
        'uai',
        'thread_id',
        'parent_id',
        'sender_id',
        'sender_name',
        'subject',
        'body_html',
        'body_text',
        'state',
        'no_reply',
        'urgent',
        'send_at',
        'sent_at',
        'recipient_count',
        'created_at',
        'updated_at',
      ],
      this.messages,
    );
    await ctx.insert(
      'message_addressees',
      ['message_id', 'position', 'field', 'user_id', 'group_kind', 'group_scope', 'member_count'],
      this.addressees,
    );
    await ctx.insert(
      'mailbox_entries',
      ['user_id', 'message_id', 'thread_id', 'box', 'role', 'at', 'read_at', 'seen_at'],
      this.entries,
    );
  }
}
