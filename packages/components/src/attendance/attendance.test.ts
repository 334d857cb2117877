import { expect, fixture, html } from '@open-wc/testing';
import type { RollCallView } from '@preau/core/attendance/views';
import { sendKeys } from '@web/test-runner-commands';
import './attendance.js';
import { demoParentView, demoRollCall, demoWeek } from './attendance.demo.js';
import type { PreauAttendance } from './attendance.js';
import { rowWindow, scrollToRow } from './virtual-rows.js';

const root = (el: PreauAttendance) => el.shadowRoot!;
const q = <T extends Element = HTMLElement>(el: PreauAttendance, sel: string) =>
  root(el).querySelector<T>(sel)!;
const qa = <T extends Element = HTMLElement>(el: PreauAttendance, sel: string) => [
  ...root(el).querySelectorAll<T>(sel),
];
const text = (node: Element | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));

async function rollCall(data: RollCallView = demoRollCall(), attrs = ''): Promise<PreauAttendance> {
  const el = await fixture<PreauAttendance>(
    html`<preau-attendance view="roll-call" lang="fr"></preau-attendance>`,
  );
  if (attrs === 'board') el.density = 'board';
  el.data = data;
  await el.updateComplete;
  return el;
}

const pressedStatus = (el: PreauAttendance, studentId: string) =>
  q(el, `[data-student="${studentId}"] .st[aria-pressed="true"]`)?.dataset.status ?? null;

describe('virtual rows', () => {
  it('renders the visible rows plus overscan, with spacers that keep the full height', () => {
    const w = rowWindow(3000, 600, 30, 1000, 5);
    expect(w.start).to.equal(95);
    expect(w.end).to.equal(100 + 21 + 5);
    expect(w.before + (w.end - w.start) * 30 + w.after).to.equal(30000);
    expect(rowWindow(0, 600, 30, 0)).to.deep.equal({ start: 0, end: 0, before: 0, after: 0 });
    expect(scrollToRow(50, 0, 600, 30)).to.equal(50 * 30 + 30 - 600);
    expect(scrollToRow(2, 600, 600, 30)).to.equal(60);
    expect(scrollToRow(25, 600, 600, 30)).to.equal(600);
  });
});

describe('<preau-attendance> roll call', () => {
  it('shows the class in one grid with the recorded marks, and is accessible', async () => {
    const data = demoRollCall();
    const el = await rollCall(data);
    const grid = q(el, '[role="grid"]');
    expect(grid.getAttribute('aria-rowcount')).to.equal(String(data.students.length + 1));
    expect(qa(el, '[role="rowheader"]')).to.have.length(data.students.length);
    expect(pressedStatus(el, data.students[3]!.id)).to.equal('absent');
    expect(pressedStatus(el, data.students[14]!.id)).to.equal('retard');
    expect(q<HTMLInputElement>(el, `[data-student="${data.students[14]!.id}"] input`).value).to.equal('10');
    expect(text(q(el, 'h2')))
      .to.contain('4e B')
      .and.contain('Mathématiques');
    // one tab stop in the grid
    expect(qa(el, '[role="grid"] [tabindex="0"]')).to.have.length(1);
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
    await el.updateComplete;
    expect(pressedStatus(el, data.students[0]!.id)).to.equal('absent');
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(root(el).activeElement?.getAttribute('data-roll-row')).to.equal('1');
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(pressedStatus(el, data.students[1]!.id)).to.equal('present');
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(pressedStatus(el, data.students[1]!.id)).to.equal('absent');
    // R: late, the minutes field takes the focus; typing a number and Enter returns to the row
    await sendKeys({ press: 'r' });
    await el.updateComplete;
    await frame();
    const input = q<HTMLInputElement>(el, `[data-student="${data.students[1]!.id}"] input`);
    expect(root(el).activeElement).to.equal(input);
    await sendKeys({ type: '15' });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    input.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(root(el).activeElement?.getAttribute('data-roll-row')).to.equal('1');
    await sendKeys({ press: 'End' });
    await el.updateComplete;
    expect(root(el).activeElement?.getAttribute('data-roll-row')).to.equal(String(data.students.length - 1));
    expect(changes[0]).to.equal(`${data.students[0]!.id}:absent`);
    const saves: {
      marks: { studentId: string; status: string; lateMinutes?: number | null }[];
      close: boolean;
    }[] = [];
    el.addEventListener('preau-attendance-save', (e) => saves.push(e.detail));
    q<HTMLButtonElement>(el, '.toolbar .button[data-variant="primary"]').click();
    await el.updateComplete;
    expect(saves).to.have.length(1);
    expect(saves[0]!.close).to.equal(true);
    const late = saves[0]!.marks.find((m) => m.studentId === data.students[1]!.id);
    expect(late).to.deep.include({ status: 'retard', lateMinutes: 15 });
    // closing marks every student: the recorded ones are not resent, the unrecorded become present
    expect(saves[0]!.marks.length).to.equal(data.students.length - 3 + 0);
  });

  it('"tous présents" marks the unrecorded students present and keeps the absences', async () => {
    const data = demoRollCall();
    const el = await rollCall(data);
    q<HTMLButtonElement>(el, '.toolbar .button').click();
    await el.updateComplete;
    expect(pressedStatus(el, data.students[0]!.id)).to.equal('present');
    expect(pressedStatus(el, data.students[3]!.id)).to.equal('absent');
    expect(text(q(el, '.toolbar .hint'))).to.contain('0 non saisi');
  });

  it('lets the host refuse a change (cancelable event)', async () => {
    const data = demoRollCall();
    const el = await rollCall(data);
    el.addEventListener('preau-attendance-change', (e) => e.preventDefault());
    q<HTMLButtonElement>(el, `[data-student="${data.students[0]!.id}"] .st[data-status="absent"]`).click();
    await el.updateComplete;
    expect(pressedStatus(el, data.students[0]!.id)).to.equal(null);
  });

  it('has finger-sized targets on the whiteboard (density="board")', async () => {
    const el = await rollCall(demoRollCall(), 'board');
    const button = q(el, '.st').getBoundingClientRect();
    expect(button.height).to.be.at.least(44);
    expect(button.width).to.be.at.least(44);
    await expect(el).to.be.accessible();
  });

  it('speaks English when the page does', async () => {
    const el = await rollCall();
    el.lang = 'en';
    await el.updateComplete;
    expect(text(q(el, 'h2'))).to.contain('Roll call');
    expect(q(el, '.st[data-status="absent"]').getAttribute('aria-label')).to.equal('Absent');
    expect(q(el, '.st[data-status="retard"]').getAttribute('aria-label')).to.equal('Late');
  });

  it('shows the server’s refusal in French and keeps the drafts (connected mode)', async () => {
    const data = demoRollCall();
    const realFetch = window.fetch;
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      if (url.endsWith('/me'))
        return new Response(JSON.stringify({ csrfToken: 't' }), {
          headers: { 'content-type': 'application/json' },
        });
      if (url.includes('/roll-call') && (init?.method ?? 'GET') === 'GET')
        return new Response(JSON.stringify(data), { headers: { 'content-type': 'application/json' } });
      return new Response(
        JSON.stringify({
          type: '/api/docs#probleme-validation',
          title: 'Données invalides',
          status: 400,
          detail: 'Rien n’a été enregistré : corrigez les lignes signalées.',
          errors: [
            { field: 'body.marks.0.studentId', message: "L'élève n'est pas inscrit dans la classe 4e B." },
          ],
        }),
        { status: 400, headers: { 'content-type': 'application/problem+json' } },
      );
    };
    try {
      const el = await fixture<PreauAttendance>(
        html`<preau-attendance view="roll-call" src="/__attendance-test/api/v1/attendance/seances/s1/roll-call"></preau-attendance>`,
      );
      for (let i = 0; i < 100 && !el.data; i++) await new Promise((r) => setTimeout(r, 10));
      await el.updateComplete;
      q<HTMLButtonElement>(el, `[data-student="${data.students[0]!.id}"] .st[data-status="absent"]`).click();
      await el.updateComplete;
      qa<HTMLButtonElement>(el, '.toolbar .button')[1]!.click();
      for (let i = 0; i < 100 && !text(q(el, '[role="alert"]')); i++) {
        await new Promise((r) => setTimeout(r, 10));
        await el.updateComplete;
      }
      expect(text(q(el, '[role="alert"]')))
        .to.contain('Données invalides')
        .and.contain("n'est pas inscrit");
      expect(pressedStatus(el, data.students[0]!.id)).to.equal('absent');
    } finally {
      window.fetch = realFetch;
    }
  });
});

describe('<preau-attendance> week grid', () => {
  async function week(students = 1000): Promise<PreauAttendance> {
    const el = await fixture<PreauAttendance>(
      html`<preau-attendance view="week" lang="fr"></preau-attendance>`,
    );
    el.data = demoWeek(students);
    await el.updateComplete;
    await frame();
    await el.updateComplete;
    return el;
  }

  it('renders 1,000 students virtualized with correct aria-rowcount and aria-rowindex', async () => {
    const el = await week(1000);
    const grid = q(el, '[role="grid"]');
    expect(grid.getAttribute('aria-rowcount')).to.equal('1002');
    expect(grid.getAttribute('aria-colcount')).to.equal('41');
    const bodyRows = qa(el, '[role="grid"] [role="row"]:not(.head)');
    expect(bodyRows.length).to.be.greaterThan(5).and.lessThan(80);
    expect(bodyRows[0]!.getAttribute('aria-rowindex')).to.equal('3');
    // the scroll area is as tall as all the rows
    expect(grid.scrollHeight).to.be.greaterThan(1000 * 20);
    grid.scrollTop = grid.scrollHeight / 2;
    grid.dispatchEvent(new Event('scroll'));
    await el.updateComplete;
    const middle = qa(el, '[role="grid"] [role="row"]:not(.head)');
    const first = Number(middle[0]!.getAttribute('aria-rowindex'));
    expect(first).to.be.greaterThan(400).and.lessThan(520);
    expect(middle.length).to.be.lessThan(80);
    // indices stay consecutive across the window
    middle.forEach((row, i) => {
      expect(Number(row.getAttribute('aria-rowindex'))).to.equal(first + i);
    });
  });

  it('tells a justified absence from another by a mark and a legend, not by colour alone', async () => {
    const el = await week(200);
    const absences = qa(el, '[role="gridcell"][data-status="absent"]');
    const justified = absences.find((c) => c.hasAttribute('data-ok'));
    const unjustified = absences.find((c) => !c.hasAttribute('data-ok'));
    expect(justified && unjustified, 'the demo week has both kinds').to.be.ok;
    const mark = (c: Element) => getComputedStyle(c, '::after').content;
    expect(mark(justified!)).to.equal('"✓"');
    expect(mark(unjustified!)).to.equal('none');
    expect(justified!.getAttribute('aria-label')).to.contain('régularisée');
    const legend = q(el, '[part="legend"]').textContent!.replace(/\s+/g, ' ');
    expect(legend).to.contain('A : absent').and.contain('R : retard').and.contain('✓ : régularisée');
  });

  it('moves one focus through the grid with arrows, PageDown and Ctrl+End, scrolling as needed', async () => {
    const el = await week(1000);
    const firstCell = q(el, '[data-cell="0:0"]');
    firstCell.focus();
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    await frame();
    expect(root(el).activeElement?.getAttribute('data-cell')).to.equal('0:1');
    await sendKeys({ press: 'PageDown' });
    await el.updateComplete;
    await frame();
    const afterPage = root(el).activeElement!.getAttribute('data-cell')!;
    expect(Number(afterPage.split(':')[0])).to.be.greaterThan(3);
    await sendKeys({ press: 'Control+End' });
    await el.updateComplete;
    await frame();
    await el.updateComplete;
    const active = root(el).activeElement!;
    expect(active.getAttribute('data-cell')).to.equal('999:40');
    expect(active.closest('[role="row"]')!.getAttribute('aria-rowindex')).to.equal('1002');
    expect(qa(el, '[role="grid"] [tabindex="0"]')).to.have.length(1);
  });

  it('filters by name, class and "with absences only"', async () => {
    const el = await week(300);
    const name = q<HTMLInputElement>(el, 'input[type="search"]');
    const target = (el.data as ReturnType<typeof demoWeek>).students[10]!;
    name.value = target.name.split(' ')[1]!.toLowerCase();
    name.dispatchEvent(new Event('input'));
    await el.updateComplete;
    const count = Number(q(el, '[role="grid"]').getAttribute('aria-rowcount')) - 2;
    expect(count).to.be.greaterThan(0).and.lessThan(300);
    for (const h of qa(el, '[role="grid"] [role="rowheader"]')) {
      expect(h.textContent!.toLowerCase()).to.contain(name.value);
    }
    name.value = '';
    name.dispatchEvent(new Event('input'));
    const select = q<HTMLSelectElement>(el, 'select');
    select.value = '4e B';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(Number(q(el, '[role="grid"]').getAttribute('aria-rowcount')) - 2).to.equal(25);
    const only = q<HTMLInputElement>(el, '.check input');
    only.checked = true;
    only.dispatchEvent(new Event('change'));
    await el.updateComplete;
    const withEvents = Number(q(el, '[role="grid"]').getAttribute('aria-rowcount')) - 2;
    expect(withEvents).to.be.lessThan(25);
    expect(text(q(el, '.filters .hint'))).to.contain(`${withEvents} élève(s) affiché(s) sur 300`);
  });

  it('lists the justification queue and emits the CPE’s decision; accessible', async () => {
    const el = await week(60);
    const decisions: string[] = [];
    el.addEventListener('preau-justification-decide', (e) =>
      decisions.push(`${e.detail.justificationId}:${e.detail.decision}`),
    );
    expect(qa(el, '[part="queue"] tbody tr')).to.have.length(2);
    q<HTMLButtonElement>(el, '[data-justification="j2"] [data-decision="refusee"]').click();
    q<HTMLButtonElement>(el, '[data-justification="j1"] [data-decision="validee"]').click();
    expect(decisions).to.deep.equal(['j2:refusee', 'j1:validee']);
    await expect(el).to.be.accessible();
  });
});

describe('<preau-attendance> parent view', () => {
  async function parent(): Promise<PreauAttendance> {
    const el = await fixture<PreauAttendance>(
      html`<preau-attendance view="parent" lang="fr"></preau-attendance>`,
    );
    el.data = demoParentView();
    await el.updateComplete;
    return el;
  }

  it('shows each absence with the state of its justification; accessible', async () => {
    const el = await parent();
    expect(qa(el, '[part="entries"] tbody tr')).to.have.length(5);
    expect(text(q(el, '[data-entry="a2"]'))).to.contain('Validée');
    expect(text(q(el, '[data-entry="a3"]'))).to.contain('En attente');
    expect(text(q(el, '[data-entry="a5"]'))).to.contain('À justifier');
    // pending and accepted ones cannot be ticked again; refused ones can
    expect(q(el, '[data-entry="a3"] input')).to.equal(null);
    expect(q(el, '[data-entry="a1"] input')).not.to.equal(null);
    expect(text(q(el, '.meta'))).to.contain('3 demi-journée(s)');
    await expect(el).to.be.accessible();
  });

  it('names what is missing in the form, in French, and sends nothing', async () => {
    const el = await parent();
    let sent = 0;
    el.addEventListener('preau-justification-submit', () => sent++);
    q<HTMLButtonElement>(el, 'form button[type="submit"]').click();
    await el.updateComplete;
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
    await el.updateComplete;
    expect(text(q(el, '[role="alert"]'))).to.contain('PDF');
    const big = new DataTransfer();
    big.items.add(new File([new Uint8Array(5 * 1024 * 1024 + 1)], 'scan.pdf', { type: 'application/pdf' }));
    file.files = big.files;
    q<HTMLButtonElement>(el, 'form button[type="submit"]').click();
    await el.updateComplete;
    expect(text(q(el, '[role="alert"]'))).to.contain('5 Mo');
  });

  it('emits the justification with the ticked entries, motif, comment and file', async () => {
    const el = await parent();
    const got: { entryIds: string[]; motif: string; comment: string; file: File | null }[] = [];
    el.addEventListener('preau-justification-submit', (e) => got.push(e.detail));
    q<HTMLInputElement>(el, '[data-entry="a5"] input').click();
    q<HTMLInputElement>(el, '[data-entry="a4"] input').click();
    await el.updateComplete;
    q<HTMLSelectElement>(el, 'select').value = 'rendez_vous_medical';
    q<HTMLTextAreaElement>(el, 'textarea').value = 'Orthodontiste.';
    const dt = new DataTransfer();
    dt.items.add(new File(['%PDF-1.4'], 'rdv.pdf', { type: 'application/pdf' }));
    q<HTMLInputElement>(el, 'input[type="file"]').files = dt.files;
    q<HTMLButtonElement>(el, 'form button[type="submit"]').click();
    await el.updateComplete;
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
