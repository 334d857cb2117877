import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { rendered, scrollSettled, wheel } from '../../test-support/rendering.js';
import '../../test-support/test-grid.js';
import type { TestGrid } from '../../test-support/test-grid.js';

const q = (el: TestGrid, sel: string) => el.shadowRoot!.querySelector<HTMLElement>(sel)!;
const all = (el: TestGrid, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];

async function grid(): Promise<TestGrid> {
  const el = await fixture<TestGrid>(html`<test-grid style="font-size: 15px"></test-grid>`);
  await rendered(el);
  return el;
}

describe('VirtualizerController', () => {
  it('renders a window of rows in a body as tall as all of them', async () => {
    const el = await grid();
    const rows = all(el, '.row');
    expect(rows.length).to.be.greaterThan(8).and.lessThan(40);
    expect(q(el, '.body').getBoundingClientRect().height).to.equal(1000 * 30);
    expect(rows[0]!.getAttribute('aria-rowindex')).to.equal('2');
  });

  it('scrolls exactly what the wheel asks: ten 100-px ticks end 1,000 px down (± one row)', async () => {
    const el = await grid();
    const scroller = q(el, '.scroller');
    for (let i = 0; i < 10; i++) {
      await wheel(scroller, 100);
      await scrollSettled(scroller, el, 2);
    }
    const top = await scrollSettled(scroller, el);
    expect(Math.abs(top - 1000)).to.be.at.most(30);
    // Row 0 stays rendered (the active row is pinned); the window starts an overscan above row 33.
    const indices = all(el, '.row').map((r) => Number(r.getAttribute('aria-rowindex')) - 2);
    expect(indices[0]).to.equal(0);
    expect(indices[1]).to.be.within(33 - 9, 33);
    expect(indices.length).to.be.lessThan(45);
  });

  it('never gives a row’s DOM to another record (rows keyed)', async () => {
    const el = await grid();
    const row5 = q(el, '[data-id="r5"]');
    const scroller = q(el, '.scroller');
    scroller.scrollTop = 90;
    await scrollSettled(scroller, el);
    expect(q(el, '[data-id="r5"]')).to.equal(row5);
    expect(row5.getAttribute('aria-rowindex')).to.equal('7');
  });

  it('keeps exactly one tab stop, on the same cell, while its row scrolls away and back', async () => {
    const el = await grid();
    q(el, '[data-cell="0:0"]').focus();
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowRight' });
    await rendered(el);
    const active = q(el, '[data-cell="1:1"]');
    expect(el.shadowRoot!.activeElement).to.equal(active);
    const scroller = q(el, '.scroller');
    scroller.scrollTop = 15_000;
    await scrollSettled(scroller, el);
    expect(all(el, '[tabindex="0"]')).to.deep.equal([active]);
    expect(active.isConnected).to.equal(true);
    expect(el.shadowRoot!.activeElement).to.equal(active);
    scroller.scrollTop = 0;
    await scrollSettled(scroller, el);
    expect(all(el, '[tabindex="0"]')).to.deep.equal([active]);
    expect(active.textContent).to.equal('1');
  });
});
