import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './support/app.js';
import { writeSsoSettings } from './support/idp.js';

/**
 * A small CAS client, as a school tool (Pronote) runs one: its page at /pronote/ receives the browser back with a
 * ticket, and its server validates the ticket against Préau over HTTP on loopback.
 */
class CasClient {
  server!: Server;
  url = '';
  validations: { status: number; body: string }[] = [];
  constructor(private readonly casBase: () => string) {}
  async start() {
    this.server = createServer(async (req, res) => {
      const here = new URL(req.url!, this.url);
      const ticket = here.searchParams.get('ticket');
      const service = `${this.url}/pronote/`;
      const r = await fetch(
        `${this.casBase()}/cas/p3/serviceValidate?service=${encodeURIComponent(service)}&ticket=${encodeURIComponent(ticket ?? '')}`,
      );
      const body = await r.text();
      this.validations.push({ status: r.status, body });
      res
        .writeHead(200, { 'Content-Type': 'text/plain' })
        .end(/<cas:user>([^<]+)<\/cas:user>/.exec(body)?.[1] ?? 'refusé');
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  stop() {
    return new Promise((r) => this.server.close(r));
  }
}

describe('Préau as a CAS 3.0 server, with a small CAS client', () => {
  let t: TestApp;
  let preau: ReturnType<typeof serve>;
  let base = '';
  let dir: string;
  const client = new CasClient(() => base);

  beforeAll(async () => {
    await client.start();
    dir = mkdtempSync(join(tmpdir(), 'preau-cas-'));
    const file = writeSsoSettings(dir, {
      origin: 'http://api.preau.test',
      cas: {
        ticketSeconds: 30,
        services: [
          {
            name: 'Pronote',
            urlPrefix: `${client.url}/pronote/`,
            release: ['categories', 'nom', 'prenom', 'dateNaissance'],
          },
          { name: 'Bibliothèque', urlPrefix: `${client.url}/cdi/`, release: [] },
        ],
      },
    });
    t = await buildTestApp({ ssoConfigFile: file });
    await t.db.query("INSERT INTO person_details (user_id, birth_date) VALUES ($1, '2012-03-04')", [
      t.fixture.schools.a.students.s1.id,
    ]);
    preau = serve({ fetch: t.app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((r) => preau.once('listening', r));
    base = `http://127.0.0.1:${(preau.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => preau.close(r));
    await client.stop();
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const login = async (service: string, cookie?: string) =>
    fetch(`${base}/cas/login?service=${encodeURIComponent(service)}`, {
      redirect: 'manual',
      headers: cookie ? { cookie } : {},
    });

  it('a signed-in student gets a ticket, the client validates it and receives Pronote’s attributes', async () => {
    const student = await t.as(t.fixture.schools.a.students.s1);
    const cookie = `preau_session=${student.sessionToken}`;
    const res = await login(`${client.url}/pronote/`, cookie);
    expect(res.status).toBe(302);
    const back = new URL(res.headers.get('location')!);
    expect(back.origin + back.pathname).toBe(`${client.url}/pronote/`);
    expect(back.searchParams.get('ticket')).toMatch(/^ST-/);
    const page = await fetch(back);
    expect(await page.text()).toBe(t.fixture.schools.a.students.s1.login);
    const { body } = client.validations.at(-1)!;
    expect(body).toContain('<cas:authenticationSuccess>');
    expect(body).toContain('<cas:categories>National_1</cas:categories>');
    expect(body).toContain(`<cas:nom>${t.fixture.schools.a.students.s1.lastName}</cas:nom>`);
    expect(body).toContain('<cas:dateNaissance>04/03/2012</cas:dateNaissance>');

    // A ticket serves once.
    await fetch(back);
    expect(client.validations.at(-1)!.body).toContain('code="INVALID_TICKET"');
  });

  it('releases only what a service is allowed: another service gets the identifier alone', async () => {
    const teacher = await t.as(t.fixture.schools.a.teachers.maths);
    const res = await login(`${client.url}/cdi/`, `preau_session=${teacher.sessionToken}`);
    const ticket = new URL(res.headers.get('location')!).searchParams.get('ticket')!;
    const v = await (
      await fetch(
        `${base}/cas/p3/serviceValidate?service=${encodeURIComponent(`${client.url}/cdi/`)}&ticket=${ticket}`,
      )
    ).text();
    expect(v).toContain(`<cas:user>${t.fixture.schools.a.teachers.maths.login}</cas:user>`);
    expect(v).not.toContain('<cas:attributes>');
  });

  it('refuses a service outside the registry, and a ticket shown to another service', async () => {
    expect((await login('https://evil.test/pronote/')).status).toBe(400);
    const guardian = await t.as(t.fixture.schools.a.guardians.s1a);
    const res = await login(`${client.url}/pronote/`, `preau_session=${guardian.sessionToken}`);
    const ticket = new URL(res.headers.get('location')!).searchParams.get('ticket')!;
    const v = await (
      await fetch(
        `${base}/cas/p3/serviceValidate?service=${encodeURIComponent(`${client.url}/cdi/`)}&ticket=${ticket}`,
      )
    ).text();
    expect(v).toContain('code="INVALID_SERVICE"');
  });

  it('without a session asks for the Préau password, then sends the browser back with a ticket', async () => {
    const form = await login(`${client.url}/pronote/`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('<form method="post" action="/cas/login">');
    const post = (password: string) =>
      fetch(`${base}/cas/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Origin: t.config.publicOrigin },
        body: new URLSearchParams({
          service: `${client.url}/pronote/`,
          username: t.fixture.schools.a.cpe.login,
          password,
        }),
      });
    expect((await post('wrong-password')).status).toBe(401);
    const ok = await post(t.fixture.password);
    expect(ok.status).toBe(302);
    expect(ok.headers.get('set-cookie')).toContain('preau_session=');
    await fetch(ok.headers.get('location')!);
    expect(client.validations.at(-1)!.body).toContain('<cas:categories>National_4</cas:categories>');
  });

  it('a ticket expires', async () => {
    const student = await t.as(t.fixture.schools.a.students.s2);
    const res = await login(`${client.url}/pronote/`, `preau_session=${student.sessionToken}`);
    t.clock.advance(31_000);
    await fetch(res.headers.get('location')!);
    expect(client.validations.at(-1)!.body).toContain('code="INVALID_TICKET"');
  });
});
