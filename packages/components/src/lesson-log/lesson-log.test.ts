import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { runElementContract } from '../../test-support/element-contract.js';
import { rendered, until } from '../../test-support/rendering.js';
import './lesson-log.js';
import {
  DEMO_CLOCK,
  demoAgenda,
  demoClassLog,
  demoContext,
  demoOverview,
  demoWorkload,
} from './lesson-log.demo.js';
import type { PreauLessonLog } from './lesson-log.js';
import { RichText } from './rich-text.js';

const root = (el: PreauLessonLog) => el.shadowRoot!;
const q = <T extends Element = HTMLElement>(el: PreauLessonLog, sel: string) =>
  root(el).querySelector<T>(sel)!;
const qa = <T extends Element = HTMLElement>(el: PreauLessonLog, sel: string) => [
  ...root(el).querySelectorAll<T>(sel),
];
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const button = (el: PreauLessonLog, label: string | RegExp, scope: ParentNode = root(el)) =>
  [...scope.querySelectorAll<HTMLButtonElement>('button')].find((b) =>
    typeof label === 'string' ? text(b) === label : label.test(text(b)),
  )!;

before(async () => {
  // The sanitizer is shared by the page: loaded once here, every rendering below is the formatted one.
  await new RichText(() => {}).load();
});

runElementContract({
  tag: 'preau-lesson-log',
  module: '/packages/components/src/lesson-log/lesson-log.ts',
  scenarios: [
    {
      name: 'teacher',
      attributes: { view: 'teacher' },
      properties: { clock: DEMO_CLOCK, context: demoContext(), data: demoClassLog() },
    },
    {
      name: 'student',
      attributes: { view: 'student' },
      properties: { clock: DEMO_CLOCK, data: demoAgenda() },
    },
    {
      name: 'family',
      attributes: { view: 'family' },
      properties: { clock: DEMO_CLOCK, data: demoAgenda({ canTick: false }) },
    },
    {
      name: 'direction',
      attributes: { view: 'direction' },
      properties: { clock: DEMO_CLOCK, data: demoOverview() },
      scrollers: ['.table-scroll'],
    },
  ],
});

async function teacher(data = demoClassLog(), width?: number): Promise<PreauLessonLog> {
  const host = await fixture<HTMLDivElement>(
    html`<div style=${width ? `width: ${width}px` : ''}><preau-lesson-log view="teacher" lang="fr"></preau-lesson-log></div>`,
  );
  const el = host.querySelector('preau-lesson-log')!;
  el.clock = DEMO_CLOCK;
  el.context = demoContext();
  el.subjectId = 's-maths';
  el.data = data;
  await rendered(el);
  return el;
}

describe('<preau-lesson-log> teacher', () => {
  beforeEach(() => localStorage.clear());

  it('shows the week séance by séance, with content, work, files, links, private note and visa', async () => {
    const el = await teacher();
    expect(text(q(el, 'h2'))).to.equal('Cahier de textes — 4e B · Mathématiques');
    expect(qa(el, '[part="day"] h3').map(text)).to.deep.equal([
      'lundi 16 novembre',
      'mardi 17 novembre',
      'jeudi 19 novembre',
      'vendredi 20 novembre',
    ]);
    const monday = q(el, '[data-slot="e-mon"]');
    expect(text(monday)).to.contain('Théorème de Pythagore').and.contain('Exercices 12 et 14 p. 188');
    expect(text(monday)).to.contain('Pour le jeudi 19 novembre · 25 minutes');
    expect(monday.querySelector('.rich strong')?.textContent).to.equal('énoncé');
    expect(monday.querySelector<HTMLAnchorElement>('[part="links"] a')!.rel).to.equal(
      'noopener noreferrer nofollow',
    );
    expect(text(monday.querySelector('[part="private-note"]'))).to.contain('Reprendre la rédaction');
    expect(monday.querySelector<HTMLAnchorElement>('[part="attachments"] a')!.getAttribute('href')).to.equal(
      '/api/v1/files/f1',
    );
    expect(text(q(el, '[part="visa"]'))).to.contain('visé jusqu’au vendredi 16 octobre 2026');
    expect(q(el, '[data-slot="seance:se-thu"]').dataset.today).to.equal('true');
    await expect(el).to.be.accessible();
  });

  it('makes every link of an entry a finger’s target on a phone, and leaves them in the line on a desktop', async () => {
    const data = demoClassLog();
    data.entries[0]!.contentHtml =
      '<p>Revoir <a href="https://fr.wikipedia.org/wiki/Pythagore">la fiche</a> puis <a href="https://www.lumni.fr/">ici</a> avant jeudi.</p><ul><li><a href="https://eduscol.education.fr/">Éduscol</a></li></ul>';
    data.entries[0]!.work[0]!.instructionsHtml = '<p>Voir <a href="https://www.lumni.fr/">la vidéo</a>.</p>';
    const phone = await teacher(data, 360);
    const entry = q(phone, '[data-slot="e-mon"]');
    const targets = [
      ...entry.querySelectorAll<HTMLElement>(
        '.rich a, .rich button, [part="links"] a, [part="attachments"] a',
      ),
    ];
    expect(targets).to.have.length(6);
    const small = targets
      .map((a) => ({ link: text(a), box: a.getBoundingClientRect() }))
      .filter(({ box }) => box.height < 44 || box.width < 44)
      .map(({ link, box }) => `${link} ${Math.round(box.width)}×${Math.round(box.height)}`);
    expect(small).to.deep.equal([]);
    // The sentence stays one sentence: the links sit in its lines, nothing sticks out.
    expect(entry.querySelector('.rich p')!.getBoundingClientRect().right).to.be.at.most(
      phone.getBoundingClientRect().right + 0.5,
    );
    const desktop = await teacher(data, 1100);
    const link = q(desktop, '[data-slot="e-mon"] .rich p a');
    expect(getComputedStyle(link).display).to.equal('inline');
  });

  it('renders hostile rich text as inert text: no script, no handler, no image', async () => {
    const data = demoClassLog();
    (window as unknown as { pwned?: number }).pwned = 0;
    data.entries[0]!.contentHtml =
      '<p>ok</p><img src=x onerror="window.pwned=1"><script>window.pwned=2</script><a href="javascript:window.pwned=3">lien</a><p style="color:red" onclick="window.pwned=4">fin</p>';
    const el = await teacher(data);
    const rich = q(el, '[data-slot="e-mon"] .rich');
    expect(rich.querySelector('img, script, [style], [onclick]')).to.equal(null);
    expect(rich.querySelector('a')?.hasAttribute('href')).to.equal(false);
    rich.querySelector<HTMLAnchorElement>('a')!.click();
    (rich.querySelector('p:last-child') as HTMLElement).click();
    await rendered(el);
    expect((window as unknown as { pwned?: number }).pwned).to.equal(0);
  });

  it('writes a séance: rich text, work with the workload before giving it, and hands the entry to the host', async () => {
    const el = await teacher();
    el.workload = demoWorkload('2026-11-24');
    const saves: unknown[] = [];
    el.addEventListener('preau-entry-save', (e) => saves.push(e.detail));
    button(el, 'Remplir la séance', q(el, '[data-slot="seance:se-thu"]')).click();
    await until(() => !!root(el).querySelector('[part="editor"]'), 'the editor');
    await rendered(el);
    expect(root(el).activeElement?.getAttribute('name')).to.equal('title');
    await sendKeys({ type: 'Le cercle' });
    const area = q(el, '[part="editor"] .rte-area');
    area.focus();
    await sendKeys({ type: 'Définition du ' });
    await sendKeys({ press: 'Control+b' });
    await sendKeys({ type: 'rayon' });
    button(el, 'Donner du travail').click();
    await rendered(el);
    const work = q(el, '[part="work-editor"]');
    const due = work.querySelector<HTMLInputElement>('input[type="date"]')!;
    due.value = '2026-11-24';
    due.dispatchEvent(new Event('change'));
    const minutes = work.querySelector<HTMLInputElement>('input[type="number"]')!;
    minutes.value = '40';
    minutes.dispatchEvent(new Event('input'));
    const title = [...work.querySelectorAll<HTMLInputElement>('input')].find((i) => i.id.endsWith('-title'))!;
    title.value = 'Exercices 3 à 5 p. 201';
    title.dispatchEvent(new Event('input'));
    await rendered(el);
    // Tuesday already holds 75 minutes of work (limit 60): the teacher sees it and the warning before giving more.
    const load = q(el, '[part="workload"]');
    expect(text(load)).to.contain('Déjà prévu pour le mardi 24 novembre : 75 minutes (2 travaux).');
    expect(text(load)).to.contain('Avec celui-ci : 115 min');
    expect(text(load.querySelector('[part="workload-warning"]'))).to.contain('au-delà de la limite');
    expect(text(load)).to.contain('Français — Leçon : Apprendre le poème');
    // Kept on the device while typing.
    expect(Object.keys(localStorage).some((k) => k.startsWith('preau-lesson-log-draft:'))).to.equal(true);
    button(el, 'Enregistrer').click();
    await rendered(el);
    expect(saves).to.have.length(1);
    const { entryId, body } = saves[0] as { entryId: string | null; body: Record<string, unknown> };
    expect(entryId).to.equal(null);
    expect(body).to.deep.include({
      classId: 'c-4b',
      subjectId: 's-maths',
      date: '2026-11-19',
      seanceId: 'se-thu',
      title: 'Le cercle',
    });
    expect(body.contentHtml).to.match(/Définition du <b>rayon<\/b>/);
    expect(body.work).to.deep.equal([
      {
        type: 'exercices',
        title: 'Exercices 3 à 5 p. 201',
        instructionsHtml: '',
        dueOn: '2026-11-24',
        estimatedMinutes: 40,
        attachmentIds: [],
      },
    ]);
    expect(root(el).querySelector('[part="editor"]')).to.equal(null);
    expect(Object.keys(localStorage).some((k) => k.startsWith('preau-lesson-log-draft:'))).to.equal(false);
  });

  it('keeps a draft on the device: closing the editor and coming back brings it back, said plainly', async () => {
    const el = await teacher();
    button(el, 'Remplir la séance', q(el, '[data-slot="seance:se-fri"]')).click();
    await until(() => !!root(el).querySelector('[part="editor"]'), 'the editor');
    await rendered(el);
    await sendKeys({ type: 'Brouillon du vendredi' });
    button(el, 'Annuler', q(el, '[part="editor"]')).click();
    await rendered(el);
    expect(text(q(el, '[data-slot="seance:se-fri"] [part="unsent-draft"]'))).to.contain(
      'brouillon non envoyé',
    );
    const again = await teacher();
    button(again, 'Remplir la séance', q(again, '[data-slot="seance:se-fri"]')).click();
    await until(() => !!root(again).querySelector('[part="editor"]'), 'the editor');
    await rendered(again);
    expect(q<HTMLInputElement>(again, '[part="editor"] input[name="title"]').value).to.equal(
      'Brouillon du vendredi',
    );
    expect(text(q(again, '[part="draft-restored"]'))).to.contain('Brouillon retrouvé sur cet appareil');
  });

  it('pastes only what the allow-list keeps', async () => {
    const el = await teacher();
    const saves: { body: { contentHtml: string } }[] = [];
    el.addEventListener('preau-entry-save', (e) => saves.push(e.detail as never));
    button(el, 'Remplir la séance', q(el, '[data-slot="seance:se-fri"]')).click();
    await until(() => !!root(el).querySelector('[part="editor"]'), 'the editor');
    await rendered(el);
    await sendKeys({ type: 'Collé' });
    const area = q(el, '[part="editor"] .rte-area');
    area.focus();
    const data = new DataTransfer();
    data.setData(
      'text/html',
      '<img src=x onerror="window.pwned=9"><b>gras</b><iframe src="https://evil.test"></iframe>',
    );
    area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    await rendered(el);
    expect(area.querySelector('img, iframe')).to.equal(null);
    button(el, 'Enregistrer').click();
    expect(saves[0]!.body.contentHtml).to.contain('<b>gras</b>').and.not.contain('img');
  });

  it('drives the toolbar by keyboard: one tab stop, arrows, pressed state', async () => {
    const el = await teacher();
    button(el, 'Remplir la séance', q(el, '[data-slot="seance:se-fri"]')).click();
    await until(() => !!root(el).querySelector('[part="editor"]'), 'the editor');
    await rendered(el);
    const tools = qa<HTMLButtonElement>(el, '[part="editor"] .rte-toolbar')[0]!;
    expect([...tools.querySelectorAll('[tabindex="0"]')]).to.have.length(1);
    (tools.querySelector('[data-index="0"]') as HTMLElement).focus();
    await sendKeys({ press: 'ArrowRight' });
    await rendered(el);
    expect(root(el).activeElement?.getAttribute('data-cmd')).to.equal('italic');
    await sendKeys({ press: 'End' });
    await rendered(el);
    expect(root(el).activeElement?.getAttribute('data-cmd')).to.equal('removeFormat');
  });

  it('shows a séance on the board in board density, and leaves it', async () => {
    const el = await teacher();
    const shows: (string | null)[] = [];
    el.addEventListener('preau-board-show', (e) => shows.push(e.detail.entryId));
    button(el, /Séance du jour/).click();
    await rendered(el);
    expect(el.density).to.equal('board');
    expect(text(q(el, '[part="board"] h2'))).to.contain('4e B · Mathématiques — jeudi 19 novembre');
    q(el, '[part="board-exit"]').click();
    await rendered(el);
    expect(el.density).to.equal('default');
    expect(shows).to.deep.equal([null, null]);
    expect(root(el).querySelector('[part="timeline"]')).to.not.equal(null);
  });

  it('asks the host for another week, and lets it refuse', async () => {
    const el = await teacher();
    const weeks: string[] = [];
    el.addEventListener('preau-week-change', (e) => {
      weeks.push(e.detail.weekStart);
      e.preventDefault();
    });
    button(el, 'Semaine suivante').click();
    button(el, 'Semaine précédente').click();
    expect(weeks).to.deep.equal(['2026-11-23', '2026-11-09']);
    expect(el.week).to.equal(null);
  });

  it('speaks English', async () => {
    const el = await teacher();
    el.lang = 'en';
    await rendered(el);
    expect(text(q(el, '[data-slot="e-mon"]'))).to.contain('Due Thursday 19 November · 25 minutes');
    expect(text(button(el, 'Next week'))).to.equal('Next week');
  });
});

describe('<preau-lesson-log> student and family', () => {
  async function agenda(view: 'student' | 'family', canTick = view === 'student') {
    const el = await fixture<PreauLessonLog>(
      html`<preau-lesson-log view=${view} lang="fr"></preau-lesson-log>`,
    );
    el.clock = DEMO_CLOCK;
    el.data = demoAgenda({ canTick });
    await rendered(el);
    return el;
  }

  it('puts « pour demain » first, then the work to come by due date', async () => {
    const el = await agenda('student');
    expect(text(q(el, '[part="tomorrow"] h3'))).to.equal('Pour demain, vendredi 20 novembre');
    const tomorrow = qa(el, '[part="tomorrow"] [part="agenda-item"]');
    expect(tomorrow).to.have.length(2);
    expect(qa(el, '[part="upcoming"] h4').map(text).slice(0, 2)).to.deep.equal([
      'Pour aujourd’hui, jeudi 19 novembre',
      'Pour le lundi 23 novembre',
    ]);
    expect(text(q(el, 'h2'))).to.equal('Travail à faire — Léa MARTIN');
  });

  it('lets the student tick work done by keyboard, and the host refuse it', async () => {
    const el = await agenda('student');
    const ticks: { workId: string; done: boolean }[] = [];
    el.addEventListener('preau-work-done', (e) => ticks.push(e.detail));
    const item = qa(el, '[part="tomorrow"] [part="agenda-item"]').find((i) => i.dataset.done === 'false')!;
    const box = item.querySelector<HTMLInputElement>('[part="tick"]')!;
    box.focus();
    await sendKeys({ press: 'Space' });
    await rendered(el);
    expect(ticks).to.deep.equal([{ workId: item.dataset.work, studentId: 'e-lea', done: true }]);
    expect(item.dataset.done).to.equal('true');
    el.addEventListener('preau-work-done', (e) => e.preventDefault());
    box.focus();
    await sendKeys({ press: 'Space' });
    await rendered(el);
    expect(box.checked).to.equal(true);
    expect(item.dataset.done).to.equal('true');
  });

  it('shows a parent the ticks, read-only', async () => {
    const el = await agenda('family');
    expect(qa(el, '[part="tick"]')).to.have.length(0);
    const states = qa(el, '[part="done-state"]').map(text);
    expect(states).to.include('Pas encore fait');
    expect(states.some((s) => s.startsWith('Fait (coché le'))).to.equal(true);
    expect(text(q(el, 'h2'))).to.equal('Travail à faire de Léa MARTIN');
  });
});

describe('<preau-lesson-log> direction', () => {
  it('visas a class up to a date and shows a class’s workload week', async () => {
    const el = await fixture<PreauLessonLog>(
      html`<preau-lesson-log view="direction" lang="fr"></preau-lesson-log>`,
    );
    el.clock = DEMO_CLOCK;
    el.data = demoOverview();
    await rendered(el);
    const visas: unknown[] = [];
    el.addEventListener('preau-visa-create', (e) => visas.push(e.detail));
    const row = q(el, '[data-class="c-4ea"]');
    expect(text(row)).to.contain('jusqu’au vendredi 16 octobre 2026 (Hélène ROUSSEL)');
    button(el, 'Viser', row).click();
    await rendered(el);
    const form = q<HTMLFormElement>(el, '[part="visa-form"]');
    expect(form.querySelector<HTMLInputElement>('input[type="date"]')!.value).to.equal('2026-11-19');
    button(el, 'Viser le cahier de 4e A', form).click();
    await rendered(el);
    expect(visas).to.deep.equal([{ classId: 'c-4ea', upTo: '2026-11-19', comment: '' }]);
    button(el, 'Charge de travail', row).click();
    await rendered(el);
    el.workload = { ...demoWorkload('2026-11-19'), class: { id: 'c-4ea', name: '4e A', kind: 'classe' } };
    await rendered(el);
    const table = q(el, '[part="workload-table"]');
    expect(text(table.querySelector('caption'))).to.contain(
      'Charge de travail de 4e A, semaine du lundi 16 novembre',
    );
    expect(table.querySelectorAll('tbody tr[data-over="true"]')).to.have.length(1);
    await expect(el).to.be.accessible();
  });
});
