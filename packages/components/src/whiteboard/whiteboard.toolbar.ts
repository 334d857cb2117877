import { html, nothing, type TemplateResult } from 'lit';
import type { Tool } from './interaction.js';
import type { WhiteboardMessageKey } from './whiteboard.messages.js';

export const INK_COLORS = [
  { value: '#000000', key: 'colorBlack' },
  { value: '#e3000f', key: 'colorRed' },
  { value: '#1f4e96', key: 'colorBlue' },
  { value: '#008000', key: 'colorGreen' },
  { value: '#ffd400', key: 'colorYellow' },
] as const;

export const INK_WIDTHS = [
  { value: 2, key: 'widthThin' },
  { value: 5, key: 'widthMedium' },
  { value: 10, key: 'widthThick' },
] as const;

const TOOLS: { tool: Tool; key: WhiteboardMessageKey; icon: string }[] = [
  { tool: 'view', key: 'toolView', icon: '☝' },
  { tool: 'pen', key: 'toolPen', icon: '✎' },
  { tool: 'highlighter', key: 'toolHighlighter', icon: '▮' },
  { tool: 'eraser', key: 'toolEraser', icon: '⌫' },
];

/** What the toolbar shows and calls; the element implements it. */
export interface ToolbarModel {
  msg(key: WhiteboardMessageKey, vars?: Record<string, unknown>): string;
  hasDocument: boolean;
  pageIndex: number;
  pageCount: number;
  scale: number;
  readonly: boolean;
  tool: Tool;
  color: string;
  inkWidth: number;
  canUndo: boolean;
  canRedo: boolean;
  curtainOn: boolean;
  spotlightOn: boolean;
  fullscreen: boolean;
  board: boolean;
  canSaveTrace: boolean;
  busy: boolean;
  openFile(event: Event): void;
  go(index: number): void;
  zoom(direction: 1 | -1): void;
  fit(mode: 'page' | 'width'): void;
  toggleFullscreen(): void;
  toggleBoard(): void;
  setTool(tool: Tool): void;
  setColor(color: string): void;
  setWidth(width: number): void;
  undo(): void;
  redo(): void;
  clearPage(): void;
  toggleCurtain(): void;
  toggleSpotlight(): void;
  exportPng(): void;
  exportPdf(): void;
  saveTrace(): void;
}

const iconButton = (
  label: string,
  icon: string,
  onClick: () => void,
  extra: Partial<{ pressed: boolean; disabled: boolean; part: string }> = {},
) =>
  html`<button
    type="button"
    class="button"
    part=${extra.part ?? 'control'}
    aria-label=${label}
    title=${label}
    aria-pressed=${extra.pressed === undefined ? nothing : String(extra.pressed)}
    ?disabled=${extra.disabled ?? false}
    @click=${onClick}
  >
    <span aria-hidden="true">${icon}</span>
  </button>`;

export function renderToolbar(m: ToolbarModel): TemplateResult {
  const none = !m.hasDocument;
  return html`<div part="toolbar" class="toolbar">
    <div class="group" role="group" aria-label=${m.msg('pages')}>
      <span class="button file" part="open">
        <span aria-hidden="true">${m.msg('openShort')}</span>
        <input type="file" accept=".ubz,.iwb,.notebook,application/zip" aria-label=${m.msg('open')} title=${m.msg('open')} @change=${(e: Event) => m.openFile(e)} />
      </span>
      ${iconButton(m.msg('previous'), '◀', () => m.go(m.pageIndex - 1), { disabled: none || m.pageIndex <= 0, part: 'previous' })}
      <span class="page-label" part="page-label" aria-live="polite">${none ? '' : m.msg('pageOf', { page: m.pageIndex + 1, count: m.pageCount })}</span>
      ${iconButton(m.msg('next'), '▶', () => m.go(m.pageIndex + 1), { disabled: none || m.pageIndex >= m.pageCount - 1, part: 'next' })}
    </div>
    <div class="group" role="group" aria-label=${m.msg('zoomLevel', { percent: Math.round(m.scale * 100) })}>
      ${iconButton(m.msg('zoomOut'), '−', () => m.zoom(-1), { disabled: none })}
      <span class="visually-hidden">${m.msg('zoomLevel', { percent: Math.round(m.scale * 100) })}</span>
      ${iconButton(m.msg('zoomIn'), '+', () => m.zoom(1), { disabled: none })}
      ${iconButton(m.msg('fitWidth'), '↔', () => m.fit('width'), { disabled: none })}
      ${iconButton(m.msg('fitPage'), '▭', () => m.fit('page'), { disabled: none })}
      ${iconButton(m.fullscreen ? m.msg('exitFullscreen') : m.msg('fullscreen'), '⤢', () => m.toggleFullscreen(), { pressed: m.fullscreen })}
      ${iconButton(m.msg('boardMode'), '▣', () => m.toggleBoard(), { pressed: m.board, part: 'board-toggle' })}
    </div>
    ${m.readonly ? nothing : renderInkTools(m, none)}
    <div class="group" role="group" aria-label=${m.msg('exportPdf')}>
      ${iconButton(m.msg('toolCurtain'), '▤', () => m.toggleCurtain(), { pressed: m.curtainOn, disabled: none, part: 'curtain-toggle' })}
      ${iconButton(m.msg('toolSpotlight'), '◉', () => m.toggleSpotlight(), { pressed: m.spotlightOn, disabled: none, part: 'spotlight-toggle' })}
      ${iconButton(m.msg('exportPng'), 'PNG', () => m.exportPng(), { disabled: none || m.busy, part: 'export-png' })}
      ${iconButton(m.msg('exportPdf'), 'PDF', () => m.exportPdf(), { disabled: none || m.busy, part: 'export-pdf' })}
      ${
        m.canSaveTrace && !m.readonly
          ? html`<button type="button" class="button" data-variant="primary" part="save-trace" ?disabled=${none || m.busy} @click=${() => m.saveTrace()}>
              ${m.msg('saveTrace')}
            </button>`
          : nothing
      }
    </div>
  </div>`;
}

function renderInkTools(m: ToolbarModel, none: boolean): TemplateResult {
  return html`<div class="group" role="group" aria-label=${m.msg('tools')}>
      ${TOOLS.map((t) => iconButton(m.msg(t.key), t.icon, () => m.setTool(t.tool), { pressed: m.tool === t.tool, disabled: none, part: `tool-${t.tool}` }))}
    </div>
    <div class="group" role="group" aria-label=${m.msg('colors')}>
      ${INK_COLORS.map(
        (
          c,
        ) => html`<button type="button" class="button" part="color" aria-label=${m.msg(c.key)} title=${m.msg(c.key)}
          aria-pressed=${String(m.color === c.value)} ?disabled=${none} @click=${() => m.setColor(c.value)}>
          <span class="swatch" data-color=${c.key} aria-hidden="true"></span>
        </button>`,
      )}
    </div>
    <div class="group" role="group" aria-label=${m.msg('widths')}>
      ${INK_WIDTHS.map((w) =>
        iconButton(m.msg(w.key), w.value <= 2 ? '─' : w.value <= 5 ? '━' : '█', () => m.setWidth(w.value), {
          pressed: m.inkWidth === w.value,
          disabled: none,
          part: 'width',
        }),
      )}
      ${iconButton(m.msg('undo'), '↶', () => m.undo(), { disabled: !m.canUndo, part: 'undo' })}
      ${iconButton(m.msg('redo'), '↷', () => m.redo(), { disabled: !m.canRedo, part: 'redo' })}
      ${iconButton(m.msg('clearPage'), '✕', () => m.clearPage(), { disabled: none, part: 'clear-page' })}
    </div>`;
}
