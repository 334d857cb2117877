import { html, nothing, type TemplateResult } from 'lit';
import type { DirectoryImportMessageKey } from './directory-import.messages.js';
import { type ImportPlan, PLAN_ACTIONS, PLAN_SUBJECTS } from './directory-import.types.js';

/** Entries listed under « Détail »: the counts are complete, the list only helps a check by eye. */
const SHOWN_ENTRIES = 200;

export interface PlanViewContext {
  m: (key: DirectoryImportMessageKey, vars?: Record<string, unknown>) => string;
  formatNumber: (n: number) => string;
}

/** The dry-run report (or the applied import's): counts by category and action, warnings, the first lines. */
export function renderPlan(plan: ImportPlan, applied: boolean, c: PlanViewContext): TemplateResult {
  const actions = PLAN_ACTIONS.filter((a) => PLAN_SUBJECTS.some((s) => plan.counts.has(`${a}:${s}`)));
  const subjects = PLAN_SUBJECTS.filter((s) => actions.some((a) => plan.counts.has(`${a}:${s}`)));
  const year = plan.schoolYear === null ? '' : `${plan.schoolYear}-${plan.schoolYear + 1}`;
  const shown = plan.entries.slice(0, SHOWN_ENTRIES);
  return html`<section part="report" aria-labelledby="report-heading">
    <h3 id="report-heading">${c.m(applied ? 'appliedHeading' : 'previewHeading')}</h3>
    ${
      plan.kind
        ? html`<p part="source">
          ${c.m('source', { kind: plan.kind, year, mode: c.m(plan.mode === 'delta' ? 'mode_delta' : 'mode_full') })}
        </p>`
        : nothing
    }
    ${
      subjects.length
        ? html`<div part="table-scroll" tabindex="0" role="region" aria-labelledby="counts-caption">
          <table part="counts">
            <caption id="counts-caption">${c.m('table')}</caption>
            <thead>
              <tr>
                <th scope="col">${c.m('category')}</th>
                ${actions.map((a) => html`<th scope="col">${c.m(`action_${a}`)}</th>`)}
              </tr>
            </thead>
            <tbody>
              ${subjects.map(
                (s) => html`<tr>
                  <th scope="row">${c.m(`subject_${s}`)}</th>
                  ${actions.map((a) => {
                    const n = plan.counts.get(`${a}:${s}`);
                    return html`<td>${n ? c.formatNumber(n) : '—'}</td>`;
                  })}
                </tr>`,
              )}
            </tbody>
          </table>
        </div>`
        : html`<p part="nothing">${c.m('nothing')}</p>`
    }
    ${
      plan.warnings.length
        ? html`<h4 id="warnings-heading">${c.m('warnings')}</h4>
          <ul part="warnings" aria-labelledby="warnings-heading">
            ${plan.warnings.map((w) => html`<li>${w}</li>`)}
          </ul>`
        : nothing
    }
    ${
      shown.length
        ? html`<details part="details">
          <summary>${c.m('details', { count: shown.length })}</summary>
          <ul part="entries">
            ${shown.map((e) => html`<li>${c.m(`action_${e.action}`)} · ${c.m(`subject_${e.subject}`)} : ${e.label}</li>`)}
          </ul>
          ${plan.total > shown.length ? html`<p>${c.m('more', { count: plan.total - shown.length })}</p>` : nothing}
        </details>`
        : nothing
    }
  </section>`;
}
