import { expect, fixture, html } from '@open-wc/testing';
import { html as litHtml } from 'lit';
import { property } from 'lit/decorators.js';
import { defineElement } from './define.js';
import { LiveController } from './live.js';
import { PreauElement } from './preau-element.js';

class TestLiveElement extends PreauElement {
  @property() src = '';
  readonly received: number[] = [];
  readonly live = new LiveController(this, {
    url: () => (this.src ? `${this.src}/live` : null),
    onMessage: (data) => this.received.push((data as { n: number }).n),
    events: { 'mark-change': (data) => this.received.push((data as { n: number }).n) },
  });
  protected override updated(): void {
    this.live.sync();
  }
  override render() {
    return litHtml`<p part="live">${this.live.state}</p>`;
  }
}
defineElement('preau-test-live', TestLiveElement);

const api = () => `/__test/live-${crypto.randomUUID().slice(0, 8)}/api/v1`;

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
}

describe('LiveController', () => {
  it('follows the stream while connected, in order across reconnections, and stops when removed', async () => {
    const el = await fixture<TestLiveElement>(html`<preau-test-live src=${api()}></preau-test-live>`);
    await until(() => el.received.length >= 5);
    expect(el.received.slice(0, 5)).to.deep.equal([1, 2, 3, 4, 5]);
    expect(['open', 'reconnecting']).to.include(el.live.state);
    el.remove();
    expect(el.live.state).to.equal('idle');
    const count = el.received.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(el.received.length).to.equal(count);
  });

  it('opens nothing in property mode and connects when src is set', async () => {
    const el = await fixture<TestLiveElement>(html`<preau-test-live></preau-test-live>`);
    await new Promise((r) => setTimeout(r, 100));
    expect(el.live.state).to.equal('idle');
    expect(el.received).to.deep.equal([]);
    el.src = api();
    await until(() => el.received.length >= 2);
    expect(el.received.slice(0, 2)).to.deep.equal([1, 2]);
    el.src = '';
    await el.updateComplete;
    expect(el.live.state).to.equal('idle');
  });
});
