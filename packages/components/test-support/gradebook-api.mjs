// Test-only grade-book routes for <preau-gradebook>'s connected mode (`/__gradebook/<ns>/api/v1/…`), following the
// API's contract: the class sheet, batch mark saves that are all or nothing with problem+json naming each bad cell.
// Each test uses its own namespace; `POST …/fail-next` makes the next save answer with the given status.

const namespaces = new Map();

function sheet() {
  return {
    class: { id: 'c-4b', name: '4e B' },
    subject: { id: 'maths', name: 'Mathématiques' },
    period: { id: 't1', label: '1er trimestre' },
    periods: [
      { id: 't1', label: '1er trimestre' },
      { id: 't2', label: '2e trimestre' },
    ],
    appreciations: [{ studentId: 's1', text: 'Bon trimestre.' }],
    generalAppreciations: [],
    evaluations: [
      {
        id: 'e1',
        title: 'Fractions',
        date: '2026-09-18',
        coefficient: 1,
        outOf: 20,
        rescaleTo20: true,
        kind: 'normal',
        publishOn: '2026-09-25',
      },
      {
        id: 'e2',
        title: 'Puissances',
        date: '2026-10-09',
        coefficient: 2,
        outOf: 20,
        rescaleTo20: true,
        kind: 'normal',
        publishOn: '2026-10-16',
      },
    ],
    students: [
      { id: 's1', lastName: 'Bernard', firstName: 'Léa' },
      { id: 's2', lastName: 'Dubois', firstName: 'Nathan' },
      { id: 's3', lastName: 'Moreau', firstName: 'Inès' },
    ],
    marks: [
      { studentId: 's1', evaluationId: 'e1', value: 12 },
      { studentId: 's2', evaluationId: 'e1', value: 15.5 },
      { studentId: 's3', evaluationId: 'e1', value: 'Abs' },
    ],
  };
}

function state(ns) {
  let s = namespaces.get(ns);
  if (!s) {
    s = { sheet: sheet(), saves: [], failNext: 0, evaluations: [], writes: [] };
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

export async function gradebookApiMiddleware(ctx, next) {
  const match = /^\/__gradebook\/([\w-]+)\/api\/v1\/(.*)$/.exec(ctx.path);
  if (!match) return next();
  const [, ns, route] = match;
  const s = state(ns);
  if (route === 'gradebook/classes/c-4b/sheet' && ctx.method === 'GET') {
    // Trimestre 2 is empty: the same students, no évaluation yet.
    if (ctx.query.periodId === 't2')
      return send(ctx, 200, {
        ...s.sheet,
        period: s.sheet.periods[1],
        evaluations: [],
        marks: [],
        appreciations: [],
      });
    return send(ctx, 200, s.sheet);
  }
  if (route === 'writes' && ctx.method === 'GET') return send(ctx, 200, s.writes);
  const evaluation = /^gradebook\/evaluations\/([\w-]+)$/.exec(route);
  if (evaluation && (ctx.method === 'PATCH' || ctx.method === 'DELETE')) {
    const body = ctx.method === 'PATCH' ? await readJson(ctx.req) : undefined;
    s.writes.push({ method: ctx.method, route, body });
    const i = s.sheet.evaluations.findIndex((e) => e.id === evaluation[1]);
    if (i < 0)
      return send(ctx, 404, { title: 'Évaluation introuvable', status: 404 }, 'application/problem+json');
    if (ctx.method === 'DELETE') {
      s.sheet.evaluations.splice(i, 1);
      s.sheet.marks = s.sheet.marks.filter((m) => m.evaluationId !== evaluation[1]);
      ctx.status = 204;
      return;
    }
    Object.assign(s.sheet.evaluations[i], body);
    return send(ctx, 200, s.sheet.evaluations[i]);
  }
  if (route === 'gradebook/classes/c-4b/appreciations' && ctx.method === 'PUT') {
    const body = await readJson(ctx.req);
    s.writes.push({ method: 'PUT', route, body });
    const key = body.subjectId === null ? 'generalAppreciations' : 'appreciations';
    for (const item of body.items) {
      s.sheet[key] = s.sheet[key].filter((a) => a.studentId !== item.studentId);
      if (item.text) s.sheet[key].push(item);
    }
    return send(ctx, 200, { saved: body.items.length });
  }
  if (route === 'me' && ctx.method === 'GET') return send(ctx, 200, { user: null, csrfToken: `csrf-${ns}` });
  if (route === 'saves' && ctx.method === 'GET') return send(ctx, 200, s.saves);
  if (route === 'fail-next' && ctx.method === 'POST') {
    s.failNext = Number(ctx.query.status ?? 500);
    return send(ctx, 200, { ok: true });
  }
  if (route === 'gradebook/classes/c-4b/marks' && ctx.method === 'POST') {
    if (ctx.get('x-csrf-token') !== `csrf-${ns}`) {
      return send(
        ctx,
        403,
        { type: 'https://preau.fr/problems/csrf', title: 'Jeton CSRF invalide', status: 403 },
        'application/problem+json',
      );
    }
    const body = await readJson(ctx.req);
    if (s.failNext) {
      const status = s.failNext;
      s.failNext = 0;
      if (status >= 500) {
        return send(
          ctx,
          status,
          {
            type: 'about:blank',
            title: 'Erreur du serveur',
            status,
            detail: 'La base de données est indisponible.',
          },
          'application/problem+json',
        );
      }
      return send(
        ctx,
        status,
        {
          type: 'https://preau.fr/problems/validation',
          title: 'Notes refusées',
          status,
          detail: 'Aucune note n’a été enregistrée.',
          errors: [{ field: 'body.marks[0].value', message: 'Cet élève a quitté la classe.' }],
        },
        'application/problem+json',
      );
    }
    s.saves.push(body.marks);
    for (const m of body.marks) {
      s.sheet.marks = s.sheet.marks.filter(
        (x) => !(x.studentId === m.studentId && x.evaluationId === m.evaluationId),
      );
      if (m.value !== null) s.sheet.marks.push(m);
    }
    return send(ctx, 200, { saved: body.marks.length });
  }
  if (route === 'gradebook/classes/c-4b/evaluations' && ctx.method === 'POST') {
    const body = await readJson(ctx.req);
    const id = `e${s.sheet.evaluations.length + 1}`;
    s.sheet.evaluations.push({ rescaleTo20: true, kind: 'normal', ...body, id });
    return send(ctx, 201, { id });
  }
  return next();
}
