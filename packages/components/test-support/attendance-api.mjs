// Test-only attendance routes for <preau-attendance>'s connected mode (`/__attendance/<ns>/api/v1/…`), following
// the API's contract: the day's séances (`GET attendance/seances?date=`), a séance's roll call, the week grid, the
// justification queue and its decisions, a family's view of a child (`GET attendance/students/eleve-lea`). Each
// test uses its own namespace; `GET …/decisions` and `GET …/saves` show what reached the server.
// The live stream answers 404 except in namespaces whose name starts with `live-`: there it waits until
// `POST …/control/open-stream` (the lateness recorded meanwhile comes with the next read), and
// `POST …/control/emit` records an absence and tells the open streams.
import { emitNotice, openLiveStream } from './live-stream.mjs';

const namespaces = new Map();

const students = [
  { id: 'e1', firstName: 'Léa', lastName: 'Bernard' },
  { id: 'e2', firstName: 'Nathan', lastName: 'Dubois' },
  { id: 'e3', firstName: 'Inès', lastName: 'Moreau' },
];

/** Monday 12 January 2026: maths 08:00–09:00 (done), French 10:00–11:00, history 14:00–15:00 (Paris). */
function seances(date) {
  const at = (h) => `${date}T${String(h - 1).padStart(2, '0')}:00:00.000Z`;
  return [
    {
      id: `${date}-maths`,
      start: at(8),
      end: at(9),
      label: '4e B · Mathématiques',
      classId: 'c-4b',
      subject: 'Mathématiques',
      rollCall: 'done',
    },
    {
      id: `${date}-francais`,
      start: at(10),
      end: at(11),
      label: '4e B · Français',
      classId: 'c-4b',
      subject: 'Français',
      rollCall: 'todo',
    },
    {
      id: `${date}-histoire`,
      start: at(14),
      end: at(15),
      label: '4e B · Histoire-géographie',
      classId: 'c-4b',
      subject: 'Histoire-géographie',
      rollCall: 'todo',
    },
  ];
}

function rollCall(s, id) {
  const [date, subjectKey] = [id.slice(0, 10), id.slice(11)];
  const item = seances(date).find((x) => x.id === id);
  if (!item) return null;
  return {
    seance: {
      id,
      classId: 'c-4b',
      className: '4e B',
      uai: '0510001A',
      subject: item.subject,
      teacherId: 'prof',
      teacherName: 'Claire DUBOIS',
      startsAt: item.start,
      endsAt: item.end,
      room: subjectKey === 'maths' ? 'B12' : null,
    },
    state: s.saves.some((x) => x.id === id) ? 'en_cours' : 'a_faire',
    closedAt: null,
    students,
    entries: s.entries.filter((e) => e.seanceId === id),
  };
}

function week(weekStart) {
  const days = [0, 1, 2, 3, 4].map((i) => {
    const d = new Date(`${weekStart}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + i);
    return d.toISOString().slice(0, 10);
  });
  return {
    weekStart,
    days,
    slots: ['08:00', '09:00', '10:00', '11:00', '13:00', '14:00', '15:00', '16:00'],
    students: students.map((x) => ({
      id: x.id,
      name: `${x.firstName} ${x.lastName.toUpperCase()}`,
      className: '4e B',
    })),
    cells: [
      [0, 0, 0, 'absent', null, 0, 'w1'],
      [0, 0, 1, 'absent', null, 0, 'w2'],
      [1, 2, 4, 'retard', 10, 0, 'w3'],
    ],
  };
}

function queue() {
  const item = (id, studentIndex, entryIds, comment) => ({
    id,
    studentId: students[studentIndex].id,
    studentName: `${students[studentIndex].firstName} ${students[studentIndex].lastName.toUpperCase()}`,
    className: '4e B',
    state: 'en_attente',
    motif: 'maladie',
    motifLabel: 'Maladie',
    comment,
    fileId: null,
    fileMediaType: null,
    submittedAt: '2026-01-13T06:45:00.000Z',
    submittedBy: 'parent',
    entryIds,
    regularisee: false,
    decidedAt: null,
    decisionComment: null,
  });
  return [
    item('j1', 0, ['w1', 'w2'], 'Gastro-entérite.'),
    item('j2', 1, ['w3'], 'Car en panne.'),
    item('j3', 2, [], 'Rendez-vous.'),
  ];
}

/** A family's view of Léa MARTIN: two events to justify, one justified. */
function childEntry(id, startsAt, subject, status, lateMinutes, justificationState) {
  return {
    id,
    studentId: 'eleve-lea',
    status,
    lateMinutes,
    note: null,
    erroneous: false,
    version: 1,
    recordedAt: startsAt,
    seanceId: `s-${id}`,
    subject,
    startsAt,
    endsAt: new Date(Date.parse(startsAt) + 3_600_000).toISOString(),
    justificationId: justificationState ? `j-${id}` : null,
    justificationState,
    regularisee: justificationState === 'validee',
  };
}

function childEntries() {
  return [
    childEntry('a5', '2026-01-12T13:00:00.000Z', 'Anglais', 'absent', null, null),
    childEntry('a4', '2026-01-09T07:00:00.000Z', 'Français', 'retard', 12, null),
    childEntry('a2', '2026-01-08T07:00:00.000Z', 'Mathématiques', 'absent', null, 'validee'),
  ];
}

function childView(s) {
  const unjustified = s.child.filter((e) => e.justificationState === null);
  return {
    student: { id: 'eleve-lea', firstName: 'Léa', lastName: 'Martin', className: '4e B' },
    from: '2026-01-01',
    to: '2026-01-31',
    entries: [...s.child].sort((a, b) => (a.startsAt < b.startsAt ? 1 : -1)),
    justifications: [],
    motifs: [
      { code: 'maladie', label: 'Maladie', labelEn: 'Illness', justifies: true },
      {
        code: 'rendez_vous_medical',
        label: 'Rendez-vous médical',
        labelEn: 'Medical appointment',
        justifies: true,
      },
      { code: 'raison_familiale', label: 'Raison familiale', labelEn: 'Family reason', justifies: true },
    ],
    tally: {
      studentId: 'eleve-lea',
      absentHalfDays: s.child.filter((e) => e.status === 'absent').length,
      unjustifiedHalfDays: unjustified.filter((e) => e.status === 'absent').length,
      absences: s.child.filter((e) => e.status === 'absent').length,
      lateCount: s.child.filter((e) => e.status === 'retard').length,
      lateMinutes: s.child.reduce((n, e) => n + (e.lateMinutes ?? 0), 0),
      unjustifiedLateCount: unjustified.filter((e) => e.status === 'retard').length,
      earlyDepartures: 0,
      exclusions: 0,
      months: [],
      alert: false,
    },
    alertThreshold: 4,
  };
}

function state(ns) {
  let s = namespaces.get(ns);
  if (!s) {
    s = {
      saves: [],
      entries: [],
      decisions: [],
      child: childEntries(),
      reads: 0,
      streams: new Set(),
      seq: 0,
    };
    namespaces.set(ns, s);
  }
  return s;
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

function send(ctx, status, body, type = 'application/json') {
  ctx.status = status;
  ctx.type = type;
  ctx.body = JSON.stringify(body);
}

const notFound = (ctx) =>
  send(
    ctx,
    404,
    { type: 'about:blank', title: 'Ressource introuvable', status: 404 },
    'application/problem+json',
  );

export async function attendanceApiMiddleware(ctx, next) {
  const match = /^\/__attendance\/([\w-]+)\/api\/v1\/(.*)$/.exec(ctx.path);
  if (!match) return next();
  const [, ns, route] = match;
  const s = state(ns);
  const method = ctx.method;
  if (route === 'me') return send(ctx, 200, { user: null, csrfToken: `csrf-${ns}` });
  if (route === 'saves') return send(ctx, 200, s.saves);
  if (route === 'fail-next') {
    s.failNext = true;
    return send(ctx, 200, { ok: true });
  }
  if (route === 'decisions') return send(ctx, 200, s.decisions);
  if (route === 'attendance/stream') {
    if (!ns.startsWith('live-')) return notFound(ctx);
    if (!s.streamOpened) await new Promise((resolve) => (s.openStream = resolve));
    return openLiveStream(ctx, s.streams, 50);
  }
  if (route === 'control/open-stream' && method === 'POST') {
    s.child.push(childEntry('a6', '2026-01-12T09:00:00.000Z', 'SVT', 'retard', 8, null));
    s.streamOpened = true;
    s.openStream?.();
    return send(ctx, 200, { ok: true });
  }
  if (route === 'control/emit' && method === 'POST') {
    s.child.push(childEntry('a7', '2026-01-13T07:00:00.000Z', 'Éducation physique', 'absent', null, null));
    emitNotice(s, 'attendance.entry', {
      studentId: 'eleve-lea',
      studentName: 'Léa MARTIN',
      status: 'absent',
      subject: 'Éducation physique',
    });
    return send(ctx, 200, { ok: true });
  }
  if (route === 'control/state') return send(ctx, 200, { reads: s.reads, openStreams: s.streams.size });
  if (route === 'attendance/students/eleve-lea' && method === 'GET') {
    s.reads++;
    return send(ctx, 200, childView(s));
  }
  if (route === 'attendance/seances' && method === 'GET') {
    const date = String(ctx.query.date ?? '');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
      return send(ctx, 400, { title: 'date', status: 400 }, 'application/problem+json');
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    const list = weekday === 0 || weekday === 6 ? [] : seances(date);
    // `started` as the server's clock says: the tests' fixed "now" is Monday 12 January 2026, 08:30 in Paris.
    const now = Date.parse('2026-01-12T07:30:00Z');
    return send(ctx, 200, {
      date,
      seances: list.map((x) => ({ ...x, started: Date.parse(x.start) <= now })),
    });
  }
  const rc = /^attendance\/seances\/([\w-]+)\/roll-call$/.exec(route);
  if (rc && method === 'GET') {
    const view = rollCall(s, rc[1]);
    return view ? send(ctx, 200, view) : notFound(ctx);
  }
  // Someone else (the CPE) changes a mark: `?student=e1&status=retard&minutes=10`.
  const other = /^attendance\/seances\/([\w-]+)\/others-change$/.exec(route);
  if (other && method === 'POST') {
    const current = s.entries.find((e) => e.seanceId === other[1] && e.studentId === ctx.query.student);
    s.entries = s.entries.filter((e) => e !== current);
    s.entries.push({
      id: current?.id ?? `x${s.entries.length}`,
      seanceId: other[1],
      studentId: String(ctx.query.student),
      status: String(ctx.query.status),
      lateMinutes: ctx.query.minutes ? Number(ctx.query.minutes) : null,
      note: null,
      erroneous: false,
      version: (current?.version ?? 0) + 1,
      recordedAt: '2026-01-12T07:40:00.000Z',
      recordedBy: 'cpe',
    });
    return send(ctx, 204, '');
  }
  if (rc && method === 'PUT') {
    if (ctx.get('x-csrf-token') !== `csrf-${ns}`) return send(ctx, 403, { title: 'CSRF', status: 403 });
    // Like the API: the same Idempotency-Key gets the same answer, and nothing is applied twice.
    const key = ctx.get('idempotency-key');
    s.answers ??= new Map();
    if (key && s.answers.has(key)) return send(ctx, 200, s.answers.get(key));
    const body = await readJson(ctx.req);
    // Like the API: a mark sent with the version its sender saw is refused when someone else changed it since.
    const conflicts = (body.marks ?? []).flatMap((m) => {
      if (m.expectedVersion == null) return [];
      const e = s.entries.find((x) => x.seanceId === rc[1] && x.studentId === m.studentId);
      const same = e && e.status === m.status && (e.lateMinutes ?? null) === (m.lateMinutes ?? null);
      if ((e?.version ?? 0) === m.expectedVersion || same || (e && e.recordedBy !== 'cpe')) return [];
      return [
        {
          studentId: m.studentId,
          yours: { status: m.status, lateMinutes: m.lateMinutes ?? null },
          theirs: e ?? null,
          changedBy: 'Nadia PERRIN',
        },
      ];
    });
    if (conflicts.length) {
      return send(
        ctx,
        409,
        {
          type: '/api/docs#probleme-roll-call-conflict',
          title: "L'appel a changé entre-temps",
          status: 409,
          detail:
            "Une saisie a changé depuis que vous l'avez vue : choisissez la vôtre ou la leur. Rien n'a été enregistré.",
          conflicts,
        },
        'application/problem+json',
      );
    }
    if (s.failNext) {
      s.failNext = false;
      return send(
        ctx,
        400,
        {
          type: '/api/docs#probleme-validation',
          title: 'Données invalides',
          status: 400,
          detail: 'Rien n’a été enregistré : corrigez les lignes signalées.',
          errors: [
            { field: 'body.marks.0.studentId', message: "L'élève n'est pas inscrit dans la classe 4e B." },
          ],
        },
        'application/problem+json',
      );
    }
    s.saves.push({ id: rc[1], key, ...body });
    for (const m of body.marks ?? []) {
      const current = s.entries.find((e) => e.seanceId === rc[1] && e.studentId === m.studentId);
      s.entries = s.entries.filter((e) => e !== current);
      if (m.status !== 'present')
        s.entries.push({
          id: current?.id ?? `x${s.entries.length}`,
          seanceId: rc[1],
          studentId: m.studentId,
          status: m.status,
          lateMinutes: m.lateMinutes ?? null,
          note: null,
          erroneous: false,
          version: (current?.version ?? 0) + 1,
          recordedAt: '2026-01-12T07:31:00.000Z',
          recordedBy: 'me',
        });
    }
    const answer = rollCall(s, rc[1]);
    if (key) s.answers.set(key, answer);
    return send(ctx, 200, answer);
  }
  if (route === 'attendance/week' && method === 'GET')
    return send(ctx, 200, week(String(ctx.query.week ?? '2026-01-12')));
  if (route === 'attendance/justifications' && method === 'GET') {
    const decided = new Set(s.decisions.map((d) => d.id));
    return send(
      ctx,
      200,
      queue().filter((j) => !decided.has(j.id)),
    );
  }
  const decision = /^attendance\/justifications\/([\w-]+)\/decision$/.exec(route);
  if (decision && method === 'POST') {
    if (ctx.get('x-csrf-token') !== `csrf-${ns}`) return send(ctx, 403, { title: 'CSRF', status: 403 });
    const body = await readJson(ctx.req);
    s.decisions.push({ id: decision[1], key: ctx.get('idempotency-key'), ...body });
    return send(ctx, 200, { id: decision[1], state: body.decision });
  }
  return notFound(ctx);
}
