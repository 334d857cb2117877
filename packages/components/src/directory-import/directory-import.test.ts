import { expect, fixture, html } from '@open-wc/testing';
import { runElementContract } from '../../test-support/element-contract.js';
import { until } from '../../test-support/rendering.js';
import './directory-import.js';
import { demoPlan } from './directory-import.demo.js';
import type { PreauDirectoryImport } from './directory-import.js';
import { asImportPlan } from './directory-import.types.js';

const SIECLE =
  '<?xml version="1.0" encoding="ISO-8859-15"?><BEE_ELEVES VERSION="3.1"><DONNEES/></BEE_ELEVES>';
const namespace = () => `/__directory/d${crypto.randomUUID().slice(0, 8)}/api/v1`;
const srcOf = (api: string) => `${api}/etablissements/0511085C/directory`;

const part = <T extends Element = HTMLElement>(el: PreauDirectoryImport, name: string) =>
  el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
const textOf = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

async function connected(api: string): Promise<PreauDirectoryImport> {
  return fixture<PreauDirectoryImport>(
    html`<preau-directory-import src=${srcOf(api)}></preau-directory-import>`,
  );
}

async function choose(el: PreauDirectoryImport, files: [string, string][]): Promise<void> {
  const input = part<HTMLInputElement>(el, 'files')!;
  const list = new DataTransfer();
  for (const [name, text] of files) list.items.add(new File([text], name, { type: 'application/xml' }));
  input.files = list.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await el.updateComplete;
}

const received = async (api: string) => (await fetch(`${api}/received`)).json();

describe('preau-directory-import', () => {
  it('reads an untrusted plan: unknown actions, subjects and bad counts are dropped', () => {
    const plan = asImportPlan({
      counts: {
        'create:student': 3,
        'burn:student': 9,
        'create:dragons': 2,
        'close:staff': -1,
        'add:service': 1.5,
      },
      entries: [
        { action: 'create', subject: 'student', label: 'A' },
        null,
        { action: 'x', subject: 'student' },
      ],
      total: 'beaucoup',
      warnings: ['ok', 3],
    })!;
    expect([...plan.counts]).to.deep.equal([['create:student', 3]]);
    expect(plan.entries).to.have.length(1);
    expect(plan.total).to.equal(3);
    expect(plan.warnings).to.deep.equal(['ok']);
    expect(asImportPlan([])).to.equal(null);
  });

  it('shows a preview as a table of counts by category, with warnings and the first lines', async () => {
    const el = await fixture<PreauDirectoryImport>(
      html`<preau-directory-import .data=${demoPlan()}></preau-directory-import>`,
    );
    const rows = [...el.shadowRoot!.querySelectorAll('tbody tr')].map((r) =>
      [...r.children].map((c) => textOf(c)).join(' | '),
    );
    expect(rows).to.deep.equal([
      'Élèves | 612 | — | 2',
      'Responsables | 815 | — | —',
      'Personnels | — | 3 | —',
      'Classes | 24 | — | —',
    ]);
    expect([...el.shadowRoot!.querySelectorAll('thead th')].map((t) => textOf(t))).to.deep.equal([
      'Catégorie',
      'À créer',
      'À modifier',
      'À fermer',
    ]);
    expect(textOf(part(el, 'warnings'))).to.contain('plus ancien');
    expect(textOf(part(el, 'source'))).to.equal('Source siecle+sts, année 2026-2027, extraction complète');
    // Nothing chosen in this page: there is nothing to send yet.
    expect(part<HTMLButtonElement>(el, 'apply')!.disabled).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('previews (with progress), imports, downloads a class’s sheet, and a second preview has nothing to change', async () => {
    const api = namespace();
    const el = await connected(api);
    expect(part<HTMLButtonElement>(el, 'preview')!.disabled).to.equal(true);
    await choose(el, [
      ['ElevesSansAdresses.xml', SIECLE],
      ['sts_emp_0511085C_2026.xml', '<STS_EDT/>'],
    ]);
    await fetch(`${api}/hold`, { method: 'POST' });
    part<HTMLButtonElement>(el, 'preview')!.click();
    await until(() => !!part(el, 'progress'), 'the progress bar while the server reads the files');
    expect(part(el, 'base')!.getAttribute('aria-busy')).to.equal('true');
    expect(textOf(part(el, 'status'))).to.equal('Analyse des fichiers…');
    expect(part<HTMLInputElement>(el, 'files')!.disabled).to.equal(true);
    await fetch(`${api}/release`, { method: 'POST' });
    await until(() => !!part(el, 'counts'), 'the preview');
    expect(part(el, 'progress')).to.equal(null);
    expect(textOf(part(el, 'status'))).to.contain('Aperçu prêt : 60 changements');
    expect(textOf(el.shadowRoot!.querySelector('#report-heading'))).to.equal(
      'Aperçu : ce que l’import ferait',
    );
    expect(await received(api)).to.deep.equal([
      { step: 'preview', files: ['ElevesSansAdresses.xml', 'sts_emp_0511085C_2026.xml'] },
    ]);

    part<HTMLButtonElement>(el, 'apply')!.click();
    await until(() => el.applied, 'the import');
    expect(textOf(part(el, 'status'))).to.contain('Import terminé : 60 changements');
    expect(textOf(el.shadowRoot!.querySelector('#report-heading'))).to.equal('Import fait');
    expect(part(el, 'apply')).to.equal(null);

    // The import's classes: their credential sheets.
    const sheet = part<HTMLButtonElement>(el, 'sheet')!;
    expect(textOf(sheet)).to.equal('Fiche de 4EME B');
    sheet.click();
    await until(() => textOf(part(el, 'status')) === 'Fiche de 4EME B téléchargée.', 'the sheet');
    expect((await received(api)).at(-1)).to.deep.equal({ step: 'credentials', classId: 'cls_4b' });

    part<HTMLButtonElement>(el, 'preview')!.click();
    await until(() => !el.applied && !!part(el, 'nothing'), 'the second preview');
    expect(part(el, 'sheets')).to.equal(null);
    expect(textOf(part(el, 'nothing'))).to.equal('Rien à changer : l’annuaire est déjà à jour.');
    expect(part(el, 'apply')).to.equal(null);
    expect((await received(api)).map((r: { step: string }) => r.step)).to.deep.equal([
      'preview',
      'import',
      'credentials',
      'preview',
    ]);
    await expect(el).to.be.accessible();
  });

  it('shows the server’s reason for a refused file, and no report', async () => {
    const api = namespace();
    const el = await connected(api);
    await choose(el, [['notes.xml', '<a/>']]);
    part<HTMLButtonElement>(el, 'preview')!.click();
    await until(() => textOf(part(el, 'alert')) !== '', 'the refusal');
    expect(textOf(part(el, 'alert'))).to.contain('Aucun export SIECLE, STS-web ou AAF reconnu.');
    expect(part(el, 'counts')).to.equal(null);
    expect(part(el, 'apply')).to.equal(null);
  });

  it('a host that cancels the preview event handles it: nothing is sent', async () => {
    const api = namespace();
    const el = await connected(api);
    el.addEventListener('preau-directory-preview', (e) => e.preventDefault());
    await choose(el, [['ElevesSansAdresses.xml', SIECLE]]);
    await el.preview();
    expect(await received(api)).to.deep.equal([]);
  });

  it('speaks English', async () => {
    const el = await fixture<PreauDirectoryImport>(
      html`<preau-directory-import lang="en" .data=${demoPlan()}></preau-directory-import>`,
    );
    expect(textOf(el.shadowRoot!.querySelector('h2'))).to.equal('Import the school’s directory');
    expect(textOf(el.shadowRoot!.querySelector('tbody th'))).to.equal('Students');
  });
});

runElementContract({
  tag: 'preau-directory-import',
  module: '/packages/components/src/directory-import/directory-import.ts',
  scenarios: [
    { name: 'preview report', properties: { data: demoPlan() }, scrollers: ['[part~="table-scroll"]'] },
    { name: 'connected, nothing chosen', attributes: { src: srcOf('/__directory/contract/api/v1') } },
    {
      name: 'import done, with its classes’ sheets',
      attributes: { applied: '' },
      properties: { data: { ...demoPlan(), classes: [{ id: 'cls_6a', name: '6EME A' }] } },
      scrollers: ['[part~="table-scroll"]'],
    },
  ],
});
