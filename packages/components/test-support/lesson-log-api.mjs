// Test-only cahier de textes routes for <preau-lesson-log>'s connected mode (`/__lesson-log/<ns>/api/v1/…`),
// following the API's contract: the viewer's context, a class's week, writing entries, files, the workload, a
// student's agenda and ticks, the direction's overview and visas, and the live stream. Each test uses its own
// namespace. Test controls: `POST …/control/offline` (the next writes find no network: the connection is cut),
// `POST …/control/emit` (new work, told on the live stream), `GET …/control/state` (what reached the server).
import { emitNotice, openLiveStream } from './live-stream.mjs';

const namespaces = new Map();
const CLASS = { id: 'c-4b', name: '4e B', kind: 'classe' };
const MATHS = { id: 's-maths', code: 'MATHS', name: 'Mathématiques' };
const TEACHER = { id: 't-durand', name: 'Anne DURAND' };
const STUDENT = { id: 'e-lea', firstName: 'Léa', lastName: 'Martin' };

function state(ns) {
  let s = namespaces.get(ns);
  if (!s) {
    s = {
      entries: [],
      work: [],
      ticks: [],
      visas: [],
      uploads: 0,
      offline: false,
      streams: new Set(),
      seq: 0,
    };
    namespaces.set(ns, s);
  }
  return s;
}

async function readText(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function send(ctx, status, body, type = 'application/json') {
  ctx.status = status;
  ctx.type = type;
  ctx.body = JSON.stringify(body);
}

const problem = (ctx, status, title) =>
  send(ctx, status, { type: 'about:blank', title, status }, 'application/problem+json');

const context = () => ({
  today: '2026-11-19',
  nextClassDay: '2026-11-20',
  schoolYear: 2026,
  teaching: [{ ...CLASS, subjects: [MATHS] }],
  students: [{ ...STUDENT, classes: [CLASS] }],
  etablissements: [{ uai: '0511234X', name: 'Collège Robert Schuman' }],
});

function entryView(e) {
  return {
    id: e.id,
    uai: '0511234X',
    class: CLASS,
    subject: MATHS,
    teacher: TEACHER,
    seanceId: e.seanceId,
    date: e.date,
    startsAt: e.seanceId ? '2026-11-19T08:00:00.000Z' : null,
    endsAt: e.seanceId ? '2026-11-19T08:55:00.000Z' : null,
    title: e.title,
    contentHtml: e.contentHtml,
    links: e.links ?? [],
    attachments: [],
    work: (e.work ?? []).map((w, i) => ({
      id: w.id ?? `${e.id}-w${i}`,
      entryId: e.id,
      type: w.type,
      title: w.title,
      instructionsHtml: w.instructionsHtml ?? '',
      givenOn: e.date,
      dueOn: w.dueOn,
      estimatedMinutes: w.estimatedMinutes,
      target: CLASS,
      attachments: [],
      version: 1,
    })),
    publishAt: '2026-11-19T08:30:00.000Z',
    published: true,
    locked: false,
    amendments: [],
    privateNote: e.privateNote ?? null,
    canEdit: true,
    version: e.version,
    createdAt: '2026-11-19T08:30:00.000Z',
    updatedAt: '2026-11-19T08:30:00.000Z',
  };
}

function classLog(s, from, to) {
  return {
    class: { ...CLASS, uai: '0511234X', level: '4e', schoolYear: 2026 },
    from,
    to,
    entries: s.entries.map(entryView),
    seances: [
      {
        id: 'se-thu',
        subjectId: MATHS.id,
        subjectName: MATHS.name,
        teacher: TEACHER,
        startsAt: '2026-11-19T08:00:00.000Z',
        endsAt: '2026-11-19T08:55:00.000Z',
        room: 'B12',
        entryId: s.entries.find((e) => e.seanceId === 'se-thu')?.id ?? null,
      },
    ],
    visas: [],
    lockedUntil: null,
  };
}

function agenda(s) {
  return {
    student: STUDENT,
    today: '2026-11-19',
    nextClassDay: '2026-11-20',
    from: '2026-11-19',
    to: '2026-11-29',
    canTick: true,
    work: s.work.map((w) => ({
      ...w,
      done: s.ticks.filter((t) => t.workId === w.id).at(-1)?.done ?? false,
      doneAt: null,
    })),
  };
}

function workload(date) {
  return {
    class: CLASS,
    date,
    weekStart: '2026-11-16',
    days: ['16', '17', '18', '19', '20', '21', '22'].map((d) => ({
      date: `2026-11-${d}`,
      minutes: d === '20' ? 50 : 0,
      count: d === '20' ? 1 : 0,
      overLimit: false,
    })),
    day: {
      date,
      minutes: date === '2026-11-20' ? 50 : 0,
      count: date === '2026-11-20' ? 1 : 0,
      overLimit: false,
    },
    weekMinutes: 50,
    limits: { dailyMinutes: 60, weeklyMinutes: 300 },
    overLimit: false,
    bySubject: [{ subjectId: 's-fr', subjectName: 'Français', minutes: 50 }],
    items: [
      {
        workId: 'w-fr',
        entryId: 'e-fr',
        subject: { id: 's-fr', name: 'Français' },
        type: 'lecon',
        title: 'Réciter le poème',
        dueOn: '2026-11-20',
        estimatedMinutes: 50,
        target: CLASS,
        share: 1,
        published: true,
      },
    ],
  };
}

export async function lessonLogApiMiddleware(ctx, next) {
  const match = /^\/__lesson-log\/([\w-]+)\/api\/v1\/(.*)$/.exec(ctx.path);
  if (!match) return next();
  const [, ns, route] = match;
  const s = state(ns);
  const method = ctx.method;
  const unsafe = method !== 'GET';
  if (unsafe && !route.startsWith('control/') && ctx.get('x-csrf-token') !== `csrf-${ns}`)
    return problem(ctx, 403, 'CSRF');
  if (unsafe && s.offline && !route.startsWith('control/')) {
    // No network: the connection drops before any answer.
    ctx.req.socket.destroy();
    ctx.respond = false;
    return;
  }

  if (route === 'me') return send(ctx, 200, { user: null, csrfToken: `csrf-${ns}` });
  if (route === 'control/offline' && method === 'POST') {
    s.offline = JSON.parse((await readText(ctx.req)) || '{}').offline === true;
    return send(ctx, 200, { offline: s.offline });
  }
  if (route === 'control/state') {
    const { streams, ...rest } = s;
    return send(ctx, 200, { ...rest, openStreams: streams.size });
  }
  if (route === 'control/emit' && method === 'POST') {
    const w = {
      id: `w-new-${s.work.length + 1}`,
      entryId: 'e-new',
      type: 'exercices',
      title: 'Exercice 7 p. 190',
      instructionsHtml: '<p>Sur le cahier.</p>',
      givenOn: '2026-11-19',
      dueOn: '2026-11-20',
      estimatedMinutes: 20,
      target: CLASS,
      attachments: [],
      version: 1,
      subject: MATHS,
      teacher: TEACHER,
      entryTitle: 'Pythagore',
      entryDate: '2026-11-19',
    };
    s.work.push(w);
    emitNotice(s, 'lesson-log.work-new', {
      entryId: w.entryId,
      workId: w.id,
      classId: CLASS.id,
      subject: MATHS.name,
      title: w.title,
      dueOn: w.dueOn,
      studentIds: [STUDENT.id],
    });
    return send(ctx, 200, { id: w.id });
  }
  if (route === 'live/stream') return openLiveStream(ctx, s.streams);
  if (route === 'lesson-log/me') return send(ctx, 200, context());
  if (route === 'lesson-log/classes/c-4b/entries' && method === 'GET')
    return send(
      ctx,
      200,
      classLog(s, String(ctx.query.from ?? '2026-11-16'), String(ctx.query.to ?? '2026-11-22')),
    );
  if (route === 'lesson-log/classes/c-4b/workload')
    return send(ctx, 200, workload(String(ctx.query.date ?? '2026-11-19')));
  if (route === 'files' && method === 'POST') {
    await readText(ctx.req);
    s.uploads++;
    return send(ctx, 201, { id: `file-${s.uploads}`, name: `fichier-${s.uploads}.pdf` });
  }
  if (route === 'lesson-log/entries' && method === 'POST') {
    const body = JSON.parse(await readText(ctx.req));
    const e = { id: `e-${s.entries.length + 1}`, version: 1, key: ctx.get('idempotency-key'), ...body };
    s.entries.push(e);
    return send(ctx, 201, entryView(e));
  }
  const entry = /^lesson-log\/entries\/([\w-]+)$/.exec(route);
  if (entry && method === 'PUT') {
    const e = s.entries.find((x) => x.id === entry[1]);
    if (!e) return problem(ctx, 404, 'Ressource introuvable');
    Object.assign(e, JSON.parse(await readText(ctx.req)), { version: e.version + 1 });
    return send(ctx, 200, entryView(e));
  }
  if (route === 'lesson-log/students/e-lea/work') return send(ctx, 200, agenda(s));
  const done = /^lesson-log\/work\/([\w-]+)\/done$/.exec(route);
  if (done && method === 'PUT') {
    const body = JSON.parse(await readText(ctx.req));
    s.ticks.push({ workId: done[1], done: body.done });
    return send(ctx, 200, { workId: done[1], done: body.done, doneAt: null });
  }
  if (route === 'lesson-log/etablissements/0511234X/classes')
    return send(ctx, 200, {
      uai: '0511234X',
      classes: [
        {
          ...CLASS,
          level: '4e',
          entries: 2,
          lastEntryDate: '2026-11-19',
          visa: null,
          entriesSinceVisa: 2,
          amendments: 0,
        },
      ],
    });
  const visa = /^lesson-log\/classes\/([\w-]+)\/visas$/.exec(route);
  if (visa && method === 'POST') {
    const body = JSON.parse(await readText(ctx.req));
    s.visas.push({ classId: visa[1], ...body });
    return send(ctx, 201, { id: `v${s.visas.length}`, classId: visa[1], ...body });
  }
  if (/^whiteboard\/seances\/[\w-]+\/documents$/.test(route))
    return send(ctx, 200, { documents: [], traces: [] });
  return problem(ctx, 404, 'Ressource introuvable');
}
