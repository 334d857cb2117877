import { storeUpload } from '../../src/files/uploads.js';
import type { Viewer } from '../../src/policies/index.js';
import { STUDENT_DOCUMENT } from '../support/app.js';
import type { SchoolFixture } from '../support/fixture.js';
import { samplePdf, uploadForm } from '../support/samples.js';
import { everyone, type MatrixContext, type MatrixEntry, signedIn } from './types.js';

/** A document attached to student s1 of a school, uploaded by their first guardian. */
function studentDocument(
  ctx: MatrixContext,
  school: SchoolFixture,
  student: 's1' | 's3' = 's1',
): Promise<string> {
  return ctx.once(`student-document-${school.key}-${student}`, async () => {
    const g = school.guardians[`${student}a`];
    const viewer: Viewer = {
      ...g,
      profile: 'guardian',
      functions: [],
      uai: school.uai,
      scopeKind: null,
      scopeCode: null,
      mustChangePassword: false,
    };
    const kind = ctx.t.fileKinds.get(STUDENT_DOCUMENT)!;
    const file = await storeUpload(
      { db: ctx.t.db, files: ctx.t.files, maxUploadBytes: ctx.t.config.maxUploadBytes },
      viewer,
      kind,
      { name: 'certificat.pdf', bytes: samplePdf(), recordId: school.students[student].id },
    );
    return file.id;
  });
}

export const entries: MatrixEntry[] = [
  { route: 'GET /api/v1/health', expect: everyone(200), request: () => ({ path: '/api/v1/health' }) },
  {
    route: 'GET /api/v1/openapi.json',
    expect: everyone(200),
    request: () => ({ path: '/api/v1/openapi.json' }),
  },
  { route: 'GET /api/docs', expect: everyone(200), request: () => ({ path: '/api/docs' }) },
  { route: 'GET /api/docs/{asset}', expect: everyone(200), request: () => ({ path: '/api/docs/docs.js' }) },
  {
    // Public: anyone may sign in, as themselves or (side "other") as someone of another académie.
    route: 'POST /api/v1/auth/login',
    expect: everyone(200),
    request: (ctx, actor, side) => {
      const user = side === 'own' ? (ctx.user(actor) ?? ctx.own.cpe) : ctx.other.principal;
      return { path: '/api/v1/auth/login', json: { login: user.login, password: ctx.t.fixture.password } };
    },
  },
  {
    // A too-short new password: 400 proves the route let the caller in, and nothing changes.
    route: 'POST /api/v1/auth/password',
    expect: signedIn(400),
    request: (ctx) => ({
      path: '/api/v1/auth/password',
      json: { currentPassword: ctx.t.fixture.password, newPassword: 'court' },
    }),
  },
  {
    route: 'POST /api/v1/auth/logout',
    expect: signedIn(204),
    request: () => ({ path: '/api/v1/auth/logout' }),
  },
  { route: 'GET /api/v1/me', expect: signedIn(200), request: () => ({ path: '/api/v1/me' }) },
  {
    // Uploading is not tied to a record yet: the kind says who may (here: people of an établissement).
    route: 'POST /api/v1/files',
    expect: { ...signedIn(201), inspector: 403, analyst: 403 },
    request: () => ({ path: '/api/v1/files', body: uploadForm(STUDENT_DOCUMENT, samplePdf(), 'note.pdf') }),
  },
  {
    route: 'GET /api/v1/files/{id}',
    expect: {
      anonymous: 401,
      student: [200, 404],
      guardian: [200, 404],
      teacher: [200, 404],
      cpe: [200, 404],
      principal: [200, 404],
      inspector: 404,
      analyst: 404,
    },
    request: async (ctx, _actor, side) => ({
      path: `/api/v1/files/${await studentDocument(ctx, side === 'own' ? ctx.own : ctx.other)}`,
    }),
    // Student s3's document: the vie scolaire and direction of the établissement read it, nobody else.
    neighbour: {
      expect: { student: 404, guardian: 404, teacher: 404, cpe: 200, principal: 200 },
      request: async (ctx) => ({ path: `/api/v1/files/${await studentDocument(ctx, ctx.own, 's3')}` }),
    },
  },
];
