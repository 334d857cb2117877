/**
 * Who may write to whom: the people and groups a sender reaches under the rule set of each établissement
 * concerned (`@preau/core` messaging settings). One SQL fragment, `reach(id, uai)`, says which people a sender
 * reaches and through which établissement; the recipient picker searches it, and every save and send checks the
 * addressees against it (an address outside it is the same 404 as one that does not exist).
 */
import {
  type GroupOption,
  groupAddress,
  type MessageAddress,
  type MessageGroupKind,
  type MessagingSettings,
  messageGroupLabel,
  parseGroupAddress,
  type RecipientOption,
  resolveMessagingSettings,
  searchKey,
} from '@preau/core';
import type { Db } from '../db/types.js';
import { invalid, notFound } from '../http/problem.js';
import type { Viewer } from '../policies/index.js';

/** The sender and the rules of the établissements they write in (their own; a parent's: their children's). */
export interface SenderScope {
  viewer: Viewer;
  settings: Map<string, MessagingSettings>;
}

export const STAFF_PROFILES = ['teacher', 'vie_scolaire', 'direction', 'staff'] as const;

export async function messagingSettingsOf(
  db: Db,
  uais: readonly string[],
): Promise<Map<string, MessagingSettings>> {
  const rows = await db.query<{ uai: string; raw: unknown }>(
    `SELECT uai, settings->'messages' AS raw FROM etablissements WHERE uai = ANY($1::text[])`,
    [uais],
  );
  return new Map(rows.map((r) => [r.uai, resolveMessagingSettings(r.raw)]));
}

export async function senderScope(db: Db, viewer: Viewer): Promise<SenderScope> {
  let uais = viewer.uai ? [viewer.uai] : [];
  if (viewer.profile === 'guardian') {
    const rows = await db.query<{ uai: string }>(
      `SELECT DISTINCT s.uai FROM guardianships g JOIN users s ON s.id = g.student_id WHERE g.guardian_id = $1`,
      [viewer.id],
    );
    uais = rows.map((r) => r.uai);
  }
  return { viewer, settings: await messagingSettingsOf(db, uais) };
}

/** The SELECT of `(id, uai)` pairs the sender reaches, with its parameters ($1…$n). */
export function reachQuery(scope: SenderScope): { sql: string; params: unknown[] } {
  const { viewer } = scope;
  const uai = viewer.uai ?? '';
  const rules = scope.settings.get(uai)?.rules;
  switch (viewer.profile) {
    case 'teacher':
    case 'vie_scolaire':
    case 'staff':
    case 'direction': {
      const r =
        viewer.profile === 'direction'
          ? { staff: true, students: true, guardians: true }
          : (rules?.[viewer.profile] ?? { staff: false, students: false, guardians: false });
      return {
        sql: `SELECT u.id, u.uai FROM users u
               WHERE u.uai = $1 AND (($2 AND u.profile IN ('teacher', 'vie_scolaire', 'direction', 'staff'))
                                     OR ($3 AND u.profile = 'student'))
              UNION
              SELECT g.guardian_id, s.uai FROM guardianships g JOIN users s ON s.id = g.student_id
               WHERE $4 AND s.uai = $1`,
        params: [uai, r.staff, r.students, r.guardians],
      };
    }
    case 'student': {
      const r = rules?.student ?? {
        teachers: false,
        vieScolaire: false,
        classmates: false,
        direction: false,
      };
      return {
        sql: `SELECT t.teacher_id AS id, c.uai FROM enrolments e
                JOIN classes c ON c.id = e.class_id JOIN teaching_assignments t ON t.class_id = e.class_id
               WHERE $3 AND e.student_id = $1
              UNION
              SELECT c.head_teacher_id, c.uai FROM enrolments e JOIN classes c ON c.id = e.class_id
               WHERE $3 AND e.student_id = $1 AND c.head_teacher_id IS NOT NULL
              UNION
              SELECT u.id, u.uai FROM users u
               WHERE u.uai = $2 AND (($4 AND u.profile = 'vie_scolaire') OR ($6 AND u.profile = 'direction'))
              UNION
              SELECT e2.student_id, c.uai FROM enrolments e
                JOIN classes c ON c.id = e.class_id AND c.kind = 'classe'
                JOIN enrolments e2 ON e2.class_id = c.id
               WHERE $5 AND e.student_id = $1`,
        params: [viewer.id, uai, r.teachers, r.vieScolaire, r.classmates, r.direction],
      };
    }
    case 'guardian': {
      const byUai = Object.fromEntries([...scope.settings].map(([u, s]) => [u, s.rules.guardian]));
      return {
        sql: `WITH kids AS (
                SELECT s.id, s.uai FROM guardianships g JOIN users s ON s.id = g.student_id WHERE g.guardian_id = $1
              ), rules AS (
                SELECT key AS uai, (value->>'teachers')::boolean AS teachers,
                       (value->>'vieScolaire')::boolean AS vs, (value->>'direction')::boolean AS dir
                  FROM jsonb_each($2::text::jsonb)
              )
              SELECT t.teacher_id AS id, k.uai FROM kids k JOIN rules r ON r.uai = k.uai AND r.teachers
                JOIN enrolments e ON e.student_id = k.id JOIN teaching_assignments t ON t.class_id = e.class_id
              UNION
              SELECT c.head_teacher_id, k.uai FROM kids k JOIN rules r ON r.uai = k.uai AND r.teachers
                JOIN enrolments e ON e.student_id = k.id JOIN classes c ON c.id = e.class_id
               WHERE c.head_teacher_id IS NOT NULL
              UNION
              SELECT u.id, u.uai FROM rules r JOIN users u ON u.uai = r.uai
               WHERE (r.vs AND u.profile = 'vie_scolaire') OR (r.dir AND u.profile = 'direction')`,
        params: [viewer.id, JSON.stringify(byUai)],
      };
    }
    default:
      return { sql: 'SELECT NULL::text AS id, NULL::text AS uai WHERE false', params: [] };
  }
}

const likePattern = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** People the sender may write to whose name contains every word typed (accents and case ignored). */
export async function searchPeople(
  db: Db,
  scope: SenderScope,
  q: string,
  limit: number,
): Promise<RecipientOption[]> {
  const { sql, params } = reachQuery(scope);
  const words = q.split(/\s+/).filter(Boolean).map(likePattern);
  const n = params.length;
  const rows = await db.query<{ id: string }>(
    `WITH reach AS (${sql})
     SELECT u.id FROM users u
      WHERE u.id IN (SELECT id FROM reach) AND u.id <> $${n + 1} AND u.disabled_at IS NULL
        AND preau_fold(u.first_name || ' ' || u.last_name) LIKE ALL (
              SELECT preau_fold(w) FROM unnest($${n + 2}::text[]) AS w)
      ORDER BY preau_fold(u.last_name), preau_fold(u.first_name), u.id
      LIMIT $${n + 3}`,
    [...params, scope.viewer.id, words, limit],
  );
  return describePeople(
    db,
    rows.map((r) => r.id),
  );
}

interface PersonFacts {
  id: string;
  first_name: string;
  last_name: string;
  profile: RecipientOption['profile'];
  functions: string[];
  subjects: string | null;
  class_name: string | null;
  children: string | null;
}

/** Names and a line of context ("Mathématiques", "Élève de 4e A", "Parent de Camille (4e A)") for people. */
export async function describePeople(db: Db, ids: readonly string[]): Promise<RecipientOption[]> {
  if (ids.length === 0) return [];
  const rows = await db.query<PersonFacts>(
    `SELECT u.id, u.first_name, u.last_name, u.profile, u.functions,
            (SELECT string_agg(DISTINCT sub.name, ', ') FROM teaching_assignments t
               JOIN subjects sub ON sub.id = t.subject_id WHERE t.teacher_id = u.id) AS subjects,
            (SELECT string_agg(c.name, ', ' ORDER BY c.name) FROM enrolments e
               JOIN classes c ON c.id = e.class_id AND c.kind = 'classe' WHERE e.student_id = u.id) AS class_name,
            (SELECT string_agg(s.first_name || coalesce(' (' || (
                      SELECT min(c.name) FROM enrolments e JOIN classes c ON c.id = e.class_id AND c.kind = 'classe'
                       WHERE e.student_id = s.id) || ')', ''), ', ' ORDER BY s.first_name)
               FROM guardianships g JOIN users s ON s.id = g.student_id WHERE g.guardian_id = u.id) AS children
       FROM users u WHERE u.id = ANY($1::text[])`,
    [ids],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [
      {
        kind: 'user' as const,
        id: r.id,
        name: `${r.first_name} ${r.last_name.toLocaleUpperCase('fr-FR')}`,
        profile: r.profile,
        detail: personDetail(r),
      },
    ];
  });
}

function personDetail(r: PersonFacts): string {
  switch (r.profile) {
    case 'teacher':
      return [r.functions.includes('professeur_principal') ? 'Professeur principal' : null, r.subjects]
        .filter(Boolean)
        .join(' — ');
    case 'student':
      return r.class_name ? `Élève de ${r.class_name}` : 'Élève';
    case 'guardian':
      return r.children ? `Parent de ${r.children}` : 'Parent';
    case 'vie_scolaire':
      return r.functions.includes('cpe') ? 'CPE' : 'Vie scolaire';
    case 'direction':
      return r.functions.includes('principal')
        ? 'Principal'
        : r.functions.includes('adjoint')
          ? 'Principal adjoint'
          : 'Direction';
    default:
      return 'Personnel';
  }
}

interface ClassRow {
  id: string;
  name: string;
  uai: string;
  students: number;
  parents: number;
  teachers: number;
}

/** The groups the sender may address, with their sizes; `q` filters their labels. */
export async function addressableGroups(db: Db, scope: SenderScope, q = ''): Promise<GroupOption[]> {
  const { viewer } = scope;
  const groups: GroupOption[] = [];
  const add = (kind: MessageGroupKind, scopeId: string, name: string, memberCount: number) => {
    if (memberCount > 0)
      groups.push({
        kind: 'group',
        id: groupAddress(kind, scopeId),
        group: kind,
        label: messageGroupLabel(kind, name),
        memberCount,
      });
  };
  const school = viewer.uai ?? '';
  if (viewer.profile === 'guardian') {
    const classes = await classesOf(
      db,
      `SELECT e.class_id FROM guardianships g JOIN enrolments e ON e.student_id = g.student_id
        JOIN classes c ON c.id = e.class_id AND c.kind = 'classe' WHERE g.guardian_id = $1`,
      [viewer.id],
    );
    for (const c of classes) {
      if (scope.settings.get(c.uai)?.rules.guardian.teachers) add('class_teachers', c.id, c.name, c.teachers);
    }
    for (const [uai, s] of scope.settings) {
      const counts = await schoolCounts(db, uai);
      if (s.rules.guardian.vieScolaire) add('vie_scolaire', uai, '', counts.vie_scolaire);
      if (s.rules.guardian.direction) add('direction', uai, '', counts.direction);
    }
  } else if (viewer.profile === 'student') {
    const r = scope.settings.get(school)?.rules.student;
    const classes = await classesOf(
      db,
      `SELECT e.class_id FROM enrolments e JOIN classes c ON c.id = e.class_id AND c.kind = 'classe'
        WHERE e.student_id = $1`,
      [viewer.id],
    );
    for (const c of classes) {
      if (r?.classmates) add('class_students', c.id, c.name, c.students);
      if (r?.teachers) add('class_teachers', c.id, c.name, c.teachers);
    }
    const counts = await schoolCounts(db, school);
    if (r?.vieScolaire) add('vie_scolaire', school, '', counts.vie_scolaire);
    if (r?.direction) add('direction', school, '', counts.direction);
  } else if ((STAFF_PROFILES as readonly string[]).includes(viewer.profile)) {
    const r =
      viewer.profile === 'direction'
        ? { staff: true, students: true, guardians: true }
        : scope.settings.get(school)?.rules[viewer.profile as 'teacher' | 'vie_scolaire' | 'staff'];
    const classes =
      viewer.profile === 'teacher'
        ? await classesOf(
            db,
            `SELECT class_id FROM teaching_assignments WHERE teacher_id = $1
             UNION SELECT id FROM classes WHERE head_teacher_id = $1`,
            [viewer.id],
          )
        : await classesOf(
            db,
            `SELECT id FROM classes WHERE uai = $1
                AND school_year = (SELECT max(school_year) FROM classes WHERE uai = $1)`,
            [school],
          );
    for (const c of classes) {
      if (r?.guardians) add('class_parents', c.id, c.name, c.parents);
      if (r?.students) add('class_students', c.id, c.name, c.students);
      if (r?.staff) add('class_teachers', c.id, c.name, c.teachers);
    }
    const counts = await schoolCounts(db, school);
    if (r?.staff) {
      add('vie_scolaire', school, '', counts.vie_scolaire);
      add('direction', school, '', counts.direction);
      add('all_staff', school, '', counts.staff);
    }
    // Whole-school broadcasts to families are the direction's and the vie scolaire's, not a teacher's.
    if (viewer.profile !== 'teacher') {
      if (r?.students) add('all_students', school, '', counts.students);
      if (r?.guardians) add('all_parents', school, '', counts.parents);
    }
  }
  const words = searchKey(q).split(' ').filter(Boolean);
  return groups.filter((g) => words.every((w) => searchKey(g.label).includes(w)));
}

async function classesOf(db: Db, idsSql: string, params: unknown[]): Promise<ClassRow[]> {
  return db.query<ClassRow>(
    `SELECT c.id, c.name, c.uai,
            (SELECT count(*)::int FROM enrolments e WHERE e.class_id = c.id) AS students,
            (SELECT count(DISTINCT g.guardian_id)::int FROM enrolments e
               JOIN guardianships g ON g.student_id = e.student_id WHERE e.class_id = c.id) AS parents,
            (SELECT count(*)::int FROM (SELECT t.teacher_id FROM teaching_assignments t WHERE t.class_id = c.id
                                        UNION SELECT c.head_teacher_id WHERE c.head_teacher_id IS NOT NULL) x) AS teachers
       FROM classes c WHERE c.id IN (${idsSql})
      ORDER BY c.kind, c.name`,
    params,
  );
}

async function schoolCounts(db: Db, uai: string) {
  const [row] = await db.query<{
    vie_scolaire: number;
    direction: number;
    staff: number;
    students: number;
    parents: number;
  }>(
    `SELECT count(*) FILTER (WHERE profile = 'vie_scolaire')::int AS vie_scolaire,
            count(*) FILTER (WHERE profile = 'direction')::int AS direction,
            count(*) FILTER (WHERE profile IN ('teacher', 'vie_scolaire', 'direction', 'staff'))::int AS staff,
            count(*) FILTER (WHERE profile = 'student')::int AS students,
            (SELECT count(DISTINCT g.guardian_id)::int FROM guardianships g JOIN users s ON s.id = g.student_id
              WHERE s.uai = $1) AS parents
       FROM users WHERE uai = $1 AND disabled_at IS NULL`,
    [uai],
  );
  return row!;
}

/** An addressee checked against the sender's reach, with the établissement it was reached through. */
export interface CheckedAddress {
  field: 'to' | 'cc' | 'bcc';
  kind: 'user' | 'group';
  userId: string | null;
  group: { kind: MessageGroupKind; scope: string } | null;
  uai: string;
}

/**
 * Checks every addressee: a person the sender reaches (or one of `alsoAllowed`: the sender of the message being
 * answered), or a group they may address. Anything else is the same 404 as an unknown id. Duplicates are dropped
 * (the first field wins: to, then cc, then bcc).
 */
export async function checkAddresses(
  db: Db,
  scope: SenderScope,
  fields: { to: MessageAddress[]; cc: MessageAddress[]; bcc: MessageAddress[] },
  alsoAllowed: ReadonlyMap<string, string> = new Map(),
): Promise<CheckedAddress[]> {
  const all = (['to', 'cc', 'bcc'] as const).flatMap((field) =>
    fields[field].map((a, i) => ({ field, index: i, ...a })),
  );
  const userIds = [...new Set(all.filter((a) => a.kind === 'user').map((a) => a.id))];
  const self = all.find((a) => a.kind === 'user' && a.id === scope.viewer.id);
  if (self) {
    throw invalid([
      { field: `body.${self.field}.${self.index}`, message: 'Vous ne pouvez pas vous écrire à vous-même.' },
    ]);
  }
  const reached = new Map<string, string>(alsoAllowed);
  if (userIds.length) {
    const { sql, params } = reachQuery(scope);
    const rows = await db.query<{ id: string; uai: string }>(
      `WITH reach AS (${sql})
       SELECT r.id, min(r.uai) AS uai FROM reach r JOIN users u ON u.id = r.id AND u.disabled_at IS NULL
        WHERE r.id = ANY($${params.length + 1}::text[]) GROUP BY r.id`,
      [...params, userIds],
    );
    for (const r of rows) reached.set(r.id, r.uai);
  }
  const groups = all.some((a) => a.kind === 'group')
    ? new Map((await addressableGroups(db, scope)).map((g) => [g.id, g]))
    : new Map<string, GroupOption>();
  const seen = new Set<string>();
  const out: CheckedAddress[] = [];
  for (const a of all) {
    const key = `${a.kind}:${a.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (a.kind === 'user') {
      const uai = reached.get(a.id);
      if (!uai) throw notFound();
      out.push({ field: a.field, kind: 'user', userId: a.id, group: null, uai });
    } else {
      const parsed = parseGroupAddress(a.id);
      if (!parsed || !groups.has(a.id)) throw notFound();
      out.push({
        field: a.field,
        kind: 'group',
        userId: null,
        group: parsed,
        uai: await groupUai(db, parsed),
      });
    }
  }
  return out;
}

async function groupUai(db: Db, group: { kind: MessageGroupKind; scope: string }): Promise<string> {
  if (!group.kind.startsWith('class_')) return group.scope;
  const [row] = await db.query<{ uai: string }>('SELECT uai FROM classes WHERE id = $1', [group.scope]);
  return row?.uai ?? '';
}
