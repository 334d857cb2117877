import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { rendered, until } from '../../test-support/rendering.js';
import './attendance.js';
import { demoParentView } from './attendance.demo.js';
import type { PreauAttendance } from './attendance.js';

const q = <T extends Element = HTMLElement>(el: PreauAttendance, sel: string) =>
  el.shadowRoot!.querySelector<T>(sel)!;
const text = (node: Element | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** A parent's form, half filled: an absence ticked, a motif, a file, and a comment being typed (focus in it). */
async function fillForm(el: PreauAttendance): Promise<void> {
  q<HTMLInputElement>(el, '[data-entry="a5"] input').click();
  const motif = q<HTMLSelectElement>(el, 'select');
  motif.value = 'rendez_vous_medical';
  motif.dispatchEvent(new Event('change', { bubbles: true }));
  const file = q<HTMLInputElement>(el, 'input[type="file"]');
  const dt = new DataTransfer();
  dt.items.add(new File(['%PDF-1.4'], 'convocation.pdf', { type: 'application/pdf' }));
  file.files = dt.files;
  file.dispatchEvent(new Event('change', { bubbles: true }));
  q<HTMLTextAreaElement>(el, 'textarea').focus();
  await sendKeys({ type: 'Orthodontiste' });
  await rendered(el);
}

function expectFormKept(el: PreauAttendance, comment: string): void {
  expect(q<HTMLInputElement>(el, '[data-entry="a5"] input').checked).to.equal(true);
  expect(q<HTMLSelectElement>(el, 'select').value).to.equal('rendez_vous_medical');
  expect(q<HTMLInputElement>(el, 'input[type="file"]').files?.[0]?.name).to.equal('convocation.pdf');
  const textarea = q<HTMLTextAreaElement>(el, 'textarea');
  expect(textarea.value).to.equal(comment);
  expect(el.shadowRoot!.activeElement).to.equal(textarea);
}

describe('<preau-attendance> parent view, following the live stream', () => {
  it('keeps the justification being written, and its focus, when the stream opens and when a notice re-reads', async () => {
    const ns = `live-${crypto.randomUUID().slice(0, 8)}`;
    const control = (what: string) => fetch(`/__attendance/${ns}/api/v1/control/${what}`, { method: 'POST' });
    const el = await fixture<PreauAttendance>(
      html`<preau-attendance view="parent" lang="fr"
        src=${`/__attendance/${ns}/api/v1/attendance/students/eleve-lea`}></preau-attendance>`,
    );
    await until(() => Boolean(q(el, '[part="justify-form"]')), 'the form');
    await fillForm(el);

    // The stream opens: the element reads the page again (a lateness recorded meanwhile shows).
    await control('open-stream');
    await until(() => Boolean(q(el, '[data-entry="a6"]')), 'the re-read on opening');
    await rendered(el);
    expectFormKept(el, 'Orthodontiste');
    await sendKeys({ type: ' à 16 h' });

    // A notice: a new absence, read again at once; the parent keeps typing where they were.
    await control('emit');
    await until(() => Boolean(q(el, '[data-entry="a7"]')), 'the re-read after the notice');
    await rendered(el);
    expect(text(q(el, '[role="status"]'))).to.contain('Éducation physique');
    expectFormKept(el, 'Orthodontiste à 16 h');

    const sent: { entryIds: string[]; motif: string; comment: string; file: File | null }[] = [];
    el.addEventListener('preau-justification-submit', (e) => {
      sent.push(e.detail);
      e.preventDefault();
    });
    q<HTMLButtonElement>(el, 'form button[type="submit"]').click();
    expect(sent).to.have.length(1);
    expect(sent[0]).to.deep.include({
      entryIds: ['a5'],
      motif: 'rendez_vous_medical',
      comment: 'Orthodontiste à 16 h',
    });
    expect(sent[0]!.file?.name).to.equal('convocation.pdf');
  });

  it('drops from the form what was justified meanwhile, and empties it for another child', async () => {
    const el = await fixture<PreauAttendance>(
      html`<preau-attendance view="parent" lang="fr"></preau-attendance>`,
    );
    el.data = demoParentView();
    await rendered(el);
    q<HTMLInputElement>(el, '[data-entry="a5"] input').click();
    q<HTMLInputElement>(el, '[data-entry="a4"] input').click();
    await rendered(el);
    // The other parent justified the lateness from their phone: the next read has it « en attente ».
    const next = demoParentView();
    const late = next.entries.find((e) => e.id === 'a4')!;
    late.justificationState = 'en_attente';
    late.justificationId = 'j-a4';
    el.data = next;
    await rendered(el);
    expect(q(el, '[data-entry="a4"] input')).to.equal(null);
    expect(q<HTMLInputElement>(el, '[data-entry="a5"] input').checked).to.equal(true);
    const sent: string[][] = [];
    el.addEventListener('preau-justification-submit', (e) => {
      sent.push(e.detail.entryIds);
      e.preventDefault();
    });
    q<HTMLSelectElement>(el, 'select').value = 'maladie';
    q<HTMLButtonElement>(el, 'form button[type="submit"]').click();
    expect(sent).to.deep.equal([['a5']]);

    const brother = demoParentView();
    brother.student = { ...brother.student, id: 'eleve-hugo', firstName: 'Hugo' };
    el.data = brother;
    await rendered(el);
    expect(q<HTMLInputElement>(el, '[data-entry="a5"] input').checked).to.equal(false);
    expect(q<HTMLSelectElement>(el, 'select').value).to.equal('');
  });
});
