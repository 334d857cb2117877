import { expect, fixture, html } from '@open-wc/testing';
import { html as litHtml } from 'lit';
import { until } from '../../test-support/rendering.js';
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

  it('says « introuvable » for a wrong address', async () => {
    const el = await fixture<TestLoader>(html`<test-loader lang="fr"></test-loader>`);
    el.src = `${ns()}/nowhere`;
    el.requestUpdate();
    await until(() => el.load.state === 'error', 'the 404');
    await el.updateComplete;
    expect(text(el)).to.contain('Ressource introuvable');
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
