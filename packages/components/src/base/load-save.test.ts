import { expect, fixture, html } from '@open-wc/testing';
import { html as litHtml } from 'lit';
import { cutNetwork, until } from '../../test-support/rendering.js';
import { LoadController } from './load.js';
import { PreauElement } from './preau-element.js';
import { SaveQueue } from './save-queue.js';
import { StatusController } from './status.js';

class TestLoader extends PreauElement {
  src = '';
  data: unknown = null;
  values: string[] = [];
  readonly status = new StatusController(this);
  readonly load = new LoadController<unknown>(this, {
    url: () => this.src,
    onData: (data) => {
      this.data = data;
    },
  });
  readonly saves = new SaveQueue(this, { onError: (e) => this.status.error(e) });
  override render() {
    return litHtml`${this.status.render()}${this.load.render()}<p>${this.values.join(',')}</p>`;
  }
  /** An optimistic write: shown at once, taken back when refused. */
  write(value: string, path: string, delay = 0): string {
    return this.saves.enqueue({
      method: 'POST',
      path,
      body: { value },
      delay,
      apply: () => this.values.push(value),
      rollback: () => {
        this.values = this.values.filter((v) => v !== value);
      },
    });
  }
}
customElements.define('test-loader', TestLoader);

const ns = () => `/__test/ls-${Math.random().toString(36).slice(2)}/api/v1`;
const text = (el: Element) => (el.shadowRoot!.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('LoadController', () => {
  it('loads, shows a French error with « Réessayer », and loads again on retry', async () => {
    const api = ns();
    const el = await fixture<TestLoader>(html`<test-loader></test-loader>`);
    el.src = `${api}/flaky`;
    el.requestUpdate();
    await until(() => el.load.state === 'error', 'the first answer (503)');
    await el.updateComplete;
    expect(text(el)).to.contain('Chargement impossible').and.contain('Maintenance.');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="load-error"] button')!.click();
    await until(() => el.load.state === 'ready', 'the retry');
    expect(el.data).to.deep.equal({ answer: 2 });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="load-error"]')).to.equal(null);
  });

  it('names the address for a wrong src, and says to check it', async () => {
    const el = await fixture<TestLoader>(html`<test-loader lang="fr"></test-loader>`);
    el.src = `${ns()}/nowhere`;
    el.requestUpdate();
    await until(() => el.load.state === 'error', 'the 404');
    await el.updateComplete;
    expect(text(el))
      .to.contain(`Rien à l’adresse ${el.src}`)
      .and.contain('vérifiez l’attribut src')
      .and.contain('Aucune route GET /api/v1/nowhere');
  });
});

describe('errors a web team can act on, each with its words and a retry', () => {
  /** The same test server seen from another origin (127.0.0.1 instead of localhost): another site. */
  const otherOrigin = () => `http://127.0.0.1:${location.port}`;
  const loader = async (src: string) => {
    const el = await fixture<TestLoader>(html`<test-loader lang="fr"></test-loader>`);
    el.src = src;
    el.requestUpdate();
    await until(() => el.load.state === 'error', `the failure of ${src}`);
    await el.updateComplete;
    return el;
  };
  const retry = (el: TestLoader) =>
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="load-error"] [data-retry]')!.click();

  it('an API that refuses this site (CORS) names both sites and the setting to change', async () => {
    const el = await loader(`${otherOrigin()}${ns()}/cors-later`);
    expect(text(el))
      .to.contain(`Le serveur ${otherOrigin()} refuse les demandes de ce site (${location.origin})`)
      .and.contain(`ajouter ${location.origin} à la liste PREAU_ALLOWED_ORIGINS`);
    retry(el);
    await until(() => el.load.state === 'ready', 'the retry, once the API allows the site');
    expect(el.data).to.deep.equal({ answer: 2 });
  });

  it('a src where nothing answers says to check it', async () => {
    const el = await loader('http://127.0.0.1:1/api/v1/gradebook/classes/c/sheet');
    expect(text(el))
      .to.contain('Le serveur http://127.0.0.1:1 ne répond pas')
      .and.contain('Vérifiez l’adresse donnée dans src');
    expect(el.shadowRoot!.querySelector('[data-retry]')).to.not.equal(null);
  });

  it('a src that leads to a web page, not the API, says so', async () => {
    const el = await loader(`${ns().replace('/api/v1', '')}/page`);
    expect(text(el)).to.contain('ne mène pas à l’API de l’ENT').and.contain('vérifiez l’attribut src');
  });

  it('an expired session asks to sign in again, and the retry loads', async () => {
    const el = await loader(`${ns()}/expired`);
    expect(text(el)).to.contain('Votre session a expiré : reconnectez-vous.');
    // Same site: no sign-in window is offered, the page's own sign-in is.
    expect(el.shadowRoot!.querySelector('[data-sign-in]')).to.equal(null);
    retry(el);
    await until(() => el.load.state === 'ready', 'the retry');
  });

  it('an expired session on another site’s API offers « Se connecter à l’ENT »', async () => {
    const el = await loader(`${otherOrigin()}${ns()}/expired`);
    expect(text(el)).to.contain('Votre session a expiré : reconnectez-vous.');
    const signIn = el.shadowRoot!.querySelector<HTMLButtonElement>('[data-sign-in]');
    expect(signIn?.textContent?.trim()).to.equal('Se connecter à l’ENT');
    expect(el.shadowRoot!.querySelector('[data-retry]')).to.not.equal(null);
    // The click opens the ENT's sign-in window for this page (its code is loaded on demand).
    const opened: string[] = [];
    const open = window.open;
    let popup: Window | null = null;
    window.open = (...args: Parameters<typeof window.open>) => {
      opened.push(String(args[0]));
      popup = open.apply(window, args);
      return popup;
    };
    try {
      signIn!.click();
      await until(() => opened.length > 0, 'the sign-in window');
      expect(opened).to.deep.equal([
        `${otherOrigin()}/api/connect?origin=${encodeURIComponent(location.origin)}`,
      ]);
    } finally {
      window.open = open;
      (popup as Window | null)?.close();
    }
  });

  it('the network cut: says the server does not answer, and the retry loads once it is back', async () => {
    const api = ns();
    const el = await fixture<TestLoader>(html`<test-loader lang="fr"></test-loader>`);
    await cutNetwork(api);
    try {
      el.src = `${api}/writes`;
      el.requestUpdate();
      await until(() => el.load.state === 'error', 'the failure');
      await el.updateComplete;
      expect(text(el)).to.contain(`Le serveur ${location.origin} ne répond pas`);
    } finally {
      await cutNetwork(null);
    }
    retry(el);
    await until(() => el.load.state === 'ready', 'the retry');
  });

  it('a write refused for the site’s Origin names the setting to change', async () => {
    const el = await fixture<TestLoader>(html`<test-loader lang="fr"></test-loader>`);
    el.write('x', `${ns()}/origin-refused`);
    await el.saves.settled();
    await el.updateComplete;
    expect(text(el))
      .to.contain(`Ce site (${location.origin}) n’est pas autorisé`)
      .and.contain('PREAU_ALLOWED_ORIGINS');
  });
});

describe('SaveQueue', () => {
  it('applies at once, sends in order with one idempotency key each, rolls back a refusal with its message', async () => {
    const api = ns();
    const el = await fixture<TestLoader>(html`<test-loader></test-loader>`);
    el.write('a', `${api}/writes`);
    el.write('b', `${api}/writes?fail=400`);
    el.write('c', `${api}/writes`);
    expect(el.values).to.deep.equal(['a', 'b', 'c']);
    expect(el.saves.pending.map((p) => p.body)).to.deep.equal([
      { value: 'a' },
      { value: 'b' },
      { value: 'c' },
    ]);
    await el.saves.settled();
    await el.updateComplete;
    expect(el.values).to.deep.equal(['a', 'c']);
    expect(text(el)).to.contain('Rien n’a été enregistré');
    const writes = await (await fetch(`${api}/writes`)).json();
    expect(writes.map((w: { body: { value: string } }) => w.body.value)).to.deep.equal(['a', 'c']);
    const keys = writes.map((w: { key: string }) => w.key);
    expect(new Set(keys).size).to.equal(2);
    for (const k of keys) expect(k).to.match(/^[0-9a-f-]{36}$/);
  });

  it('holds a delayed operation so that it can be undone, and sends it when flushed', async () => {
    const api = ns();
    const el = await fixture<TestLoader>(html`<test-loader></test-loader>`);
    const undone = el.write('x', `${api}/writes`, 60_000);
    el.write('y', `${api}/writes`, 60_000);
    expect(el.saves.cancel(undone)).to.equal(true);
    expect(el.values).to.deep.equal(['y']);
    await el.saves.settled();
    const writes = await (await fetch(`${api}/writes`)).json();
    expect(writes.map((w: { body: { value: string } }) => w.body.value)).to.deep.equal(['y']);
    expect(el.saves.cancel(undone)).to.equal(false);
  });
});
