import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { runElementContract } from '../../test-support/element-contract.js';
import { rendered, scrollSettled, until, wheel } from '../../test-support/rendering.js';
import { forgetDensity } from '../base/board-mode.js';
import './messages.js';
import { bigMailbox, DEMO_NOW, demoMessages } from './messages.demo.js';
import type { PreauMessages } from './messages.js';

const clock = () => DEMO_NOW;
const q = <T extends Element = HTMLElement>(el: PreauMessages, sel: string) =>
  el.shadowRoot!.querySelector<T>(sel)!;
const qa = <T extends Element = HTMLElement>(el: PreauMessages, sel: string) => [
  ...el.shadowRoot!.querySelectorAll<T>(sel),
];
const text = (node: Element | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

async function mailbox(data = demoMessages(), width = 1200): Promise<PreauMessages> {
  const host = await fixture<HTMLDivElement>(
    html`<div style=${`width: ${width}px`}><preau-messages lang="fr"></preau-messages></div>`,
  );
  const el = host.querySelector('preau-messages')!;
  el.clock = clock;
  el.data = data;
  await rendered(el);
  return el;
}

runElementContract({
  tag: 'preau-messages',
  module: '/packages/components/src/messages/messages.ts',
  scenarios: [
    { name: 'a teacher’s inbox', properties: { data: demoMessages(), clock } },
    {
      name: 'reading a conversation',
      attributes: { selected: 'm-followup' },
      properties: { data: demoMessages(), clock },
    },
  ],
});

describe('<preau-messages> in property mode', () => {
  it('lists the folder newest first with unread counts, one tab stop in the list', async () => {
    const el = await mailbox();
    expect(qa(el, '[part="folder"]').map(text)).to.deep.equal([
      'Boîte de réception 2 non lus',
      'Messages envoyés',
      'Brouillons',
      'Envois programmés',
      'Corbeille',
      'Voyage 4e B',
    ]);
    const rows = qa(el, '[role="row"]');
    expect(rows.map((r) => r.dataset.id)).to.deep.equal(['m-followup', 'm-question', 'm-cpe', 'm-direction']);
    expect(rows[0]!.hasAttribute('data-unread')).to.equal(true);
    expect(q(el, '[role="grid"]').getAttribute('aria-rowcount')).to.equal('4');
    expect(qa(el, '[role="grid"] [tabindex="0"]')).to.have.length(1);
    expect(text(rows[0]!)).to.contain('Sophie BERNARD').and.contain('09:58').and.contain('Non lu');
  });

  it('opens a conversation from the keyboard, marks it read, and shows receipts on one’s own message', async () => {
    const el = await mailbox();
    const marks: { ids: string[]; read: boolean }[] = [];
    el.addEventListener('preau-message-mark', (e) => marks.push(e.detail));
    q(el, '[data-cell="0:0"]').focus();
    await sendKeys({ press: 'Enter' });
    await rendered(el);
    expect(marks).to.deep.equal([{ ids: ['m-followup'], read: true }]);
    expect(text(q(el, '[part="folder"][data-folder="inbox"]'))).to.equal('Boîte de réception 1 non lu');
    const thread = qa(el, '[part="thread-message"]');
    expect(thread.map((a) => a.dataset.id)).to.deep.equal(['m-question', 'm-answer', 'm-followup']);
    expect(text(q(el, '[data-id="m-answer"] [part="receipts"]'))).to.equal('lu par 0 / 1');
    // The focus followed to the conversation's title (screen readers hear where they are).
    expect(el.shadowRoot!.activeElement?.id).to.equal('reader-title');
    await expect(el).to.be.accessible();
  });

  it('renders bodies safely: links open apart, remote images wait for « Afficher les images »', async () => {
    const el = await mailbox();
    el.selectedId = 'm-followup';
    await rendered(el);
    const link = q<HTMLAnchorElement>(el, '[data-id="m-followup"] [part="body"] a');
    expect(link.rel).to.equal('noopener noreferrer nofollow');
    expect(link.target).to.equal('_blank');
    expect(qa(el, '[data-id="m-followup"] [part="body"] img')).to.have.length(0);
    expect(text(q(el, '[part="images-note"]'))).to.contain('Une image distante n’est pas affichée');
    q<HTMLButtonElement>(el, '[part="images-note"] button').click();
    await rendered(el);
    const img = q<HTMLImageElement>(el, '[data-id="m-followup"] [part="body"] img');
    expect(img.getAttribute('src')).to.equal('https://www.musees-reims.fr/plan.png');
    expect(img.getAttribute('referrerpolicy')).to.equal('no-referrer');
  });

  it('shows « lu par 18 / 24 » on a class letter and group sizes', async () => {
    const el = await mailbox();
    el.folder = 'sent';
    await rendered(el);
    expect(text(q(el, '[data-id="m-letter"]'))).to.contain('lu par 18 / 24');
    el.selectedId = 'm-letter';
    await rendered(el);
    expect(text(q(el, '[data-id="m-letter"] header'))).to.contain('Parents d’élèves de 4e B (24 personnes)');
  });

  it('writes a message: picker offers only the allowed recipients, groups with counts; send fires the draft', async () => {
    const el = await mailbox();
    const sent: unknown[] = [];
    el.addEventListener('preau-message-send', (e) => sent.push(e.detail.draft));
    q<HTMLButtonElement>(el, '[part="compose"]').click();
    await rendered(el);
    expect(el.shadowRoot!.activeElement?.id).to.equal('to-input');
    await sendKeys({ type: '4e b' });
    await rendered(el);
    const options = qa(el, '#to-options [role="option"]').map(text);
    expect(options).to.deep.equal([
      'Parents d’élèves de 4e B 24 personnes',
      'Élèves de 4e B 26 personnes',
      'Équipe pédagogique de 4e B 9 personnes',
      'Sophie BERNARD Parent de Léa BERNARD (4e B)',
    ]);
    await sendKeys({ press: 'Enter' });
    await rendered(el);
    expect(qa(el, '[part="recipients-to"] .chip').map(text)).to.deep.equal([
      'Parents d’élèves de 4e B (24 personnes) ×',
    ]);
    // Send without a subject: refused on the spot, nothing fired.
    q<HTMLButtonElement>(el, '[part="send"]').click();
    await rendered(el);
    expect(sent).to.have.length(0);
    expect(text(q(el, '#subject + .field-error'))).to.equal('Donnez un objet au message.');
    q<HTMLInputElement>(el, '#subject').focus();
    await sendKeys({ type: 'Voyage : documents' });
    q<HTMLTextAreaElement>(el, '#body').focus();
    await sendKeys({ type: 'Bonjour <b>à tous</b>' });
    q<HTMLButtonElement>(el, '[part="send"]').click();
    await rendered(el);
    expect(sent).to.deep.equal([
      {
        id: null,
        replyTo: null,
        subject: 'Voyage : documents',
        body: '<p>Bonjour &lt;b&gt;à tous&lt;/b&gt;</p>',
        to: [{ kind: 'group', id: 'class_parents:4b', label: 'Parents d’élèves de 4e B', memberCount: 24 }],
        cc: [],
        bcc: [],
        attachmentIds: [],
        noReply: false,
        urgent: false,
        sendAt: null,
      },
    ]);
    expect(text(q(el, '[role="status"]'))).to.equal('Message envoyé.');
  });

  it('keeps the composer when the host refuses the send', async () => {
    const el = await mailbox();
    el.addEventListener('preau-message-send', (e) => e.preventDefault());
    q<HTMLButtonElement>(el, '[part="compose"]').click();
    await rendered(el);
    await sendKeys({ type: 'Nadia' });
    await rendered(el);
    await sendKeys({ press: 'Enter' });
    q<HTMLInputElement>(el, '#subject').focus();
    await sendKeys({ type: 'Retards' });
    q<HTMLButtonElement>(el, '[part="send"]').click();
    await rendered(el);
    expect(q(el, '[part="composer"]')).to.exist;
    expect(q<HTMLInputElement>(el, '#subject').value).to.equal('Retards');
  });

  it('goes one column on a phone: the list, then the message with a way back', async () => {
    const el = await mailbox(demoMessages(), 360);
    expect(q(el, '[part="reader-pane"]').getClientRects().length).to.equal(0);
    q(el, '[data-cell="1:0"]').click();
    await rendered(el);
    expect(q(el, '[part="list-pane"]').getClientRects().length).to.equal(0);
    expect(q(el, '[part="reader-pane"]').getBoundingClientRect().width).to.be.at.most(361);
    q<HTMLButtonElement>(el, '[part="back"]').click();
    await rendered(el);
    expect(q(el, '[part="list-pane"]').getClientRects().length).to.be.greaterThan(0);
    await expect(el).to.be.accessible();
  });

  it('gives every link and button of an open message a finger’s target on a phone, links in their lines', async () => {
    const data = demoMessages();
    const followUp = data.threads!.flatMap((t) => t.messages).find((m) => m.id === 'm-followup')!;
    followUp.bodyHtml +=
      '<p>Autorisation <a href="https://www.college-schuman.fr/a.pdf">ici</a>, détails <a href="https://www.college-schuman.fr/voyage">sur le site du collège</a>.</p><ul><li><a href="mailto:vie.scolaire@college-schuman.fr">La vie scolaire</a></li></ul>';
    followUp.attachments = [
      { id: 'f-autorisation', name: 'autorisation.pdf', mediaType: 'application/pdf', size: 48_213 },
    ];
    const el = await mailbox(data, 360);
    q(el, '[data-cell="0:0"]').click();
    await rendered(el);
    const open = q(el, '[part="thread-message"][data-id="m-followup"]');
    const targets = [...open.querySelectorAll<HTMLElement>('a, button')];
    expect(targets.length).to.be.at.least(9);
    const small = targets
      .map((a) => ({ what: text(a), box: a.getBoundingClientRect() }))
      .filter(({ box }) => box.height < 44 || box.width < 44)
      .map(({ what, box }) => `${what} ${Math.round(box.width)}×${Math.round(box.height)}`);
    expect(small).to.deep.equal([]);
    expect(open.getBoundingClientRect().right).to.be.at.most(el.getBoundingClientRect().right + 0.5);
  });

  it('keeps a compact toolbar on a phone while a message is read: back, new message, board mode', async () => {
    const el = await mailbox(demoMessages(), 360);
    q(el, '[data-cell="1:0"]').click();
    await rendered(el);
    const shown = (sel: string) => (el.shadowRoot!.querySelector(sel)?.getClientRects().length ?? 0) > 0;
    const toolbar = q(el, '[part="toolbar"]');
    expect(toolbar.getAttribute('aria-label')).to.equal('Actions de la messagerie');
    expect(shown('[part="reader"]')).to.equal(true);
    expect(
      ['back', 'compose', 'board-toggle'].map((p) => shown(`[part="toolbar"] [part="${p}"]`)),
    ).to.deep.equal([true, true, true]);
    expect(shown('[part="search"]')).to.equal(false);
    expect(text(q(el, '[part="back"]'))).to.equal('← Retour à la liste');
    expect(toolbar.getBoundingClientRect().right).to.be.at.most(el.getBoundingClientRect().right + 0.5);
    // One line, « Nouveau message » as a pencil that keeps its name.
    const tops = ['back', 'compose', 'board-toggle'].map(
      (p) => q(el, `[part="${p}"]`).getBoundingClientRect().top,
    );
    expect(new Set(tops).size).to.equal(1);
    expect(q(el, '[part="compose"]').getAttribute('title')).to.equal('Nouveau message');
    expect(q(el, '[part="compose"]').getAttribute('aria-label')).to.equal('Nouveau message');
    // By keyboard: from the message's title (where opening it put the focus) back to the toggle, and on.
    expect(el.shadowRoot!.activeElement?.id).to.equal('reader-title');
    await sendKeys({ press: 'Shift+Tab' });
    const toggle = q(el, '[part="board-toggle"]');
    expect(el.shadowRoot!.activeElement).to.equal(toggle);
    expect(toggle.getAttribute('title')).to.equal('Mode tableau');
    try {
      await sendKeys({ press: 'Enter' });
      await rendered(el);
      expect(el.density).to.equal('board');
      expect(toggle.getAttribute('aria-pressed')).to.equal('true');
      expect(shown('[part="reader"]')).to.equal(true);
      await expect(el).to.be.accessible();
    } finally {
      forgetDensity();
      el.density = 'default';
    }
    el.lang = 'en';
    await rendered(el);
    expect(toolbar.getAttribute('aria-label')).to.equal('Mailbox actions');
    expect(text(q(el, '[part="back"]'))).to.equal('← Back to the list');
  });

  it('opens 10,000 messages rendering only what fits, and scrolls to the end by keyboard', async () => {
    const el = await mailbox(bigMailbox(10_000));
    const grid = q(el, '[role="grid"]');
    expect(grid.getAttribute('aria-rowcount')).to.equal('10000');
    expect(qa(el, '[role="row"]').length).to.be.lessThan(60);
    q(el, '[data-cell="0:0"]').focus();
    await sendKeys({ press: 'Control+End' });
    await scrollSettled(grid, el);
    const last = q(el, '[data-cell="9999:0"]');
    expect(el.shadowRoot!.activeElement).to.equal(last);
    expect(last.closest('[role="row"]')!.getAttribute('aria-rowindex')).to.equal('10000');
    await wheel(grid, -2000);
    await scrollSettled(grid, el);
    expect(qa(el, '[role="row"]').length).to.be.lessThan(80);
  });

  it('searches without regard to accents, across folders but the trash', async () => {
    const el = await mailbox();
    const input = q<HTMLInputElement>(el, '#q');
    input.focus();
    await sendKeys({ type: 'musee' });
    await sendKeys({ press: 'Enter' });
    await until(() => el.query === 'musee', 'the search');
    await rendered(el);
    expect(text(q(el, '#list-title'))).to.equal('Résultats pour « musee »');
    expect(qa(el, '[role="row"]').map((r) => r.dataset.id)).to.deep.equal([
      'm-followup',
      'm-answer',
      'm-draft',
      'm-question',
    ]);
  });

  it('speaks English', async () => {
    const el = await mailbox();
    el.lang = 'en';
    await rendered(el);
    expect(text(q(el, '[part="folder"][data-folder="inbox"]'))).to.equal('Inbox 2 unread');
    expect(text(q(el, '[part="compose"]'))).to.equal('New message');
  });
});
