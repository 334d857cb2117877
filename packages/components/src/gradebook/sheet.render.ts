import { formatAverage, formatMark, MARK_ANNOTATION_LABELS } from '@preau/core/gradebook/format';
import { personName } from '@preau/core/names';
import { html, nothing, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Row } from './gradebook.model.js';
import type { GradebookSheet, SheetEvaluation } from './gradebook.types.js';
import { STATS, STATS_LABEL } from './sheet.stats.js';
import type { Editing, SheetModule } from './sheet.view.js';

/** The sheet as a WAI-ARIA grid in a table: only rows whose data, active cell or editor changed render again. */
function annotation(mod: SheetModule, value: string): TemplateResult {
  const label = MARK_ANNOTATION_LABELS[value as keyof typeof MARK_ANNOTATION_LABELS];
  return html`<abbr title=${label ? label[mod.host.locale] : value}>${value}</abbr>`;
}

export function renderSheet(mod: SheetModule, _sheet: GradebookSheet, labelId: string): TemplateResult {
  const host = mod.host;
  const model = mod.model!;
  const evals = model.evaluations;
  const nRows = model.rows.length;
  const { row: ar, col: ac } = mod.nav.active;
  const editing = mod.editing;
  const id = host.localName;
  return html`<p class="help" id=${`${id}-help`}>${host.msg('keyboardHelp')}</p>
    <div part="scroller">
      <table part="grid" role="grid" aria-labelledby=${labelId} aria-describedby=${`${id}-help`}
        aria-rowcount=${nRows + 1 + STATS.length} aria-colcount=${evals.length + 2}
        aria-readonly=${mod.canEdit ? nothing : 'true'} aria-multiselectable="true"
        @keydown=${mod.onKeyDown} @click=${mod.onClick} @dblclick=${mod.onDblClick} @paste=${mod.onPaste}
        @pointerdown=${mod.onPointerDown} @copy=${mod.onCopy} @focusin=${mod.nav.focusin}>
        <thead>${guard([evals, host.locale], () => renderHeader(mod, evals))}</thead>
        <tbody>
          ${repeat(
            model.rows,
            (row) => row.student.id,
            (row, r) => {
              const activeCol = ar === r ? ac : -1;
              const edit = editing && editing.row === r ? editing : null;
              return guard([row, activeCol, edit, mod.invalid, host.locale, evals], () =>
                renderRow(mod, row, r, activeCol, edit),
              );
            },
          )}
        </tbody>
        <tfoot part="stats">
          ${STATS.map((stat, i) => {
            const activeCol = ar === nRows + i ? ac : -1;
            return guard([model.rows, activeCol, host.locale, evals], () =>
              renderStats(mod, stat, nRows + i, activeCol),
            );
          })}
        </tfoot>
      </table>
    </div>`;
}

function renderHeader(mod: SheetModule, evals: readonly SheetEvaluation[]): TemplateResult {
  const host = mod.host;
  const date = (d: string, o: Intl.DateTimeFormatOptions) => host.formatDate(`${d}T12:00:00Z`, o);
  return html`<tr part="header" aria-rowindex="1">
    <th scope="col" role="columnheader">${host.msg('student')}</th>
    ${evals.map(
      (e) => html`<th scope="col" role="columnheader" part="column-header"
        aria-label=${host.msg('evaluationHeader', { title: e.title, date: date(e.date, { dateStyle: 'long' }), coef: e.coefficient, max: e.outOf })}>
        <span class="eval-title">${e.title}</span>
        <span class="eval-meta">${date(e.date, { day: '2-digit', month: '2-digit' })} · ${host.msg('outOf', { max: e.outOf })} · ${host.msg('coefShort', { coef: e.coefficient })}</span>
      </th>`,
    )}
    <th scope="col" role="columnheader" part="average-header">${host.msg('average')}</th>
  </tr>`;
}

/** One student's row. Only rows whose data, active cell or editor changed are rendered again (see guard). */
function renderRow(
  mod: SheetModule,
  row: Row,
  r: number,
  activeCol: number,
  edit: Editing | null,
): TemplateResult {
  const model = mod.model!;
  const lang = mod.host.locale;
  const avg = model.average(row);
  const sid = row.student.id;
  const last = model.evaluations.length + 1;
  return html`<tr part="row" aria-rowindex=${r + 2}>
    <th scope="row" role="rowheader" part="name" data-cell=${`${r}:0`} tabindex=${activeCol === 0 ? 0 : -1}>
      ${personName(row.student)}
    </th>
    ${model.evaluations.map((e, i) => {
      const c = i + 1;
      if (edit && edit.col === c) return renderEditor(mod, row, e, edit);
      const value = row.marks.get(e.id);
      const bad = mod.invalid.size > 0 && mod.invalid.has(`${sid}|${e.id}`);
      return html`<td role="gridcell" part="cell" data-cell=${`${r}:${c}`} tabindex=${activeCol === c ? 0 : -1}
        aria-invalid=${bad ? 'true' : nothing}>${typeof value === 'string' ? annotation(mod, value) : formatMark(value, lang)}</td>`;
    })}
    <td role="gridcell" part="average" aria-readonly="true" data-cell=${`${r}:${last}`} tabindex=${activeCol === last ? 0 : -1}>
      ${avg ? formatAverage(avg.value, lang) : ''}
    </td>
  </tr>`;
}

function renderEditor(mod: SheetModule, row: Row, e: SheetEvaluation, edit: Editing): TemplateResult {
  const host = mod.host;
  const errorId = `${host.localName}-edit-error`;
  return html`<td role="gridcell" part="cell" class="editing" data-cell=${`${edit.row}:${edit.col}`} tabindex="-1">
    <input part="editor" type="text" inputmode="decimal" autocomplete="off" spellcheck="false" enterkeyhint="next"
      .value=${edit.draft}
      aria-label=${host.msg('editorLabel', { student: personName(row.student), evaluation: e.title, max: e.outOf })}
      aria-invalid=${edit.error ? 'true' : 'false'} aria-describedby=${edit.error ? errorId : nothing}
      @input=${mod.onEditorInput} @blur=${mod.onEditorBlur}
    />${edit.error ? html`<span class="visually-hidden" id=${errorId}>${edit.error}</span>` : nothing}
  </td>`;
}

function renderStats(
  mod: SheetModule,
  stat: (typeof STATS)[number],
  r: number,
  activeCol: number,
): TemplateResult {
  const host = mod.host;
  const model = mod.model!;
  const lang = host.locale;
  const avgStats = model.averageStats();
  const last = model.evaluations.length + 1;
  return html`<tr part="stats-row" aria-rowindex=${r + 2}>
    <th scope="row" role="rowheader" part="name" data-cell=${`${r}:0`} tabindex=${activeCol === 0 ? 0 : -1}>
      ${host.msg(STATS_LABEL[stat])}
    </th>
    ${model.evaluations.map((e, i) => {
      const s = model.columnStats(e);
      return html`<td role="gridcell" aria-readonly="true" data-cell=${`${r}:${i + 1}`}
        tabindex=${activeCol === i + 1 ? 0 : -1}>${s ? formatAverage(s[stat], lang) : ''}</td>`;
    })}
    <td role="gridcell" part="average" aria-readonly="true" data-cell=${`${r}:${last}`} tabindex=${activeCol === last ? 0 : -1}>
      ${avgStats ? formatAverage(avgStats[stat], lang) : ''}
    </td>
  </tr>`;
}
