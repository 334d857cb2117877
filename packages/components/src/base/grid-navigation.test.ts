import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { rendered } from '../../test-support/rendering.js';
import '../../test-support/test-grid.js';
import type { TestGrid } from '../../test-support/test-grid.js';

const activeCell = (el: TestGrid) => el.shadowRoot!.activeElement?.getAttribute('data-cell');

async function press(el: TestGrid, key: string): Promise<void> {
  await sendKeys({ press: key });
  await rendered(el);
}

describe('GridNavigationController', () => {
  it('moves one focus with arrows, Home/End, Ctrl+Home/End and PageUp/PageDown, scrolling as needed', async () => {
    const el = await fixture<TestGrid>(html`<test-grid style="font-size: 15px"></test-grid>`);
    await rendered(el);
    el.shadowRoot!.querySelector<HTMLElement>('[data-cell="0:0"]')!.focus();
    await press(el, 'ArrowRight');
    expect(activeCell(el)).to.equal('0:1');
    await press(el, 'ArrowLeft');
    await press(el, 'ArrowLeft');
    expect(activeCell(el), 'stops at the edge').to.equal('0:0');
    await press(el, 'End');
    expect(activeCell(el)).to.equal('0:4');
    await press(el, 'Home');
    expect(activeCell(el)).to.equal('0:0');
    await press(el, 'PageDown');
    const page = el.rows.pageSize();
    expect(activeCell(el)).to.equal(`${page}:0`);
    await press(el, 'PageUp');
    expect(activeCell(el)).to.equal('0:0');
    await press(el, 'Control+End');
    expect(activeCell(el)).to.equal('999:4');
    const row = el.shadowRoot!.activeElement!.closest('[role="row"]')!;
    expect(row.getAttribute('aria-rowindex')).to.equal('1001');
    const box = el.shadowRoot!.activeElement!.getBoundingClientRect();
    const scroller = el.shadowRoot!.querySelector('.scroller')!.getBoundingClientRect();
    expect(box.bottom).to.be.at.most(scroller.bottom + 1);
    await press(el, 'Control+Home');
    expect(activeCell(el)).to.equal('0:0');
    expect(el.shadowRoot!.querySelectorAll('[tabindex="0"]')).to.have.length(1);
  });

  it('acts on Enter and F2, extends a range with Shift and drops it with Escape', async () => {
    const el = await fixture<TestGrid>(html`<test-grid></test-grid>`);
    await rendered(el);
    el.shadowRoot!.querySelector<HTMLElement>('[data-cell="0:1"]')!.focus();
    await press(el, 'Enter');
    await press(el, 'F2');
    expect(el.activations).to.deep.equal(['0:1', '0:1']);
    await press(el, 'Shift+ArrowDown');
    await press(el, 'Shift+ArrowRight');
    expect(el.nav.range()).to.deep.equal({ r0: 0, r1: 1, c0: 1, c1: 2 });
    await press(el, 'Escape');
    expect(el.nav.range()).to.equal(null);
  });

  it('follows the focus a click or a screen reader gives to a cell', async () => {
    const el = await fixture<TestGrid>(html`<test-grid></test-grid>`);
    await rendered(el);
    el.shadowRoot!.querySelector<HTMLElement>('[data-cell="3:2"]')!.focus();
    await rendered(el);
    expect(el.nav.active).to.deep.equal({ row: 3, col: 2 });
    expect(el.shadowRoot!.querySelector('[tabindex="0"]')!.getAttribute('data-cell')).to.equal('3:2');
  });
});
