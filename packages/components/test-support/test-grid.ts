/**
 * A small virtualized grid built only from the base controllers, for their own tests: 1,000 rows × 5 columns,
 * rows keyed by their record, the active row pinned.
 */
import { css, html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { GridNavigationController } from '../src/base/grid-navigation.js';
import { PreauElement } from '../src/base/preau-element.js';
import { styleProps } from '../src/base/style-props.js';
import { VirtualizerController } from '../src/base/virtualizer.js';

export class TestGrid extends PreauElement {
  static override styles = [
    PreauElement.styles,
    css`
      .scroller { height: 20em; overflow: auto; overflow-anchor: none; position: relative; }
      .head { position: sticky; top: 0; z-index: 1; height: 2em; display: flex; background: #eee; }
      .body { position: relative; }
      .row { position: absolute; left: 0; right: 0; height: 2em; display: flex; }
      .row > * { flex: 1; }
    `,
  ];
  records = Array.from({ length: 1000 }, (_, i) => ({ id: `r${i}`, label: `Élève ${i + 1}` }));
  activations: string[] = [];
  readonly rows: VirtualizerController = new VirtualizerController(this, {
    scroller: () => this.renderRoot.querySelector<HTMLElement>('.scroller'),
    count: () => this.records.length,
    rowHeightEm: 2,
    headerRows: 1,
    pinned: () => [this.nav.active.row],
  });
  readonly nav: GridNavigationController = new GridNavigationController(this, {
    rows: () => this.records.length,
    cols: () => 5,
    pageSize: () => this.rows.pageSize(),
    reveal: (row) => this.rows.reveal(row),
    onActivate: (cell) => this.activations.push(`${cell.row}:${cell.col}`),
  });

  override render() {
    return html`<div class="scroller" role="grid" aria-label="Test" aria-rowcount=${this.records.length + 1}
      @keydown=${this.nav.keydown} @focusin=${this.nav.focusin}>
      <div class="head" role="row" aria-rowindex="1">
        ${[0, 1, 2, 3, 4].map((c) => html`<span role="columnheader">C${c}</span>`)}
      </div>
      <div class="body" role="presentation" ${styleProps({ height: this.rows.bodyHeight() })}>
        ${repeat(
          this.rows.indices(),
          (i) => this.records[i]!.id,
          (i) => html`<div class="row" role="row" aria-rowindex=${i + 2} data-id=${this.records[i]!.id}
            ${styleProps(this.rows.rowStyle(i))}>
            ${[0, 1, 2, 3, 4].map(
              (c) => html`<span role=${c === 0 ? 'rowheader' : 'gridcell'} data-cell=${`${i}:${c}`}
                tabindex=${this.nav.tabIndex(i, c)}>${c === 0 ? this.records[i]!.label : c}</span>`,
            )}
          </div>`,
        )}
      </div>
    </div>`;
  }
}
customElements.define('test-grid', TestGrid);
declare global {
  interface HTMLElementTagNameMap {
    'test-grid': TestGrid;
  }
}
