import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/index.js';
import { NATIONAL_SUBJECTS } from '../src/imports/national-subjects.js';
import { LiveService } from '../src/live/service.js';
import { exportLsu, LSU_NAMESPACE } from '../src/lsu/export.js';
import { attendanceSeed } from '../src/seed/attendance.js';
import { gradebookSeed } from '../src/seed/gradebook.js';
import { type SeedContext, seedDemo } from '../src/seed/index.js';
import { freshDb, testEngine } from './support/db.js';
import { viewerOf } from './support/seed.js';

const TODAY = '2026-12-10';
const NOW = new Date(`${TODAY}T09:00:00Z`);
const XSD = new URL('../src/lsu/schema/import-complet-strict.xsd', import.meta.url).pathname;
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
if (!hasXmllint && process.env.CI) throw new Error('xmllint is missing: .ci/run installs libxml2-utils');

/** Runs xmllint against the published XSD; returns its verdict and messages. */
function validate(xml: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'preau-lsu-'));
  try {
    const file = join(dir, 'lsu.xml');
    writeFileSync(file, xml);
    const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', XSD, file], { encoding: 'utf8' });
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!hasXmllint)(
  `LSU export of a demo class, validated by xmllint (${testEngine}; skipped without libxml2-utils)`,
  () => {
    let db: Db;
    let demo: SeedContext['demo'];
    beforeAll(async () => {
      db = await freshDb();
      await seedDemo(db, {
        scale: 'school',
        today: TODAY,
        hashSecret: async (s) => `plain$${s}`,
        modules: [
          gradebookSeed,
          attendanceSeed,
          {
            name: 'probe',
            run: async (ctx) => {
              demo = ctx.demo;
            },
          },
        ],
      });
    }, 240_000);
    afterAll(() => db.close());

    it('validates against the published XSD, with averages, appréciations and absences in half-days', async () => {
      const viewer = await viewerOf(db, demo.principalId);
      const out = await exportLsu(
        { db, viewer, live: new LiveService({ db, clock: () => NOW }), now: NOW, today: TODAY },
        demo.classId,
        1,
      );
      expect(out.exported).toBeGreaterThan(20);
      const verdict = validate(out.xml);
      expect(verdict.output).toContain('validates');
      expect(verdict.ok).toBe(true);
      expect(out.xml).toContain(`xmlns="${LSU_NAMESPACE}" schemaVersion="10.0"`);
      expect(out.xml).toMatch(/moyenne-eleve="\d{1,2}\.\d{2}"/);
      expect(out.xml).toMatch(
        /<vie-scolaire nb-retards="\d+" nb-abs-justifiees="\d+" nb-abs-injustifiees="\d+"/,
      );
      // Absences are counted in half-days: someone in the demo class has some.
      expect(out.xml).toMatch(/nb-abs-(in)?justifiees="[1-9]/);
      // Demo subjects carry their national (BCN) code, not a code made up from the management code.
      const codes = [...out.xml.matchAll(/<discipline [^>]*code="([^"]+)"/g)].map((m) => m[1]);
      const national = new Set(Object.values(NATIONAL_SUBJECTS).map((s) => s.code));
      expect(codes.length).toBeGreaterThan(5);
      expect(codes.filter((c) => !national.has(c!))).toEqual([]);
      expect(codes).toContain(NATIONAL_SUBJECTS.HIGEO!.code);
    });

    it('the validator really checks: a wrong schema version or a missing element fails', async () => {
      const viewer = await viewerOf(db, demo.principalId);
      const { xml } = await exportLsu(
        { db, viewer, live: new LiveService({ db, clock: () => NOW }), now: NOW, today: TODAY },
        demo.classId,
        1,
      );
      expect(validate(xml.replace('schemaVersion="10.0"', 'schemaVersion="7.0"')).ok).toBe(false);
      expect(validate(xml.replace(/<acquis-conseils>[^<]*<\/acquis-conseils>/, '')).ok).toBe(false);
    });
  },
);

// The XSD is data this test relies on: make sure it is the one we think.
it('ships the LSU schema 10.0', () => {
  const text = execFileSync('grep', ['-c', 'enumeration value="10.0"', XSD], { encoding: 'utf8' });
  expect(Number(text)).toBeGreaterThan(0);
});
