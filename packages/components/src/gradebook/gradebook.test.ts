import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { formatAverage, subjectAverage } from '@preau/core/gradebook/index';
import { sendKeys } from '@web/test-runner-commands';
import './gradebook.js';
import type { PreauMarkChangeEvent } from './gradebook.events.js';
import type { PreauGradebook } from './gradebook.js';
import type { GradebookSheet, StudentResults } from './gradebook.types.js';

function sheet(): GradebookSheet {
  return {
    class: { id: 'c-4b', name: '4e B' },
    subject: { id: 'maths', name: 'Mathématiques' },
    period: { id: 't1', label: '1er trimestre' },
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
      {
        id: 'e3',
        title: 'Calcul mental',
        date: '2026-10-16',
        coefficient: 0.5,
        outOf: 10,
        rescaleTo20: true,
        kind: 'normal',
        publishOn: '2026-10-16',
      },
    ],
    students: [
      { id: 's1', lastName: 'Bernard', firstName: 'Léa' },
      { id: 's2', lastName: 'Dubois', firstName: 'Nathan' },
      { id: 's3', lastName: 'Moreau', firstName: 'Inès' },
      { id: 's4', lastName: 'Petit', firstName: 'Hugo' },
    ],
    marks: [
      { studentId: 's1', evaluationId: 'e1', value: 12 },
      { studentId: 's1', evaluationId: 'e2', value: 15 },
      { studentId: 's2', evaluationId: 'e1', value: 15.5 },
      { studentId: 's3', evaluationId: 'e1', value: 'Abs' },
      { studentId: 's3', evaluationId: 'e2', value: 9 },
    ],
  };
}

async function mount(data: GradebookSheet | StudentResults = sheet(), lang = 'fr'): Promise<PreauGradebook> {
  return fixture<PreauGradebook>(html`<preau-gradebook lang=${lang} .data=${data}></preau-gradebook>`);
}

const root = (el: PreauGradebook) => el.shadowRoot!;
const bodyRows = (el: PreauGradebook) => [...root(el).querySelectorAll<HTMLTableRowElement>('tbody tr')];
const cellText = (el: PreauGradebook, r: number, c: number) => bodyRows(el)[r]!.cells[c]!.textContent!.trim();
const statsText = (el: PreauGradebook, r: number, c: number) =>
  root(el).querySelectorAll('tfoot tr')[r]!.querySelectorAll('th, td')[c]!.textContent!.trim();
const focused = (el: PreauGradebook) => root(el).activeElement as HTMLElement | null;
const focusedPos = (el: PreauGradebook) => {
  const cell = focused(el)!.closest('td, th') as HTMLTableCellElement;
  const tr = cell.parentElement as HTMLTableRowElement;
  return [tr.parentElement!.localName, tr.sectionRowIndex, cell.cellIndex].join(':');
};
const alertText = (el: PreauGradebook) => root(el).querySelector('[role="alert"]')!.textContent!.trim();
const statusText = (el: PreauGradebook) => root(el).querySelector('[role="status"]')!.textContent!.trim();

async function focusCell(el: PreauGradebook, r: number, c: number) {
  bodyRows(el)[r]!.cells[c]!.click();
  await el.updateComplete;
}

async function type(el: PreauGradebook, text: string) {
  await sendKeys({ type: text });
  await el.updateComplete;
}

async function press(el: PreauGradebook, key: string) {
  await sendKeys({ press: key });
  await el.updateComplete;
}

function paste(el: PreauGradebook, text: string) {
  const data = new DataTransfer();
  data.setData('text/plain', text);
  focused(el)!.dispatchEvent(
    new ClipboardEvent('paste', { clipboardData: data, bubbles: true, composed: true }),
  );
  return el.updateComplete;
}

describe('<preau-gradebook> teacher view', () => {
  it('renders students × évaluations with names, marks, averages from the rules and class statistics', async () => {
    const el = await mount();
    expect(bodyRows(el)).to.have.length(4);
    const headers = [...root(el).querySelectorAll('thead th')].map((th) =>
      th.textContent!.replace(/\s+/g, ' ').trim(),
    );
    expect(headers[0]).to.equal('Élève');
    expect(headers[1]).to.contain('Fractions').and.contain('/20').and.contain('coef. 1');
    expect(headers[3]).to.contain('coef. 0,5').and.contain('/10');
    expect(headers[4]).to.equal('Moyenne');
    expect(cellText(el, 0, 0)).to.equal('Léa BERNARD');
    expect(cellText(el, 1, 1)).to.equal('15,5');
    expect(cellText(el, 2, 1)).to.equal('Abs');
    expect(root(el).querySelector('tbody abbr')!.getAttribute('title')).to.equal('Absent');
    // Léa: (12×1 + 15×2) / 3 = 14; Inès: Abs left out → 9.
    expect(cellText(el, 0, 4)).to.equal('14,00');
    expect(cellText(el, 2, 4)).to.equal('9,00');
    expect(cellText(el, 3, 4)).to.equal('');
    const s = sheet();
    const expected = subjectAverage(
      s.evaluations.flatMap((e) => {
        const m = s.marks.find((x) => x.studentId === 's1' && x.evaluationId === e.id);
        return m ? [{ evaluation: e, value: m.value }] : [];
      }),
    );
    expect(cellText(el, 0, 4)).to.equal(formatAverage(expected));
    // Class statistics of Fractions: 12 and 15,5 (Abs left out).
    expect(statsText(el, 0, 0)).to.equal('Moyenne de la classe');
    expect(statsText(el, 0, 1)).to.equal('13,75');
    expect(statsText(el, 1, 1)).to.equal('12,00');
    expect(statsText(el, 2, 1)).to.equal('15,50');
    // Subject averages: 14, 15,5, 9.
    expect(statsText(el, 0, 4)).to.equal('12,83');
    expect(root(el).querySelector('[role="grid"]')!.getAttribute('aria-rowcount')).to.equal('8');
    // Sticky header row and name column: scrolling the grid keeps them in view.
    expect(getComputedStyle(root(el).querySelector('thead th:nth-child(2)')!).position).to.equal('sticky');
    expect(getComputedStyle(bodyRows(el)[0]!.cells[0]!).position).to.equal('sticky');
    const scroller = root(el).querySelector<HTMLElement>('[part~="scroller"]')!;
    el.style.setProperty('--preau-gradebook-max-height', '6em');
    el.style.width = '20em';
    await el.updateComplete;
    scroller.scrollTo(400, 400);
    const box = scroller.getBoundingClientRect();
    const head = root(el).querySelector('thead th:nth-child(3)')!.getBoundingClientRect();
    const name = bodyRows(el)[3]!.cells[0]!.getBoundingClientRect();
    expect(Math.round(head.top)).to.equal(Math.round(box.top + 1));
    expect(Math.round(name.left)).to.equal(Math.round(box.left + 1));
  });

  it('has one tab stop and moves with arrows, Home/End, Ctrl+Home/End and PageUp/PageDown', async () => {
    const el = await mount();
    expect(root(el).querySelectorAll('[role="grid"] [tabindex="0"]')).to.have.length(1);
    await focusCell(el, 0, 1);
    expect(focusedPos(el)).to.equal('tbody:0:1');
    await press(el, 'ArrowRight');
    expect(focusedPos(el)).to.equal('tbody:0:2');
    await press(el, 'ArrowDown');
    expect(focusedPos(el)).to.equal('tbody:1:2');
    await press(el, 'Home');
    expect(focusedPos(el)).to.equal('tbody:1:0');
    await press(el, 'ArrowLeft');
    expect(focusedPos(el)).to.equal('tbody:1:0');
    await press(el, 'End');
    expect(focusedPos(el)).to.equal('tbody:1:4');
    await press(el, 'Control+End');
    expect(focusedPos(el)).to.equal('tfoot:2:4');
    await press(el, 'Control+Home');
    expect(focusedPos(el)).to.equal('tbody:0:0');
    await press(el, 'PageDown');
    expect(focusedPos(el).startsWith('tbody:0')).to.equal(false);
    await press(el, 'PageUp');
    expect(focusedPos(el)).to.equal('tbody:0:0');
    expect(root(el).querySelectorAll('[role="grid"] [tabindex="0"]')).to.have.length(1);
  });

  it('edits with typing, Enter, F2 and Escape, refreshes averages and fires preau-mark-change', async () => {
    const el = await mount();
    const events: PreauMarkChangeEvent[] = [];
    el.addEventListener('preau-mark-change', (e) => events.push(e));
    await focusCell(el, 3, 1);
    await type(el, '1');
    const editor = root(el).querySelector<HTMLInputElement>('[part~="editor"]')!;
    expect(editor).to.exist;
    expect(editor.value).to.equal('1');
    expect(editor.getAttribute('aria-label')).to.contain('Hugo PETIT').and.contain('Fractions');
    await type(el, '7,25');
    await press(el, 'Enter');
    expect(root(el).querySelector('[part~="editor"]')).to.equal(null);
    expect(cellText(el, 3, 1)).to.equal('17,25');
    expect(cellText(el, 3, 4)).to.equal('17,25');
    expect(focusedPos(el)).to.equal('tfoot:0:1');
    expect(events).to.have.length(1);
    expect(events[0]!.detail).to.deep.equal({
      changes: [{ studentId: 's4', evaluationId: 'e1', previous: null, value: 17.25 }],
      origin: 'edit',
    });
    // F2 opens the current value; Escape leaves it unchanged.
    await focusCell(el, 0, 1);
    await press(el, 'F2');
    expect(root(el).querySelector<HTMLInputElement>('[part~="editor"]')!.value).to.equal('12');
    await type(el, '0');
    await press(el, 'Escape');
    expect(cellText(el, 0, 1)).to.equal('12');
    expect(focusedPos(el)).to.equal('tbody:0:1');
    // Annotations typed in any case; Tab moves right.
    await type(el, 'disp');
    await press(el, 'Tab');
    expect(cellText(el, 0, 1)).to.equal('Disp');
    expect(focusedPos(el)).to.equal('tbody:0:2');
    expect(cellText(el, 0, 4)).to.equal('15,00');
    await press(el, 'Enter');
    expect(root(el).querySelector<HTMLInputElement>('[part~="editor"]')!.selectionStart).to.equal(0);
    await type(el, 'NN');
    await press(el, 'Enter');
    expect(cellText(el, 0, 2)).to.equal('NN');
    expect(cellText(el, 0, 4)).to.equal('');
    expect(events).to.have.length(3);
  });

  it('refuses a value outside the barème on the spot, with a visible and announced message, and saves nothing', async () => {
    const el = await mount();
    let fired = 0;
    el.addEventListener('preau-mark-change', () => fired++);
    await focusCell(el, 3, 3); // Calcul mental, sur 10
    await type(el, '1');
    expect(alertText(el)).to.equal('');
    await type(el, '2');
    // Refused as soon as it is typed, before validation.
    expect(alertText(el)).to.contain('dépasse le barème');
    await press(el, 'Enter');
    const editor = root(el).querySelector<HTMLInputElement>('[part~="editor"]')!;
    expect(editor, 'the editor stays open').to.exist;
    expect(editor.getAttribute('aria-invalid')).to.equal('true');
    expect(alertText(el)).to.contain('Note refusée').and.contain('dépasse le barème');
    expect(root(el).querySelector('[role="alert"]')!.checkVisibility()).to.equal(true);
    expect(focused(el)).to.equal(editor);
    await type(el, 'x');
    await press(el, 'Enter');
    expect(alertText(el)).to.contain('n’est pas une note');
    await press(el, 'Escape');
    expect(cellText(el, 3, 3)).to.equal('');
    expect(fired).to.equal(0);
    // A negative mark is refused too.
    await type(el, '-2');
    await press(el, 'Enter');
    expect(alertText(el)).to.contain('négative');
    await press(el, 'Escape');
    expect(fired).to.equal(0);
  });

  it('pastes a rectangular block from a spreadsheet at the active cell, all or nothing', async () => {
    const el = await mount();
    const events: PreauMarkChangeEvent[] = [];
    el.addEventListener('preau-mark-change', (e) => events.push(e));
    await focusCell(el, 1, 2);
    await paste(el, '11,5\t8\r\nabs\t"9,75"\r\n');
    expect(cellText(el, 1, 2)).to.equal('11,5');
    expect(cellText(el, 1, 3)).to.equal('8');
    expect(cellText(el, 2, 2)).to.equal('Abs');
    expect(cellText(el, 2, 3)).to.equal('9,75');
    expect(events).to.have.length(1);
    expect(events[0]!.detail.origin).to.equal('paste');
    expect(events[0]!.detail.changes).to.have.length(4);
    expect(statusText(el)).to.contain('4 notes collées');
    // Refused block: one value above its barème (sur 10) and nothing changes.
    await focusCell(el, 3, 2);
    await paste(el, '14\t11\n');
    expect(cellText(el, 3, 2)).to.equal('');
    expect(cellText(el, 3, 3)).to.equal('');
    expect(alertText(el)).to.contain('Collage refusé').and.contain('ligne 1, colonne 2');
    expect(events).to.have.length(1);
    // Values beyond the grid are ignored and said so.
    await focusCell(el, 3, 3);
    await paste(el, '5\t6\t7\n4\n');
    expect(cellText(el, 3, 3)).to.equal('5');
    expect(statusText(el)).to.contain('3 valeurs hors du tableau ignorées');
  });

  it('undoes and redoes edits and pastes (Ctrl+Z, Ctrl+Y, Ctrl+Shift+Z)', async () => {
    const el = await mount();
    await focusCell(el, 0, 1);
    await type(el, '18');
    await press(el, 'Enter');
    await focusCell(el, 1, 2);
    await paste(el, '10\t5\n');
    expect(cellText(el, 1, 2)).to.equal('10');
    await press(el, 'Control+z');
    expect(cellText(el, 1, 2)).to.equal('');
    expect(cellText(el, 1, 3)).to.equal('');
    expect(cellText(el, 0, 1)).to.equal('18');
    await press(el, 'Control+z');
    expect(cellText(el, 0, 1)).to.equal('12');
    expect(cellText(el, 0, 4)).to.equal('14,00');
    await press(el, 'Control+y');
    expect(cellText(el, 0, 1)).to.equal('18');
    await press(el, 'Control+Shift+Z');
    expect(cellText(el, 1, 2)).to.equal('10');
    expect(cellText(el, 1, 3)).to.equal('5');
    await press(el, 'Control+y');
    expect(statusText(el)).to.contain('Rien à rétablir');
    // Delete clears a mark, and is undone like any edit.
    await focusCell(el, 2, 1);
    await press(el, 'Delete');
    expect(cellText(el, 2, 1)).to.equal('');
    await press(el, 'Control+z');
    expect(cellText(el, 2, 1)).to.equal('Abs');
  });

  it('copies the active cell as the spreadsheet expects it (decimal comma)', async () => {
    const el = await mount();
    await focusCell(el, 1, 1);
    const data = new DataTransfer();
    const copy = new ClipboardEvent('copy', {
      clipboardData: data,
      bubbles: true,
      composed: true,
      cancelable: true,
    });
    focused(el)!.dispatchEvent(copy);
    expect(copy.defaultPrevented).to.equal(true);
    expect(data.getData('text/plain')).to.equal('15,5');
  });

  it('selects a block with Shift+arrows or Shift+click, copies it as tab-separated text, clears it with Delete', async () => {
    const el = await mount();
    await focusCell(el, 0, 1);
    await press(el, 'Shift+ArrowRight');
    await press(el, 'Shift+ArrowDown');
    const selected = () =>
      [...root(el).querySelectorAll('[aria-selected="true"]')].map((c) => c.textContent!.trim());
    expect(selected()).to.deep.equal(['12', '15', '15,5', '']);
    expect(getComputedStyle(bodyRows(el)[1]!.cells[1]!).backgroundColor).to.not.equal(
      getComputedStyle(bodyRows(el)[2]!.cells[1]!).backgroundColor,
    );
    const data = new DataTransfer();
    focused(el)!.dispatchEvent(
      new ClipboardEvent('copy', { clipboardData: data, bubbles: true, composed: true }),
    );
    expect(data.getData('text/plain')).to.equal('12\t15\n15,5\t');
    await press(el, 'Delete');
    expect(cellText(el, 0, 1)).to.equal('');
    expect(cellText(el, 0, 2)).to.equal('');
    expect(cellText(el, 1, 1)).to.equal('');
    await press(el, 'Control+z');
    expect(cellText(el, 0, 2)).to.equal('15');
    // Escape drops the block; a plain move too.
    await press(el, 'Escape');
    expect(selected()).to.deep.equal([]);
    // Shift+click from the active cell; a paste goes to the block's top-left cell.
    await focusCell(el, 3, 3);
    const target = bodyRows(el)[2]!.cells[2]!;
    target.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true, shiftKey: true }));
    target.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, shiftKey: true }));
    await el.updateComplete;
    expect(selected()).to.have.length(4);
    await paste(el, '8\n');
    expect(cellText(el, 2, 2)).to.equal('8');
    await expect(el).to.be.accessible();
  });

  it('keeps undo history when the host hands back the same sheet updated', async () => {
    const el = await mount();
    el.addEventListener('preau-mark-change', () => {
      // A host that owns the state: it applies the change and sets new data.
      queueMicrotask(() => {
        el.data = {
          ...sheet(),
          marks: [
            ...sheet().marks.filter((m) => m.studentId !== 's1' || m.evaluationId !== 'e1'),
            { studentId: 's1', evaluationId: 'e1', value: 4 },
          ],
        };
      });
    });
    await focusCell(el, 0, 1);
    await type(el, '4');
    await press(el, 'Enter');
    await el.updateComplete;
    expect(cellText(el, 0, 1)).to.equal('4');
    expect(el.canUndo).to.equal(true);
  });

  it('keeps the cell unchanged when the host cancels preau-mark-change', async () => {
    const el = await mount();
    el.addEventListener('preau-mark-change', (e) => e.preventDefault());
    await focusCell(el, 0, 1);
    await type(el, '3');
    await press(el, 'Enter');
    expect(cellText(el, 0, 1)).to.equal('12');
    expect(el.canUndo).to.equal(false);
  });

  it('re-renders only the rows that changed', async () => {
    const el = await mount();
    const before = bodyRows(el).map((r) => r.cells[1]!.firstChild);
    await focusCell(el, 0, 1);
    await type(el, '19');
    await press(el, 'Enter');
    const after = bodyRows(el).map((r) => r.cells[1]!.firstChild);
    expect(after[2]).to.equal(before[2]);
    expect(after[3]).to.equal(before[3]);
  });

  it('adds an évaluation from its form, with French errors for bad fields', async () => {
    const el = await mount();
    root(el).querySelector<HTMLButtonElement>('[part~="toolbar"] button')!.click();
    await el.updateComplete;
    const form = root(el).querySelector<HTMLFormElement>('[part~="evaluation-form"]')!;
    const field = (n: string) => form.querySelector<HTMLInputElement>(`[name="${n}"]`)!;
    // Strict Content-Security-Policy (no inline style): no style attribute anywhere.
    expect(root(el).querySelectorAll('[style]')).to.have.length(0);
    field('coefficient').value = '-1';
    form.requestSubmit();
    await el.updateComplete;
    expect(form.textContent)
      .to.contain('Indiquez un titre.')
      .and.contain('Le coefficient doit être un nombre positif');
    expect(field('title').getAttribute('aria-invalid')).to.equal('true');
    field('title').value = 'Géométrie';
    field('coefficient').value = '1,5';
    field('outOf').value = '40';
    field('date').value = '2026-11-06';
    field('publishOn').value = '2026-11-13';
    setTimeout(() => form.requestSubmit());
    const event = await oneEvent(el, 'preau-evaluation-create');
    expect(event.detail.evaluation).to.deep.include({
      title: 'Géométrie',
      coefficient: 1.5,
      outOf: 40,
      date: '2026-11-06',
      publishOn: '2026-11-13',
      classId: 'c-4b',
      subjectId: 'maths',
      periodId: 't1',
    });
  });

  it('is read-only when the viewer may not edit (canEdit false)', async () => {
    const el = await mount({ ...sheet(), canEdit: false });
    expect(root(el).querySelector('[data-add]') === null, 'no évaluation form').to.equal(true);
    expect(root(el).querySelector('[role="grid"]')!.getAttribute('aria-readonly')).to.equal('true');
    await focusCell(el, 0, 1);
    await type(el, '5');
    await press(el, 'Enter');
    expect(root(el).querySelector('[part~="editor"]')).to.equal(null);
    expect(cellText(el, 0, 1)).to.equal('12');
  });

  it('never throws on bad data: shows what is usable', async () => {
    const bad = {
      class: null,
      students: [{ id: 's1', lastName: 'Bernard', firstName: 'Léa' }, null, 42],
      evaluations: [
        { id: 'e1', title: 'Fractions', date: '2026-09-18', coefficient: 1, outOf: 20 },
        { id: 'e2', outOf: 0 },
      ],
      marks: 'nope',
    } as unknown as GradebookSheet;
    const el = await mount(bad);
    expect(bodyRows(el)).to.have.length(1);
    expect(root(el).querySelectorAll('thead th')).to.have.length(3);
    const results = await mount({
      student: { firstName: 'Léa' },
      subjects: [{ name: 'Maths' }],
      competences: [{ domain: 'CPD_FRA', level: 9 }],
    } as unknown as StudentResults);
    expect(root(results).textContent).to.contain('Aucune note publiée');
    expect(root(results).querySelector('[part~="competences"] td')!.textContent!.trim()).to.equal('—');
    const nothing = await mount('hello' as unknown as GradebookSheet);
    expect(root(nothing).querySelector('[part~="empty"]')!.textContent).to.contain('Aucune donnée');
  });

  it('shows the empty states', async () => {
    const noStudents = await mount({ ...sheet(), students: [], marks: [] });
    expect(root(noStudents).querySelector('[part~="empty"]')!.textContent).to.contain('Aucun élève');
    const noEvals = await mount({ ...sheet(), evaluations: [], marks: [] });
    expect(root(noEvals).querySelector('[part~="empty"]')!.textContent).to.contain('Aucune évaluation');
    await expect(noEvals).to.be.accessible();
  });

  it('speaks English with lang="en"', async () => {
    const el = await mount(sheet(), 'en');
    expect(root(el).querySelector('thead th')!.textContent!.trim()).to.equal('Student');
    expect(cellText(el, 1, 1)).to.equal('15.5');
    expect(cellText(el, 0, 4)).to.equal('14.00');
    await focusCell(el, 3, 3);
    await type(el, '11');
    await press(el, 'Enter');
    expect(alertText(el)).to.contain('Mark refused').and.contain('above the maximum');
    await press(el, 'Escape');
    // Follows a language change of the page at once.
    el.lang = 'fr';
    await el.updateComplete;
    expect(root(el).querySelector('thead th')!.textContent!.trim()).to.equal('Élève');
    expect(cellText(el, 0, 4)).to.equal('14,00');
  });

  it('is accessible (axe), also in board density and while editing', async () => {
    const el = await mount();
    await expect(el).to.be.accessible();
    await focusCell(el, 0, 1);
    await press(el, 'Enter');
    await expect(el).to.be.accessible();
    el.density = 'board';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('board density: large targets, tap selects a cell and a second tap edits it', async () => {
    const el = await fixture<PreauGradebook>(
      html`<preau-gradebook density="board" .data=${sheet()}></preau-gradebook>`,
    );
    const cell = bodyRows(el)[1]!.cells[2]!;
    expect(cell.getBoundingClientRect().height).to.be.at.least(44);
    cell.click();
    await el.updateComplete;
    expect(focusedPos(el)).to.equal('tbody:1:2');
    expect(root(el).querySelector('[part~="editor"]')).to.equal(null);
    bodyRows(el)[1]!.cells[2]!.click();
    await el.updateComplete;
    expect(root(el).querySelector('[part~="editor"]')).to.exist;
  });

  it('keeps its look inside hostile host CSS', async () => {
    const style = document.createElement('style');
    style.textContent = `body { text-transform: uppercase; letter-spacing: 0.5em; line-height: 0; text-align: center;
      font-size: 31px } table, td, th { display: block !important; color: red !important }`;
    document.head.append(style);
    try {
      const el = await mount();
      const cell = bodyRows(el)[0]!.cells[0]!;
      const cs = getComputedStyle(cell);
      expect(cs.textTransform).to.equal('none');
      expect(cs.letterSpacing).to.equal('normal');
      expect(cs.display).to.equal('table-cell');
      expect(cs.color).to.not.equal('rgb(255, 0, 0)');
      expect(cellText(el, 0, 0)).to.equal('Léa BERNARD');
    } finally {
      style.remove();
    }
  });
});

describe('<preau-gradebook> student and parent view', () => {
  const results = (): StudentResults => ({
    student: { id: 's1', firstName: 'Léa', lastName: 'Bernard' },
    period: { id: 't1', label: '1er trimestre' },
    generalAverage: 13.456,
    rank: { position: 5, of: 28 },
    subjects: [
      {
        id: 'maths',
        name: 'Mathématiques',
        average: 14,
        classStats: { count: 27, average: 11.2, min: 4, max: 18.5 },
        evaluations: [
          {
            id: 'e1',
            title: 'Fractions',
            date: '2026-09-18',
            coefficient: 1,
            outOf: 20,
            mark: 12,
            classStats: { count: 27, average: 10.5, min: 3, max: 19 },
          },
          {
            id: 'e2',
            title: 'Puissances',
            date: '2026-10-09',
            coefficient: 2,
            outOf: 20,
            mark: 'Abs',
            classStats: { count: 26, average: 12, min: 5, max: 20 },
          },
        ],
      },
      {
        id: 'fr',
        name: 'Français',
        evaluations: [
          { id: 'e9', title: 'Dictée', date: '2026-10-02', coefficient: 1, outOf: 10, mark: 7.5 },
        ],
      },
    ],
    competences: [
      { domain: 'CPD_FRA', level: 3 },
      { domain: 'CPD_SCI', level: 1 },
      { domain: 'MET_APP', level: null },
    ],
  });

  it('shows marks per subject with averages, class averages only where sent, and the general average', async () => {
    const el = await mount(results());
    const text = root(el).textContent!.replace(/\s+/g, ' ');
    expect(text).to.contain('Résultats de Léa BERNARD — 1er trimestre');
    expect(text).to.contain('Moyenne générale : 13,46');
    expect(text).to.contain('Rang : 5 sur 28');
    const tables = root(el).querySelectorAll('[part~="subject-table"]');
    expect(tables).to.have.length(2);
    const mathHead = [...tables[0]!.querySelectorAll('thead th')].map((th) => th.textContent!.trim());
    expect(mathHead).to.include('Moyenne de la classe');
    // A class average is on the évaluation's barème, and says so.
    expect(tables[0]!.textContent!.replace(/\s+/g, ' ')).to.contain('12 / 20').and.contain('10,50 / 20');
    expect(tables[0]!.querySelector('abbr')!.getAttribute('title')).to.equal('Absent');
    const summaries = root(el).querySelectorAll('[part~="subject-summary"]');
    expect(summaries[0]!.textContent).to.contain('14,00').and.contain('11,20');
    // Français: the établissement hides averages and class statistics: nothing about them is shown.
    const frHead = [...tables[1]!.querySelectorAll('thead th')].map((th) => th.textContent!.trim());
    expect(frHead).to.not.include('Moyenne de la classe');
    expect(summaries[1]!.textContent!.trim()).to.equal('');
    expect(tables[1]!.textContent).to.contain('7,5 / 10');
  });

  it('shows nothing that is not in the data (hidden general average)', async () => {
    const data = results();
    delete data.generalAverage;
    delete data.rank;
    for (const s of data.subjects) {
      delete s.average;
      delete s.classStats;
      for (const e of s.evaluations) delete e.classStats;
    }
    const el = await mount(data);
    const text = root(el).textContent!;
    expect(text).to.not.contain('Moyenne générale');
    expect(text).to.not.contain('Rang');
    expect(text).to.not.contain('Moyenne de la classe');
    expect(text).to.not.contain('Moyenne de l’élève');
  });

  it('shows compétences with LSU labels and codes, never colour alone', async () => {
    const el = await mount(results());
    const rows = [...root(el).querySelectorAll('[part~="competences"] tbody tr')];
    expect(rows).to.have.length(3);
    expect(rows[0]!.textContent).to.contain('Comprendre, s’exprimer en utilisant la langue française');
    expect(rows[0]!.textContent)
      .to.contain('CPD_FRA')
      .and.contain('MS')
      .and.contain('Maîtrise satisfaisante');
    expect(rows[1]!.textContent).to.contain('MI').and.contain('Maîtrise insuffisante');
    expect(rows[2]!.textContent).to.contain('—');
    const en = await mount(results(), 'en');
    expect(en.shadowRoot!.textContent)
      .to.contain('Satisfactory command')
      .and.contain('Overall average: 13.46');
    await expect(el).to.be.accessible();
  });
});

describe('<preau-gradebook> connected mode', () => {
  let n = 0;
  const src = () => `/__gradebook/t${Date.now()}${++n}/api/v1/gradebook/classes/c-4b/sheet`;
  const base = (s: string) => s.replace(/gradebook\/classes\/c-4b\/sheet$/, '');

  async function connected(url: string) {
    const el = await fixture<PreauGradebook>(
      html`<preau-gradebook src=${url} save-delay="300"></preau-gradebook>`,
    );
    for (let i = 0; i < 100 && bodyRows(el).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    return el;
  }

  it('loads the class sheet, saves edits in one batch and paste as one request', async () => {
    const url = src();
    const el = await connected(url);
    expect(cellText(el, 1, 1)).to.equal('15,5');
    await focusCell(el, 0, 2);
    await type(el, '13');
    await press(el, 'Enter');
    await type(el, '9');
    await press(el, 'Enter');
    await el.saveComplete();
    await focusCell(el, 0, 1);
    await paste(el, '10\n11\n');
    await el.saveComplete();
    const saves = await (await fetch(`${base(url)}saves`)).json();
    expect(saves).to.deep.equal([
      [
        { studentId: 's1', evaluationId: 'e2', value: 13 },
        { studentId: 's2', evaluationId: 'e2', value: 9 },
      ],
      [
        { studentId: 's1', evaluationId: 'e1', value: 10 },
        { studentId: 's2', evaluationId: 'e1', value: 11 },
      ],
    ]);
    expect(statusText(el)).to.contain('Notes enregistrées');
    expect(el.hasUnsavedMarks).to.equal(false);
  });

  it('sends waiting marks at once when the tab is hidden, and asks before leaving with unsaved marks', async () => {
    const url = src();
    const el = await fixture<PreauGradebook>(
      html`<preau-gradebook src=${url} save-delay="60000"></preau-gradebook>`,
    );
    for (let i = 0; i < 100 && bodyRows(el).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await focusCell(el, 0, 2);
    await type(el, '16');
    await press(el, 'Enter');
    expect(el.hasUnsavedMarks).to.equal(true);
    const leave = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(leave);
    expect(leave.defaultPrevented, 'the browser asks before leaving').to.equal(true);
    await el.saveComplete();
    expect(el.hasUnsavedMarks).to.equal(false);
    const saves = await (await fetch(`${base(url)}saves`)).json();
    expect(saves).to.deep.equal([[{ studentId: 's1', evaluationId: 'e2', value: 16 }]]);
    const calm = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(calm);
    expect(calm.defaultPrevented).to.equal(false);
  });

  it('rolls back with a visible French message when the server refuses (4xx) or fails (5xx)', async () => {
    const url = src();
    const el = await connected(url);
    await fetch(`${base(url)}fail-next?status=422`, { method: 'POST' });
    const failed = oneEvent(el, 'preau-mark-save-error');
    await focusCell(el, 0, 1);
    await type(el, '17');
    await press(el, 'Enter');
    expect(cellText(el, 0, 1)).to.equal('17'); // optimistic
    await el.saveComplete();
    const event = await failed;
    expect(event.detail.status).to.equal(422);
    expect(cellText(el, 0, 1)).to.equal('12');
    expect(cellText(el, 0, 3)).to.equal('12,00');
    expect(alertText(el))
      .to.contain('Échec de l’enregistrement')
      .and.contain('Aucune note n’a été enregistrée')
      .and.contain('Cet élève a quitté la classe')
      .and.contain('Les notes ont été rétablies');
    expect(bodyRows(el)[0]!.cells[1]!.getAttribute('aria-invalid')).to.equal('true');
    expect(el.canUndo).to.equal(false);

    await fetch(`${base(url)}fail-next?status=503`, { method: 'POST' });
    await focusCell(el, 2, 2);
    await paste(el, '4\n');
    expect(cellText(el, 2, 2)).to.equal('4');
    await el.saveComplete();
    expect(cellText(el, 2, 2)).to.equal('');
    expect(alertText(el)).to.contain('La base de données est indisponible');
    const saves = await (await fetch(`${base(url)}saves`)).json();
    expect(saves).to.deep.equal([]);
  });

  it('creates an évaluation on the server and shows it', async () => {
    const url = src();
    const el = await connected(url);
    root(el).querySelector<HTMLButtonElement>('[part~="toolbar"] button')!.click();
    await el.updateComplete;
    const form = root(el).querySelector<HTMLFormElement>('[part~="evaluation-form"]')!;
    form.querySelector<HTMLInputElement>('[name="title"]')!.value = 'Équations';
    form.requestSubmit();
    for (let i = 0; i < 100 && root(el).querySelectorAll('thead th').length < 5; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(root(el).querySelector('thead')!.textContent).to.contain('Équations');
    expect(statusText(el)).to.contain('Évaluation « Équations » créée');
  });

  it('loads again when moved in the page during its first load', async () => {
    const url = src();
    const host = await fixture<HTMLDivElement>(
      html`<div><preau-gradebook src=${url}></preau-gradebook></div>`,
    );
    const el = host.querySelector('preau-gradebook')!;
    const other = document.createElement('section');
    document.body.append(other);
    other.append(el); // disconnected then connected: the first request is aborted
    for (let i = 0; i < 100 && bodyRows(el).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(bodyRows(el)).to.have.length(3);
    other.remove();
  });

  it('says so in French when the sheet cannot be loaded', async () => {
    const el = await fixture<PreauGradebook>(
      html`<preau-gradebook src="/__gradebook/missing/api/v1/gradebook/classes/none/sheet"></preau-gradebook>`,
    );
    const failure = () =>
      root(el).querySelector('[part="load-error"]')?.textContent?.replace(/\s+/g, ' ') ?? '';
    for (let i = 0; i < 100 && !failure(); i++) await new Promise((r) => setTimeout(r, 20));
    expect(failure()).to.contain('Impossible de charger le carnet de notes').and.contain('introuvable');
    expect(root(el).querySelector('[part="load-error"]')!.getAttribute('role')).to.equal('alert');
    expect(root(el).querySelector('[part="load-error"] button')!.textContent).to.contain('Réessayer');
  });
});
