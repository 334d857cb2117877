import { expect, fixture, html } from '@open-wc/testing';
import { XSS_PAYLOADS } from '../../../../test/support/xss-payloads.js';
import { nextFrame, rendered } from '../../test-support/rendering.js';
import './messages.js';
import { DEMO_NOW, demoMessages } from './messages.demo.js';
import type { PreauMessages } from './messages.js';
import type { MessagesData, MessageView } from './messages.types.js';

/**
 * The element's own defence, without the server's: every payload of the list goes straight into a body, a subject,
 * an excerpt, a sender's and an addressee's name, as a careless host could hand it over. Nothing may run, load from
 * elsewhere, or leave a handler or a dangerous address in the page — even hovered, focused, images shown.
 */
function hostileData(): MessagesData {
  const data = demoMessages();
  const base = data.threads![0]!.messages[0]!;
  const messages: MessageView[] = XSS_PAYLOADS.map((payload, i) => ({
    ...base,
    id: `x${i}`,
    threadId: 'tx',
    subject: payload,
    excerpt: payload,
    from: { id: `u${i}`, name: payload, profile: 'guardian' },
    bodyHtml: `<p>Charge ${i}</p>${payload}`,
    addressees: [{ kind: 'user', id: 'prof', label: payload, field: 'to', memberCount: null }],
    attachments: [{ id: `f${i}`, name: payload, mediaType: 'application/pdf', size: 10 }],
    read: true,
  }));
  return {
    ...data,
    messages: [...messages.map(({ bodyHtml: _b, addressees: _a, ...s }) => ({ ...s, folder: 'inbox' }))],
    threads: [{ id: 'tx', subject: XSS_PAYLOADS[0]!, messages }],
  };
}

describe('<preau-messages> and the XSS payload list', () => {
  const calls: string[] = [];
  const saved = { alert: window.alert, confirm: window.confirm, prompt: window.prompt };
  const onError = (e: ErrorEvent) => calls.push(`error: ${e.message}`);
  before(() => {
    window.alert = (m?: unknown) => void calls.push(`alert ${String(m)}`);
    window.confirm = (m?: string) => {
      calls.push(`confirm ${m}`);
      return false;
    };
    window.prompt = (m?: string) => {
      calls.push(`prompt ${m}`);
      return null;
    };
    window.addEventListener('error', onError);
  });
  after(() => {
    Object.assign(window, saved);
    window.removeEventListener('error', onError);
  });

  /** What in the shadow tree could run or fetch something. */
  function dangers(el: PreauMessages, imagesShown: boolean): string[] {
    const found: string[] = [];
    // What the messages brought in: the list's lines and the conversation (the element's own frame around them
    // is checked by the element contract).
    for (const node of el.shadowRoot!.querySelectorAll('[part="message"] *, [part="thread-message"] *')) {
      const tag = node.localName;
      if (
        [
          'script',
          'iframe',
          'object',
          'embed',
          'svg',
          'math',
          'form',
          'style',
          'link',
          'meta',
          'base',
          'frame',
          'video',
          'audio',
          'input',
          'textarea',
        ].includes(tag)
      )
        found.push(`<${tag}>`);
      for (const attr of node.attributes) {
        if (/^on/i.test(attr.name)) found.push(`${tag}[${attr.name}]`);
        if (attr.name === 'style' || attr.name === 'srcset' || attr.name === 'formaction')
          found.push(`${tag}[${attr.name}]`);
      }
      if (tag === 'a' && node.hasAttribute('href')) {
        const href = (node as HTMLAnchorElement).protocol;
        if (!['http:', 'https:', 'mailto:'].includes(href) && !node.getAttribute('href')!.startsWith('/'))
          found.push(`a[href=${node.getAttribute('href')}]`);
        const rel = (node as HTMLAnchorElement).relList;
        if (node.closest('[part="body"]') && !(rel.contains('noopener') && rel.contains('noreferrer')))
          found.push('a without rel');
      }
      if (tag === 'img') {
        const src = node.getAttribute('src') ?? '';
        const inline = /^data:image\/(png|jpeg|gif|webp);base64,/i.test(src);
        if (!inline && !(imagesShown && /^https?:\/\//.test(src))) found.push(`img[src=${src}]`);
      }
    }
    return found;
  }

  async function prod(el: PreauMessages): Promise<void> {
    for (const node of el.shadowRoot!.querySelectorAll<HTMLElement>(
      '[part="body"] *, [part="thread-message"] *',
    )) {
      for (const type of ['mouseover', 'mouseenter', 'mousemove', 'pointerover'])
        node.dispatchEvent(new MouseEvent(type, { bubbles: true, composed: true }));
      node.focus?.();
    }
    for (let i = 0; i < 10; i++) await nextFrame();
  }

  it('runs nothing and loads nothing from elsewhere, in the list, the conversation and the addressees', async () => {
    const before = performance.getEntriesByType('resource').length;
    const host = await fixture<HTMLDivElement>(
      html`<div style="width: 1200px"><preau-messages lang="fr"></preau-messages></div>`,
    );
    const el = host.querySelector('preau-messages')!;
    el.clock = () => DEMO_NOW;
    el.data = hostileData();
    el.selectedId = 'x0';
    await rendered(el);
    expect(el.shadowRoot!.querySelectorAll('[part="thread-message"]').length).to.equal(XSS_PAYLOADS.length);
    await prod(el);
    expect(dangers(el, false)).to.deep.equal([]);
    const fetched = performance
      .getEntriesByType('resource')
      .slice(before)
      .map((e) => e.name)
      .filter((url) => new URL(url).origin !== location.origin);
    expect(fetched).to.deep.equal([]);

    // The reader asks for the images of every message: addresses load as images, never as script.
    for (const button of el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="images-note"] button'))
      button.click();
    await rendered(el);
    await prod(el);
    expect(dangers(el, true)).to.deep.equal([]);
    expect(calls).to.deep.equal([]);
  });
});
