import { expect, fixture, html } from '@open-wc/testing';
import { cutNetwork, nextFrame, rendered, until } from '../../test-support/rendering.js';
import './attendance.js';
import type { PreauAttendance } from './attendance.js';

/** Monday 12 January 2026, 08:30 in Paris: the demo's maths séance (08:00–09:00) is in course. */
const MONDAY_0830 = () => new Date('2026-01-12T07:30:00Z');
const q = <T extends Element = HTMLElement>(el: PreauAttendance, sel: string) =>
  el.shadowRoot!.querySelector<T>(sel);
const text = (node: Element | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const api = () => `/__attendance/off-${Math.random().toString(36).slice(2)}/api/v1`;

async function connected(base: string): Promise<PreauAttendance> {
  const el = await fixture<PreauAttendance>(
    html`<preau-attendance view="roll-call" lang="fr"></preau-attendance>`,
  );
  el.clock = MONDAY_0830;
  el.src = `${base}/attendance/seances/2026-01-12-maths/roll-call`;
  await until(() => el.load.state === 'ready' && el.rollCall.picker.load.state === 'ready', 'the roll call');
  await rendered(el);
  return el;
}

async function mark(el: PreauAttendance, studentId: string, status: string): Promise<void> {
  q<HTMLButtonElement>(el, `[data-student="${studentId}"] .st[data-status="${status}"]`)!.click();
  await rendered(el);
}

async function save(el: PreauAttendance): Promise<void> {
  q<HTMLButtonElement>(el, '[part="toolbar"] .button:nth-child(2)')!.click();
  await rendered(el);
}

const pressed = (el: PreauAttendance, studentId: string) =>
  q(el, `[data-student="${studentId}"] .st[aria-pressed="true"]`)?.dataset.status ?? null;

describe('<preau-attendance> roll call without network', () => {
  afterEach(() => cutNetwork(null));

  it('keeps what is saved offline on the device, says so, and sends each save once when the network returns', async () => {
    const base = api();
    const el = await connected(base);
    await cutNetwork(`${base}/attendance/`);
    await mark(el, 'e1', 'absent');
    await save(el);
    await until(() => q(el, '[part="outbox"]')?.dataset.outbox === 'offline', 'the offline notice');
    await rendered(el);
    expect(text(q(el, '[part="outbox"]'))).to.contain(
      'Hors ligne : un enregistrement de l’appel attend le réseau. Rien n’est perdu',
    );
    // Saving goes on without network, and nothing typed is taken back.
    await mark(el, 'e2', 'retard');
    await save(el);
    await until(() => el.outboxWatch.outbox!.records.length === 2, 'the second save kept on the device');
    await rendered(el);
    expect(text(q(el, '[part="outbox"]'))).to.contain('2 enregistrements de l’appel attendent le réseau');
    expect([pressed(el, 'e1'), pressed(el, 'e2')]).to.deep.equal(['absent', 'retard']);
    expect(q(el, '[role="alert"]')?.textContent?.trim()).to.equal('');

    await cutNetwork(null);
    // What the browser says when the Wi-Fi is back (the end-to-end suite cuts the browser's network for real).
    window.dispatchEvent(new Event('online'));
    await until(
      () => el.outboxWatch.outbox!.records.length === 0 && !q(el, '[part="outbox"]'),
      'the saves sent',
    );
    const saves = (await (await fetch(`${base}/saves`)).json()) as { key: string; marks: unknown[] }[];
    expect(saves.map((x) => x.marks)).to.deep.equal([
      [{ studentId: 'e1', status: 'absent', expectedVersion: 0 }],
      [
        { studentId: 'e1', status: 'absent', expectedVersion: 0 },
        { studentId: 'e2', status: 'retard', lateMinutes: 5, expectedVersion: 0 },
      ],
    ]);
    expect(new Set(saves.map((x) => x.key)).size).to.equal(2);
    await rendered(el);
    expect([pressed(el, 'e1'), pressed(el, 'e2')]).to.deep.equal(['absent', 'retard']);
  });

  it('shows a change someone else made meanwhile, and sends the teacher’s choice', async () => {
    const base = api();
    const el = await connected(base);
    await cutNetwork(`${base}/attendance/seances/2026-01-12-maths/roll-call`);
    await mark(el, 'e1', 'absent');
    await mark(el, 'e3', 'absent');
    await save(el);
    await until(() => q(el, '[part="outbox"]')?.dataset.outbox === 'offline', 'the offline notice');
    // Meanwhile the CPE records Léa late.
    await fetch(
      `${base}/attendance/seances/2026-01-12-maths/others-change?student=e1&status=retard&minutes=10`,
      {
        method: 'POST',
      },
    );
    await cutNetwork(null);
    window.dispatchEvent(new Event('online'));
    await until(() => Boolean(q(el, '[part="conflicts"]')), 'the conflict');
    await rendered(el);
    const conflict = text(q(el, '[data-conflict="e1"]'));
    expect(conflict)
      .to.contain('Léa BERNARD : vous aviez saisi « Absent »')
      .and.contain('Nadia PERRIN a noté depuis « Retard (10 min) »');
    expect(q(el, '[data-conflict="e3"]')).to.equal(null);
    const send = q<HTMLButtonElement>(el, '[data-resolve]')!;
    expect(send.disabled).to.equal(true);
    q<HTMLInputElement>(el, '[data-conflict="e1"] input[value="mine"]')!.click();
    await rendered(el);
    q<HTMLButtonElement>(el, '[data-resolve]')!.click();
    await until(
      () => !q(el, '[part="conflicts"]') && el.outboxWatch.outbox!.records.length === 0,
      'resolved',
    );
    // The choice is sent once the conflicted save is forgotten (the outbox is empty in between): ask the server.
    const saved = async () => (await (await fetch(`${base}/saves`)).json()) as { marks: unknown[] }[];
    let saves = await saved();
    for (let i = 0; i < 600 && saves.length === 0; i++) {
      await nextFrame();
      saves = await saved();
    }
    expect(saves).to.have.length(1);
    expect(saves[0]!.marks).to.deep.equal([
      { studentId: 'e1', status: 'absent', expectedVersion: 1 },
      { studentId: 'e3', status: 'absent', expectedVersion: 0 },
    ]);
    await rendered(el);
    expect([pressed(el, 'e1'), pressed(el, 'e3')]).to.deep.equal(['absent', 'absent']);
  });
});
