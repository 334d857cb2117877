import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { runElementContract } from '../../test-support/element-contract.js';
import { rendered, until } from '../../test-support/rendering.js';
import './gradebook.js';
import type { PreauGradebook } from './gradebook.js';
import type { GradebookSheet, StudentResults } from './gradebook.types.js';

function sheet(): GradebookSheet {
  return {
    class: { id: 'c-4b', name: '4e B' },
    subject: { id: 'maths', name: 'Mathématiques' },
    period: { id: 't1', label: '1er trimestre' },
    periods: [
      { id: 't1', label: '1er trimestre' },
      { id: 't2', label: '2e trimestre' },
      { id: 't3', label: '3e trimestre' },
    ],
    evaluations: [
      {
        id: 'e1',
        title: 'Fractions',
        date: '2026-09-18',
        coefficient: 1,
        outOf: 20,
        rescaleTo20: true,
        kind: 'normal',
        publishOn: '2026-09-25',
      },
      {
        id: 'e2',
        title: 'Puissances',
        date: '2026-10-09',
        coefficient: 2,
        outOf: 20,
        rescaleTo20: true,
        kind: 'normal',
        publishOn: '2026-10-16',
      },
    ],
    students: [
      { id: 's1', lastName: 'Bernard', firstName: 'Léa' },
      { id: 's2', lastName: 'Dubois', firstName: 'Nathan' },
    ],
    marks: [
      { studentId: 's1', evaluationId: 'e1', value: 12 },
      { studentId: 's2', evaluationId: 'e1', value: 15.5 },
    ],
    appreciations: [{ studentId: 's1', text: 'Bon trimestre.' }],
  };
}

const root = (el: PreauGradebook) => el.shadowRoot!;
const q = <T extends Element = HTMLElement>(el: PreauGradebook, sel: string) =>
  root(el).querySelector<T>(sel)!;
const text = (n: Element | null) => (n?.textContent ?? '').replace(/\s+/g, ' ').trim();
const field = (el: PreauGradebook, name: string) =>
  q<HTMLInputElement>(el, `[part~="evaluation-form"] [name="${name}"]`);

async function mount(data: GradebookSheet | StudentResults = sheet()): Promise<PreauGradebook> {
  const el = await fixture<PreauGradebook>(html`<preau-gradebook lang="fr" .data=${data}></preau-gradebook>`);
  el.clock = () => new Date('2026-11-06T10:00:00Z');
  await rendered(el);
  return el;
}

async function openEditorOf(el: PreauGradebook, col: number): Promise<void> {
  q(el, `[data-cell="0:${col}"]`).click();
  await rendered(el);
  q<HTMLButtonElement>(el, '[data-edit]').click();
  await rendered(el);
}

describe('<preau-gradebook> évaluations', () => {
  it('Enter in the title goes to the next field: only the button creates', async () => {
    const el = await mount();
    let created = 0;
    el.addEventListener('preau-evaluation-create', () => created++);
    q<HTMLButtonElement>(el, '[data-add]').click();
    await rendered(el);
    expect(root(el).activeElement).to.equal(field(el, 'title'));
    await sendKeys({ type: 'Géom' });
    await sendKeys({ press: 'Enter' });
    await rendered(el);
    expect(created).to.equal(0);
    expect(root(el).activeElement).to.equal(field(el, 'date'));
    expect(field(el, 'date').value, 'today by the element’s clock').to.equal('2026-11-06');
    expect(q(el, '[part~="evaluation-form"]')).to.exist;
    q<HTMLButtonElement>(el, '[part~="evaluation-form"] button[type="submit"]').click();
    await rendered(el);
    expect(created).to.equal(1);
  });

  it('renames the évaluation of the active column (preau-evaluation-update)', async () => {
    const el = await mount();
    const updates: unknown[] = [];
    el.addEventListener('preau-evaluation-update', (e) => updates.push(e.detail));
    await openEditorOf(el, 2);
    expect(text(q(el, '[part~="evaluation-form"] h3'))).to.contain('Modifier « Puissances »');
    expect(field(el, 'title').value).to.equal('Puissances');
    field(el, 'title').value = 'Puissances de 10';
    q<HTMLFormElement>(el, '[part~="evaluation-form"]').requestSubmit();
    expect(updates).to.deep.equal([{ evaluationId: 'e2', changes: { title: 'Puissances de 10' } }]);
    await rendered(el);
    expect(text(q(el, '[role="status"]'))).to.contain('« Puissances de 10 » modifiée');
    await expect(el).to.be.accessible();
  });

  it('deletes an évaluation only after a confirmation naming its marks', async () => {
    const el = await mount();
    const deleted: string[] = [];
    el.addEventListener('preau-evaluation-delete', (e) => deleted.push(e.detail.evaluationId));
    await openEditorOf(el, 1);
    q<HTMLButtonElement>(el, '[data-delete]').click();
    await rendered(el);
    expect(deleted).to.deep.equal([]);
    expect(text(q(el, '[part="confirm-delete"]'))).to.contain('Supprimer « Fractions » et ses 2 notes');
    await expect(el).to.be.accessible();
    q<HTMLButtonElement>(el, '[data-confirm]').click();
    expect(deleted).to.deep.equal(['e1']);
  });

  it('writes appréciations and tells the host what changed', async () => {
    const el = await mount({ ...sheet(), generalAppreciations: [] });
    const saved: unknown[] = [];
    el.addEventListener('preau-appreciation-save', (e) => saved.push(e.detail));
    q<HTMLButtonElement>(el, '[data-appreciations]').click();
    await rendered(el);
    const areas = [...root(el).querySelectorAll<HTMLTextAreaElement>('[part="appreciations"] textarea')];
    expect(areas).to.have.length(4); // subject and general, for two students
    expect(areas[0]!.value).to.equal('Bon trimestre.');
    expect(areas[0]!.maxLength).to.equal(500);
    areas[2]!.value = 'Des progrès.';
    areas[3]!.value = 'Élève sérieux.';
    await expect(el).to.be.accessible();
    q<HTMLFormElement>(el, '[part="appreciations"]').requestSubmit();
    expect(saved).to.deep.equal([
      { periodId: 't1', subjectId: 'maths', items: [{ studentId: 's2', text: 'Des progrès.' }] },
      { periodId: 't1', subjectId: null, items: [{ studentId: 's2', text: 'Élève sérieux.' }] },
    ]);
  });
});

describe('<preau-gradebook> periods', () => {
  it('lists the class’s periods and asks the host for another (keyboard, announced)', async () => {
    const el = await mount();
    const asked: string[] = [];
    el.addEventListener('preau-period-change', (e) => asked.push(e.detail.periodId));
    const select = q<HTMLSelectElement>(el, '[part~="periods"] select');
    expect(text(q(el, '[part~="periods"] label'))).to.equal('Période');
    expect([...select.options].map((o) => o.textContent)).to.deep.equal([
      '1er trimestre',
      '2e trimestre',
      '3e trimestre',
    ]);
    expect(select.value).to.equal('t1');
    select.focus();
    await sendKeys({ press: 'ArrowDown' });
    await rendered(el);
    expect(asked).to.deep.equal(['t2']);
    expect(text(q(el, '[role="status"]'))).to.equal('2e trimestre affiché.');
  });

  it('lists the periods in the student’s and the parent’s view too', async () => {
    const results: StudentResults = {
      student: { id: 's1', firstName: 'Léa', lastName: 'Bernard' },
      period: { id: 't2', label: '2e trimestre' },
      periods: [
        { id: 't1', label: '1er trimestre' },
        { id: 't2', label: '2e trimestre' },
      ],
      subjects: [],
    };
    const el = await mount(results);
    expect(q<HTMLSelectElement>(el, '[part~="periods"] select').value).to.equal('t2');
    await expect(el).to.be.accessible();
  });

  describe('connected', () => {
    let n = 0;
    const src = () => `/__gradebook/p${Date.now()}${++n}/api/v1/gradebook/classes/c-4b/sheet?subjectId=maths`;
    async function connected(url: string) {
      const el = await fixture<PreauGradebook>(html`<preau-gradebook src=${url}></preau-gradebook>`);
      await until(() => el.load.state === 'ready', 'the sheet');
      await rendered(el);
      return el;
    }

    it('loads the chosen period', async () => {
      const el = await connected(src());
      const select = q<HTMLSelectElement>(el, '[part~="periods"] select');
      select.value = 't2';
      select.dispatchEvent(new Event('change'));
      await until(() => (el.data as GradebookSheet).period.id === 't2', 'the second trimester');
      expect(el.load.loadedUrl).to.contain('subjectId=maths').and.contain('periodId=t2');
      await rendered(el);
      expect(text(q(el, 'h2'))).to.contain('2e trimestre');
    });

    it('renames and deletes an évaluation on the server', async () => {
      const url = src();
      const api = url.replace(/gradebook\/classes.*$/, '');
      const el = await connected(url);
      await openEditorOf(el, 2);
      field(el, 'title').value = 'Puissances de 10';
      q<HTMLFormElement>(el, '[part~="evaluation-form"]').requestSubmit();
      await el.saves.settled();
      await until(() => text(q(el, 'thead')).includes('Puissances de 10'), 'the renamed column');
      await openEditorOf(el, 1);
      q<HTMLButtonElement>(el, '[data-delete]').click();
      await rendered(el);
      q<HTMLButtonElement>(el, '[data-confirm]').click();
      await el.saves.settled();
      await until(() => !text(q(el, 'thead')).includes('Fractions'), 'the column gone');
      const writes = await (await fetch(`${api}writes`)).json();
      expect(writes.map((w: { method: string; route: string }) => `${w.method} ${w.route}`)).to.deep.equal([
        'PATCH gradebook/evaluations/e2',
        'DELETE gradebook/evaluations/e1',
      ]);
      expect(writes[0].body).to.deep.equal({ title: 'Puissances de 10' });
    });

    it('saves appréciations to the class', async () => {
      const url = src();
      const api = url.replace(/gradebook\/classes.*$/, '');
      const el = await connected(url);
      q<HTMLButtonElement>(el, '[data-appreciations]').click();
      await rendered(el);
      const areas = [...root(el).querySelectorAll<HTMLTextAreaElement>('[part="appreciations"] textarea')];
      areas[0]!.value = 'Très bon trimestre.';
      q<HTMLFormElement>(el, '[part="appreciations"]').requestSubmit();
      await el.saves.settled();
      await rendered(el);
      expect(text(q(el, '[role="status"]'))).to.contain('Appréciations enregistrées');
      const writes = await (await fetch(`${api}writes`)).json();
      expect(writes[0].body).to.deep.equal({
        periodId: 't1',
        subjectId: 'maths',
        items: [{ studentId: 's1', text: 'Très bon trimestre.' }],
      });
    });
  });
});

runElementContract({
  tag: 'preau-gradebook',
  module: '/packages/components/src/gradebook/gradebook.ts',
  scenarios: [
    { name: 'teacher’s sheet', properties: { data: sheet() }, scrollers: ['[part~="scroller"]'] },
    {
      name: 'student’s results',
      properties: {
        data: {
          student: { id: 's1', firstName: 'Léa', lastName: 'Bernard' },
          period: { id: 't1', label: '1er trimestre' },
          periods: [
            { id: 't1', label: '1er trimestre' },
            { id: 't2', label: '2e trimestre' },
          ],
          generalAverage: 13.46,
          subjects: [
            {
              id: 'maths',
              name: 'Mathématiques',
              average: 14,
              classStats: { count: 28, average: 11.2, min: 4, max: 19 },
              evaluations: [
                {
                  id: 'e1',
                  title: 'Fractions',
                  date: '2026-09-18',
                  coefficient: 1,
                  outOf: 20,
                  mark: 12,
                  classStats: { count: 28, average: 10.5, min: 3, max: 19 },
                },
              ],
              appreciation: 'Bon trimestre.',
            },
          ],
          competences: [{ domain: 'CPD_FRA', level: 3 }],
        } satisfies StudentResults,
      },
    },
  ],
});
