import { expect, fixture, html } from '@open-wc/testing';
import type { RollCallView } from '@preau/core/attendance/views';
import { sendKeys } from '@web/test-runner-commands';
import { runElementContract } from '../../test-support/element-contract.js';
import { rendered, until } from '../../test-support/rendering.js';
import './attendance.js';
import { demoParentView, demoRollCall, demoWeek } from './attendance.demo.js';
import type { PreauAttendance } from './attendance.js';
import { currentSeance } from './seance-picker.js';

const root = (el: PreauAttendance) => el.shadowRoot!;
const q = <T extends Element = HTMLElement>(el: PreauAttendance, sel: string) =>
  root(el).querySelector<T>(sel)!;
const qa = <T extends Element = HTMLElement>(el: PreauAttendance, sel: string) => [
  ...root(el).querySelectorAll<T>(sel),
];
const text = (node: Element | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
/** Monday 12 January 2026, 08:30 in Paris: the demo's maths séance (08:00–09:00) is in course. */
const MONDAY_0830 = () => new Date('2026-01-12T07:30:00Z');
const SUNDAY = () => new Date('2026-01-11T10:00:00Z');

async function rollCall(data: RollCallView = demoRollCall(), clock = MONDAY_0830): Promise<PreauAttendance> {
  const el = await fixture<PreauAttendance>(
    html`<preau-attendance view="roll-call" lang="fr"></preau-attendance>`,
  );
  el.clock = clock;
  el.data = data;
  await rendered(el);
  return el;
}

const pressedStatus = (el: PreauAttendance, studentId: string) =>
  q(el, `[data-student="${studentId}"] .st[aria-pressed="true"]`)?.dataset.status ?? null;

describe('<preau-attendance> roll call', () => {
  it('shows the class in one grid with the recorded marks, one tab stop, accessible', async () => {
    const data = demoRollCall();
    const el = await rollCall(data);
    expect(q(el, '[role="grid"]').getAttribute('aria-rowcount')).to.equal(String(data.students.length + 1));
    expect(qa(el, '[role="rowheader"]')).to.have.length(data.students.length);
    expect(pressedStatus(el, data.students[3]!.id)).to.equal('absent');
    expect(pressedStatus(el, data.students[14]!.id)).to.equal('retard');
    expect(q<HTMLInputElement>(el, `[data-student="${data.students[14]!.id}"] input`).value).to.equal('10');
    expect(text(q(el, 'h2')))
      .to.contain('4e B')
      .and.contain('Mathématiques');
    expect(qa(el, '[role="grid"] [tabindex="0"]')).to.have.length(1);
    // one name convention everywhere: given name, family name in capitals
    const s = data.students[0]!;
    expect(text(q(el, '[role="rowheader"]'))).to.equal(
      `${s.firstName} ${s.lastName.toLocaleUpperCase('fr-FR')}`,
    );
    expect(text(q(el, '[part="toolbar"] .hint'))).to.equal('2 absents, 1 retard, 25 non saisis');
    await expect(el).to.be.accessible();
  });

  it('is driven fully by keyboard: arrows, letters, Space, minutes for a lateness', async () => {
    const data = demoRollCall();
    const el = await rollCall(data);
    const changes: string[] = [];
    el.addEventListener('preau-attendance-change', (e) =>
      changes.push(e.detail.marks.map((m) => `${m.studentId}:${m.status}`).join(',')),
    );
    q(el, '[data-roll-row="0"]').focus();
    await sendKeys({ press: 'a' });
    await rendered(el);
    expect(pressedStatus(el, data.students[0]!.id)).to.equal('absent');
    await sendKeys({ press: 'ArrowDown' });
    await rendered(el);
    expect(root(el).activeElement?.getAttribute('data-roll-row')).to.equal('1');
    await sendKeys({ press: 'Space' });
    await rendered(el);
    expect(pressedStatus(el, data.students[1]!.id)).to.equal('present');
    await sendKeys({ press: 'Space' });
    await rendered(el);
    expect(pressedStatus(el, data.students[1]!.id)).to.equal('absent');
    await sendKeys({ press: 'r' });
    await rendered(el);
    const input = q<HTMLInputElement>(el, `[data-student="${data.students[1]!.id}"] input`);
    expect(root(el).activeElement).to.equal(input);
    await sendKeys({ type: '15' });
    await sendKeys({ press: 'Enter' });
    await rendered(el);
    expect(root(el).activeElement?.getAttribute('data-roll-row')).to.equal('1');
    await sendKeys({ press: 'End' });
    await rendered(el);
    expect(root(el).activeElement?.getAttribute('data-roll-row')).to.equal('1', 'one column: End stays');
    await sendKeys({ press: 'Control+End' });
    await rendered(el);
    expect(root(el).activeElement?.getAttribute('data-roll-row')).to.equal(String(data.students.length - 1));
    expect(changes[0]).to.equal(`${data.students[0]!.id}:absent`);
    const saves: {
      marks: { studentId: string; status: string; lateMinutes?: number | null }[];
      close: boolean;
    }[] = [];
    el.addEventListener('preau-attendance-save', (e) => saves.push(e.detail));
    q<HTMLButtonElement>(el, '[part="toolbar"] .button[data-variant="primary"]').click();
    expect(saves).to.have.length(1);
    expect(saves[0]!.close).to.equal(true);
    expect(saves[0]!.marks.find((m) => m.studentId === data.students[1]!.id)).to.deep.include({
      status: 'retard',
      lateMinutes: 15,
    });
    // closing marks every student: the recorded ones are not resent, the unrecorded become present
    expect(saves[0]!.marks.length).to.equal(data.students.length - 3);
  });

  it('"tous présents" marks the unrecorded students present and keeps the absences', async () => {
    const data = demoRollCall();
    const el = await rollCall(data);
    q<HTMLButtonElement>(el, '[part="toolbar"] .button').click();
    await rendered(el);
    expect(pressedStatus(el, data.students[0]!.id)).to.equal('present');
    expect(pressedStatus(el, data.students[3]!.id)).to.equal('absent');
    expect(text(q(el, '[part="toolbar"] .hint'))).to.contain('0 non saisi');
  });

  it('lets the host refuse a change (cancelable event)', async () => {
    const data = demoRollCall();
    const el = await rollCall(data);
    el.addEventListener('preau-attendance-change', (e) => e.preventDefault());
    q<HTMLButtonElement>(el, `[data-student="${data.students[0]!.id}"] .st[data-status="absent"]`).click();
    await rendered(el);
    expect(pressedStatus(el, data.students[0]!.id)).to.equal(null);
  });

  it('refuses a séance that has not started: nothing can be marked or saved', async () => {
    const data = demoRollCall();
    const el = await rollCall(data, SUNDAY);
    let changes = 0;
    el.addEventListener('preau-attendance-change', () => changes++);
    expect(text(q(el, '[part="not-started"]')))
      .to.contain('n’a pas commencé')
      .and.contain('08:00');
    for (const b of qa<HTMLButtonElement>(el, '[part="toolbar"] .button')) expect(b.disabled).to.equal(true);
    q(el, '[data-roll-row="0"]').focus();
    await sendKeys({ press: 'a' });
    q<HTMLButtonElement>(el, `[data-student="${data.students[0]!.id}"] .st[data-status="absent"]`).click();
    await rendered(el);
    expect(changes).to.equal(0);
    expect(pressedStatus(el, data.students[0]!.id)).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('speaks English when the page does', async () => {
    const el = await rollCall();
    el.lang = 'en';
    await rendered(el);
    expect(text(q(el, 'h2'))).to.contain('Roll call');
    expect(q(el, '.st[data-status="absent"]').getAttribute('aria-label')).to.equal('Absent');
    expect(q(el, '.st[data-status="retard"]').getAttribute('aria-label')).to.equal('Late');
  });
});

describe('<preau-attendance> roll call, connected', () => {
  const api = () => `/__attendance/rc-${Math.random().toString(36).slice(2)}/api/v1`;

  async function connected(path: string): Promise<PreauAttendance> {
    const el = await fixture<PreauAttendance>(
      html`<preau-attendance view="roll-call" lang="fr"></preau-attendance>`,
    );
    el.clock = MONDAY_0830;
    el.src = path;
    await until(
      () => el.load.state === 'ready' && el.rollCall.picker.load.state === 'ready',
      'the roll call',
    );
    await rendered(el);
    return el;
  }

  it('offers the day’s séances with the one shown selected, and records the one picked', async () => {
    const base = api();
    const el = await connected(`${base}/attendance/seances/2026-01-12-histoire/roll-call`);
    // 14:00 has not started at 08:30
    expect(q(el, '[part="not-started"]')).to.exist;
    const select = q<HTMLSelectElement>(el, '[part="seance-picker"] select');
    expect(qa(el, '[part="seance-picker"] option').map(text)).to.have.length(3);
    expect(select.value).to.equal('2026-01-12-histoire');
    expect(text(select.selectedOptions[0]!)).to.contain('à venir');
    expect(text(q(el, '[part="seance-picker"] label'))).to.contain('lundi 12 janvier');
    select.value = '2026-01-12-maths';
    select.dispatchEvent(new Event('change'));
    await until(() => text(q(el, 'h2')).includes('Mathématiques'), 'the maths roll call');
    await rendered(el);
    expect(q(el, '[part="not-started"]')).to.equal(null);
    q<HTMLButtonElement>(el, '[data-student="e2"] .st[data-status="absent"]').click();
    await rendered(el);
    qa<HTMLButtonElement>(el, '[part="toolbar"] .button')[1]!.click();
    await el.saves.settled();
    await rendered(el);
    expect(text(q(el, '[role="status"]'))).to.contain('Appel enregistré');
    const saves = await (await fetch(`${base}/saves`)).json();
    expect(saves).to.have.length(1);
    expect(saves[0].id).to.equal('2026-01-12-maths');
    expect(saves[0].marks).to.deep.equal([{ studentId: 'e2', status: 'absent' }]);
    expect(saves[0].key).to.match(/^[0-9a-f-]{36}$/);
    expect(pressedStatus(el, 'e2')).to.equal('absent');
  });

  it('moves to the previous and next days', async () => {
    const el = await connected(`${api()}/attendance/seances/2026-01-12-maths/roll-call`);
    q<HTMLButtonElement>(el, '[part="seance-picker"] .button:last-of-type').click();
    await until(() => text(q(el, '[part="seance-picker"] label')).includes('mardi 13'), 'Tuesday');
    q<HTMLButtonElement>(el, '[part="seance-picker"] .button').click();
    q<HTMLButtonElement>(el, '[part="seance-picker"] .button').click();
    await until(() => text(q(el, '[part="seance-picker"]')).includes('Aucune séance'), 'Sunday, no séance');
  });

  it('keeps the drafts and shows the server’s French refusal', async () => {
    const base = api();
    const el = await connected(`${base}/attendance/seances/2026-01-12-maths/roll-call`);
    await fetch(`${base}/fail-next`);
    q<HTMLButtonElement>(el, '[data-student="e1"] .st[data-status="absent"]').click();
    await rendered(el);
    qa<HTMLButtonElement>(el, '[part="toolbar"] .button')[1]!.click();
    await el.saves.settled();
    await rendered(el);
    expect(text(q(el, '[role="alert"]')))
      .to.contain('Données invalides')
      .and.contain("n'est pas inscrit");
    expect(pressedStatus(el, 'e1')).to.equal('absent');
  });

  it('preselects the séance in course when the one shown is not in the list', () => {
    const list = [
      { id: 'a', start: '2026-01-12T07:00:00Z', end: '2026-01-12T08:00:00Z', started: true },
      { id: 'b', start: '2026-01-12T09:00:00Z', end: '2026-01-12T10:00:00Z', started: false },
    ] as unknown as Parameters<typeof currentSeance>[0];
    expect(currentSeance(list, new Date('2026-01-12T07:30:00Z'))?.id).to.equal('a');
    expect(currentSeance(list, new Date('2026-01-12T08:30:00Z'))?.id).to.equal('a');
    expect(currentSeance(list, new Date('2026-01-12T09:30:00Z'))?.id).to.equal('b');
    expect(currentSeance(list, new Date('2026-01-12T06:00:00Z'))?.id).to.equal('a');
  });
});

describe('<preau-attendance> parent view', () => {
  async function parent(): Promise<PreauAttendance> {
    const el = await fixture<PreauAttendance>(
      html`<preau-attendance view="parent" lang="fr"></preau-attendance>`,
    );
    el.data = demoParentView();
    await rendered(el);
    return el;
  }

  it('shows each absence with the state of its justification; accessible', async () => {
    const el = await parent();
    expect(qa(el, '[part="entries"] tbody tr')).to.have.length(5);
    expect(text(q(el, '[data-entry="a2"]'))).to.contain('Validée');
    expect(text(q(el, '[data-entry="a3"]'))).to.contain('En attente');
    expect(text(q(el, '[data-entry="a5"]'))).to.contain('À justifier');
    expect(q(el, '[data-entry="a3"] input')).to.equal(null);
    expect(q(el, '[data-entry="a1"] input')).not.to.equal(null);
    expect(text(q(el, '.meta'))).to.contain("3 demi-journées d'absence dont 2 non justifiées ; 2 retards");
    expect(text(q(el, 'h2'))).to.contain('Léa MARTIN');
    await expect(el).to.be.accessible();
  });

  it('names what is missing in the form, in French, and sends nothing', async () => {
    const el = await parent();
    let sent = 0;
    el.addEventListener('preau-justification-submit', () => sent++);
    q<HTMLButtonElement>(el, 'form button[type="submit"]').click();
    await rendered(el);
    expect(text(q(el, '[role="alert"]')))
      .to.contain('Choisissez un motif')
      .and.contain('Cochez au moins');
    expect(q(el, 'select').getAttribute('aria-invalid')).to.equal('true');
    expect(sent).to.equal(0);
  });

  it('refuses a file that is too big or of the wrong type before sending', async () => {
    const el = await parent();
    const file = q<HTMLInputElement>(el, 'input[type="file"]');
    const dt = new DataTransfer();
    dt.items.add(new File(['<svg/>'], 'mot.svg', { type: 'image/svg+xml' }));
    file.files = dt.files;
    q<HTMLInputElement>(el, '[data-entry="a5"] input').click();
    q<HTMLSelectElement>(el, 'select').value = 'maladie';
    q<HTMLButtonElement>(el, 'form button[type="submit"]').click();
    await rendered(el);
    expect(text(q(el, '[role="alert"]'))).to.contain('PDF');
    const big = new DataTransfer();
    big.items.add(new File([new Uint8Array(5 * 1024 * 1024 + 1)], 'scan.pdf', { type: 'application/pdf' }));
    file.files = big.files;
    q<HTMLButtonElement>(el, 'form button[type="submit"]').click();
    await rendered(el);
    expect(text(q(el, '[role="alert"]'))).to.contain('5 Mo');
  });

  it('emits the justification with the ticked entries, motif, comment and file', async () => {
    const el = await parent();
    const got: { entryIds: string[]; motif: string; comment: string; file: File | null }[] = [];
    el.addEventListener('preau-justification-submit', (e) => got.push(e.detail));
    q<HTMLInputElement>(el, '[data-entry="a5"] input').click();
    q<HTMLInputElement>(el, '[data-entry="a4"] input').click();
    await rendered(el);
    q<HTMLSelectElement>(el, 'select').value = 'rendez_vous_medical';
    q<HTMLTextAreaElement>(el, 'textarea').value = 'Orthodontiste.';
    const dt = new DataTransfer();
    dt.items.add(new File(['%PDF-1.4'], 'rdv.pdf', { type: 'application/pdf' }));
    q<HTMLInputElement>(el, 'input[type="file"]').files = dt.files;
    q<HTMLButtonElement>(el, 'form button[type="submit"]').click();
    expect(got).to.have.length(1);
    expect(got[0]!.entryIds.sort()).to.deep.equal(['a4', 'a5']);
    expect(got[0]).to.deep.include({ motif: 'rendez_vous_medical', comment: 'Orthodontiste.' });
    expect(got[0]!.file!.name).to.equal('rdv.pdf');
  });

  it('shows a visible message instead of nothing when there is no data', async () => {
    const el = await fixture<PreauAttendance>(html`<preau-attendance view="parent"></preau-attendance>`);
    expect(text(q(el, '.hint'))).to.contain('Aucune donnée');
  });
});

runElementContract({
  tag: 'preau-attendance',
  module: '/packages/components/src/attendance/attendance.ts',
  scenarios: [
    {
      name: 'roll call',
      attributes: { view: 'roll-call' },
      properties: { clock: MONDAY_0830, data: demoRollCall() },
    },
    {
      name: 'week grid',
      attributes: { view: 'week' },
      properties: { data: demoWeek(200) },
      scrollers: ['.week'],
    },
    { name: 'parent view', attributes: { view: 'parent' }, properties: { data: demoParentView() } },
  ],
});
