import { readFileSync } from 'node:fs';
import type { Viewer } from '../../src/policies/index.js';
import { attachDocument } from '../../src/whiteboard/service.js';
import type { TestApp } from './app.js';
import type { SchoolFixture } from './fixture.js';

/** The OpenBoard document made by OpenBoard (see packages/components/test-support/whiteboard/README.md). */
export const sampleUbz = (): Uint8Array =>
  new Uint8Array(
    readFileSync(
      new URL('../../../../packages/components/test-support/whiteboard/fractions.ubz', import.meta.url),
    ),
  );

export const sampleAnnotations = (pageId = 'p1') => ({
  version: 1 as const,
  pages: {
    [pageId]: [
      { id: 's1', tool: 'pen' as const, color: '#e3000f', width: 5, points: [0, 0, 0.5, 10, 10, 0.7] },
    ],
  },
});

/** A teacher of the school as a viewer (for setting data up without HTTP). */
export function teacherViewer(school: SchoolFixture, subject: 'maths' | 'francais' = 'maths'): Viewer {
  const u = school.teachers[subject];
  return {
    ...u,
    profile: 'teacher',
    functions: [],
    uai: school.uai,
    scopeKind: null,
    scopeCode: null,
    mustChangePassword: false,
  };
}

/** A whiteboard document attached by its teacher to séance maths 4e A (or français 3e B). */
export async function attachedDocument(
  t: TestApp,
  school: SchoolFixture,
  seance: 'maths4a' | 'francais3b' = 'maths4a',
): Promise<string> {
  const file = await attachDocument(
    { db: t.db, files: t.files, maxUploadBytes: t.config.maxUploadBytes, now: t.clock.now() },
    teacherViewer(school, seance === 'maths4a' ? 'maths' : 'francais'),
    school.seances[seance],
    { name: 'fractions.ubz', bytes: sampleUbz() },
  );
  return file.id;
}
