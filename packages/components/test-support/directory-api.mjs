// Test-only directory import routes for <preau-directory-import>'s connected mode (`/__directory/<ns>/api/v1/…`),
// following the API's contract: `POST etablissements/{uai}/directory/preview|import` (multipart, field `files`)
// answer an import plan (with its classes after an import), `POST classes/{id}/credentials` a PDF, or a 400 problem naming `body.files` for a file that is no known export. A namespace
// imported once then previews nothing to change (the import is idempotent). `POST …/hold` makes the next answer
// wait for `POST …/release`, so a test sees the progress; `GET …/received` lists what reached the server.

const namespaces = new Map();

function state(ns) {
  let s = namespaces.get(ns);
  if (!s) {
    s = { imported: false, received: [], gate: null, open: null };
    namespaces.set(ns, s);
  }
  return s;
}

function send(ctx, status, body, type = 'application/json') {
  ctx.status = status;
  ctx.type = type;
  ctx.body = JSON.stringify(body);
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('latin1');
}

function plan(empty) {
  const counts = empty
    ? {}
    : {
        'create:student': 24,
        'create:guardian': 31,
        'create:classe': 1,
        'create:groupe': 2,
        'adopt:staff': 1,
        'close:student': 1,
      };
  return {
    kind: 'siecle+sts',
    uai: '0511085C',
    schoolYear: 2026,
    mode: 'full',
    counts,
    entries: empty
      ? []
      : [
          { action: 'create', subject: 'classe', label: '4EME B' },
          { action: 'create', subject: 'student', label: 'Mila BARBIER (4EME B)' },
          { action: 'close', subject: 'student', label: 'Noé ROUX (départ le 2026-11-10)' },
        ],
    total: Object.values(counts).reduce((a, b) => a + b, 0),
    warnings: empty ? [] : ['2 élèves sans responsable légal joignable.'],
    structures: ['4EME B'],
  };
}

export async function directoryApiMiddleware(ctx, next) {
  const match = /^\/__directory\/([\w-]+)\/api\/v1\/(.*)$/.exec(ctx.path);
  if (!match) return next();
  const [, ns, route] = match;
  const s = state(ns);
  if (route === 'me') return send(ctx, 200, { user: null, csrfToken: `csrf-${ns}` });
  if (route === 'received') return send(ctx, 200, s.received);
  if (route === 'hold') {
    // A gate opened by `release`, whether the request reaches it before or after.
    s.gate = new Promise((resolve) => {
      s.open = resolve;
    });
    return send(ctx, 200, { ok: true });
  }
  if (route === 'release') {
    s.open?.();
    return send(ctx, 200, { ok: true });
  }
  const sheet = /^classes\/([\w-]+)\/credentials$/.exec(route)?.[1];
  if (sheet && ctx.method === 'POST') {
    if (ctx.get('x-csrf-token') !== `csrf-${ns}`) return send(ctx, 403, { title: 'CSRF', status: 403 });
    s.received.push({ step: 'credentials', classId: sheet });
    ctx.status = 200;
    ctx.type = 'application/pdf';
    ctx.body = Buffer.from('%PDF-1.7\n%%EOF\n');
    return;
  }
  const step = /^etablissements\/\w+\/directory\/(preview|import)$/.exec(route)?.[1];
  if (!step || ctx.method !== 'POST') return next();
  if (ctx.get('x-csrf-token') !== `csrf-${ns}`) return send(ctx, 403, { title: 'CSRF', status: 403 });
  const body = await readBody(ctx.req);
  const files = [...body.matchAll(/name="files"; filename="([^"]*)"/g)].map((m) => m[1]);
  s.received.push({ step, files });
  const gate = s.gate;
  s.gate = null;
  if (gate) await gate;
  if (!files.length || !body.includes('<BEE_ELEVES'))
    return send(
      ctx,
      400,
      {
        type: '/api/docs#probleme-validation',
        title: 'Fichiers refusés.',
        status: 400,
        errors: [{ field: 'body.files', message: 'Aucun export SIECLE, STS-web ou AAF reconnu.' }],
      },
      'application/problem+json',
    );
  const answer = plan(s.imported);
  if (step === 'import') s.imported = true;
  return send(
    ctx,
    200,
    step === 'import' ? { ...answer, classes: [{ id: 'cls_4b', name: '4EME B' }] } : answer,
  );
}
