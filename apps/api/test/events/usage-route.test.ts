import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeIpc } from '@preau/analytics';
import { fixedClock } from '@preau/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createSession } from '../../src/auth/sessions.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/index.js';
import { DNMA_HEADERS, hms } from '../../src/events/dnma.js';
import { toStoredEvent } from '../../src/events/ingest.js';
import { closeUsageService, usageServiceFor } from '../../src/events/service.js';
import { localFileStore } from '../../src/files/store.js';
import { freshDb } from '../support/db.js';

/** The tests' one clock: the sessions and the usage service's retention read it. */
const clock = fixedClock('2026-11-19T09:00:00Z');
let db: Db;
let dataDir: string;
let app: ReturnType<typeof createApp>;
let analyst: { cookie: string; csrf: string };

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'preau-usage-'));
  db = await freshDb();
  await db.exec(`
    INSERT INTO academies VALUES ('19', 'Reims'), ('20', 'Amiens');
    INSERT INTO departements VALUES ('051', 'Marne', '19', '44', 'Grand Est'), ('002', 'Aisne', '20', '32', 'Hauts-de-France');
    INSERT INTO etablissements (uai, name, kind, sector, commune, departement_code) VALUES
      ('0511085C', 'Collège Robert Schuman', 'college', 'public', 'Reims', '051'),
      ('0020090M', 'Collège Charlemagne', 'college', 'public', 'Laon', '002');
    INSERT INTO users (id, login, first_name, last_name, profile, scope_kind, scope_code, must_change_password) VALUES
      ('a-19', 'rectorat', 'R', 'A', 'analyst', 'academie', '19', false);
  `);
  app = createApp({ db, config: { ...loadConfig({}), dataDir }, files: localFileStore(dataDir), clock });
  const s = await createSession(db, 'a-19', clock(), 3600);
  analyst = { cookie: `preau_session=${s.token}`, csrf: s.csrfToken };
  const usage = await usageServiceFor(dataDir, clock);
  const origin = (
    visitor: string,
    profile: 'ELEVE' | 'PARENT',
    device: 'smartphone' | 'ordinateur',
    uai = '0511085C',
  ) => ({
    uai,
    profile,
    visitor: visitor.repeat(64),
    classe: null,
    families: { device, os: 'Android', browser: 'Chrome' },
  });
  const ev = (time: string, service: string, visitId: string, o: ReturnType<typeof origin>) =>
    toStoredEvent({ time, service: service as 'notes', action: 'view', visitId }, o);
  await usage.store.append([
    // week of 2026-03-16: a student visit of 10 minutes (notes 5 min, then cahier de textes), a parent visit
    ev('2026-03-16T17:00:00Z', 'notes', 'visit-a001', origin('a', 'ELEVE', 'smartphone')),
    ev('2026-03-16T17:05:00Z', 'notes', 'visit-a001', origin('a', 'ELEVE', 'smartphone')),
    ev('2026-03-16T17:10:00Z', 'cahier_textes', 'visit-a001', origin('a', 'ELEVE', 'smartphone')),
    ev('2026-03-18T19:00:00Z', 'notes', 'visit-b001', origin('b', 'PARENT', 'ordinateur')),
    // the same student again the following week
    ev('2026-03-23T08:00:00Z', 'absences', 'visit-a002', origin('a', 'ELEVE', 'smartphone')),
    // another académie: never in the rectorat's export
    ev('2026-03-16T08:00:00Z', 'notes', 'visit-c001', origin('c', 'ELEVE', 'ordinateur', '0020090M')),
  ]);
});
afterAll(async () => {
  await closeUsageService(dataDir);
  await db.close();
  await rm(dataDir, { recursive: true, force: true });
});

const call = (method: string, path: string, body?: string) =>
  app.request(path, {
    method,
    body,
    headers: {
      cookie: analyst.cookie,
      'x-csrf-token': analyst.csrf,
      origin: 'http://localhost:8787',
      'content-type': 'text/csv',
    },
  });

describe('DNMA weekly export', () => {
  const get = async (jeu: string) => {
    const res = await call('GET', `/api/v1/usage/dnma.csv?from=2026-03-01&to=2026-03-31&jeu=${jeu}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const [header, ...lines] = (await res.text()).trim().split('\r\n');
    const rows = lines.map((l) => Object.fromEntries(header!.split(';').map((h, i) => [h, l.split(';')[i]])));
    return { header: header!, rows };
  };

  // The published files (fr-en-dnma-par-uai-profils, -appareils, -services), header as they spell it.
  it('writes the profils layout column for column: 10 place columns, then globales and four profiles', async () => {
    const { header, rows } = await get('profils');
    expect(header).toBe(
      'debutSemaine;UAI;académie;commune;département;région;ministère;circonscription;nature_uai;secteur;' +
        'visites_globales;utilisateurs_globales;duree_globales;visites_eleve;utilisateurs_eleve;duree_eleve;' +
        'visites_parent;utilisateurs_parent;duree_parent;visites_enseignant;utilisateurs_enseignant;duree_enseignant;' +
        'visites_admin_vie_scol_tech;utilisateurs_admin_vie_scol_tech;duree_admin_vie_scol_tech',
    );
    expect(header.split(';')).toHaveLength(25);
    expect(rows).toHaveLength(2);
    expect(Object.values(rows[0]!).join(';')).toBe(
      '2026-03-16;0511085C;Reims;Reims;Marne;Grand Est;MENJ;;COLLEGE;PU;' +
        '2;2;00:10:00;1;1;00:10:00;1;1;00:00:00;0;0;00:00:00;0;0;00:00:00',
    );
    expect(rows[1]!.debutSemaine).toBe('2026-03-23');
  });

  it('writes the appareils layout: device types, OS and browsers, with the published spellings', async () => {
    const { header, rows } = await get('appareils');
    const cols = header.split(';');
    expect(cols).toHaveLength(73);
    expect(cols.slice(10, 22)).toEqual([
      'visites_ordinateur',
      'utilisateurs_ordinateur',
      'duree_ordinateur',
      'visites_smartphone',
      'utilisateurs_smartphone',
      'duree_smartphone',
      'visites_tablette',
      'utilisateurs_tablette',
      'duree_tablette',
      'visites_autreappareil',
      'utilisateurs_autreAppareil',
      'duree_autreAppareil',
    ]);
    expect(cols.filter((c) => c.startsWith('visites_')).map((c) => c.slice(8))).toEqual([
      'ordinateur',
      'smartphone',
      'tablette',
      'autreappareil',
      'android',
      'windows',
      'ios',
      'macos',
      'chromeos',
      'linux',
      'autreOS',
      'chromeMobile',
      'safari',
      'chrome',
      'firefox',
      'edge',
      'samsungBrowser',
      'opera',
      'huaweiBrowser',
      'miuiBrowser',
      'autreNavigateur',
    ]);
    // the student on a smartphone (Android, Chrome), the parent on a computer (Android, Chrome as set up above)
    expect(rows[0]).toMatchObject({
      visites_ordinateur: '1',
      visites_smartphone: '1',
      duree_smartphone: '00:10:00',
      visites_android: '2',
      visites_chromeMobile: '1',
      visites_chrome: '1',
    });
  });

  it('writes the services layout: debutSemaine;UAI, the 25 services, then the place columns at the end', async () => {
    const { header, rows } = await get('services');
    const cols = header.split(';');
    expect(cols).toHaveLength(85);
    expect(cols.slice(0, 5)).toEqual([
      'debutSemaine',
      'UAI',
      'visites_accueil',
      'utilisateurs_accueil',
      'duree_accueil',
    ]);
    expect(cols.slice(-8)).toEqual([
      'académie',
      'commune',
      'département',
      'région',
      'ministère',
      'circonscription',
      'nature_uai',
      'secteur',
    ]);
    expect(header).toBe(DNMA_HEADERS.services.join(';'));
    expect(rows[0]).toMatchObject({
      debutSemaine: '2026-03-16',
      UAI: '0511085C',
      visites_notes: '2',
      utilisateurs_notes: '2',
      duree_notes: '00:05:00',
      visites_cahier_textes: '1',
      visites_absences: '0',
      académie: 'Reims',
      secteur: 'PU',
    });
    expect(hms(90_061)).toBe('25:01:01');
  });

  it('refuses a territory outside the analyst’s and inverted dates', async () => {
    expect(
      (await call('GET', '/api/v1/usage/dnma.csv?from=2026-03-01&to=2026-03-31&territory=academie:20'))
        .status,
    ).toBe(404);
    expect((await call('GET', '/api/v1/usage/dnma.csv?from=2026-04-01&to=2026-03-01')).status).toBe(400);
    const wrong = await call('GET', '/api/v1/usage/dnma.csv?from=2026-03-01&to=2026-03-31&jeu=classes');
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).errors[0].field).toBe('query.jeu');
  });
});

describe('import of past audience figures', () => {
  it('streams progress, keeps valid rows, explains the others, and serves them as a dataset', async () => {
    const csv = [
      'uai;date;profil;module;acces',
      '0511085C;2019-09-02;élève;notes;120',
      '0511085C;03/09/2019;PARENT;absences;45',
      '0511085C;2019-09-04;ELEVE;cantine;3',
      '0020090M;2019-09-02;ELEVE;notes;99',
      '0511085D;2019-02-30;robot;notes;-1',
    ].join('\n');
    const res = await call('POST', '/api/v1/usage/import', csv);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    const messages = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(messages[0]).toEqual({ type: 'progress', done: 0, total: 2 });
    expect(messages.at(-2)).toEqual({ type: 'progress', done: 2, total: 2 });
    const done = messages.at(-1);
    expect(done).toMatchObject({ type: 'done', imported: 2, rejected: 3 });
    expect(done.errors.map((e: { field: string }) => e.field)).toEqual([
      'body.line4.module',
      'body.line5.uai',
      'body.line6.uai',
      'body.line6.date',
      'body.line6.profil',
      'body.line6.acces',
    ]);
    // importing the same keys again replaces them
    await (
      await call(
        'POST',
        '/api/v1/usage/import',
        'uai;date;profil;module;acces\n0511085C;2019-09-02;ELEVE;notes;130\n',
      )
    ).text();
    const t = decodeIpc(
      new Uint8Array(
        await (await call('GET', '/api/v1/analytics/datasets/usage_imported.arrow')).arrayBuffer(),
      ),
    );
    expect(t.numRows).toBe(2);
    expect([...t.getChild('accesses')!.toArray()].sort()).toEqual([130, 45]);
  });

  it('answers 400 when no row is valid, writing nothing', async () => {
    const res = await call('POST', '/api/v1/usage/import', 'uai;date\n0511085C;2019-09-02\n');
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].field).toBe('body.header');
  });
});
