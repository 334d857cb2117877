import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { rendered, scrollSettled, until, wheel } from '../../test-support/rendering.js';
import './attendance.js';
import { demoWeek } from './attendance.demo.js';
import type { PreauAttendance } from './attendance.js';

const root = (el: PreauAttendance) => el.shadowRoot!;
const q = <T extends Element = HTMLElement>(el: PreauAttendance, sel: string) =>
  root(el).querySelector<T>(sel)!;
const qa = <T extends Element = HTMLElement>(el: PreauAttendance, sel: string) => [
  ...root(el).querySelectorAll<T>(sel),
];
const text = (node: Element | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const bodyRows = (el: PreauAttendance) => qa(el, '[role="grid"] .body > [role="row"]');

async function week(students = 1000): Promise<PreauAttendance> {
  const el = await fixture<PreauAttendance>(
    html`<preau-attendance view="week" lang="fr"></preau-attendance>`,
  );
  el.data = demoWeek(students);
  await rendered(el);
  return el;
}

describe('<preau-attendance> week grid', () => {
  it('renders 1,000 students virtualized with correct aria-rowcount and aria-rowindex', async () => {
    const el = await week(1000);
    const grid = q(el, '[role="grid"]');
    expect(grid.getAttribute('aria-rowcount')).to.equal('1002');
    expect(grid.getAttribute('aria-colcount')).to.equal('41');
    expect(bodyRows(el).length).to.be.greaterThan(5).and.lessThan(80);
    expect(bodyRows(el)[0]!.getAttribute('aria-rowindex')).to.equal('3');
    expect(grid.scrollHeight).to.be.greaterThan(1000 * 20);
    grid.scrollTop = grid.scrollHeight / 2;
    await scrollSettled(grid, el);
    const middle = bodyRows(el).slice(1); // the first is the active row, kept rendered
    const first = Number(middle[0]!.getAttribute('aria-rowindex'));
    expect(first).to.be.greaterThan(400).and.lessThan(520);
    expect(middle.length).to.be.lessThan(80);
    expect(middle.map((row) => Number(row.getAttribute('aria-rowindex')))).to.deep.equal(
      middle.map((_, i) => first + i),
    );
  });

  it('scrolls what the wheel asks: ten 100-px ticks over 1,000 students end 1,000 px down (± one row)', async () => {
    const el = await week(1000);
    const grid = q(el, '[role="grid"]');
    const rowHeight = bodyRows(el)[0]!.getBoundingClientRect().height;
    for (let i = 0; i < 10; i++) {
      await wheel(grid, 100);
      await scrollSettled(grid, el, 2);
    }
    const top = await scrollSettled(grid, el);
    expect(Math.abs(top - 1000)).to.be.at.most(rowHeight);
  });

  it('keeps exactly one tab stop on the same cell while its row scrolls away and back', async () => {
    const el = await week(1000);
    q(el, '[data-cell="0:0"]').focus();
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowRight' });
    await rendered(el);
    const active = q(el, '[data-cell="1:1"]');
    const student = active.closest('[role="row"]')!.querySelector('[role="rowheader"]')!.textContent;
    expect(root(el).activeElement).to.equal(active);
    const grid = q(el, '[role="grid"]');
    grid.scrollTop = 15_000;
    await scrollSettled(grid, el);
    expect(qa(el, '[role="grid"] [tabindex="0"]')).to.deep.equal([active]);
    expect(root(el).activeElement, 'focus is not lost').to.equal(active);
    grid.scrollTop = 0;
    await scrollSettled(grid, el);
    expect(qa(el, '[role="grid"] [tabindex="0"]')).to.deep.equal([active]);
    expect(active.closest('[role="row"]')!.querySelector('[role="rowheader"]')!.textContent).to.equal(
      student,
    );
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
    const legend = text(q(el, '[part="legend"]'));
    expect(legend).to.contain('A : absent').and.contain('R : retard').and.contain('✓ : régularisée');
  });

  it('moves one focus through the grid with arrows, PageDown and Ctrl+End, scrolling as needed', async () => {
    const el = await week(1000);
    q(el, '[data-cell="0:0"]').focus();
    await sendKeys({ press: 'ArrowRight' });
    await rendered(el);
    expect(root(el).activeElement?.getAttribute('data-cell')).to.equal('0:1');
    await sendKeys({ press: 'PageDown' });
    await rendered(el);
    expect(Number(root(el).activeElement!.getAttribute('data-cell')!.split(':')[0])).to.be.greaterThan(3);
    await sendKeys({ press: 'Control+End' });
    await rendered(el);
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
    await rendered(el);
    const count = Number(q(el, '[role="grid"]').getAttribute('aria-rowcount')) - 2;
    expect(count).to.be.greaterThan(0).and.lessThan(300);
    for (const h of qa(el, '[role="grid"] [role="rowheader"]'))
      expect(h.textContent!.toLowerCase()).to.contain(name.value);
    name.value = '';
    name.dispatchEvent(new Event('input'));
    const select = q<HTMLSelectElement>(el, '.filters select');
    select.value = '4e B';
    select.dispatchEvent(new Event('change'));
    await rendered(el);
    expect(Number(q(el, '[role="grid"]').getAttribute('aria-rowcount')) - 2).to.equal(25);
    const only = q<HTMLInputElement>(el, '.check input');
    only.checked = true;
    only.dispatchEvent(new Event('change'));
    await rendered(el);
    const withEvents = Number(q(el, '[role="grid"]').getAttribute('aria-rowcount')) - 2;
    expect(withEvents).to.be.lessThan(25);
    const expected =
      withEvents > 1 ? `${withEvents} élèves affichés sur 300` : `${withEvents} élève affiché sur 300`;
    expect(text(q(el, '.filters .hint'))).to.equal(expected);
  });

  it('asks the host for the previous or next week (property mode)', async () => {
    const el = await week(30);
    const asked: string[] = [];
    el.addEventListener('preau-week-change', (e) => asked.push(e.detail.weekStart));
    const [previous, next] = qa<HTMLButtonElement>(el, '[part="week-nav"] button');
    next!.click();
    previous!.click();
    expect(asked).to.deep.equal(['2026-01-19', '2026-01-05']);
  });
});

describe('<preau-attendance> justification queue', () => {
  it('shows the dates each justification covers, emits the CPE’s decisions, accessible', async () => {
    const el = await week(60);
    const decisions: string[] = [];
    el.addEventListener('preau-justification-decide', (e) =>
      decisions.push(`${e.detail.justificationId}:${e.detail.decision}:${e.detail.comment ?? ''}`),
    );
    expect(qa(el, '[part="queue"] [data-justification]')).to.have.length(2);
    expect(text(q(el, '[part="queue"] h3'))).to.equal('Justifications à traiter (2)');
    const covers = text(q(el, '[data-justification="j1"] .covers'));
    expect(covers).to.match(/Dates concernées : .*(lun|mar|mer|jeu|ven)\. 1\d janv\./);
    q<HTMLButtonElement>(el, '[data-justification="j1"] [data-decision="validee"]').click();
    expect(decisions).to.deep.equal(['j1:validee:']);
    await expect(el).to.be.accessible();
  });

  it('asks for the reason of a refusal, with confirmation, before anything is decided', async () => {
    const el = await week(60);
    const decisions: string[] = [];
    el.addEventListener('preau-justification-decide', (e) =>
      decisions.push(`${e.detail.justificationId}:${e.detail.decision}:${e.detail.comment}`),
    );
    q<HTMLButtonElement>(el, '[data-justification="j2"] [data-decision="refusee"]').click();
    await rendered(el);
    expect(decisions).to.deep.equal([]);
    const form = q<HTMLFormElement>(el, '[part="refuse-form"]');
    expect(root(el).activeElement).to.equal(form.querySelector('textarea'));
    form.requestSubmit();
    await rendered(el);
    expect(text(form)).to.contain('Indiquez le motif du refus');
    expect(decisions).to.deep.equal([]);
    await expect(el).to.be.accessible();
    form.querySelector('textarea')!.value = 'Le car circulait ce jour-là.';
    form.requestSubmit();
    expect(decisions).to.deep.equal(['j2:refusee:Le car circulait ce jour-là.']);
  });

  describe('connected', () => {
    async function connected(): Promise<{ el: PreauAttendance; base: string }> {
      const base = `/__attendance/q-${Math.random().toString(36).slice(2)}/api/v1`;
      const el = await fixture<PreauAttendance>(
        html`<preau-attendance view="week" lang="fr"></preau-attendance>`,
      );
      el.src = `${base}/attendance/week?week=2026-01-12`;
      await until(() => el.load.state === 'ready' && !!(el.data as { queue?: unknown })?.queue, 'the week');
      await rendered(el);
      return { el, base };
    }
    const decisions = async (base: string) => (await fetch(`${base}/decisions`)).json();

    it('validates a selection in bulk, each with its own idempotency key', async () => {
      const { el, base } = await connected();
      const bulk = q<HTMLButtonElement>(el, '[data-bulk]');
      expect(bulk.disabled).to.equal(true);
      q<HTMLInputElement>(el, '[data-justification="j1"] input[type="checkbox"]').click();
      q<HTMLInputElement>(el, '[data-justification="j3"] input[type="checkbox"]').click();
      await rendered(el);
      expect(text(bulk)).to.equal('Valider la sélection (2)');
      bulk.click();
      await rendered(el);
      expect(
        qa(el, '[part="queue"] [data-justification]').map((li) => li.dataset.justification),
      ).to.deep.equal(['j2']);
      await el.saves.settled();
      const sent = await decisions(base);
      expect(sent.map((d: { id: string; decision: string }) => `${d.id}:${d.decision}`)).to.deep.equal([
        'j1:validee',
        'j3:validee',
      ]);
      expect(new Set(sent.map((d: { key: string }) => d.key)).size).to.equal(2);
    });

    it('undoes a refusal before it is sent: nothing reaches the server', async () => {
      const { el, base } = await connected();
      q<HTMLButtonElement>(el, '[data-justification="j2"] [data-decision="refusee"]').click();
      await rendered(el);
      q<HTMLTextAreaElement>(el, '[part="refuse-form"] textarea').value = 'Pas de panne signalée.';
      q<HTMLFormElement>(el, '[part="refuse-form"]').requestSubmit();
      await rendered(el);
      expect(q(el, '[data-justification="j2"]')).to.equal(null);
      expect(text(q(el, '[part="undo"]'))).to.contain('Justification de Nathan DUBOIS refusée');
      q<HTMLButtonElement>(el, '[part="undo"] button').click();
      await rendered(el);
      expect(q(el, '[data-justification="j2"]')).to.exist;
      await el.saves.settled();
      expect(await decisions(base)).to.deep.equal([]);
    });

    it('loads the next week with the arrows', async () => {
      const { el } = await connected();
      q<HTMLButtonElement>(el, '[part="week-nav"] button:last-child').click();
      await until(() => (el.data as { weekStart?: string })?.weekStart === '2026-01-19', 'the next week');
      await rendered(el);
      expect(text(q(el, 'h2'))).to.contain('19 janvier 2026');
    });
  });
});
