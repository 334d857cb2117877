/**
 * Proof that the server reads no time but its own clock. The real server runs under libfaketime with a system
 * clock in 2031 while `PREAU_CLOCK` puts it on Thursday 3 December 2026, 09:30 in Paris. Signed in as the demo
 * accounts, it takes a roll call, records évaluations, marks, appréciations and compétences, receives a file and a
 * justification and decides it. No answer may speak of 2031 and, once it has stopped, no row of its database may
 * hold a time from 2031: anything read from the system clock (a `new Date()` deep in a rule, a database `now()`,
 * a column default) would show. `npm test` runs it when `faketime` is installed (`.ci/run` installs it).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../apps/api/src/config.js';
import { openDb } from '../../apps/api/src/db/index.js';
import { DEMO_PASSWORD } from '../../apps/api/src/seed/accounts.js';
import { samplePdf } from '../../apps/api/test/support/samples.js';
import { type PreauProcess, startPreau } from '../e2e/support/server.js';

const SYSTEM_TIME = '2031-05-14 02:00:00';
/** Debian's libfaketime (package faketime); the dynamic loader expands `$LIB` to the architecture's folder. */
const LIBFAKETIME = '/usr/$LIB/faketime/libfaketime.so.1';
const SERVER_CLOCK = '2026-12-03T08:30:00Z';
const TODAY = '2026-12-03';
/** Anything at or after this instant came from the system clock (the server's lies before 2027). */
const FROM_THE_SYSTEM = '2030-01-01';

/** A signed-in browser, reduced to what the API needs: the session cookie, Origin and the CSRF token. */
class Session {
  cookie = '';
  csrf = '';
  readonly seen: string[] = [];
  constructor(private readonly url: string) {}

  async call(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { Origin: this.url, Cookie: this.cookie };
    if (method !== 'GET') headers['X-CSRF-Token'] = this.csrf;
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['Content-Type'] = 'application/json';
    }
    const res = await fetch(`${this.url}${path}`, { method, headers, body: payload });
    const cookie = res.headers.get('set-cookie')?.split(';')[0];
    if (cookie) this.cookie = cookie;
    this.seen.push(`${method} ${path} ${res.status} ${await res.clone().text()}`);
    return res;
  }

  async json<T>(method: string, path: string, body?: unknown, status = 200): Promise<T> {
    const res = await this.call(method, path, body);
    expect(res.status, `${method} ${path}: ${this.seen.at(-1)}`).toBe(status);
    return (await res.json()) as T;
  }

  static async signIn(url: string, login: string): Promise<Session> {
    const s = new Session(url);
    const me = await s.json<{ csrfToken: string }>('POST', '/api/v1/auth/login', {
      login,
      password: DEMO_PASSWORD,
    });
    s.csrf = me.csrfToken;
    return s;
  }
}

interface Me {
  classes: { id: string; isHeadTeacher: boolean; subjects: { id: string }[] }[];
  children: { id: string }[];
}

describe('one clock: the server under a system clock of 2031 speaks and writes of its own date only', () => {
  let server: PreauProcess;
  let dataDir: string;
  const sessions: Session[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'preau-faketime-'));
    server = await startPreau({
      dataDir,
      // libfaketime preloaded into the server itself (what the `faketime` command does, without a process in
      // between that would not pass on the stop signal). Timers keep the real monotonic clock; the date (Date,
      // the database's now()) is 2031.
      env: {
        PREAU_CLOCK: SERVER_CLOCK,
        LD_PRELOAD: LIBFAKETIME,
        FAKETIME: `@${SYSTEM_TIME}`,
        FAKETIME_DONT_FAKE_MONOTONIC: '1',
        TZ: 'UTC',
      },
    });
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs in 2031 for the system, on 3 December 2026 for Préau', async () => {
    const res = await fetch(`${server.url}/api/v1/health`);
    // Node writes the HTTP Date header from the system clock: proof that faketime holds the process.
    expect(new Date(res.headers.get('date')!).getUTCFullYear()).toBe(2031);
    const { time } = (await res.json()) as { time: string };
    expect(time.slice(0, 10)).toBe(TODAY);
  });

  it('takes a roll call, marks, appréciations and a justification, all on its own date', async () => {
    const teacher = await Session.signIn(server.url, 'prof.demo');
    const parent = await Session.signIn(server.url, 'parent.demo');
    const cpe = await Session.signIn(server.url, 'cpe.demo');
    sessions.push(teacher, parent, cpe);
    const me = await teacher.json<Me>('GET', '/api/v1/me');
    const cls = me.classes.find((c) => c.isHeadTeacher)!;
    const subjectId = cls.subjects[0]!.id;

    // The roll call of a séance already begun this morning: one child of the demo family absent.
    const { seances } = await teacher.json<{ seances: { id: string; started: boolean }[] }>(
      'GET',
      `/api/v1/attendance/seances?date=${TODAY}`,
    );
    const seance = seances.filter((s) => s.started).at(-1)!;
    expect(seance, 'a séance begun by 09:30 on Thursday').toBeDefined();
    const roll = await teacher.json<{ students: { id: string }[] }>(
      'GET',
      `/api/v1/attendance/seances/${seance.id}/roll-call`,
    );
    const family = await parent.json<Me>('GET', '/api/v1/me');
    const child = roll.students.find((s) => family.children.some((c) => c.id === s.id)) ?? roll.students[0]!;
    await teacher.json('PUT', `/api/v1/attendance/seances/${seance.id}/roll-call`, {
      marks: roll.students.map((s) => ({
        studentId: s.id,
        status: s.id === child.id ? 'absent' : 'present',
      })),
      close: true,
    });

    // An évaluation, its marks, a correction, appréciations and compétences.
    const sheet = await teacher.json<{ period: { id: string }; students: { id: string }[] }>(
      'GET',
      `/api/v1/gradebook/classes/${cls.id}/sheet?subjectId=${subjectId}`,
    );
    const evaluation = await teacher.json<{ id: string }>(
      'POST',
      `/api/v1/gradebook/classes/${cls.id}/evaluations`,
      { title: 'Contrôle', date: '2026-12-02', subjectId, periodId: sheet.period.id, publishOn: TODAY },
      201,
    );
    const first = sheet.students[0]!.id;
    await teacher.json('POST', `/api/v1/gradebook/classes/${cls.id}/marks`, {
      marks: [{ evaluationId: evaluation.id, studentId: first, value: 12 }],
    });
    await teacher.json('PATCH', `/api/v1/gradebook/evaluations/${evaluation.id}`, { title: 'Contrôle n° 2' });
    await teacher.json('PUT', `/api/v1/gradebook/classes/${cls.id}/appreciations`, {
      periodId: sheet.period.id,
      subjectId,
      items: [{ studentId: first, text: 'Travail sérieux.' }],
    });
    await teacher.json('PUT', `/api/v1/gradebook/classes/${cls.id}/competences`, {
      subjectId,
      periodId: sheet.period.id,
      assessments: [{ studentId: first, domain: 'CPD_SCI', level: 3 }],
    });

    // The family justifies the absence with a certificate; the CPE validates it.
    if (family.children.some((c) => c.id === child.id)) {
      const record = await parent.json<{ entries: { id: string; seanceId: string }[] }>(
        'GET',
        `/api/v1/attendance/students/${child.id}`,
      );
      const entry = record.entries.find((e) => e.seanceId === seance.id)!;
      const form = new FormData();
      form.append('kind', 'absence_justification');
      form.append('file', new Blob([Buffer.from(samplePdf())]), 'certificat.pdf');
      const file = await parent.json<{ id: string }>('POST', '/api/v1/files', form, 201);
      const justification = await parent.json<{ id: string }>(
        'POST',
        '/api/v1/attendance/justifications',
        { studentId: child.id, entryIds: [entry.id], motif: 'maladie', fileId: file.id },
        201,
      );
      await cpe.json('POST', `/api/v1/attendance/justifications/${justification.id}/decision`, {
        decision: 'validee',
      });
    }
    for (const s of sessions) await s.call('POST', '/api/v1/auth/logout');
  });

  it('said nothing of 2031 in any answer', () => {
    const answers = sessions.flatMap((s) => s.seen);
    expect(answers.length).toBeGreaterThan(10);
    expect(answers.filter((a) => /\b203[01]-\d\d-\d\d/.test(a))).toEqual([]);
  });

  it('wrote no time from 2031 in its database', async () => {
    await server.stop();
    const db = await openDb(loadConfig({ PREAU_DATA_DIR: dataDir }));
    try {
      const columns = await db.query<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns
          WHERE table_schema = current_schema() AND data_type IN ('date', 'timestamp with time zone',
                'timestamp without time zone')
            -- when the database's own migrations ran: the operator's time, not the school's
            AND table_name <> 'schema_migrations'
          ORDER BY 1, 2`,
      );
      expect(columns.length).toBeGreaterThan(20);
      const late: string[] = [];
      for (const { table_name: t, column_name: c } of columns) {
        const [row] = await db.query<{ n: number; last: string | null }>(
          `SELECT count(*)::int AS n, max("${c}")::text AS last FROM "${t}" WHERE "${c}" >= $1`,
          [FROM_THE_SYSTEM],
        );
        if (row!.n > 0) late.push(`${t}.${c}: ${row!.n} rows, up to ${row!.last}`);
      }
      expect(late).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
