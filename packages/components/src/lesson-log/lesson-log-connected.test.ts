import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { rendered, until } from '../../test-support/rendering.js';
import { configureUsage, pendingUsage, resetUsage } from '../base/beacon.js';
import './lesson-log.js';
import { DEMO_CLOCK } from './lesson-log.demo.js';
import type { PreauLessonLog } from './lesson-log.js';

const root = (el: PreauLessonLog) => el.shadowRoot!;
const q = <T extends Element = HTMLElement>(el: PreauLessonLog, sel: string) =>
  root(el).querySelector<T>(sel);
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const button = (scope: ParentNode, label: string | RegExp) =>
  [...scope.querySelectorAll<HTMLButtonElement>('button')].find((b) =>
    typeof label === 'string' ? text(b) === label : label.test(text(b)),
  );

let serial = 0;
/** A namespace of the fake API of its own for each test. */
function api() {
  const ns = `ll${crypto.randomUUID().slice(0, 8)}${++serial}`;
  const base = `/__lesson-log/${ns}/api/v1`;
  const control = (path: string, body?: unknown) =>
    fetch(`${base}/control/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then((r) => r.json());
  return { base, control };
}

async function connected(view: string, src: string): Promise<PreauLessonLog> {
  const el = await fixture<PreauLessonLog>(
    html`<preau-lesson-log view=${view} lang="fr" src=${src}></preau-lesson-log>`,
  );
  el.clock = DEMO_CLOCK;
  return el;
}

describe('<preau-lesson-log> connected', () => {
  beforeEach(() => {
    localStorage.clear();
    resetUsage();
    configureUsage({ endpoint: '/__test/lesson-log-usage/events', maxBatch: 1000 });
  });

  it('keeps the teacher’s séance when the network drops, says so, and sends it when the network is back', async () => {
    const { base, control } = api();
    const el = await connected('teacher', `${base}/lesson-log/me`);
    await until(() => !!q(el, '[data-slot="seance:se-thu"]'), 'the week');
    await until(
      () => pendingUsage().some((e) => e.service === 'cahier_textes' && e.action === 'view-teacher'),
      'the view-teacher usage event (the beacon loads with the first one)',
    );
    button(q(el, '[data-slot="seance:se-thu"]')!, 'Remplir la séance')!.click();
    await until(() => !!q(el, '[part="editor"]'), 'the editor');
    await rendered(el);
    await sendKeys({ type: 'Le théorème de Thalès' });
    q(el, '[part="editor"] .rte-area')!.focus();
    await sendKeys({ type: 'Configuration de Thalès et calcul de longueurs.' });
    button(root(el), 'Donner du travail')!.click();
    await rendered(el);
    const work = q(el, '[part="work-editor"]')!;
    const due = work.querySelector<HTMLInputElement>('input[type="date"]')!;
    due.value = '2026-11-20';
    due.dispatchEvent(new Event('change'));
    const title = [...work.querySelectorAll<HTMLInputElement>('input')].find((i) => i.id.endsWith('-title'))!;
    title.value = 'Exercice 5 p. 230';
    title.dispatchEvent(new Event('input'));
    // The class's workload that day comes from the server before the work is given.
    await until(() => /Réciter le poème/.test(text(q(el, '[part="workload"]'))), 'the workload');
    expect(text(q(el, '[part="workload"]'))).to.contain(
      'Déjà prévu pour le vendredi 20 novembre : 50 minutes (1 travail).',
    );
    expect(q(el, '[part="workload-warning"]')).to.not.equal(null); // 50 + 20 > 60

    await control('offline', { offline: true });
    button(root(el), 'Enregistrer')!.click();
    await until(() => !!q(el, '[part="offline"]'), 'the offline notice');
    expect(text(q(el, '[role="alert"]'))).to.contain('Pas de connexion : rien n’est perdu');
    expect(q<HTMLInputElement>(el, '[part="editor"] input[name="title"]')!.value).to.equal(
      'Le théorème de Thalès',
    );
    const kept = Object.entries(localStorage).find(([k]) => k.startsWith('preau-lesson-log-draft:'));
    expect(kept?.[1]).to.contain('Le théorème de Thalès');
    expect((await control('state')).entries).to.deep.equal([]);

    await control('offline', { offline: false });
    window.dispatchEvent(new Event('online'));
    await until(() => !q(el, '[part="editor"]'), 'the editor closes once saved');
    const [saved] = (await control('state')).entries;
    expect(saved).to.deep.include({
      classId: 'c-4b',
      subjectId: 's-maths',
      seanceId: 'se-thu',
      title: 'Le théorème de Thalès',
    });
    expect(saved.work[0]).to.deep.include({
      dueOn: '2026-11-20',
      title: 'Exercice 5 p. 230',
      estimatedMinutes: 20,
    });
    expect(saved.key, 'sent with an idempotency key').to.be.a('string');
    expect(Object.keys(localStorage).some((k) => k.startsWith('preau-lesson-log-draft:'))).to.equal(false);
    await until(
      () => /Le théorème de Thalès/.test(text(q(el, '[data-slot="e-1"]'))),
      'the saved entry in the week',
    );
    await until(
      () => pendingUsage().some((e) => e.service === 'cahier_textes' && e.action === 'entry-create'),
      'the entry-create usage event (the beacon loads with the first one)',
    );
  });

  it('shows a student new work within the page as it is published, and sends the tick', async () => {
    const { base, control } = api();
    const el = await connected('student', `${base}/lesson-log/me`);
    await until(() => !!q(el, '[part="tomorrow"]'), 'the agenda');
    expect(text(q(el, '[part="tomorrow"]'))).to.contain('Rien pour demain.');
    await until(() => el.live.state === 'open', 'the live stream');
    await control('emit', {});
    await until(() => !!q(el, '[part="tomorrow"] [part="agenda-item"]'), 'the new work, live');
    expect(text(q(el, '[part="tomorrow"] [part="agenda-item"]'))).to.contain('Exercice 7 p. 190');
    expect(text(q(el, '[role="status"]'))).to.equal('Nouveau travail en Mathématiques : Exercice 7 p. 190.');
    q<HTMLInputElement>(el, '[part="tick"]')!.click();
    await el.saves.settled();
    expect((await control('state')).ticks).to.deep.equal([{ workId: 'w-new-1', done: true }]);
    await until(
      () => pendingUsage().some((e) => e.service === 'cahier_textes' && e.action === 'work-done'),
      'the work-done usage event (the beacon loads with the first one)',
    );
  });

  it('lets the direction visa a class and download its archive', async () => {
    const { base, control } = api();
    const el = await connected('direction', `${base}/lesson-log/me`);
    await until(() => !!q(el, '[data-class="c-4b"]'), 'the overview');
    const row = q(el, '[data-class="c-4b"]')!;
    expect(q<HTMLAnchorElement>(el, '[part="archive"]')!.getAttribute('href')).to.equal(
      `${base}/lesson-log/classes/c-4b/archive`,
    );
    button(row, 'Viser')!.click();
    await rendered(el);
    button(q(el, '[part="visa-form"]')!, 'Viser le cahier de 4e B')!.click();
    await el.saves.settled();
    expect((await control('state')).visas).to.deep.equal([
      { classId: 'c-4b', upTo: '2026-11-19', comment: '' },
    ]);
    await until(() => /visé jusqu’au/.test(text(q(el, '[role="status"]'))), 'the confirmation');
  });
});
