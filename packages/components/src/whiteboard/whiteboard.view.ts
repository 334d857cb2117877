import { html, nothing, svg } from 'lit';
import type { Stroke } from './annotations.js';
import type { OpenedDocument } from './document/open.js';
import { HIGHLIGHTER_OPACITY, hasRealPressure, strokePath } from './ink.js';
import type { PreauWhiteboard } from './whiteboard.js';

/** The viewer's page list and stage (the page, its annotations, the curtain and the spotlight). */
export function renderThumbnails(el: PreauWhiteboard, doc: OpenedDocument) {
  const sectionAt = new Map(doc.sections.map((s) => [s.start, s.title]));
  return html`<nav part="thumbnails" class="thumbnails" aria-label=${el.msg('pages')}>
    ${doc.pages.map((p) => {
      const [, , w, h] = p.viewBox;
      const picture = p.thumbnail
        ? html`<img src=${p.thumbnail} alt="" loading="lazy" />`
        : p.index < el.thumbsReady
          ? doc.render(p.index).svg
          : html`<svg viewBox="0 0 ${w} ${h}" aria-hidden="true"></svg>`;
      return html`${sectionAt.has(p.index) ? html`<h3>${sectionAt.get(p.index)}</h3>` : nothing}
        <button type="button" class="thumb" data-ratio="${w} / ${h}"
          aria-current=${p.index === el.pageIndex ? 'page' : nothing} @click=${() => el.go(p.index)}>
          ${picture}<span>${el.msg('pageN', { page: p.index + 1 })}</span>
        </button>`;
    })}
  </nav>`;
}

export function renderStage(el: PreauWhiteboard, doc: OpenedDocument) {
  const index = el.pageIndex;
  const page = doc.pages[index];
  const rendered = doc.render(index);
  rendered.svg.setAttribute('aria-hidden', 'true');
  rendered.svg.setAttribute('part', 'content');
  const [x, y, w, h] = page.viewBox;
  const size = { width: `${w * el.scale}px`, height: `${h * el.scale}px` };
  const strokes = el.strokesOf(page.id);
  const label = el.msg('pageOf', { page: index + 1, count: doc.pages.length });
  return html`<div
      part="stage"
      class="stage"
      tabindex="0"
      role="region"
      aria-label=${label}
      aria-describedby="page-text"
      data-tool=${el.readonly ? 'view' : el.tool}
      @keydown=${el.onKeydown}
      @pointerdown=${el.interaction.down}
      @pointermove=${el.interaction.move}
      @pointerup=${el.interaction.up}
      @pointercancel=${el.interaction.up}
      @wheel=${el.interaction.wheel}
    >
      <div part="page" class="page" data-width=${size.width} data-height=${size.height}>
        ${rendered.svg}
        <svg part="ink" class="ink" viewBox="${x} ${y} ${w} ${h}" preserveAspectRatio="none" role="img" aria-label=${el.msg('annotationLayer')}>
          ${strokes.map((s) => strokeSvg(s))} ${el.live ? strokeSvg(el.live) : nothing}
        </svg>
        ${renderSpotlight(el)} ${renderCurtain(el)}
      </div>
    </div>
    <section id="page-text" class="visually-hidden" aria-label=${el.msg('pageText')}>
      ${rendered.text.length ? rendered.text.map((line) => html`<p>${line}</p>`) : html`<p>${el.msg('noPageText')}</p>`}
    </section>`;
}

function strokeSvg(s: Stroke) {
  return svg`<path d=${strokePath(s, hasRealPressure(s.points))} fill=${s.color}
    fill-opacity=${s.tool === 'highlighter' ? HIGHLIGHTER_OPACITY : 1} data-stroke=${s.id}></path>`;
}

function renderCurtain(el: PreauWhiteboard) {
  if (el.curtain === null) return nothing;
  return html`<div part="curtain" class="curtain" data-top="${el.curtain * 100}%">
    <button type="button" class="curtain-handle" aria-label=${el.msg('curtainHint')} title=${el.msg('curtainHint')}
      @pointerdown=${(e: PointerEvent) => curtainDrag(el, e)} @keydown=${(e: KeyboardEvent) => curtainKey(el, e)}>⇕</button>
  </div>`;
}

function renderSpotlight(el: PreauWhiteboard) {
  if (el.spotlight === null) return nothing;
  const [, , w, h] = el.doc?.pages[el.pageIndex].viewBox ?? [0, 0, 1, 1];
  const r = Math.min(w, h) * 0.18;
  return html`<svg class="spotlight" viewBox="0 0 ${w} ${h}" aria-label=${el.msg('spotlightHint')} role="img">
    <defs><mask id="spot"><rect width=${w} height=${h} fill="white"></rect>
      <circle cx=${el.spotlight.x * w} cy=${el.spotlight.y * h} r=${r} fill="black"></circle></mask></defs>
    <rect width=${w} height=${h} fill="rgb(0 0 0 / 82%)" mask="url(#spot)"></rect>
  </svg>`;
}

/** Arrow keys on the curtain's handle move it by 5 % of the page. */
function curtainKey(el: PreauWhiteboard, event: KeyboardEvent): void {
  const step = event.key === 'ArrowDown' ? 0.05 : event.key === 'ArrowUp' ? -0.05 : 0;
  if (step === 0 || el.curtain === null) return;
  event.preventDefault();
  event.stopPropagation();
  el.moveCurtain(el.curtain + step);
}

/** Dragging the curtain's handle moves the curtain's edge with the pointer. */
function curtainDrag(el: PreauWhiteboard, event: PointerEvent): void {
  event.stopPropagation();
  const handle = event.currentTarget as HTMLElement;
  try {
    handle.setPointerCapture(event.pointerId);
  } catch {
    // Without capture the drag still follows the handle.
  }
  const move = (e: PointerEvent) => {
    const rect = el.inkLayer()?.getBoundingClientRect();
    if (rect) el.moveCurtain((e.clientY - rect.top) / rect.height);
  };
  const up = () => {
    handle.removeEventListener('pointermove', move);
    handle.removeEventListener('pointerup', up);
    handle.removeEventListener('pointercancel', up);
  };
  handle.addEventListener('pointermove', move);
  handle.addEventListener('pointerup', up);
  handle.addEventListener('pointercancel', up);
}
