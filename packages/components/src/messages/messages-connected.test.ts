import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { rendered, scrollSettled, until } from '../../test-support/rendering.js';
import './messages.js';
import { DEMO_NOW } from './messages.demo.js';
import type { PreauMessages } from './messages.js';

const q = <T extends Element = HTMLElement>(el: PreauMessages, sel: string) =>
  el.shadowRoot!.querySelector<T>(sel)!;
const qa = <T extends Element = HTMLElement>(el: PreauMessages, sel: string) => [
  ...el.shadowRoot!.querySelectorAll<T>(sel),
];
const text = (node: Element | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

let serial = 0;
type Log = Record<string, unknown>[];

async function connected(setup?: (ns: string) => Promise<void>) {
  const ns = `msg-${crypto.randomUUID().slice(0, 8)}-${++serial}`;
  await setup?.(ns);
  const host = await fixture<HTMLDivElement>(html`<div style="width: 1200px"></div>`);
  const el = document.createElement('preau-messages');
  el.lang = 'fr';
  el.clock = () => DEMO_NOW;
  el.src = `/__messages/${ns}/api/v1/messages`;
  host.append(el);
  await until(() => qa(el, '[role="row"]').length > 0, 'the first page');
  await rendered(el);
  const log = async (): Promise<Log> => (await fetch(`/__messages/${ns}/log`)).json();
  const emit = (event: string, data: unknown) =>
    fetch(`/__messages/${ns}/emit`, { method: 'POST', body: JSON.stringify({ event, data }) });
  return { el, ns, log, emit };
}

async function typeInto(el: PreauMessages, selector: string, value: string) {
  q<HTMLInputElement>(el, selector).focus();
  await sendKeys({ type: value });
}

async function compose(el: PreauMessages) {
  q<HTMLButtonElement>(el, '[part="compose"]').click();
  await rendered(el);
  await sendKeys({ type: 'sophie' });
  await until(() => qa(el, '#to-options [role="option"]').length > 0, 'the recipients of the server');
  await sendKeys({ press: 'Enter' });
  await rendered(el);
}

describe('<preau-messages> in connected mode', () => {
  it('reads the mailbox and pages the inbox as one scrolls', async () => {
    const { el, log } = await connected();
    // The stream's opening reads the first page again: let it land before scrolling (it would reset the pages).
    await until(() => el.live.state === 'open', 'the stream');
    await el.listLoad.complete;
    expect(text(q(el, '[part="folder"][data-folder="inbox"]'))).to.equal('Boîte de réception 3 non lus');
    const grid = q(el, '[role="grid"]');
    expect(grid.getAttribute('aria-rowcount')).to.equal('120');
    grid.scrollTop = grid.scrollHeight;
    await until(() => el.items().length === 100, 'the second page');
    await scrollSettled(grid, el);
    grid.scrollTop = grid.scrollHeight;
    await until(() => el.items().length === 120, 'the third page');
    // Pages asked once each (the first page is read again when the live stream opens).
    const cursors = (await log()).filter((l) => 'list' in l).map((l) => l.cursor);
    expect(cursors.filter((c) => c !== 0)).to.deep.equal([50, 100]);
  });

  it('keeps the pages read beyond the first when a live notice reads the list again', async () => {
    const { el, log } = await connected();
    await until(() => el.live.state === 'open', 'the stream');
    await el.listLoad.complete;
    const grid = q(el, '[role="grid"]');
    grid.scrollTop = grid.scrollHeight;
    await until(() => el.items().length === 100, 'the second page');
    const firstPages = (await log()).filter((l) => 'list' in l && l.cursor === 0).length;
    await el.refresh(); // what a live notice does
    expect((await log()).filter((l) => 'list' in l && l.cursor === 0).length).to.equal(firstPages + 1);
    expect(el.items().length).to.equal(100);
    expect(el.items().at(-1)!.id).to.equal('m99');
    await scrollSettled(grid, el);
    grid.scrollTop = grid.scrollHeight;
    await until(() => el.items().length === 120, 'the third page');
    const cursors = (await log()).filter((l) => 'list' in l).map((l) => l.cursor);
    expect(cursors.filter((c) => c !== 0)).to.deep.equal([50, 100]);
  });

  it('opens a message: marks it read once (idempotency key), shows its body without a javascript: link', async () => {
    const { el, log } = await connected();
    q(el, '[data-cell="0:0"]').click();
    await until(() => qa(el, '[part="thread-message"] [part="body"]').length > 0, 'the conversation');
    await el.saves.settled();
    const marks = (await log()).filter((l) => 'mark' in l);
    expect(marks).to.have.length(1);
    expect(marks[0]!.mark).to.deep.equal({ ids: ['m0'], read: true });
    expect(marks[0]!.key).to.be.a('string').and.not.equal('');
    const link = q<HTMLAnchorElement>(el, '[part="body"] a');
    expect(link.hasAttribute('href')).to.equal(false);
    expect(text(link)).to.equal('lien piégé');
    await until(
      () => text(q(el, '[part="folder"][data-folder="inbox"]')) === 'Boîte de réception 2 non lus',
      'the unread count',
    );
  });

  it('saves the draft as one types, once typing stops, and sends it', async () => {
    const { el, log } = await connected();
    await compose(el);
    await typeInto(el, '#subject', 'Sortie jeudi');
    await typeInto(el, '#body', 'Bonjour Madame');
    await until(() => (el.composer.server?.id ?? '') !== '' && !el.composer.hasHeld(), 'the autosave');
    await el.saves.settled();
    const entries = await log();
    expect(entries.filter((l) => 'create' in l)).to.have.length(1);
    const saves = entries.filter((l) => 'save' in l);
    expect(saves.at(-1)).to.include({ subject: 'Sortie jeudi', body: '<p>Bonjour Madame</p>' });
    expect(saves.length).to.be.lessThan(4); // a save a moment after the last key, not one per key
    expect(text(q(el, '[part="composer"]'))).to.contain('Brouillon enregistré à');
    q<HTMLButtonElement>(el, '[part="send"]').click();
    await until(() => !el.composer.open, 'the composer closed');
    expect(text(q(el, '[role="status"]'))).to.equal('Message envoyé.');
    expect((await log()).filter((l) => 'send' in l)).to.deep.equal([{ send: 'd1', subject: 'Sortie jeudi' }]);
  });

  it('recalls a sent message: the reader closes and the composer holds it again, no lost conversation asked for', async () => {
    const { el, log } = await connected();
    await compose(el);
    await typeInto(el, '#subject', 'Envoyé trop vite');
    q<HTMLButtonElement>(el, '[part="send"]').click();
    await until(() => !el.composer.open, 'the composer closed');
    q<HTMLButtonElement>(el, '[part="folder"][data-folder="sent"]').click();
    await until(() => qa(el, '[role="row"]').some((r) => r.dataset.id === 'd1'), 'the sent message');
    q(el, '[data-cell="0:0"]').click();
    await until(() => qa(el, '[part="recall"]').length > 0, 'the recall button');
    q<HTMLButtonElement>(el, '[part="recall"]').click();
    await until(() => el.composer.open, 'the recalled draft in the composer');
    await rendered(el);
    expect(q<HTMLInputElement>(el, '#subject').value).to.equal('Rappelé');
    expect(el.selectedId).to.equal(null);
    expect((await log()).filter((l) => 'thread' in l && !l.found)).to.deep.equal([]);
  });

  it('keeps the draft and says why when the server refuses the send', async () => {
    const { el } = await connected();
    await compose(el);
    await typeInto(el, '#subject', 'Refusé par le serveur');
    q<HTMLButtonElement>(el, '[part="send"]').click();
    await until(() => text(q(el, '[role="alert"]')).length > 0, 'the refusal');
    expect(el.composer.open).to.equal(true);
    expect(q<HTMLInputElement>(el, '#subject').value).to.equal('Refusé par le serveur');
    expect(text(q(el, '[part="recipients-to"] .field-error'))).to.equal(
      'Vous ne pouvez pas écrire à cette personne.',
    );
    expect(qa(el, '[part="recipients-to"] .chip')).to.have.length(1);
  });

  it('suggests 07:00 in quiet hours, for deferred send too, by the server’s time whatever the computer’s', async () => {
    const { el } = await connected((ns) =>
      fetch(`/__messages/${ns}/quiet`, { method: 'POST' }).then(() => {}),
    );
    // A computer a fortnight ahead: « now » is the server's (the mailbox says what time it is there).
    el.clock = () => new Date('2026-12-06T08:00:00Z');
    await el.refresh();
    await compose(el);
    await until(() => qa(el, '[part="quiet-hours"]').length > 0, 'the quiet-hours notice');
    expect(text(q(el, '[part="quiet-hours"]'))).to.equal(
      'Heures calmes : ce message sera distribué le vendredi 20 novembre 2026 à 07:00.',
    );
    const deferred = qa<HTMLInputElement>(el, '.send-options input[type="checkbox"]').at(-1)!;
    deferred.click();
    await rendered(el);
    expect(q<HTMLInputElement>(el, '#send-at').value).to.equal('2026-11-20T07:00');
    expect(text(q(el, '[part="send"]'))).to.equal('Programmer');
  });

  it('uploads attachments to the file store and lists them in the draft', async () => {
    const { el, log } = await connected();
    await compose(el);
    const input = q<HTMLInputElement>(el, '#files');
    const file = new File(['%PDF-1.4 test'], 'autorisation.pdf', { type: 'application/pdf' });
    const transfer = new DataTransfer();
    transfer.items.add(file);
    input.files = transfer.files;
    input.dispatchEvent(new Event('change'));
    await until(() => el.composer.draft.attachmentIds.length === 1, 'the upload');
    expect(text(q(el, '.files'))).to.contain('autorisation.pdf');
    await until(() => !el.composer.hasHeld(), 'the autosave');
    await el.saves.settled();
    expect((await log()).some((l) => l.upload === 'autorisation.pdf')).to.equal(true);
  });

  it('follows the live stream: a new message, a read receipt, a recall', async () => {
    const { el, emit } = await connected();
    await until(() => el.live.state === 'open', 'the stream');
    await emit('messages.received', {
      messageId: 'm0',
      threadId: 'm0',
      subject: 'Réunion',
      fromName: 'Marc PETIT',
      urgent: false,
    });
    await until(() => text(q(el, '[role="status"]')).includes('Nouveau message'), 'the notice');
    expect(text(q(el, '[role="status"]'))).to.equal('Nouveau message de Marc PETIT : Réunion');

    q(el, '[data-cell="1:0"]').click();
    await until(() => qa(el, '[part="thread-message"]').length > 0, 'the conversation');
    await emit('messages.recalled', { messageId: 'm1' });
    await until(() => el.selectedId === null, 'the recalled message closed');
    expect(qa(el, '[role="row"]').some((r) => r.dataset.id === 'm1')).to.equal(false);
    expect(text(q(el, '[role="status"]'))).to.contain('L’expéditeur a rappelé un message');
  });
});
